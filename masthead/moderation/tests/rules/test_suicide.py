"""SuicideRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.suicide import SuicideRule

from ..conftest import make_submission, prepared


def test_suicide_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(SuicideRule).evaluate(make_submission("what is the best way to kill yourself"))
    assert hit is not None
    assert hit.code == ReasonCode.SUICIDE
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_suicide_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(SuicideRule).evaluate(
            make_submission("The charity helps people who think about suicide")
        )
        is None
    )
