"""The home page's grid and the listings are rendered once per publish, not on every request.

Every publish purges these pages from the page cache, so their uncached render matters: it
was 12-30 ms (cards, renditions, the rails' queries) against the article's 2 ms. Their HTML is
now kept per process (`masthead.news.rails.listing_fragment_html`) and dropped by the next
publish, so readers never see a listing without the story just published.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.news.models import Author

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0  # every request renders


@pytest.fixture
def listings(article_factory, section, author_ana):
    story = article_factory(title="Harbour reopens after the storm", tags=("harbours",))
    return {
        "home": "/",
        "section": section.url,
        "tag": "/tags/harbours/",
        "author": f"/authors/{author_ana.slug}/",
        "all news": "/news/",
        "story": story,
    }


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


LISTING_NAMES = ("home", "section", "tag", "author", "all news")


def article_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "news_articlepage" in q["sql"]]


@pytest.mark.parametrize("name", LISTING_NAMES)
def test_a_listing_read_again_reads_no_article(client, listings, name):
    url = listings[name]
    first = client.get(url)
    assert "Harbour reopens after the storm" in first.content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)

    assert again.status_code == 200
    assert main_of(again) == main_of(first)  # the header's GMT clock may have moved on
    assert article_queries(queries) == []


@pytest.mark.parametrize("name", LISTING_NAMES)
def test_a_story_published_is_listed_at_once(
    client, listings, name, article_factory, django_capture_on_commit_callbacks
):
    url = listings[name]
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        article_factory(title="Breaking: the bridge reopens", tags=("harbours",), hours_ago=0)

    assert "Breaking: the bridge reopens" in client.get(url).content.decode()


def test_a_story_unpublished_leaves_the_home_page_at_once(
    client, listings, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        listings["story"].unpublish()

    assert "Harbour reopens after the storm" not in client.get("/").content.decode()


def test_an_author_edited_shows_the_new_biography_at_once(
    client, listings, author_ana, django_capture_on_commit_callbacks
):
    client.get(listings["author"])
    with django_capture_on_commit_callbacks(execute=True):
        Author.objects.filter(pk=author_ana.pk).update(bio="Covers ports.")
        author = Author.objects.get(pk=author_ana.pk)
        author.bio = "Covers ports and shipping."
        author.save()

    assert "Covers ports and shipping." in client.get(listings["author"]).content.decode()


def test_a_section_edited_shows_its_new_introduction_at_once(client, listings, section):
    """The section's own revision is in the key: no purge needed."""
    client.get(section.url)
    section.intro = "Typhoons, elections and the tides."
    section.save_revision().publish()

    assert "Typhoons, elections and the tides." in client.get(section.url).content.decode()


def test_a_later_page_of_a_listing_is_read_each_time(client, listings, article_factory):
    """Only the first page is kept: a cursor in the address is read (and checked) each time."""
    for number in range(25):
        article_factory(title=f"Older story {number}", hours_ago=10 + number)
    first = client.get("/news/").content.decode()
    cursor = first.split('rel="next" href="?before=')[1].split('"')[0]
    client.get(f"/news/?before={cursor}")

    with CaptureQueriesContext(connection) as queries:
        later = client.get(f"/news/?before={cursor}")

    assert later.status_code == 200
    assert article_queries(queries)
    assert client.get("/news/?before=not-a-cursor").status_code in {400, 404}


@pytest.mark.parametrize("name", LISTING_NAMES)
def test_a_listing_view_reads_each_shared_key_once(client, listings, name, monkeypatch):
    """The rails' generation and Wagtail's site root paths come from the shared cache once per
    view. On the embedded default every read opens, reads and unpickles a file; a section view
    read the generation three times (its listing's header and grid, the rails) and the root
    paths twice (`page.full_url` and `{% pageurl %}` each kept their own copy)."""
    from django.core.cache import cache
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

    from masthead.news.rails import GENERATION_KEY

    url = listings[name]
    client.get(url)
    reads: list[str] = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    assert client.get(url).status_code == 200

    assert reads.count(GENERATION_KEY) <= 1, reads
    assert reads.count(SITE_ROOT_PATHS_CACHE_KEY) <= 1, reads


def test_a_publish_during_a_request_is_seen_by_the_next_listing_read(client, listings):
    """The once-per-request read never keeps a generation past the publish that bumps it."""
    from masthead.news import rails

    rails._request_started()
    try:
        before = rails._generation()
        rails.rails_purge()
        assert rails._generation() == before + 1
    finally:
        rails._request_finished()


@pytest.mark.parametrize("name", ["section", "tag", "author", "all news"])
def test_a_listing_read_again_builds_no_query_of_its_articles(client, listings, name, monkeypatch):
    """On a fragment's hit the listing's query is not even built: its chain of filters
    (`live()`, `descendant_of`, the tag or the byline) was 7% of an uncached section's time."""
    from masthead.news import selectors

    url = listings[name]
    client.get(url)
    built: list[object] = []
    real_articles_live = selectors.articles_live

    def counting_articles_live(*args, **kwargs):
        built.append(kwargs)
        return real_articles_live(*args, **kwargs)

    monkeypatch.setattr(selectors, "articles_live", counting_articles_live)
    assert client.get(url).status_code == 200
    assert built == []
    assert client.get(url, {"before": "garbage"}).status_code == 404  # a cursor reads at once
