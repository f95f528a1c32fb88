"""Each test starts without this process's in-memory copy of the vocabulary (see selectors)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from masthead.search.selectors import vocabulary_forget


@pytest.fixture(autouse=True)
def _vocabulary_forgotten() -> Iterator[None]:
    vocabulary_forget()
    yield
    vocabulary_forget()
