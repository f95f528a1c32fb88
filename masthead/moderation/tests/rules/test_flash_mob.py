"""Flash mobs: the same comment from many accounts at once is held.

Built from the shape of the repeated promotions in the YouTube spam set: one text, posted by
several accounts within minutes (the near-duplicates come from the recent-comments index).
"""

from __future__ import annotations

from datetime import timedelta

from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.rules.flash_mob import FlashMobRule
from masthead.moderation.submission import RecentComment, RecentContext

from ..conftest import NOW, make_submission, prepared


def copies(authors, *, minutes_ago=5, similarity=0.9):
    return tuple(
        RecentComment(f"c{a}", a, NOW - timedelta(minutes=minutes_ago), "", similarity)
        for a in authors
    )


def test_flash_mob_rule_holds_a_comment_three_other_accounts_just_posted():
    """Three other accounts, near-identical text, five minutes ago: a flash mob."""
    recent = RecentContext(near_duplicates=copies([11, 12, 13]))
    hit = prepared(FlashMobRule).evaluate(
        make_submission("Vote NO on the harbour plan!", recent=recent)
    )
    assert hit is not None
    assert (hit.code, hit.verdict) == (ReasonCode.FLASH_MOB, Verdict.HOLD)
    assert set(hit.evidence.related) == {"c11", "c12", "c13"}


def test_flash_mob_rule_ignores_the_authors_own_copies():
    """Copies by the same author are flooding, not a mob."""
    recent = RecentContext(near_duplicates=copies([7, 7, 7, 11]))
    assert prepared(FlashMobRule).evaluate(make_submission("same", recent=recent)) is None


def test_flash_mob_rule_ignores_copies_older_than_the_window():
    """Yesterday's copies do not make today's comment part of a mob."""
    recent = RecentContext(near_duplicates=copies([11, 12, 13], minutes_ago=24 * 60))
    assert prepared(FlashMobRule).evaluate(make_submission("same", recent=recent)) is None


def test_flash_mob_rule_ignores_loosely_similar_comments():
    """Comments that merely share a topic are not copies."""
    recent = RecentContext(near_duplicates=copies([11, 12, 13], similarity=0.4))
    assert prepared(FlashMobRule).evaluate(make_submission("same", recent=recent)) is None
