"""What the stateful rules need to know about other recent comments, behind a small interface.

Two stores: `NearDuplicateIndex` (every recent comment's MinHash signature, banded for LSH:
who else just posted this?) for flash mobs, and `ActivityStore` (each author's recent comment
times and fingerprints) for flooding. `database.py` keeps them in two tables (the embedded
default: shared by all of `make run`'s processes); `redis_store.py` keeps them in Redis when
`REDIS_URL` is set, shared by every process and machine, expiring by TTL; `memory.py` keeps
them in one process (tests, benchmarks, a single-process site).

The comments app calls `submission_with_context(submission)` before the pipeline (two reads)
and `recent_comment_record(...)` after storing a comment (the write; it belongs in its service).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np
from django.core.signals import setting_changed
from django.dispatch import receiver

from .. import app_settings
from ..submission import RecentComment, RecentContext, Submission
from .minhash import signature


class NearDuplicateIndex(Protocol):
    def add(
        self, *, key: str, author_id: int | None, created_at: datetime, values: np.ndarray
    ) -> None: ...

    def query(
        self, *, values: np.ndarray, since: datetime, min_similarity: float
    ) -> list[RecentComment]: ...


class ActivityStore(Protocol):
    def record(
        self, *, author_id: int, key: str, created_at: datetime, fingerprint: str
    ) -> None: ...

    def recent(self, *, author_id: int, since: datetime) -> list[RecentComment]: ...


_stores: tuple[NearDuplicateIndex, ActivityStore] | None = None


def recent_stores() -> tuple[NearDuplicateIndex, ActivityStore]:
    """The stores every process shares: Redis when REDIS_URL is set, the database otherwise.

    `MASTHEAD_MODERATION_RECENT_STORE = "memory"` keeps them in the process instead: only
    right for a single process (each process would see only its own traffic).
    """
    global _stores
    if _stores is None:
        retention = app_settings.recent_retention_seconds()
        url = app_settings.redis_url()
        if url:
            from .redis_store import RedisActivityStore, RedisNearDuplicateIndex

            _stores = (
                RedisNearDuplicateIndex(url=url, retention_seconds=retention),
                RedisActivityStore(url=url, retention_seconds=retention),
            )
        elif app_settings.recent_store() == "memory":
            from .memory import MemoryActivityStore, MemoryNearDuplicateIndex

            _stores = (
                MemoryNearDuplicateIndex(capacity=app_settings.recent_capacity()),
                MemoryActivityStore(retention_seconds=retention),
            )
        else:
            from .database import DatabaseActivityStore, DatabaseNearDuplicateIndex

            _stores = (
                DatabaseNearDuplicateIndex(retention_seconds=retention),
                DatabaseActivityStore(retention_seconds=retention),
            )
    return _stores


@receiver(setting_changed)
def recent_stores_reset(*, setting: str, **kwargs: Any) -> None:
    global _stores
    if setting.startswith("MASTHEAD_MODERATION") or setting == "REDIS_URL":
        _stores = None


def submission_with_context(
    submission: Submission,
    *,
    stores: tuple[NearDuplicateIndex, ActivityStore] | None = None,
    min_similarity: float = 0.7,
) -> Submission:
    """`submission` with its author's recent comments and others' near-duplicates looked up."""
    index, activity = stores or recent_stores()
    since = submission.submitted_at - _window()
    author_recent: list[RecentComment] = []
    if submission.author_id is not None:
        author_recent = activity.recent(author_id=submission.author_id, since=since)
    values = signature(submission.normalised.folded)
    near = (
        []
        if values is None
        else index.query(values=values, since=since, min_similarity=min_similarity)
    )
    return submission.with_recent(
        RecentContext(author_recent=tuple(author_recent), near_duplicates=tuple(near))
    )


def recent_comment_record(
    *,
    key: str,
    submission: Submission,
    stores: tuple[NearDuplicateIndex, ActivityStore] | None = None,
) -> None:
    """Remember a stored comment so later submissions see it (call after the comment is saved)."""
    index, activity = stores or recent_stores()
    values = signature(submission.normalised.folded)
    if values is not None:
        index.add(
            key=key,
            author_id=submission.author_id,
            created_at=submission.submitted_at,
            values=values,
        )
    if submission.author_id is not None:
        activity.record(
            author_id=submission.author_id,
            key=key,
            created_at=submission.submitted_at,
            fingerprint=submission.fingerprint,
        )


def _window() -> timedelta:
    return timedelta(seconds=app_settings.recent_retention_seconds())
