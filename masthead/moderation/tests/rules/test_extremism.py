"""ExtremismRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.extremism import ExtremismRule

from ..conftest import make_submission, prepared


def test_extremism_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(ExtremismRule).evaluate(make_submission("Heil Hitler, the race war is coming"))
    assert hit is not None
    assert hit.code == ReasonCode.EXTREMISM
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_extremism_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(ExtremismRule).evaluate(
            make_submission("Historians discussed the rise of extremism in the 1930s")
        )
        is None
    )
