"""A write to the embedded default's file cache does not list its whole directory.

Django culls on every `set`, and culling lists every file of the cache first: 5 ms a write in
a cache of 3,800 entries (an embedded site of 10,000 articles), paid by the request that
renders an expired page (the render lock, then the page stored) while the others wait.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from masthead.core import file_cache
from masthead.core.file_cache import AtomicFileBasedCache


def make_cache(directory: Path, *, max_entries: int) -> Any:
    """The cache, typed loosely: the tests reach Django's private `_list_cache_files`."""
    return AtomicFileBasedCache(str(directory), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


@pytest.fixture(autouse=True)
def _fresh_cull_clock():
    file_cache._next_cull.clear()
    yield
    file_cache._next_cull.clear()


def test_fifty_writes_list_the_directory_once(tmp_path, monkeypatch):
    """Given a burst of writes (and an add), the directory is listed for the first only."""
    cache = make_cache(tmp_path / "cache", max_entries=20000)
    listings: list[int] = []
    list_files = cache._list_cache_files

    def counting() -> list[str]:
        listings.append(1)
        return list_files()

    monkeypatch.setattr(cache, "_list_cache_files", counting)
    for number in range(50):
        cache.set(f"story-{number}", number)
    assert cache.add("lock", 1)

    assert len(listings) == 1
    assert [cache.get(f"story-{number}") for number in range(50)] == list(range(50))


def test_the_cache_is_still_kept_to_its_size(tmp_path, monkeypatch):
    """Given a cull due on every write, the cache stays within MAX_ENTRIES as Django's does."""
    monkeypatch.setattr(file_cache, "CULL_INTERVAL_SECONDS", 0.0)
    cache = make_cache(tmp_path / "cache", max_entries=10)

    for number in range(40):
        cache.set(f"story-{number}", number)

    assert len(cache._list_cache_files()) <= 10
    assert cache.get("story-39") == 39
