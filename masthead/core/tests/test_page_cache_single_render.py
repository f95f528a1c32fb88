"""One render per expired page: a hot page's expiry no longer sends every worker into the renderer.

Before, when a cached page went stale or was purged, every request that arrived during its
render rendered it too (a p99 of 581 ms at expiry on the embedded default). Now one request
renders it; the others get the stale copy, or, when there is no copy (first view, or purged by
a publish: a purged copy is never served), wait for that render. The middleware runs here
with a page that takes 0.3 s to render, from eight threads at once, against the real cache
(local memory, or Redis in CI's second pass).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core.http_cache import (
    page_cache_lookup,
    page_cache_purge_url,
    page_cache_store,
    page_render_lock,
    page_render_unlock,
    response_mark_public,
)
from masthead.core.middleware import AnonymousPageCacheMiddleware

pytestmark = pytest.mark.django_db

READERS = 8
PATH = "/world/"


class SlowPage:
    """A page that takes `seconds` to render and says which render it is."""

    def __init__(self, seconds: float = 0.3) -> None:
        self.seconds = seconds
        self.renders = 0
        self._lock = threading.Lock()

    def __call__(self, request) -> HttpResponse:
        with self._lock:
            self.renders += 1
            number = self.renders
        time.sleep(self.seconds)
        return response_mark_public(HttpResponse(f"<p>render {number}</p>"), max_age=60)


@pytest.fixture
def middleware(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60
    page = SlowPage()
    middleware = AnonymousPageCacheMiddleware(page)
    # The Site lookup is remembered per process: made once here, not in the readers' threads.
    middleware(RequestFactory().get("/warm-up/"))
    page.renders = 0
    return middleware, page


def readers_at_once(middleware) -> list[HttpResponse]:
    responses: list[HttpResponse] = []
    start = threading.Barrier(READERS)

    def read() -> None:
        start.wait()
        responses.append(middleware(RequestFactory().get(PATH)))

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def stored_copy(text: str) -> tuple:
    return (200, [("Cache-Control", "public, max-age=60, s-maxage=60")], text.encode(), [], None)


def test_eight_readers_of_a_page_never_seen_cause_one_render(middleware):
    cache_middleware, page = middleware

    responses = readers_at_once(cache_middleware)

    assert page.renders == 1
    assert {response.content for response in responses} == {b"<p>render 1</p>"}
    assert sorted(response["X-Page-Cache"] for response in responses) == ["hit"] * 7 + ["miss"]


def test_while_a_stale_page_renders_again_the_other_readers_get_the_stale_copy(middleware):
    cache_middleware, page = middleware
    generation = page_cache_lookup(PATH, "").generation
    page_cache_store(
        PATH, "", generation=generation, payload=stored_copy("<p>yesterday</p>"), timeout=0
    )

    responses = readers_at_once(cache_middleware)

    assert page.renders == 1
    kinds = sorted(response["X-Page-Cache"] for response in responses)
    assert kinds.count("miss") == 1
    stale = [response for response in responses if response["X-Page-Cache"] == "stale"]
    assert len(stale) >= READERS - 2  # all but the renderer (and one that came after it)
    assert {response.content for response in stale} == {b"<p>yesterday</p>"}
    assert cache_middleware(RequestFactory().get(PATH)).content == b"<p>render 1</p>"


def test_a_purged_page_is_never_served_from_its_old_copy(middleware):
    """Even while someone else holds the render: the reader waits, then renders it if need be."""
    cache_middleware, page = middleware
    generation = page_cache_lookup(PATH, "").generation
    page_cache_store(
        PATH, "", generation=generation, payload=stored_copy("<p>before the fix</p>"), timeout=60
    )
    page_cache_purge_url(f"http://testserver{PATH}")
    assert page_render_lock(PATH, "")  # a render that never finishes (a crashed worker)
    try:
        started = time.monotonic()
        response = cache_middleware(RequestFactory().get(PATH))
        waited = time.monotonic() - started
    finally:
        page_render_unlock(PATH, "")

    assert response.content == b"<p>render 1</p>"
    assert page.renders == 1
    assert 2.0 <= waited < 5.0
