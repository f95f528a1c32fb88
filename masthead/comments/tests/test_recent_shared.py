"""The flooding and flash-mob standards see every process's comments on the embedded default.

`make run` serves with two web workers. Each kept its own memory of recent comments, so the
same comment posted again was published whenever it reached the other worker (seen: published,
flagged, published). Here each post is made by a "process" that builds its recent-comment
stores afresh, as a new worker does: only what the database holds is shared between them.
"""

from __future__ import annotations

import pytest

from masthead.comments import services
from masthead.comments.models import CommentStatus
from masthead.moderation import recent

pytestmark = pytest.mark.django_db
RULES = "masthead.moderation.rules"
TEXT = "The ferry timetable change will hurt the island's commuters most of all, again."


@pytest.fixture(autouse=True)
def flooding_rules(moderation_rules, settings):
    settings.MASTHEAD_MODERATION_RULES = [
        *moderation_rules,
        {"NAME": f"{RULES}.flooding.FloodingRule"},
        {"NAME": f"{RULES}.flash_mob.FlashMobRule"},
    ]


def post_from_a_new_process(**post):
    """What a post through another web worker sees: no recent-comment state in memory."""
    recent._stores = None
    return services.comment_post(**post)


def test_the_same_comment_posted_again_through_another_worker_is_not_published(article, reader_ana):
    """First post published; the repeat, through a worker that never saw it, is held."""
    first = post_from_a_new_process(author=reader_ana, article=article, body=TEXT)
    again = post_from_a_new_process(
        author=reader_ana, article=article, body=TEXT, confirm_hold=True
    )

    assert first.comment is not None and first.comment.status == CommentStatus.PUBLISHED
    assert again.comment is not None
    assert again.comment.status != CommentStatus.PUBLISHED, again.decision
    assert "flooding" in {hit.code for hit in again.decision.hits}


def test_the_shared_stores_find_another_process_s_near_duplicates(article, reader_ana, reader_ben):
    """A near-identical comment stored through one store set is found through another."""
    from masthead.moderation.recent.database import (
        DatabaseActivityStore,
        DatabaseNearDuplicateIndex,
    )

    one = (
        DatabaseNearDuplicateIndex(retention_seconds=3600),
        DatabaseActivityStore(retention_seconds=3600),
    )
    other = (
        DatabaseNearDuplicateIndex(retention_seconds=3600),
        DatabaseActivityStore(retention_seconds=3600),
    )
    from masthead.comments import selectors

    stored = selectors.submission_build(author=reader_ana, article=article, body=TEXT, now=None)
    recent.recent_comment_record(key="41", submission=stored, stores=one)

    copy = selectors.submission_build(author=reader_ben, article=article, body=TEXT + "!", now=None)
    seen = recent.submission_with_context(copy, stores=other)

    assert [found.key for found in seen.recent.near_duplicates] == ["41"]
    mine = recent.submission_with_context(stored, stores=other)
    assert [found.key for found in mine.recent.author_recent] == ["41"]
