"""Profanity rule: swearing is held however it is disguised; clean comments pass."""

from __future__ import annotations

import pytest

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.profanity import ProfanityRule

from ..conftest import make_submission, prepared


@pytest.mark.parametrize(
    "text",
    [
        "this council is full of shit",
        "this council is full of sh1t",  # leetspeak
        "this council is full of ѕhit",  # a Cyrillic look-alike letter
        "this council is full of s h i t",  # spaced out
        "this council is full of s\u200bh\u200bi\u200bt",  # zero-width spaces
        "ce conseil, quelle merde",  # French
    ],
)
def test_profanity_rule_holds_swearing_however_it_is_spelled(text):
    """The list matches the folded text, so each disguise is undone."""
    hit = prepared(ProfanityRule).evaluate(make_submission(text))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.PROFANITY, Verdict.HOLD)


def test_profanity_rule_quotes_the_word_as_written():
    """Evidence shows the disguised spelling the author typed."""
    hit = prepared(ProfanityRule).evaluate(make_submission("full of sh1t"))
    assert hit.evidence.words == ("shit",)
    assert [span.text for span in hit.evidence.spans] == ["sh1t"]


def test_profanity_rule_uses_alt_profanity_check_for_words_not_on_the_list():
    """The model's score is in the evidence, and a high one holds by itself."""
    rule = prepared(ProfanityRule, list="narcotics")  # a list without swear words
    hit = rule.evaluate(make_submission("shut up you stupid fucking idiot"))
    assert hit is not None and hit.evidence.details["model_score"] >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "The harbour reopened on Monday and the ships are back.",
        "Scunthorpe and Essex councils met in Middlesex.",  # words hiding inside place names
        "I'd assess the class of 2024 as excellent.",
    ],
)
def test_profanity_rule_passes_clean_comments(text):
    """Clean words that contain a swear word inside them are not profanity."""
    assert prepared(ProfanityRule).evaluate(make_submission(text)) is None
