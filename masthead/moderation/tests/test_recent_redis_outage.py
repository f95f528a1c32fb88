"""The Redis recent-comment stores keep moderating while Redis is down.

Before, a dead Redis raised `ConnectionError` out of the context lookup, so posting a comment
failed with a 500. Now each process remembers what it sees in memory until Redis returns, so
a double post or a flood through one web process is still held. A real redis-server is
started and killed here; no database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from masthead.core.tests.redis_server import RedisServer, needs_redis_server
from masthead.moderation.pipeline import rules_build, submission_moderate
from masthead.moderation.reasons import ReasonCode
from masthead.moderation.recent import recent_comment_record, submission_with_context

from .conftest import NOW, make_submission

pytestmark = needs_redis_server


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


def test_a_double_post_is_held_while_redis_is_down(redis_server):
    """Given Redis dies, the same comment posted twice through one process is still held."""
    from masthead.moderation.recent.redis_store import RedisActivityStore, RedisNearDuplicateIndex

    stores = (
        RedisNearDuplicateIndex(url=redis_server.url, retention_seconds=3600),
        RedisActivityStore(url=redis_server.url, retention_seconds=3600),
    )
    redis_server.kill()
    first = make_submission("Great reporting, thank you", author_id=7, submitted_at=NOW)
    assert submission_with_context(first, stores=stores).recent.author_recent == ()
    recent_comment_record(key="a", submission=first, stores=stores)

    again = make_submission(
        "Great reporting, thank you", author_id=7, submitted_at=NOW + timedelta(seconds=1)
    )
    submission = submission_with_context(again, stores=stores)
    rules = rules_build([{"NAME": "masthead.moderation.rules.flooding.FloodingRule"}])

    assert submission_moderate(submission, rules=rules).reasons == (ReasonCode.FLOODING,)
