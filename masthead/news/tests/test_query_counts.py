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


def test_article_page_query_count_holds_with_the_rails_to_render_again(client, story_of_size):
    """Just after a publish dropped the rails (and with a new version of the story), the page
    still runs no more than MAX_QUERIES queries; the rails cost none once rendered."""
    from masthead.news.rails import rails_purge

    story = story_of_size(3)
    with time_machine.travel(timezone.now(), tick=False):
        client.get(story.url)
        client.get(story.url)
        with CaptureQueriesContext(connection) as warm_queries:
            client.get(story.url)
        story.save_revision().publish()
        rails_purge()
        with CaptureQueriesContext(connection) as fresh_queries:
            client.get(story.url)

    assert len(warm_queries) == 1  # the route's probe: nothing for the rails
    assert len(fresh_queries) <= MAX_QUERIES, "\n".join(
        q["sql"] for q in fresh_queries.captured_queries
    )


# A section's listing with the rails beside it, the rails rendered afresh (the worst case).
SECTION_MAX_QUERIES = 10


def test_section_page_with_rails_query_count_is_constant_and_small(
    client, article_factory, section, settings
):
    """A section of 3 stories and one of 25 (a full page and more) cost the same, rails and all."""
    from masthead.news.rails import rails_purge

    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    for number in range(3):
        article_factory(title=f"Short section story {number}", with_image=True)
    counts = []
    with time_machine.travel(timezone.now(), tick=False):
        for extra in (0, 22):
            for number in range(extra):
                article_factory(title=f"Long section story {number}", is_multimedia=True)
            client.get(section.url)  # renditions are made on the first render
            rails_purge()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(section.url).status_code == 200
            counts.append(queries)

    small, large = counts
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)
    assert len(large) <= SECTION_MAX_QUERIES
