"""Redis-backed recent-comment stores, shared by every process when REDIS_URL is set.

Near-duplicates: one Redis set per (band, band hash) holding comment keys, and one hash per
comment (author, time, signature); every key expires after the retention, so Redis forgets old
comments by itself. A lookup is two pipelined round trips (the band sets, then the candidates'
hashes). Activity: one sorted set per author, scored by time, members "key fingerprint".
Keys live under `masthead:moderation:` so they never collide with the cache's.

While Redis is unreachable (`masthead.core.resilience`: short socket timeouts, then a circuit
breaker shared with the cache), each store reads and writes a small in-process store instead,
so a comment is still posted and a double post or a flood through one process is still held;
what other processes saw during the outage is not shared until Redis returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar, cast

import numpy as np
import redis

from masthead.core.resilience import REDIS_ERRORS, CircuitBreaker, redis_breaker

from ..submission import RecentComment
from .memory import MemoryActivityStore, MemoryNearDuplicateIndex
from .minhash import band_hashes, similarity

PREFIX = "masthead:moderation"
# The in-process stand-in holds this many comments (a few MB, allocated on the first outage).
FALLBACK_CAPACITY = 5000
T = TypeVar("T")


def _client(url: str) -> redis.Redis:
    # Short timeouts: a Redis that stops answering must not hold a reader's post for long.
    return redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.5)


def _through(breaker: CircuitBreaker, redis_call: Callable[[], T], fallback: Callable[[], T]) -> T:
    """`redis_call()` unless Redis is unreachable (or was a moment ago): then `fallback()`."""
    if breaker.allows_attempt():
        try:
            result = redis_call()
        except REDIS_ERRORS as error:
            breaker.record_failure(error)
        else:
            breaker.record_success()
            return result
    return fallback()


class RedisNearDuplicateIndex:
    def __init__(self, *, url: str, retention_seconds: int, prefix: str = PREFIX) -> None:
        self.client = _client(url)
        self.breaker = redis_breaker(url)
        self.retention = retention_seconds
        self.prefix = prefix
        self._fallback: MemoryNearDuplicateIndex | None = None

    def fallback(self) -> MemoryNearDuplicateIndex:
        if self._fallback is None:
            self._fallback = MemoryNearDuplicateIndex(capacity=FALLBACK_CAPACITY)
        return self._fallback

    def _band_key(self, band: int, value: int) -> str:
        return f"{self.prefix}:band:{band}:{value:x}"

    def add(
        self, *, key: str, author_id: int | None, created_at: datetime, values: np.ndarray
    ) -> None:
        _through(
            self.breaker,
            lambda: self._redis_add(
                key=key, author_id=author_id, created_at=created_at, values=values
            ),
            lambda: self.fallback().add(
                key=key, author_id=author_id, created_at=created_at, values=values
            ),
        )

    def query(
        self, *, values: np.ndarray, since: datetime, min_similarity: float
    ) -> list[RecentComment]:
        return _through(
            self.breaker,
            lambda: self._redis_query(values=values, since=since, min_similarity=min_similarity),
            lambda: self.fallback().query(
                values=values, since=since, min_similarity=min_similarity
            ),
        )

    def _redis_add(
        self, *, key: str, author_id: int | None, created_at: datetime, values: np.ndarray
    ) -> None:
        pipe = self.client.pipeline(transaction=False)
        item = f"{self.prefix}:item:{key}"
        pipe.hset(
            item,
            mapping={
                "author": "" if author_id is None else str(author_id),
                "time": repr(created_at.timestamp()),
                "signature": values.astype(np.uint32).tobytes(),
            },
        )
        pipe.expire(item, self.retention)
        for band, value in enumerate(band_hashes(values)):
            band_key = self._band_key(band, value)
            pipe.sadd(band_key, key)
            pipe.expire(band_key, self.retention)
        pipe.execute()

    def _redis_query(
        self, *, values: np.ndarray, since: datetime, min_similarity: float
    ) -> list[RecentComment]:
        pipe = self.client.pipeline(transaction=False)
        for band, value in enumerate(band_hashes(values)):
            pipe.smembers(self._band_key(band, value))
        candidates = sorted({key.decode() for members in pipe.execute() for key in members})
        if not candidates:
            return []
        pipe = self.client.pipeline(transaction=False)
        for key in candidates:
            pipe.hmget(f"{self.prefix}:item:{key}", "author", "time", "signature")
        found = []
        threshold = since.timestamp()
        for key, (author, seconds, raw) in zip(candidates, pipe.execute(), strict=True):
            if raw is None or seconds is None or float(seconds) < threshold:
                continue  # expired, or older than the window
            score = similarity(values, np.frombuffer(raw, dtype=np.uint32))
            if score < min_similarity:
                continue
            found.append(
                RecentComment(
                    key=key,
                    author_id=int(author) if author else None,
                    created_at=datetime.fromtimestamp(float(seconds), tz=UTC),
                    similarity=score,
                )
            )
        return found


class RedisActivityStore:
    def __init__(
        self, *, url: str, retention_seconds: int, prefix: str = PREFIX, per_author: int = 50
    ) -> None:
        self.client = _client(url)
        self.breaker = redis_breaker(url)
        self.retention = retention_seconds
        self.prefix = prefix
        self.per_author = per_author
        self._fallback: MemoryActivityStore | None = None

    def fallback(self) -> MemoryActivityStore:
        if self._fallback is None:
            self._fallback = MemoryActivityStore(
                retention_seconds=self.retention, per_author=self.per_author
            )
        return self._fallback

    def record(self, *, author_id: int, key: str, created_at: datetime, fingerprint: str) -> None:
        _through(
            self.breaker,
            lambda: self._redis_record(
                author_id=author_id, key=key, created_at=created_at, fingerprint=fingerprint
            ),
            lambda: self.fallback().record(
                author_id=author_id, key=key, created_at=created_at, fingerprint=fingerprint
            ),
        )

    def recent(self, *, author_id: int, since: datetime) -> list[RecentComment]:
        return _through(
            self.breaker,
            lambda: self._redis_recent(author_id=author_id, since=since),
            lambda: self.fallback().recent(author_id=author_id, since=since),
        )

    def _redis_record(
        self, *, author_id: int, key: str, created_at: datetime, fingerprint: str
    ) -> None:
        name = f"{self.prefix}:author:{author_id}"
        seconds = created_at.timestamp()
        pipe = self.client.pipeline(transaction=False)
        pipe.zadd(name, {f"{key} {fingerprint}": seconds})
        pipe.zremrangebyscore(name, "-inf", seconds - self.retention)
        pipe.zremrangebyrank(name, 0, -self.per_author - 1)
        pipe.expire(name, self.retention)
        pipe.execute()

    def _redis_recent(self, *, author_id: int, since: datetime) -> list[RecentComment]:
        name = f"{self.prefix}:author:{author_id}"
        # With scores and undecoded responses: (bytes member, float score) pairs.
        rows = cast(
            "list[tuple[bytes, float]]",
            self.client.zrangebyscore(name, since.timestamp(), "+inf", withscores=True),
        )
        recent = []
        for member, seconds in rows:
            key, _, fingerprint = member.decode().partition(" ")
            recent.append(
                RecentComment(key, author_id, datetime.fromtimestamp(seconds, tz=UTC), fingerprint)
            )
        return recent
