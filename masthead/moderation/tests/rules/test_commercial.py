"""Commercial rule: self-promotion is held, many links are held, one link is flagged."""

from __future__ import annotations

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.commercial import CommercialRule

from ..conftest import make_submission, prepared


def test_commercial_rule_holds_self_promotion():
    """'Check out my channel' is advertising."""
    hit = prepared(CommercialRule).evaluate(make_submission("Nice song! Check out my channel"))
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.COMMERCIAL, Verdict.HOLD)


def test_commercial_rule_holds_a_comment_with_many_links():
    """Three links to other sites is sending readers elsewhere."""
    text = "see a.example.com/x and b.example.com/y and www.c-example.org/z"
    hit = prepared(CommercialRule).evaluate(make_submission(text))
    assert hit is not None and hit.verdict is Verdict.HOLD and len(hit.evidence.links) == 3


def test_commercial_rule_flags_a_single_link_without_holding_it():
    """One source link is published and noted for the moderators."""
    hit = prepared(CommercialRule).evaluate(make_submission("Source: https://example.org/report"))
    assert hit is not None and hit.verdict is Verdict.PASS


def test_commercial_rule_ignores_links_to_allowed_sites():
    """Wikipedia is allowed by default, subdomains included."""
    text = "See https://en.wikipedia.org/wiki/Harbour"
    assert prepared(CommercialRule).evaluate(make_submission(text)) is None


def test_a_new_account_posting_several_links_is_held():
    """A day-old account with no approved comment posting two links is held; the same comment
    from an established reader is published (noted), and one link from the new account too."""
    from datetime import timedelta

    from masthead.moderation.submission import AccountFacts

    text = "Reports: https://example.org/report and https://example.net/data"
    new = AccountFacts(age=timedelta(days=1), approved_count=0)
    hit = prepared(CommercialRule).evaluate(make_submission(text, account=new))
    assert hit is not None and hit.verdict is Verdict.HOLD
    assert hit.evidence.details == {"new_account": True}
    established = prepared(CommercialRule).evaluate(make_submission(text))
    assert established is not None and established.verdict is Verdict.PASS
    one = prepared(CommercialRule).evaluate(
        make_submission("Report: https://example.org/report", account=new)
    )
    assert one is not None and one.verdict is Verdict.PASS
