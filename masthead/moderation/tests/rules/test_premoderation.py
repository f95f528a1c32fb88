"""Pre-moderation: new or recently sanctioned accounts wait; trusted ones do not."""

from __future__ import annotations

from datetime import timedelta

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.premoderation import PremoderationRule
from masthead.moderation.submission import AccountFacts

from ..conftest import make_submission, prepared

STRICT = {"min_account_days": 7, "min_approved": 3, "max_recent_rejections": 2}


def test_premoderation_holds_a_new_account_when_the_site_asks_for_it():
    """A day-old account with no approved comment is held."""
    account = AccountFacts(age=timedelta(days=1), approved_count=0)
    hit = prepared(PremoderationRule, **STRICT).evaluate(make_submission("Hello", account=account))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.PREMODERATION, Verdict.HOLD)
    assert hit.evidence.words == ("new_account", "few_approved")


def test_premoderation_holds_an_account_with_recent_rejections():
    """Three rejections lately put even an old account back on pre-moderation."""
    account = AccountFacts(age=timedelta(days=900), approved_count=80, recent_rejections=3)
    hit = prepared(PremoderationRule).evaluate(make_submission("Hello", account=account))
    assert hit is not None and hit.evidence.words == ("recent_rejections",)


def test_premoderation_trusts_an_account_with_approved_comments():
    """Trust grows with approved comments."""
    account = AccountFacts(age=timedelta(days=30), approved_count=5)
    assert (
        prepared(PremoderationRule, **STRICT).evaluate(make_submission("Hi", account=account))
        is None
    )


def test_premoderation_never_holds_staff():
    """The newsroom's own accounts are not pre-moderated."""
    account = AccountFacts(age=timedelta(0), approved_count=0, is_staff=True)
    assert (
        prepared(PremoderationRule, **STRICT).evaluate(make_submission("Hi", account=account))
        is None
    )


def test_premoderation_holds_an_account_whose_block_was_lifted_until_trust_returns():
    """Unblocked: held again until three comments are approved after the block."""
    rule = prepared(PremoderationRule)
    lifted = AccountFacts(age=timedelta(days=400), approved_count=50, was_blocked=True)
    trusted_again = AccountFacts(
        age=timedelta(days=400), approved_count=53, was_blocked=True, approved_since_block=3
    )

    hit = rule.evaluate(make_submission("Hello", account=lifted))

    assert hit is not None and hit.evidence.words == ("block_lifted",)
    assert rule.evaluate(make_submission("Hello", account=trusted_again)) is None
