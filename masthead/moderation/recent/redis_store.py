"""Redis-backed recent-comment stores, shared by every process when REDIS_URL is set.

Near-duplicates: one Redis set per (band, band hash) holding comment keys, and one hash per
comment (author, time, signature); every key expires after the retention, so Redis forgets old
comments by itself. A lookup is two pipelined round trips (the band sets, then the candidates'
hashes). Activity: one sorted set per author, scored by time, members "key fingerprint".
Keys live under `masthead:moderation:` so they never collide with the cache's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import numpy as np
import redis

from ..submission import RecentComment
from .minhash import band_hashes, similarity

PREFIX = "masthead:moderation"


class RedisNearDuplicateIndex:
    def __init__(self, *, url: str, retention_seconds: int, prefix: str = PREFIX) -> None:
        self.client = redis.Redis.from_url(url)
        self.retention = retention_seconds
        self.prefix = prefix

    def _band_key(self, band: int, value: int) -> str:
        return f"{self.prefix}:band:{band}:{value:x}"

    def add(
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

    def query(
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
        self.client = redis.Redis.from_url(url)
        self.retention = retention_seconds
        self.prefix = prefix
        self.per_author = per_author

    def record(self, *, author_id: int, key: str, created_at: datetime, fingerprint: str) -> None:
        name = f"{self.prefix}:author:{author_id}"
        seconds = created_at.timestamp()
        pipe = self.client.pipeline(transaction=False)
        pipe.zadd(name, {f"{key} {fingerprint}": seconds})
        pipe.zremrangebyscore(name, "-inf", seconds - self.retention)
        pipe.zremrangebyrank(name, 0, -self.per_author - 1)
        pipe.expire(name, self.retention)
        pipe.execute()

    def recent(self, *, author_id: int, since: datetime) -> list[RecentComment]:
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
