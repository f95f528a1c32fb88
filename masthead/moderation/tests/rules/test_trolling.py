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
    hit = prepared(TrollingRule).evaluate(make_submission("you dumb bitch, go fuck yourself"))
    assert hit is not None and hit.evidence.details["model_score"] >= 0.85


def test_trolling_rule_passes_a_reply_that_argues():
    """Addressing someone to disagree is conversation."""
    text = "You make a fair point, but the port was closed for three days, not two."
    assert prepared(TrollingRule).evaluate(make_submission(text)) is None
