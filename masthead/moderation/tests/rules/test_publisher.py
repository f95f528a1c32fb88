"""PublisherDisrespectRule: its watched-words list holds what breaks the standard, and only that."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.publisher import PublisherDisrespectRule

from ..conftest import make_submission, prepared


def test_publisher_rule_holds_a_comment_breaking_the_standard():
    """A listed phrase is found, with the words as evidence."""
    hit = prepared(PublisherDisrespectRule).evaluate(
        make_submission("What a rag, fire this journalist")
    )
    assert hit is not None
    assert hit.code == ReasonCode.PUBLISHER_DISRESPECT
    assert hit.verdict >= Verdict.HOLD
    assert hit.evidence.words


def test_publisher_rule_passes_a_comment_on_the_same_subject():
    """Writing about the subject is not breaking the standard."""
    assert (
        prepared(PublisherDisrespectRule).evaluate(
            make_submission("I disagree with the author's reading of the figures")
        )
        is None
    )
