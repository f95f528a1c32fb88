"""Database-backed recent-comment stores: the embedded default, shared by all its processes.

`make run` starts two web workers. With the in-process stores each remembered only the
comments it had seen itself, so a comment posted again was published whenever it reached the
other worker (the flooding and flash-mob standards failed half the time). These stores keep
the same facts in two tables (`RecentCommentTrace`, `RecentCommentBand`) that every process
reads: an author's recent comments by (author, time), and near-duplicates by LSH band, as
the Redis stores do when `REDIS_URL` is set. Retention is the same setting; older rows are
deleted at most once a minute per process, as new comments come in.

Writes run in their own savepoint: the recent-comments store helps later checks and must
never break the transaction of the comment that was just stored.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import RecentCommentBand, RecentCommentTrace
from ..submission import RecentComment
from .minhash import band_hashes, similarity

PRUNE_EVERY_SECONDS = 60.0
_last_prune = 0.0
_prune_lock = threading.Lock()


def _signed(value: int) -> int:
    """A 64-bit band hash as the signed integer a BIGINT column holds."""
    return value - (1 << 64) if value >= (1 << 63) else value


def _prune(retention_seconds: int) -> None:
    global _last_prune
    now = time.monotonic()
    with _prune_lock:
        if now - _last_prune < PRUNE_EVERY_SECONDS:
            return
        _last_prune = now
    cutoff = timezone.now() - timedelta(seconds=retention_seconds)
    RecentCommentTrace.objects.filter(created_at__lt=cutoff).delete()


class DatabaseNearDuplicateIndex:
    def __init__(self, *, retention_seconds: int) -> None:
        self.retention = retention_seconds

    def add(
        self, *, key: str, author_id: int | None, created_at: datetime, values: np.ndarray
    ) -> None:
        with transaction.atomic():
            trace, _created = RecentCommentTrace.objects.update_or_create(
                key=key,
                defaults={
                    "author_id": author_id,
                    "created_at": created_at,
                    "signature": np.asarray(values, dtype=np.uint32).tobytes(),
                },
            )
            RecentCommentBand.objects.filter(trace=trace).delete()
            RecentCommentBand.objects.bulk_create(
                RecentCommentBand(trace=trace, band=band, band_hash=_signed(value))
                for band, value in enumerate(band_hashes(values))
            )
        _prune(self.retention)

    def query(
        self, *, values: np.ndarray, since: datetime, min_similarity: float
    ) -> list[RecentComment]:
        matches = Q()
        for band, value in enumerate(band_hashes(values)):
            matches |= Q(band=band, band_hash=_signed(value))
        candidates = (
            RecentCommentTrace.objects.filter(
                id__in=RecentCommentBand.objects.filter(matches).values("trace_id"),
                created_at__gte=since,
                signature__isnull=False,
            )
            .only("key", "author_id", "created_at", "signature")
            .order_by("created_at")
        )
        found = []
        for trace in candidates:
            if trace.signature is None:
                continue
            stored = np.frombuffer(bytes(trace.signature), dtype=np.uint32)
            score = similarity(values, stored)
            if score >= min_similarity:
                found.append(
                    RecentComment(
                        key=trace.key,
                        author_id=trace.author_id,
                        created_at=trace.created_at,
                        similarity=score,
                    )
                )
        return found


class DatabaseActivityStore:
    """Each author's recent comments (time, key, fingerprint), read by (author, time)."""

    def __init__(self, *, retention_seconds: int, per_author: int = 50) -> None:
        self.retention = retention_seconds
        self.per_author = per_author

    def record(self, *, author_id: int, key: str, created_at: datetime, fingerprint: str) -> None:
        with transaction.atomic():
            RecentCommentTrace.objects.update_or_create(
                key=key,
                defaults={
                    "author_id": author_id,
                    "created_at": created_at,
                    "fingerprint": fingerprint,
                },
            )
        _prune(self.retention)

    def recent(self, *, author_id: int, since: datetime) -> list[RecentComment]:
        rows = RecentCommentTrace.objects.filter(
            author_id=author_id, created_at__gte=since
        ).order_by("-created_at")[: self.per_author]
        return [
            RecentComment(row.key, row.author_id, row.created_at, row.fingerprint)
            for row in reversed(list(rows.only("key", "author_id", "created_at", "fingerprint")))
        ]
