"""Spam rule: get-rich-quick pitches are held; ordinary comments with numbers are not."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.spam import SpamRule

from ..conftest import make_submission, prepared


def test_spam_rule_holds_a_get_rich_quick_scheme():
    """A listed phrase is enough."""
    hit = prepared(SpamRule).evaluate(make_submission("Make money online, guaranteed profit!!!"))
    assert hit is not None
    assert hit.code == ReasonCode.SPAM and hit.verdict >= Verdict.HOLD


def test_spam_rule_recognises_a_prize_text_it_has_no_phrase_for():
    """The trained model scores a typical prize message as spam."""
    rule = prepared(SpamRule, list="")
    text = "WINNER!! Your mobile number was selected for a £900 reward. Call 09061701461 now"
    hit = rule.evaluate(make_submission(text))
    assert hit is not None and hit.evidence.details["model"] == "spam"


def test_spam_rule_passes_a_comment_with_figures():
    """Numbers and money in a real comment are not spam."""
    text = "The new ferry cost £12m and carries 400 passengers; worth it, I think."
    assert prepared(SpamRule).evaluate(make_submission(text)) is None


def test_spam_rule_holds_rather_than_rejects_a_pitch_with_no_way_to_act():
    """A fan shouting SUBSCRIBE may score high, but with no link or number it is only held."""
    rule = prepared(SpamRule, reject_at=0.0)  # any model score would reject
    hit = rule.evaluate(make_submission("Subscribe subscribe subscribe, 14,000,000 subscribers!!!"))
    assert hit is not None and hit.verdict is Verdict.HOLD


def test_spam_rule_rejects_a_confident_pitch_with_a_number_to_text():
    """The same confidence with 'text WIN to 80082' is rejected."""
    rule = prepared(SpamRule, reject_at=0.0)
    hit = rule.evaluate(make_submission("Free entry to win £1000 cash! Text WIN to 80082 now"))
    assert hit is not None and hit.verdict is Verdict.REJECT
