"""Standard 7: personal data of others: e-mail addresses, phone, card and bank numbers, addresses.

Numbers are checked, not just shaped: card numbers must pass the Luhn check and IBANs their
mod-97 check, so prices, dates and article numbers are not mistaken for personal data.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from ..reasons import Evidence, ReasonCode, RuleHit, Span
from ..submission import Submission
from .base import Rule

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# +44 7911 123456, (555) 123-4567, 06 12 34 56 78, 0845-123-4567: 9 to 15 digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s().-]{7,18}\d(?![\w])")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
STREET = re.compile(
    r"\b\d{1,5}[a-z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive|boulevard|blvd\.|place|court|terrace|way)\b"
    r"|\b\d{1,4}(?:\s?bis|\s?ter)?,?\s+(?:rue|avenue|boulevard|bd|place|impasse|allée|chemin|quai)"
    r"\s+(?:d[eu']\s?|de la\s|des\s)?[A-ZÉ][\w'-]+",
    re.IGNORECASE,
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
            for match in PHONE.finditer(text):
                digits = re.sub(r"\D", "", match.group())
                overlaps = any(s <= match.start() < e for s, e in card_spans)
                if (
                    self.options["min_phone_digits"] <= len(digits) <= 15
                    and not overlaps
                    and not _looks_like_a_year_range_or_amount(match.group())
                ):
                    add("phone", match)
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


def _looks_like_a_year_range_or_amount(candidate: str) -> bool:
    """'1990-2020', '2,000,000' and '10.000.000' are not phone numbers."""
    stripped = candidate.strip()
    if re.fullmatch(r"(1[89]|20)\d\d\s?[-–]\s?(1[89]|20)\d\d", stripped):
        return True
    return bool(re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", stripped))
