"""NarcoticsRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.narcotics import NarcoticsRule

from ..conftest import make_submission, prepared


def test_narcotics_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(NarcoticsRule).evaluate(make_submission("cheap cocaine for sale, dm me"))
    assert hit is not None
    assert hit.code == ReasonCode.NARCOTICS
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_narcotics_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(NarcoticsRule).evaluate(make_submission("Police seized a boat in the harbour"))
        is None
    )
