"""Circuit breakers: a dead dependency costs one timeout now and then, not one per request.

When Redis stops answering, every request that touches the cache would otherwise wait for a
connection attempt (up to the socket timeouts in settings) and then fail. A breaker remembers
the failure for `cooldown` seconds: callers skip the dependency during that time and use their
fallback (a miss, the process's own memory). After the cooldown one call tries again; its
success closes the breaker, its failure opens it for another cooldown.

Entry points: `breaker_for(name)` (one breaker per dependency and process, shared by every
client of it: the cache, the view-count buffer, the moderation stores) and `REDIS_ERRORS`.
Used by `masthead.core.cache`, `masthead.news.view_buffer` and
`masthead.moderation.recent.redis_store`.
"""

from __future__ import annotations

import logging
import threading
import time

import redis.exceptions

logger = logging.getLogger(__name__)

# What a dead, restarting or unreachable Redis raises (BusyLoadingError, while it reloads its
# data after a restart, is a ConnectionError). Errors in a command itself are not listed.
REDIS_ERRORS: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)

DEFAULT_COOLDOWN_SECONDS = 2.0


class CircuitBreaker:
    """Closed (calls go through) until a failure, then open for `cooldown` seconds."""

    def __init__(self, name: str, *, cooldown: float = DEFAULT_COOLDOWN_SECONDS) -> None:
        self.name = name
        self.cooldown = cooldown
        self._open_until = 0.0
        self._tripped = False
        self._lock = threading.Lock()

    @property
    def is_tripped(self) -> bool:
        """True from a failure until the next success (open, or waiting to try again)."""
        return self._tripped

    def allows_attempt(self) -> bool:
        """Whether to call the dependency now (closed, or the cooldown is over)."""
        return time.monotonic() >= self._open_until

    def record_failure(self, error: BaseException) -> None:
        with self._lock:
            first = not self._tripped
            self._tripped = True
            self._open_until = time.monotonic() + self.cooldown
        if first:
            # Once per outage, not once per request: the log stays readable while it lasts.
            logger.warning(
                "%s is unreachable (%s: %s); using fallbacks, retrying every %.1f s",
                self.name,
                type(error).__name__,
                error,
                self.cooldown,
            )

    def record_success(self) -> bool:
        """Close the breaker; True when it was tripped (the dependency just came back)."""
        if not self._tripped:
            return False
        with self._lock:
            if not self._tripped:
                return False
            self._tripped = False
            self._open_until = 0.0
        logger.warning("%s is reachable again", self.name)
        return True


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str, *, cooldown: float = DEFAULT_COOLDOWN_SECONDS) -> CircuitBreaker:
    """The process's breaker for `name` (e.g. "Redis at redis://cache:6379/0")."""
    with _breakers_lock:
        breaker = _breakers.get(name)
        if breaker is None:
            breaker = _breakers[name] = CircuitBreaker(name, cooldown=cooldown)
        return breaker


def redis_breaker(url: str) -> CircuitBreaker:
    """The breaker of the Redis server at `url` (the database number and password left out)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return breaker_for(f"Redis at {parts.hostname}:{parts.port or 6379}")
