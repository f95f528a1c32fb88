"""Recent-comment stores: near-duplicates by MinHash/LSH and each author's recent activity.

The same tests run on the in-process stores and, when REDIS_URL is set, on the Redis ones
(under a key prefix of their own, removed afterwards). The flash-mob scenario is built from the
shape of the YouTube set's repeated promotions: one message, lightly edited, from many accounts.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

import pytest

from masthead.moderation.pipeline import rules_build, submission_moderate
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.moderation.recent import recent_comment_record, submission_with_context
from masthead.moderation.recent.memory import MemoryActivityStore, MemoryNearDuplicateIndex

from .conftest import NOW, make_submission

REDIS_URL = os.environ.get("REDIS_URL", "")
PROMO = "Hey everyone, check out my new channel, I post a video every day, subscribe please"
VARIANTS = [
    PROMO,
    "hey everyone check out my new channel!! I post a video every day, subscribe please",
    "Hey everyone, check out my new channel, I post a video every day. Subscribe please :)",
    "HEY EVERYONE, check out my new channel, i post a video every day, subscribe please",
]


@pytest.fixture(params=["memory", "redis"])
def stores(request):
    if request.param == "memory":
        yield MemoryNearDuplicateIndex(capacity=100), MemoryActivityStore(retention_seconds=3600)
        return
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the Redis stores are tested in the Redis pass")
    from masthead.moderation.recent.redis_store import RedisActivityStore, RedisNearDuplicateIndex

    prefix = f"masthead-test:moderation:{uuid.uuid4().hex}"
    index = RedisNearDuplicateIndex(url=REDIS_URL, retention_seconds=3600, prefix=prefix)
    activity = RedisActivityStore(url=REDIS_URL, retention_seconds=3600, prefix=prefix)
    yield index, activity
    keys = list(index.client.scan_iter(match=f"{prefix}:*"))
    if keys:
        index.client.delete(*keys)


def record(stores, text, *, author_id, minutes_ago, key):
    submission = make_submission(
        text, author_id=author_id, submitted_at=NOW - timedelta(minutes=minutes_ago)
    )
    recent_comment_record(key=key, submission=submission, stores=stores)


def test_near_identical_comments_from_other_accounts_are_found(stores):
    """Lightly edited copies (case, punctuation, a smiley) are near-duplicates."""
    for number, text in enumerate(VARIANTS[1:], start=1):
        record(stores, text, author_id=100 + number, minutes_ago=number, key=f"c{number}")
    record(stores, "The ferry timetable changes next week", author_id=200, minutes_ago=1, key="x")
    submission = submission_with_context(make_submission(PROMO), stores=stores)
    found = {c.key: c for c in submission.recent.near_duplicates}
    assert set(found) == {"c1", "c2", "c3"}
    assert all(c.similarity >= 0.7 for c in found.values())
    assert {c.author_id for c in found.values()} == {101, 102, 103}


def test_the_flash_mob_rule_holds_the_fourth_copy_through_the_pipeline(stores):
    """Looked up in the index, three other accounts' copies make the fourth a flash mob."""
    for number, text in enumerate(VARIANTS[1:], start=1):
        record(stores, text, author_id=100 + number, minutes_ago=number, key=f"c{number}")
    submission = submission_with_context(make_submission(PROMO), stores=stores)
    rules = rules_build([{"NAME": "masthead.moderation.rules.flash_mob.FlashMobRule"}])
    decision = submission_moderate(submission, rules=rules)
    assert (decision.verdict, decision.reasons) == (Verdict.HOLD, (ReasonCode.FLASH_MOB,))


def test_comments_older_than_the_window_are_not_near_duplicates(stores):
    """The index answers for the recent past only."""
    record(stores, VARIANTS[1], author_id=101, minutes_ago=3 * 24 * 60, key="old")
    submission = submission_with_context(make_submission(PROMO), stores=stores)
    assert submission.recent.near_duplicates == ()


def test_an_authors_recent_comments_are_remembered_for_flooding(stores):
    """The activity store returns the author's comments of the window, with fingerprints."""
    record(stores, "first", author_id=7, minutes_ago=2, key="a")
    record(stores, "second", author_id=7, minutes_ago=1, key="b")
    record(stores, "someone else", author_id=8, minutes_ago=1, key="c")
    submission = submission_with_context(make_submission("first"), stores=stores)
    recent = submission.recent.author_recent
    assert [c.key for c in recent] == ["a", "b"]
    assert recent[0].fingerprint == make_submission("FIRST!").fingerprint


def test_a_double_click_is_caught_as_the_same_comment_twice(stores):
    """The same text posted again a second later is held as flooding (stored once)."""
    record(stores, "Great reporting, thank you", author_id=7, minutes_ago=0, key="a")
    submission = submission_with_context(
        make_submission("Great reporting, thank you"), stores=stores
    )
    rules = rules_build([{"NAME": "masthead.moderation.rules.flooding.FloodingRule"}])
    assert submission_moderate(submission, rules=rules).reasons == (ReasonCode.FLOODING,)


def test_the_in_process_index_forgets_the_oldest_comment_when_full():
    """A full ring reuses its oldest slot and removes that comment from the bands."""
    index = MemoryNearDuplicateIndex(capacity=2)
    stores = (index, MemoryActivityStore())
    record(stores, PROMO, author_id=1, minutes_ago=3, key="first")
    record(stores, "The ferry timetable changes next week", author_id=2, minutes_ago=2, key="b")
    record(
        stores,
        "Harbour fees will rise in spring, says the council",
        author_id=3,
        minutes_ago=1,
        key="c",
    )
    submission = submission_with_context(make_submission(PROMO), stores=stores)
    assert submission.recent.near_duplicates == ()
    assert all(not band for band in (b for b in index.bands if "first" in str(b)))


def test_the_context_lookup_keeps_what_was_read_from_the_text(stores):
    """Adding the recent context does not normalise the text again: on a 5,000-character
    comment that was a few milliseconds per copy."""
    submission = make_submission(PROMO, author_id=1)
    normalised = submission.normalised
    with_context = submission_with_context(submission, stores=stores)
    assert with_context.normalised is normalised
    assert with_context.text == submission.text and with_context.author_id == 1
