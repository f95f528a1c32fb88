"""The embedded default's cache: Django's file cache with an atomic `add` and `incr`.

Why: `FileBasedCache.add` checks whether the key's file exists, then writes it, and `incr`
reads then writes, so requests arriving together (several gunicorn workers, or threads) all
saw a key absent: one captcha solution was accepted several times (3 of 10 concurrent password
resets), and counters built on `add` + `incr` (failed log-ins, page purges) lost counts. Here
both run under an exclusive `flock` on one lock file in the cache directory, which every
process on the machine shares; reads and plain writes stay lock-free (Django writes each file
through a temporary file and a rename). With Redis configured this backend is not used (Redis'
`SET NX` and `INCR` are atomic).

Writes are also cheaper: Django culls on every `set`, and culling lists the whole directory
first, so each write cost 5 ms in a cache of 3,800 entries (an embedded site of 10,000
articles), and an `add` held the lock above for that long. Here a process culls at most once
every `CULL_INTERVAL_SECONDS` per directory; between two culls the cache may run past
`MAX_ENTRIES` by what was written in the meantime.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

LOCK_NAME = "masthead-cache.lock"
CULL_INTERVAL_SECONDS = 30.0

_next_cull: dict[str, float] = {}  # per cache directory, for this process


class AtomicFileBasedCache(FileBasedCache):
    """`add` and `incr` are atomic across every process and thread using the directory."""

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        # Django's own private helpers (the stubs leave them out): the directory, made if absent.
        self._createdir()  # type: ignore[attr-defined]
        directory: str = self._dir  # type: ignore[attr-defined]
        with open(os.path.join(directory, LOCK_NAME), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _cull(self) -> None:
        directory: str = self._dir  # type: ignore[attr-defined]
        now = time.monotonic()
        if now < _next_cull.get(directory, 0.0):
            return
        _next_cull[directory] = now + CULL_INTERVAL_SECONDS
        super()._cull()  # type: ignore[misc]

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        with self._exclusive():
            added: bool = super().add(key, value, timeout, version)
            return added

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        with self._exclusive():
            value: int = super().incr(key, delta, version)
            return value
