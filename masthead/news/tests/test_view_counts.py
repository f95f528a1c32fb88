"""Counting views: the request only buffers, the flush writes, Trending reads what was flushed."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.news import services
from masthead.news.models import ArticleStats, ArticleViewTally

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet_buffer(settings):
    """No hand-off falls due during a test: only an explicit flush moves the counts."""
    settings.MASTHEAD_VIEW_FLUSH_SECONDS = 3600
    services.views_flush()  # start from an empty buffer
    yield
    services.views_flush()


def writes(queries: CaptureQueriesContext) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(verbs)
    ]


def trending_titles(html: str) -> list[str]:
    rail = html.split('class="rail rail--trending"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', rail)


def test_reading_an_article_writes_nothing_to_the_database(client, article_factory):
    """Given a story, when readers open it (rendered and cached), no INSERT or UPDATE runs."""
    article = article_factory()

    with CaptureQueriesContext(connection) as rendered:
        client.get(article.url)
    with CaptureQueriesContext(connection) as from_cache:
        client.get(article.url)

    assert writes(rendered) == []
    assert writes(from_cache) == []
    assert ArticleStats.objects.filter(article=article).first() is None


def test_flush_applies_buffered_views_to_totals_and_the_hours_tally(client, article_factory):
    """Three reads (one rendered, two from the page cache) become three views after a flush."""
    article = article_factory()
    for _ in range(3):
        client.get(article.url)

    services.views_flush()

    assert ArticleStats.objects.get(article=article).views == 3
    assert (
        sum(ArticleViewTally.objects.filter(article=article).values_list("views", flat=True)) == 3
    )


def test_a_second_flush_adds_only_new_views(client, article_factory):
    """Flushing twice never counts a view twice."""
    article = article_factory()
    client.get(article.url)
    services.views_flush()

    client.get(article.url)
    services.views_flush()
    services.views_flush()

    assert ArticleStats.objects.get(article=article).views == 2


def test_article_page_shows_the_flushed_view_count(client, article_factory, settings):
    """After a flush the article's counter says how many times it was read."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    article = article_factory()
    for _ in range(4):
        client.get(article.url)
    services.views_flush()

    html = client.get(article.url).content.decode()

    assert '<span class="counter__value">4</span> views' in html


def test_trending_on_the_home_page_follows_the_counts(client, article_factory):
    """The most-read story of the last day heads Trending; an unread one is not there."""
    quiet = article_factory(title="Quiet story", hours_ago=1)
    popular = article_factory(title="Popular story", hours_ago=3)
    middling = article_factory(title="Middling story", hours_ago=2)
    for article, reads in ((popular, 5), (middling, 2)):
        for number in range(reads):
            client.get(f"{article.url}?read={number}")
    services.views_flush()

    html = client.get("/").content.decode()

    titles = trending_titles(html)
    assert titles[:2] == ["Popular story", "Middling story"]
    assert quiet.title not in titles


def test_views_of_an_unpublished_or_deleted_article_are_dropped(article_factory):
    """A count for an article that no longer exists is ignored, not an error."""
    article = article_factory()
    services.article_view_record(article_id=article.pk)
    services.article_view_record(article_id=999_999)

    services.views_flush()

    assert ArticleStats.objects.get(article=article).views == 1
    assert not ArticleStats.objects.filter(article_id=999_999).exists()


def test_with_redis_views_reach_redis_in_bulk_not_one_round_trip_each(article_factory, monkeypatch):
    """Three views wait in the process; the flush carries all three to the database."""
    from masthead.news import view_buffer

    if not view_buffer.redis_is_the_cache():
        pytest.skip("runs on the Redis pass (REDIS_URL set)")
    # A buffer of its own: the shared one hands off at once when its last hand-off is more
    # than a second old, as it is on a busy machine.
    buffer = view_buffer.ProcessViewBuffer(view_buffer.redis_add, interval=3600)
    monkeypatch.setattr(services, "_process_buffer", buffer)
    article = article_factory()
    for _ in range(3):
        services.article_view_record(article_id=article.pk)

    assert view_buffer.redis_take_pending() == {}  # nothing sent per view
    services.views_flush()

    assert ArticleStats.objects.get(article=article).views == 3


def test_a_new_worker_warms_its_pages_up_without_counting_views_or_filling_the_page_cache(
    client, settings, article_factory
):
    """config/gunicorn.py calls this as each web worker starts (`process_pages_warm`)."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60
    story = article_factory(title="Harbour reopens after the storm")

    assert services.process_pages_warm() == 3  # the home page, a section, the newest article

    services.views_flush()
    assert not ArticleStats.objects.filter(article_id=story.pk, views__gt=0).exists()
    assert client.get(story.url)["X-Page-Cache"] == "miss"  # the warm-up stored nothing
    services.views_flush()
    assert ArticleStats.objects.get(article_id=story.pk).views == 1  # a reader's view counts
