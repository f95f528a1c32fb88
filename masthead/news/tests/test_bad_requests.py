"""Whatever a reader or a crawler types, the answer is a clean 404 or 400, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BAD_URLS = [
    # unknown tags, authors, pages and routes
    "/tags/no-such-tag/",
    "/tags/no-such-tag/feeds/rss/",
    "/tags/no-such-tag/feeds/atom/",
    "/tags/%00/",
    "/tags/%ff%fe/",
    "/authors/nobody/",
    "/no-such-section/",
    "/world/asia-pacific/no-such-story/",
    "/world/asia-pacific/feeds/nope/",
    "/fr/no-such-page/",
    "/xx/",
    # cursors past the end or malformed
    "/news/?before=garbage",
    "/news/?before=%00%00",
    "/news/?before=" + "A" * 5000,
    "/news/?before=OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5Ljk5OjE",
    "/news/?before=MC4wOjA",
    "/tags/harbours/?before=!!",
    "/authors/ana-ferreira/?before=bm90LWEtY3Vyc29y",
    "/world/?before=-1",
    # search pages past the end or not numbers
    "/search/?q=harbour&page=99",
    "/search/?q=harbour&page=abc",
    "/search/?q=harbour&page=0",
    "/search/?q=harbour&page=1e9",
    "/search/?q=harbour&page=99999999999999999999999",
    # broken short codes and sitemap chunks
    "/s/zz",
    "/s/0",
    "/s/%2e%2e",
    "/s/" + "Z" * 13,
    "/sitemap-articles-99.xml",
    "/sitemap-articles-99999999999999999999.xml",
]

# Malformed query strings on pages that read no parameter are simply ignored.
IGNORED_QUERIES = [
    "/?%",
    "/?a=%zz&&&==",
    "/?q=%00",
    "/?" + "x=1&" * 500,
    "/search/?q=%ff%fe",
    "/search/?q=&page=2",
    "/feeds/rss/?%%%",
]


@pytest.fixture
def newsroom(article_factory):
    return article_factory(title="Harbour reopens", tags=("harbours",))


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_address_gets_a_clean_not_found_or_bad_request(client, newsroom, url):
    """A wrong tag, cursor, page number, short code or chunk is a 404 or 400, never a 500."""
    response = client.get(url)

    assert response.status_code in (400, 404), (url, response.status_code)


@pytest.mark.parametrize("url", [*BAD_URLS[:3], "/news/?before=garbage", "/s/zz"])
def test_not_found_pages_are_the_friendly_page(client, newsroom, url):
    """The 404 is the site's own page, with a way back home."""
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 404
    assert "<html" in html and 'href="/"' in html


@pytest.mark.parametrize("url", IGNORED_QUERIES)
def test_malformed_query_string_is_ignored_where_nothing_reads_it(client, newsroom, url):
    """Garbage in a query string the page does not read changes nothing: a 200 page."""
    response = client.get(url)

    assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_other_methods_on_a_reader_page_never_fail_nor_get_cached(client, newsroom, method):
    """A POST, PUT, DELETE or OPTIONS to an article is no 500 and never marked public."""
    response = getattr(client, method)(newsroom.url)

    assert response.status_code < 500
    assert "public" not in response.get("Cache-Control", "")
