"""Hatred rule: slurs and dehumanising speech are held; talk about groups is not."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.hatred import HatredRule

from ..conftest import make_submission, prepared


def test_hatred_rule_holds_a_dehumanising_phrase():
    """Telling people to go back to their country is on the list."""
    hit = prepared(HatredRule).evaluate(make_submission("Just go back where you came from"))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.HATRED, Verdict.HOLD)


def test_hatred_rule_holds_a_disguised_slur():
    """A slur written with a digit for a letter is still found."""
    hit = prepared(HatredRule).evaluate(make_submission("what a f4ggot"))
    assert hit is not None and "faggot*" in hit.evidence.words


def test_hatred_rule_reports_the_models_score():
    """The trained model's score is in the evidence for the moderator."""
    hit = prepared(HatredRule).evaluate(make_submission("go back where you came from"))
    assert hit.evidence.details["model"] == "hate"


def test_hatred_rule_passes_reporting_about_minorities():
    """Writing about a community with respect is not hatred."""
    text = "The mosque and the synagogue organised a joint food bank for refugees."
    assert prepared(HatredRule).evaluate(make_submission(text)) is None
