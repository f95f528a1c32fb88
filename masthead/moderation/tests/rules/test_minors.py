"""MinorsRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.minors import MinorsRule

from ..conftest import make_submission, prepared


def test_minors_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(MinorsRule).evaluate(make_submission("he sells child porn links"))
    assert hit is not None
    assert hit.code == ReasonCode.HARM_TO_MINORS
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_minors_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(MinorsRule).evaluate(make_submission("Our school trip to the harbour was lovely"))
        is None
    )
