"""Publishing or unpublishing a story purges every cached page that shows it, end to end.

The purge goes through Wagtail's frontend cache (`PageCacheBackend` in `masthead.core`), after
the publishing transaction commits.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_pages(client, article_factory, section):
    """A story, and every page that shows it, held in the in-app page cache."""
    article = article_factory(title="Harbour reopens", tags=("ports",))
    urls = [
        article.url,
        section.url,
        section.get_parent().url,
        "/",
        "/news/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"{section.url}feeds/rss/",
        f"{section.url}feeds/atom/",
        "/tags/ports/",
        "/tags/ports/feeds/rss/",
        "/authors/ana-ferreira/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    return article, urls


def test_publishing_a_new_headline_refreshes_every_page_showing_the_story(
    client, cached_pages, django_capture_on_commit_callbacks
):
    """Given cached pages, when the editor publishes a new headline, every page shows it."""
    article, urls = cached_pages

    article.title = "Harbour reopens after three weeks"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Harbour reopens after three weeks" in response.content.decode(), url


def test_unpublishing_removes_the_story_from_every_cached_page(
    client, cached_pages, django_capture_on_commit_callbacks
):
    """When the editor unpublishes the story, its page is gone and no listing shows it."""
    article, urls = cached_pages

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert client.get(article.url).status_code == 404
    for url in urls[1:]:
        if "/tags/" in url:
            # The tag has no live story left: its listing answers 200 empty, or 404.
            response = client.get(url)
            assert "Harbour reopens" not in response.content.decode(), url
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Harbour reopens" not in response.content.decode(), url


def test_publishing_a_new_story_puts_it_on_the_cached_home_page(
    client, cached_pages, article_factory, django_capture_on_commit_callbacks
):
    """A story published after the home page was cached appears on it at once."""
    with django_capture_on_commit_callbacks(execute=True):
        fresh = article_factory(title="Volcano erupts", tags=("ports",))

    for url in ("/", "/feeds/rss/", "/tags/ports/", "/news/"):
        assert fresh.title in client.get(url).content.decode(), url


def test_other_pages_stay_cached_after_a_publish(
    client, cached_pages, article_factory, django_capture_on_commit_callbacks
):
    """Publishing one story leaves an unrelated story's cached page alone."""
    article, _ = cached_pages
    other = article_factory(title="Unrelated story", tags=("markets",))
    client.get(other.url)

    article.title = "Harbour reopens after three weeks"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert client.get(other.url)["X-Page-Cache"] == "hit"
