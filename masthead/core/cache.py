"""The Redis cache backend that keeps the site up while Redis is down or restarting.

Django's `RedisCache` raises `ConnectionError` from every call when Redis is unreachable, so a
Redis restart turned every request into a 500 (the in-app page cache reads Redis first). This
backend (`CACHES["default"]["BACKEND"]` when `REDIS_URL` is set, config/settings/base.py):

- answers from a small process-local cache while Redis is unreachable, so reads render as
  misses, rate limits, captcha replay checks and login-failure counts still count (per process
  for the length of the outage) and nothing waits for a lock that cannot be taken;
- trips a circuit breaker (`masthead.core.resilience`) on the first connection error, so the
  next requests skip Redis for a couple of seconds instead of each waiting for a timeout (the
  socket timeouts are short, in settings);
- when Redis answers again, deletes from it every key this process wrote or deleted in the
  meantime, and forgets the local copy. Sessions live in the database (`cached_db`), so a
  session ended during the outage cannot come back from a stale cached copy; the worst a
  deleted key costs is one miss.

What remains: another process's writes during the outage are not seen by this one (each
falls back alone), and a page purged during the outage may be served stale from Redis for at
most the page-cache lifetime (60 s by default) once it is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .resilience import REDIS_ERRORS, CircuitBreaker, redis_breaker

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Keys written during an outage, deleted from Redis when it returns; beyond this many, the
# rest can only expire (logged).
MAX_PENDING_INVALIDATIONS = 20000
FALLBACK_MAX_ENTRIES = 5000


class _OutageState:
    """What one process wrote to the fallback of one cache (all its threads' cache objects)."""

    def __init__(self) -> None:
        self.pending: set[tuple[str, int | None]] = set()
        self.fallback_used = False


_outages: dict[str, _OutageState] = {}
_pending_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client wrapper, with one `redis.Redis` per connection pool, not per call.

    Django builds a new `redis.Redis` for every cache operation, and each builds its table of
    about 170 response callbacks: two reads an uncached article made that a tenth of its
    render on PostgreSQL + Redis (cProfile). A `redis.Redis` over a pool is safe to share
    between threads (each command takes its own connection from the pool), and the pools are
    Django's, so connections are handled as before.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # Django's private attributes, which its stubs do not list
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker: CircuitBreaker = redis_breaker(location.split(",")[0])
        self.fallback = LocMemCache(
            f"masthead-redis-fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )
        # Django makes one cache object per thread: the keys to drop are the process's.
        self._outage = _outages.setdefault(f"{location}|{self.key_prefix}", _OutageState())
        self._pending = self._outage.pending

    # --- the mechanism ----------------------------------------------------------------------

    def _call(
        self,
        redis_call: Callable[[], T],
        fallback_call: Callable[[], T],
        written: Iterable[Any] = (),
        version: int | None = None,
    ) -> T:
        if self.breaker.allows_attempt():
            try:
                if self._outage.fallback_used:
                    self._recover()  # before the first answer Redis gives again
                result = redis_call()
            except REDIS_ERRORS as error:
                self.breaker.record_failure(error)
            else:
                self.breaker.record_success()
                return result
        self._outage.fallback_used = True
        if written:
            self._remember(written, version)
        return fallback_call()

    def _remember(self, keys: Iterable[Any], version: int | None) -> None:
        with _pending_lock:
            for key in keys:
                if len(self._pending) >= MAX_PENDING_INVALIDATIONS:
                    logger.error(
                        "More than %s cache keys written while Redis was down: the rest may be "
                        "stale until they expire",
                        MAX_PENDING_INVALIDATIONS,
                    )
                    return
                self._pending.add((str(key), version))

    def _recover(self) -> None:
        """Redis answers again: drop what it may hold stale, and the outage's local copies.

        Raises what Redis raises if it is still unreachable (the keys are kept for later).
        """
        with _pending_lock:
            pending = set(self._pending)
            self._pending.clear()
            self._outage.fallback_used = False
        by_version: dict[int | None, list[str]] = {}
        for key, version in pending:
            by_version.setdefault(version, []).append(key)
        try:
            for version, keys in by_version.items():
                super().delete_many(keys, version=version)
        except BaseException:
            with _pending_lock:
                self._pending.update(pending)
                self._outage.fallback_used = True
            raise
        self.fallback.clear()
        if pending:
            logger.warning("Dropped %s cache keys written while Redis was down", len(pending))

    # --- Django's cache API, each call through `_call` ------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self.fallback.add(key, value, timeout, version),
            [key],
            version,
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self.fallback.get(key, default, version),
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self.fallback.set(key, value, timeout, version),
            [key],
            version,
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self.fallback.touch(key, timeout, version),
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self.fallback.delete(key, version),
            [key],
            version,
        )

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._call(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda: self.fallback.get_many(keys, version),
        )

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self.fallback.has_key(key, version),
        )

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._call(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda: self.fallback.incr(key, delta, version),
            [key],
            version,
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: self.fallback.set_many(data, timeout, version),
            list(data),
            version,
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        keys = list(keys)
        self._call(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: self.fallback.delete_many(keys, version),
            keys,
            version,
        )

    def get_versioned(self, wanted: list[tuple[str, int | None]]) -> list[Any]:
        """The values of keys that have versions of their own, in one round trip (MGET)."""
        keys = [self.make_and_validate_key(key, version=version) for key, version in wanted]
        client: Any = self._cache  # Django's client wrapper: `get_many` takes made keys
        found = self._call(
            lambda: client.get_many(keys),
            lambda: {
                made: self.fallback.get(key, version=version)
                for made, (key, version) in zip(keys, wanted, strict=True)
            },
        )
        return [found.get(made) for made in keys]

    def clear(self) -> None:
        self._call(lambda: super(ResilientRedisCache, self).clear(), self.fallback.clear)


def cache_get_versioned(cache: Any, wanted: list[tuple[str, int | None]]) -> list[Any]:
    """`[cache.get(key, version=version) for key, version in wanted]`, in one round trip where
    the cache is Redis; None for a missing key."""
    if isinstance(cache, ResilientRedisCache):
        return cache.get_versioned(wanted)
    return [cache.get(key, version=version) for key, version in wanted]
