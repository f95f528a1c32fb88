"""Trolling rule: put-downs aimed at other readers are held; replies that argue are not."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.trolling import TrollingRule

from ..conftest import make_submission, prepared


def test_trolling_rule_holds_a_put_down_of_another_reader():
    """'Nobody asked you' is baiting."""
    hit = prepared(TrollingRule).evaluate(make_submission("Nobody asked you, stay mad"))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.TROLLING, Verdict.HOLD)


def test_trolling_rule_holds_abuse_addressed_to_someone():
    """Strong abuse that speaks to 'you' is trolling even without a listed phrase."""
    rule = prepared(TrollingRule)
    hit = rule.evaluate(make_submission("you dumb bitch, go fuck yourself"))
    assert hit is not None and hit.verdict is Verdict.HOLD
    score = hit.evidence.details["model_score"]
    assert rule.model is not None
    assert isinstance(score, float) and score >= rule.model.addressed_at


def test_trolling_rule_leaves_the_same_abuse_unaddressed_to_the_insult_rule():
    """Without 'you' the addressed threshold does not apply."""
    rule = prepared(TrollingRule, addressed_hold_at=0.0)
    assert rule.evaluate(make_submission("what a dumb take on the ferry story")) is None
    assert rule.evaluate(make_submission("you wrote a dumb take on the ferry story")) is not None


def test_trolling_rule_passes_a_reply_that_argues():
    """Addressing someone to disagree is conversation."""
    text = "You make a fair point, but the port was closed for three days, not two."
    assert prepared(TrollingRule).evaluate(make_submission(text)) is None
