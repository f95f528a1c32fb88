"""Push fixtures: the push-service double, started on 127.0.0.1 for each test that asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .push_service import PushServiceDouble


@pytest.fixture
def push_service(settings) -> Iterator[PushServiceDouble]:
    """A running double; plain-HTTP endpoints on 127.0.0.1 are allowed while it runs."""
    settings.MASTHEAD_PUSH_ALLOW_HTTP_ENDPOINTS = True
    double = PushServiceDouble().start()
    try:
        yield double
    finally:
        double.stop()
