"""An article page runs a fixed number of SQL queries (at most 15), whatever the story holds.

A page read again reuses its cached version (`render_cache`: one query, see
`test_render_cache`); these tests also render it from scratch, where the count must hold.
The clock stands still while they measure: on a loaded machine building a story can take
longer than the shell's 30-second local caches live, and an entry expiring between the two
measured requests would count as a difference between the stories.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_image
from masthead.news.models import ArticlePage, ArticleRelated, Author

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


@pytest.fixture
def story_of_size(article_factory, settings):
    """Build a story with `size` tags, authors, related stories and body photos."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0  # measure the render, not the page cache

    def build(size: int) -> ArticlePage:
        authors = tuple(
            Author.objects.create(
                name=f"Writer {size}-{number}",
                slug=f"writer-{size}-{number}",
                photo=make_image(title=f"Portrait {number}", width=400, height=400),
            )
            for number in range(size)
        )
        related = [
            article_factory(title=f"Background {size}-{number}", with_image=True)
            for number in range(size)
        ]
        article = article_factory(
            title=f"Story of size {size}",
            with_image=True,
            authors=authors,
            tags=tuple(f"topic-{size}-{number}" for number in range(size)),
        )
        photos = [make_image(title=f"Body photo {number}") for number in range(size)]
        body: list[tuple[str, Any]] = [("paragraph", "<p>The harbour reopened on Monday.</p>")]
        body += [("photo", {"image": photo, "caption": ""}) for photo in photos]
        body.append(
            (
                "gallery",
                {
                    "title": "",
                    "photos": [{"image": photo, "caption": ""} for photo in photos * 2],
                },
            )
        )
        body.append(("video", {"title": "Watch", "url": "https://example.org/v", "poster": None}))
        article.body = body
        for order, other in enumerate(related):
            article.related.add(ArticleRelated(related_article=other, sort_order=order))
        article.save_revision().publish()
        article.refresh_from_db()
        return article

    return build


def queries_on_second_request(client, url: str) -> CaptureQueriesContext:
    """Renditions are made on the first render; the second measures the steady state."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries


def assert_constant_and_small(small_queries, large_queries) -> None:
    """The large story ran as many queries as the small one, and no more than MAX_QUERIES."""
    assert len(large_queries) == len(small_queries), "\n".join(
        q["sql"] for q in large_queries.captured_queries
    )
    assert len(large_queries) <= MAX_QUERIES


def test_article_page_query_count_is_constant_and_small(client, story_of_size):
    """A story with 6 tags, authors, related stories and photos costs what one with 1 does."""
    small = story_of_size(1)
    large = story_of_size(6)

    with time_machine.travel(timezone.now(), tick=False):
        small_queries = queries_on_second_request(client, small.url)
        large_queries = queries_on_second_request(client, large.url)

    assert_constant_and_small(small_queries, large_queries)


def test_article_page_query_count_holds_with_a_cold_rendition_cache(client, story_of_size):
    """With the shared cache emptied (renditions known only to the database), it is fixed."""
    from django.core.cache import caches

    from conftest import cache_clear_own_keys

    small = story_of_size(1)
    large = story_of_size(6)
    with time_machine.travel(timezone.now(), tick=False):
        client.get(small.url)
        client.get(large.url)
        cache_clear_own_keys(caches["default"])  # Wagtail's renditions; the local cache stays
        client.get("/")  # site-wide entries (Wagtail's site root paths) fill again

        with CaptureQueriesContext(connection) as small_queries:
            client.get(small.url)
        with CaptureQueriesContext(connection) as large_queries:
            client.get(large.url)

    assert_constant_and_small(small_queries, large_queries)


def test_article_page_query_count_holds_for_a_newly_published_version(client, story_of_size):
    """Just after a publish (no cached page object or fragment for that version), it is fixed."""
    small = story_of_size(1)
    large = story_of_size(6)
    with time_machine.travel(timezone.now(), tick=False):
        for article in (small, large):
            client.get(article.url)  # renditions are made on the first render
            client.get(article.url)  # the route is learnt
            article.save_revision().publish()

        with CaptureQueriesContext(connection) as small_queries:
            client.get(small.url)
        with CaptureQueriesContext(connection) as large_queries:
            client.get(large.url)

    assert_constant_and_small(small_queries, large_queries)
