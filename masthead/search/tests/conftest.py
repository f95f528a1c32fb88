"""Each test starts without this process's in-memory copy of the vocabulary and the editions'
index spans it keeps in the local cache (see selectors)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches

from masthead.search.selectors import vocabulary_forget


@pytest.fixture(autouse=True)
def _vocabulary_forgotten() -> Iterator[None]:
    vocabulary_forget()
    caches["local"].clear()
    yield
    vocabulary_forget()
    caches["local"].clear()
