"""Pages are compressed for browsers that accept it, with no proxy in front (issue 12).

`make run` serves gunicorn directly: a 60 KB home page went out uncompressed.
"""

from __future__ import annotations

import gzip

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip_miss_and_hit(client, article_factory):
    story = article_factory(title="Harbour reopens after the storm")
    plain = client.get(story.url).content.decode()

    for expected in ("miss", "hit"):
        response = client.get(story.url + "?v=1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["X-Page-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "Harbour reopens after the storm" in html
        assert len(response.content) < len(html) / 3
    assert "Harbour reopens after the storm" in plain


def test_a_client_that_does_not_accept_gzip_gets_plain_html(client, home):
    response = client.get("/")
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<!doctype html>")
