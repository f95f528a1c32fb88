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
        ("his number is (555) 123-4567", "phone"),
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
