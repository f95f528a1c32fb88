"""Standard 7: personal data of others: e-mail addresses, phone, card and bank numbers, addresses.

Numbers are checked, not just shaped: card numbers must pass the Luhn check and IBANs their
mod-97 check, and phone numbers must be valid numbers (Google's libphonenumber, `phonenumbers`)
written in international form or in the national form of a region the edition's readers are
likely in (`phone_regions`), so prices, dates with times, IP addresses, ISBNs and citation
numbers are not mistaken for personal data. A street address needs a capitalised street name
("221 Baker Street", not "page 12 covers the road").
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import phonenumbers
from django.utils.translation import gettext_lazy as _

from ..classifiers.multilingual import edition_language
from ..reasons import Evidence, ReasonCode, RuleHit, Span
from ..submission import Submission
from .base import Rule

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# Candidates only (+44 7911 123456, (415) 555-2671, 06 12 34 56 78): a run of 9 to 15 digits is
# what makes the rule ask `phonenumbers`, which decides (`phone_numbers_find`).
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s().-]{7,18}\d(?![\w])")
# Regions whose national numbers a comment in each edition's language may hold; numbers in
# international form (+44 …, 0044 …) are recognised whatever the region.
PHONE_REGIONS = {
    "en": ("GB", "US", "IE", "AU", "IN"),
    "fr": ("FR", "BE", "CH", "CA"),
    "es": ("ES", "MX", "AR", "CO"),
    "pt": ("PT", "BR"),
    "de": ("DE", "AT", "CH"),
    "ru": ("RU",),
    "ar": ("EG", "SA", "AE", "MA"),
    "zh": ("CN", "TW", "HK"),
}
_ISBN_OR_CITATION = re.compile(r"\b(?:isbn|issn|doi|pmid|arxiv|no|nr|ref)\W{0,3}$", re.IGNORECASE)
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
# The street's name is capitalised (case matters there only): "12 covers the road" is a page.
STREET = re.compile(
    r"\b\d{1,5}[a-z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?i:street|st\.|road|rd\.|avenue|ave\.|lane|drive|boulevard|blvd\.|place|court|terrace|way)\b"
    r"|\b\d{1,4}(?:\s?bis|\s?ter)?,?\s+(?i:rue|avenue|boulevard|bd|place|impasse|allée|chemin|quai)"
    r"\s+(?i:d[eu']\s?|de la\s|des\s)?[A-ZÉ][\w'-]+",
)

STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "lane",
        "drive",
        "boulevard",
        "blvd",
        "place",
        "court",
        "terrace",
        "way",
        "rue",
        "bd",
        "impasse",
        "allee",
        "chemin",
        "quai",
    ]
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


class PrivacyRule(Rule):
    code = ReasonCode.PRIVACY
    explanation = _(
        "Please don't publish personal data such as e-mail addresses, phone, card or bank "
        "numbers, or home addresses."
    )
    default_options: ClassVar[dict[str, Any]] = {
        "emails": True,
        "phones": True,
        "cards": True,
        "bank_accounts": True,
        "street_addresses": True,
        "min_phone_digits": 9,
        # Regions whose national numbers count, space-separated ("GB US"); empty: those of
        # the edition's language (PHONE_REGIONS).
        "phone_regions": "",
    }

    def evaluate(self, submission: Submission) -> RuleHit | None:
        text = submission.normalised.original
        found: list[tuple[str, Span]] = []

        def add(kind: str, match: re.Match[str]) -> None:
            found.append((kind, Span(match.start(), match.end(), match.group())))

        if self.options["emails"]:
            for match in EMAIL.finditer(text):
                add("email", match)
        if self.options["cards"]:
            for match in CARD.finditer(text):
                digits = re.sub(r"\D", "", match.group())
                if 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 2:
                    add("card", match)
        card_spans = {(span.start, span.end) for kind, span in found if kind == "card"}
        if self.options["phones"]:
            regions = self.options["phone_regions"].split() or PHONE_REGIONS.get(
                edition_language(submission.edition_language), PHONE_REGIONS["en"]
            )
            for start, end in phone_numbers_find(
                text, regions=regions, min_digits=self.options["min_phone_digits"]
            ):
                if not any(s <= start < e for s, e in card_spans):
                    found.append(("phone", Span(start, end, text[start:end])))
        if self.options["bank_accounts"]:
            for match in IBAN.finditer(text):
                if iban_valid(match.group()):
                    add("iban", match)
        if self.options["street_addresses"] and STREET_WORDS.intersection(
            submission.normalised.words
        ):
            for match in STREET.finditer(text):
                add("address", match)
        if not found:
            return None
        kinds = sorted({kind for kind, _ in found})
        return self.hit(
            score=1.0,
            evidence=Evidence(
                words=tuple(kinds),
                spans=tuple(span for _, span in found),
                details={"kinds": kinds},
            ),
        )


def phone_numbers_find(
    text: str, *, regions: tuple[str, ...] | list[str], min_digits: int = 9
) -> list[tuple[int, int]]:
    """The spans of valid phone numbers in `text`: in international form, or national numbers
    of one of `regions`. The digit-run pattern only picks the texts worth asking about;
    libphonenumber's matcher decides (it also knows dates, times and slashed references)."""
    if not any(
        len(re.sub(r"\D", "", match.group())) >= min_digits for match in PHONE.finditer(text)
    ):
        return []
    spans: dict[tuple[int, int], None] = {}
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            digits = re.sub(r"\D", "", match.raw_string)
            if len(digits) < min_digits or _ISBN_OR_CITATION.search(text[: match.start]):
                continue
            spans[(match.start, match.end)] = None
    return sorted(spans)
