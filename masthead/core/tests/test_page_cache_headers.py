"""A page served from the in-app page cache carries exactly the headers a rendered one does.

Why: a hit used to replay five headers and return before the middleware inside the cache
ran, so cached guest pages lost `X-Frame-Options`, `Vary: Cookie` and `Content-Length`; without
`Vary: Cookie` a browser kept the logged-out copy after its reader logged in.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db
NONCE = re.compile(r"'nonce-[^']+'")


def comparable(response) -> dict[str, str]:
    """The headers, with the per-response nonce and the cache's own marker set aside."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    headers.pop("x-page-cache", None)
    if "content-security-policy" in headers:
        headers["content-security-policy"] = NONCE.sub(
            "'nonce-…'", headers["content-security-policy"]
        )
    return headers


@pytest.mark.parametrize("kind", ["home", "section", "article", "search"])
def test_a_cache_hit_carries_every_header_of_the_miss(client, article_factory, section, kind):
    """Header by header, a guest's hit equals the miss that stored it (nonce aside)."""
    story = article_factory(title="Harbour reopens")
    url = {"home": "/", "section": section.url, "article": story.url, "search": "/search/?q=x"}[
        kind
    ]

    miss = client.get(url)
    hit = client.get(url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content or NONCE.sub("", hit.content.decode()) == NONCE.sub(
        "", miss.content.decode()
    )
    assert comparable(hit) == comparable(miss)
    for name in ("X-Frame-Options", "Vary", "Content-Language", "Cache-Control"):
        assert name in hit, name
    assert "Cookie" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content)
