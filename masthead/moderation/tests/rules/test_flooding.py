"""Flooding: many comments in a short time, the same one again, or keyboard mashing."""

from __future__ import annotations

from datetime import timedelta

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.flooding import FloodingRule
from masthead.moderation.submission import RecentComment, RecentContext

from ..conftest import NOW, make_submission, prepared


def earlier(seconds: int, fingerprint: str = "x", key: str = "") -> RecentComment:
    return RecentComment(key or f"c{seconds}", 7, NOW - timedelta(seconds=seconds), fingerprint)


def test_flooding_rule_holds_the_sixth_comment_in_two_minutes():
    """Five comments in the last two minutes, and a sixth arrives: held."""
    recent = RecentContext(author_recent=tuple(earlier(s) for s in (5, 20, 40, 60, 90)))
    hit = prepared(FloodingRule).evaluate(make_submission("One more thing", recent=recent))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.FLOODING, Verdict.HOLD)
    assert len(hit.evidence.related) == 5


def test_flooding_rule_lets_a_steady_conversation_through():
    """Five comments spread over an hour are a conversation, not a flood."""
    recent = RecentContext(author_recent=tuple(earlier(s) for s in (300, 900, 1500, 2100, 2700)))
    assert prepared(FloodingRule).evaluate(make_submission("I agree", recent=recent)) is None


def test_flooding_rule_holds_the_same_comment_posted_twice():
    """A double click, or a copy posted again, is caught by the text's fingerprint."""
    first = make_submission("Great reporting, thank you!")
    recent = RecentContext(author_recent=(earlier(3, first.fingerprint, "c1"),))
    hit = prepared(FloodingRule).evaluate(
        make_submission("great reporting, thank you!!", recent=recent)
    )
    assert hit is not None and hit.evidence.related == ("c1",)


def test_flooding_rule_holds_keyboard_mashing():
    """Words with no vowels or one letter repeated are not sentences."""
    hit = prepared(FloodingRule).evaluate(make_submission("sdfghj kjhgfd qwrtzp xxxx lkjhg"))
    assert hit is not None
    incoherent = hit.evidence.details["incoherent_words"]
    assert isinstance(incoherent, float) and incoherent >= 0.6
