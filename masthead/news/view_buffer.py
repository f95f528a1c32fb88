"""Where article views wait between the request and the database.

Counting a view must not write to the database on each request, nor cost a network round trip.
Each web process keeps its own tally in memory (`ProcessViewBuffer`) and hands it off in bulk:
with Redis, about once a second into a Redis hash (pipelined HINCRBY, atomic across every web
process) that the periodic flush moves to the database; on the embedded default, at most every
`MASTHEAD_VIEW_FLUSH_SECONDS` as one queued task per process. Either way the worker applies the
counts in `services`.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.cache import caches

if TYPE_CHECKING:
    from django.core.cache.backends.redis import RedisCache
    from redis import Redis

logger = logging.getLogger(__name__)

REDIS_HASH = "masthead:views:pending"


def _redis_client() -> Redis:
    # Django builds a new redis.Redis (hundreds of response callbacks) on every call; one per
    # cache connection is enough, and it is thread-safe. This runs on every article view.
    # Callers check `redis_is_the_cache()` first.
    backend = cast("RedisCache", caches["default"])._cache
    client: Redis | None = backend.__dict__.get("masthead_write_client")
    if client is None:
        client = backend.__dict__["masthead_write_client"] = backend.get_client(write=True)
    return client


def redis_is_the_cache() -> bool:
    from django.core.cache.backends.redis import RedisCache

    return isinstance(caches["default"], RedisCache)


class ProcessViewBuffer:
    """Per-process tally, handed off in bulk every `interval` seconds."""

    def __init__(self, hand_off: Callable[[dict[str, int]], None], *, interval: float) -> None:
        self._interval = interval
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._last_hand_off = time.monotonic()
        self._hand_off = hand_off
        self._timer: threading.Timer | None = None
        if settings.MASTHEAD_VIEW_FLUSH_TIMER:
            atexit.register(self.flush)

    def record(self, article_id: int) -> None:
        with self._lock:
            self._counts[article_id] += 1
            due = time.monotonic() - self._last_hand_off >= self._interval
            if not due and self._timer is None and settings.MASTHEAD_VIEW_FLUSH_TIMER:
                # A quiet process still hands its views off within one interval.
                self._timer = threading.Timer(self._interval, self.flush)
                self._timer.daemon = True
                self._timer.start()
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_hand_off = time.monotonic()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not counts:
            return
        try:
            self._hand_off({str(pk): count for pk, count in counts.items()})
        except Exception as error:
            # Redis or the queue is down: the views wait here for the next hand-off, and the
            # reader who happened to trigger this one still gets the page.
            with self._lock:
                self._counts.update(counts)
            if not isinstance(error, RedisUnavailable):
                logger.warning("Article views kept in the process for now: %s", error)

    def pending(self) -> dict[int, int]:
        with self._lock:
            return dict(self._counts)


def _redis_hash_key() -> str:
    # The cache's own prefix keeps sites (and parallel test runs) sharing one Redis apart.
    return caches["default"].make_key(REDIS_HASH)


class RedisUnavailable(Exception):
    """The cache's circuit breaker is open: Redis is not asked until it may be back."""


def redis_add(counts: dict[str, int]) -> None:
    """Add a process's tally to the shared pending hash in one round trip."""
    from masthead.core.resilience import REDIS_ERRORS

    breaker = getattr(caches["default"], "breaker", None)
    if breaker is not None and not breaker.allows_attempt():
        raise RedisUnavailable
    key = _redis_hash_key()
    pipeline = _redis_client().pipeline(transaction=False)
    for article_id, views in counts.items():
        pipeline.hincrby(key, article_id, views)
    try:
        pipeline.execute()
    except REDIS_ERRORS as error:
        if breaker is not None:
            breaker.record_failure(error)
        raise


def redis_take_pending() -> dict[int, int]:
    """Atomically take every pending count out of Redis (RENAME, then read and delete)."""
    client = _redis_client()
    pending = _redis_hash_key()
    flushing = f"{pending}:flushing:{time.time_ns()}"
    try:
        client.rename(pending, flushing)
    except Exception as error:  # redis.ResponseError: no such key, nothing pending
        if "no such key" in str(error).lower():
            return {}
        raise
    raw = client.hgetall(flushing)
    client.delete(flushing)
    return {int(key): int(value) for key, value in raw.items()}
