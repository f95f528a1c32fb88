"""In-process recent-comment stores: the embedded default (no server to install).

The near-duplicate index is a ring of `capacity` slots (signatures, authors, times in numpy
arrays) and one dictionary per LSH band from band hash to slot(s). When the ring wraps, the
oldest comment's band entries are removed before its slot is reused, so memory stays bounded
(about 2 KB a comment with Python's dictionaries: 1,000,000 comments in about 2 GB). A lock
makes it safe for the threads of one process; each process has its own (Redis shares one).
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import UTC, datetime, timedelta

import numpy as np

from ..submission import RecentComment
from .minhash import BANDS, NUM_PERM, band_hashes, similarity

Slots = int | list[int]


class MemoryNearDuplicateIndex:
    def __init__(self, *, capacity: int = 200_000) -> None:
        self.capacity = capacity
        self.signatures = np.zeros((capacity, NUM_PERM), dtype=np.uint32)
        self.authors = np.full(capacity, -1, dtype=np.int64)
        self.times = np.zeros(capacity, dtype=np.float64)
        self.keys: list[str | None] = [None] * capacity
        self.bands: list[dict[int, Slots]] = [{} for _ in range(BANDS)]
        self.next_slot = 0
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return (
            sum(key is not None for key in self.keys)
            if self.next_slot < self.capacity
            else self.capacity
        )

    def add(
        self, *, key: str, author_id: int | None, created_at: datetime, values: np.ndarray
    ) -> None:
        with self.lock:
            slot = self.next_slot % self.capacity
            if self.keys[slot] is not None:
                self._forget(slot)
            self.signatures[slot] = values
            self.authors[slot] = -1 if author_id is None else author_id
            self.times[slot] = created_at.timestamp()
            self.keys[slot] = key
            for band, value in zip(self.bands, band_hashes(values), strict=True):
                present = band.get(value)
                if present is None:
                    band[value] = slot
                elif isinstance(present, int):
                    band[value] = [present, slot]
                else:
                    present.append(slot)
            self.next_slot += 1

    def _forget(self, slot: int) -> None:
        for band, value in zip(self.bands, band_hashes(self.signatures[slot]), strict=True):
            present = band.get(value)
            if present == slot:
                del band[value]
            elif isinstance(present, list) and slot in present:
                present.remove(slot)
                if len(present) == 1:
                    band[value] = present[0]

    def query(
        self, *, values: np.ndarray, since: datetime, min_similarity: float
    ) -> list[RecentComment]:
        candidates: set[int] = set()
        with self.lock:
            for band, value in zip(self.bands, band_hashes(values), strict=True):
                present = band.get(value)
                if present is None:
                    continue
                if isinstance(present, int):
                    candidates.add(present)
                else:
                    candidates.update(present)
            threshold = since.timestamp()
            found = []
            for slot in candidates:
                if self.times[slot] < threshold:
                    continue
                score = similarity(values, self.signatures[slot])
                if score < min_similarity:
                    continue
                author = int(self.authors[slot])
                found.append(
                    RecentComment(
                        key=self.keys[slot] or "",
                        author_id=None if author < 0 else author,
                        created_at=datetime.fromtimestamp(self.times[slot], tz=UTC),
                        similarity=score,
                    )
                )
        return found


class MemoryActivityStore:
    """Each author's last comments (time, key, fingerprint), at most `per_author`, in memory."""

    def __init__(self, *, retention_seconds: int = 86400, per_author: int = 50) -> None:
        self.retention = timedelta(seconds=retention_seconds)
        self.per_author = per_author
        self.by_author: dict[int, deque[RecentComment]] = {}
        self.lock = threading.Lock()

    def record(self, *, author_id: int, key: str, created_at: datetime, fingerprint: str) -> None:
        with self.lock:
            comments = self.by_author.setdefault(author_id, deque(maxlen=self.per_author))
            comments.append(RecentComment(key, author_id, created_at, fingerprint))
            while comments and comments[0].created_at < created_at - self.retention:
                comments.popleft()

    def recent(self, *, author_id: int, since: datetime) -> list[RecentComment]:
        with self.lock:
            return [c for c in self.by_author.get(author_id, ()) if c.created_at >= since]
