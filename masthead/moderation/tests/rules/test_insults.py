"""Insult rule: threats and abuse are held; disagreement is not."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.insults import InsultRule

from ..conftest import make_submission, prepared


def test_insult_rule_holds_a_threat():
    """'I know where you live' is a threat, whatever else is said."""
    hit = prepared(InsultRule).evaluate(make_submission("Careful, I know where you live."))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.INSULT, Verdict.HOLD)
    assert hit.evidence.words == ("i know where you live",)


def test_insult_rule_holds_abuse_the_model_recognises():
    """An abusive comment scores high on the abuse model."""
    hit = prepared(InsultRule).evaluate(make_submission("you are a worthless piece of shit bitch"))
    assert hit is not None and hit.evidence.details["model_score"] > 0.5


def test_insult_rule_passes_polite_disagreement():
    """Disagreeing with the article is the point of comments."""
    text = "I respectfully disagree: the figures in the third paragraph leave out the winter."
    assert prepared(InsultRule).evaluate(make_submission(text)) is None
