"""Privacy rule: personal data of others is held; numbers that only look like it are not."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.privacy import PrivacyRule

from ..conftest import make_submission, prepared


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Write to her at jane.doe@example.org and tell her", "email"),
        ("Call him on +44 7911 123456 tonight", "phone"),
        ("his number is (415) 555-2671", "phone"),
        ("her card 4539 1488 0343 6467 still works", "card"),
        ("pay into GB82 WEST 1234 5698 7654 32 today", "iban"),
        ("He lives at 221 Baker Street, go and see", "address"),
        ("elle habite 12 rue de Rivoli", "address"),
    ],
)
def test_privacy_rule_holds_personal_data(text, kind):
    """E-mail, phone, card (Luhn-valid), IBAN (mod-97 valid) and street addresses are found."""
    hit = prepared(PrivacyRule).evaluate(make_submission(text))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.PRIVACY, Verdict.HOLD)
    assert kind in hit.evidence.words


@pytest.mark.parametrize(
    "text",
    [
        "The budget rose from 1,000,000 to 2,500,000 euros",
        "From 1990-2020 the port handled more ships",
        "Card 4111 1111 1111 1112 fails the Luhn check",
        "Article 12 of the treaty, paragraph 3",
    ],
)
def test_privacy_rule_passes_numbers_that_only_look_like_personal_data(text):
    """Amounts, year ranges and invalid card numbers are not personal data."""
    assert prepared(PrivacyRule).evaluate(make_submission(text)) is None


def test_privacy_evidence_points_at_the_number_in_the_original_text():
    """The span quotes the e-mail address exactly where it was written."""
    hit = prepared(PrivacyRule).evaluate(make_submission("mail me: ana@example.com"))
    assert hit is not None
    assert [span.text for span in hit.evidence.spans] == ["ana@example.com"]


@pytest.mark.parametrize(
    "text",
    [
        "The log says 2024-03-05 14:20 for the first alarm",
        "The server at 192.168.100.200 was the one attacked",
        "ISBN 0-306-40615-2 is the first edition",
        "The study (PMID 31452104) found no effect",
        "Case no. 2023/123456789 was dismissed",
        "Wars of 1914-1918 and 1939-1945",
        "The minutes are online, page 12 covers the road closure",
    ],
)
def test_privacy_rule_passes_dates_addresses_of_servers_and_citation_numbers(text):
    """Dates with times, IP addresses, ISBNs, citation numbers and year ranges are not phone
    numbers, and a page number before "the road" is not a street address."""
    assert prepared(PrivacyRule).evaluate(make_submission(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "Ring the office on 020 7946 0958 and ask for her",
        "His mobile is 07911 123456, call him",
        "Appelez-la au 06 12 34 56 78 ce soir",
    ],
)
def test_privacy_rule_finds_phone_numbers_of_the_editions_regions(text):
    """National numbers valid in the region of the edition's language are found."""
    language = "fr" if "Appelez" in text else "en"
    hit = prepared(PrivacyRule).evaluate(make_submission(text, edition_language=language))
    assert hit is not None
    assert "phone" in hit.evidence.words


def test_privacy_rule_reads_the_chinese_editions_code_as_chinese():
    """The Chinese edition's code, zh-hans, finds mainland numbers as "zh" does."""
    text = "有事请打她的手机 138 0013 8000 联系"
    hit = prepared(PrivacyRule).evaluate(make_submission(text, edition_language="zh-hans"))
    assert hit is not None
    assert "phone" in hit.evidence.words
