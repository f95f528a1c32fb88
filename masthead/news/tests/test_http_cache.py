"""Reader pages tell caches what they may keep: public for anonymous readers, private otherwise."""

from __future__ import annotations

from typing import cast

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_urls(article_factory, section) -> list[str]:
    """One address of every kind an anonymous reader opens."""
    article = article_factory(tags=("ports",))
    return [
        "/",
        section.url,
        article.url,
        "/tags/ports/",
        "/authors/ana-ferreira/",
        "/news/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"{section.url}feeds/rss/",
        "/tags/ports/feeds/atom/",
        "/search/?q=harbour",
        "/sitemap.xml",
        "/sitemap-articles-0.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]


def cache_directives(response) -> dict[str, str]:
    directives = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value
    return directives


def test_anonymous_pages_are_public_with_shared_cache_lifetimes_and_an_etag(client, reader_urls):
    """Every reader page says public, s-maxage and stale-while-revalidate, and has an ETag."""
    for url in reader_urls:
        response = client.get(url)

        assert response.status_code == 200, url
        directives = cache_directives(response)
        assert "public" in directives, url
        assert directives["s-maxage"] == str(settings.MASTHEAD_PAGE_CACHE_SECONDS), url
        assert directives["stale-while-revalidate"] == str(settings.MASTHEAD_PAGE_STALE_SECONDS)
        assert response.has_header("ETag") or response.has_header("Last-Modified"), url


def test_a_matching_if_none_match_gets_a_304(client, reader_urls):
    """A browser revalidating with the ETag it holds gets 304 Not Modified and no body."""
    for url in reader_urls:
        etag = client.get(url)["ETag"]

        response = client.get(url, headers={"if-none-match": etag})

        assert response.status_code == 304, url
        assert response.content == b""


def test_a_stale_etag_gets_the_full_page(client, reader_urls):
    """An ETag from an older version of the page gets a 200 with the page."""
    response = client.get(reader_urls[0], headers={"if-none-match": '"not-the-current-one"'})

    assert response.status_code == 200
    assert response.content


def test_a_reader_with_a_session_gets_private_responses(client, reader_urls):
    """A request carrying a session cookie is never marked public nor served from the cache."""
    for url in reader_urls:
        client.get(url)  # an anonymous reader fills the in-app cache first
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"

    for url in reader_urls:
        response = client.get(url)

        directives = cache_directives(response)
        assert "private" in directives and "public" not in directives, url
        assert "X-Page-Cache" not in response, url


def test_a_logged_in_editor_gets_a_private_page(admin_client, article_factory):
    """An editor signed in to Wagtail never sees a page a shared cache could keep."""
    article = article_factory()

    response = admin_client.get(article.url)

    assert "private" in cache_directives(response)


def test_the_in_app_page_cache_serves_the_second_request(client, article_factory):
    """The first anonymous request renders and stores the page; the second is a hit."""
    article = article_factory()

    first = client.get(article.url)
    second = client.get(article.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "public" in cache_directives(second)


def test_a_cached_page_answers_304_too(client, article_factory):
    """Revalidation of a page held in the in-app cache is a 304 without a database query."""
    article = article_factory()
    etag = client.get(article.url)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert len(queries) == 0


def test_not_found_pages_are_not_stored(client, home):
    """A 404 is rendered each time (a story published later must appear at once)."""
    client.get("/no-such-page/")

    assert "X-Page-Cache" not in client.get("/no-such-page/")


def test_a_cached_page_is_not_hashed_again_on_every_hit(client, article_factory, monkeypatch):
    """The hit's ETag was computed when the page was stored: ConditionalGetMiddleware hashed
    the whole body on every hit before, for the same ETag each time."""
    import hashlib

    import django.middleware.http

    hashed = []
    real_set_response_etag = django.middleware.http.set_response_etag  # type: ignore[attr-defined]

    def counting_set_response_etag(response):
        hashed.append(response)
        return real_set_response_etag(response)

    monkeypatch.setattr(django.middleware.http, "set_response_etag", counting_set_response_etag)
    article = article_factory()
    miss = client.get(article.url)

    hit = client.get(article.url)

    assert hit["X-Page-Cache"] == "hit"
    assert not hashed
    assert hit["ETag"] == miss["ETag"] == f'"{hashlib.md5(hit.content).hexdigest()}"'
    assert client.get(article.url, headers={"if-none-match": hit["ETag"]}).status_code == 304


def test_a_cached_page_with_a_nonce_gets_the_etag_of_its_own_body(rf, settings):
    """A page whose scripts carry the CSP nonce differs on every answer (the nonce is replaced
    on each hit): its ETag is that answer's own, never the stored copy's."""
    import hashlib

    from django.http import HttpResponse
    from django.middleware.http import ConditionalGetMiddleware

    from masthead.core.http_cache import response_mark_public
    from masthead.core.middleware import AnonymousPageCacheMiddleware
    from masthead.core.security_headers import ContentSecurityPolicyMiddleware

    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60

    def view(request):
        return response_mark_public(HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>'))

    stack = ConditionalGetMiddleware(
        ContentSecurityPolicyMiddleware(AnonymousPageCacheMiddleware(view))
    )
    miss, hit = (cast(HttpResponse, stack(rf.get("/nonce-page/"))) for _ in range(2))

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content != miss.content
    for response in (miss, hit):
        assert response["ETag"] == f'"{hashlib.md5(response.content).hexdigest()}"'
