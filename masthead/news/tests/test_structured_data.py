"""An article page describes itself to search engines and social sites: JSON-LD, OpenGraph."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest

from conftest import make_image
from masthead.news.models import Author
from masthead.news.tests.editions import french_article

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects <meta>, <link> and JSON-LD <script> elements of a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[Any] = []
        self._in_json_ld = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld, self._buffer = True, []

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            self.json_ld.append(json.loads("".join(self._buffer)))


def read_head(html: str) -> HeadReader:
    reader = HeadReader()
    reader.feed(html)
    return reader


@pytest.fixture
def rich_article(article_factory, author_ana):
    """A story with two authors and a big, credited lead photo."""
    second = Author.objects.create(name="Bo Lindqvist", slug="bo-lindqvist", role="Editor")
    article = article_factory(
        title="Harbour reopens <after> the storm",
        authors=(author_ana, second),
        tags=("harbours", "storms"),
    )
    article.lead_image = make_image(
        width=2400,
        height=1600,
        caption="Cranes at the port",
        credit="© Masthead Photo / Lee Park",
    )
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def test_article_json_ld_parses_and_carries_what_google_news_reads(client, rich_article):
    """Given a published story, its page carries NewsArticle JSON-LD with every field."""
    response = client.get(rich_article.url)

    assert response.status_code == 200
    (data,) = read_head(response.content.decode()).json_ld
    root = rich_article.get_site().root_url
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"]["@id"] == rich_article.full_url
    assert data["headline"] == "Harbour reopens <after> the storm"
    assert data["datePublished"].startswith(rich_article.first_published_at.strftime("%Y-%m-%d"))
    assert data["dateModified"]
    assert data["articleSection"] == "Asia & Pacific"
    assert data["inLanguage"] == "en"
    assert [author["name"] for author in data["author"]] == ["Ana Ferreira", "Bo Lindqvist"]
    assert [author["url"] for author in data["author"]] == [
        f"{root}/authors/ana-ferreira/",
        f"{root}/authors/bo-lindqvist/",
    ]
    assert data["publisher"]["name"]
    assert data["publisher"]["url"] == f"{root}/"
    assert data["publisher"]["logo"]["url"] == f"{root}/static/img/logo.png"


def test_article_json_ld_images_come_in_three_ratios_at_least_1200_wide(client, rich_article):
    """The lead photo is offered in 16:9, 4:3 and 1:1, each 1200 px wide or more, with credit."""
    response = client.get(rich_article.url)

    (data,) = read_head(response.content.decode()).json_ld
    ratios = {round(image["width"] / image["height"], 2) for image in data["image"]}
    assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}
    for image in data["image"]:
        assert image["width"] >= 1200
        assert image["url"].startswith(rich_article.get_site().root_url + "/media/")
        assert image["creditText"] == "© Masthead Photo / Lee Park"
        assert image["copyrightNotice"] == "© Masthead Photo / Lee Park"


def test_article_json_ld_cannot_close_its_script_element(client, article_factory):
    """A headline containing </script> stays inside the JSON-LD and parses back intact."""
    article = article_factory(title="Why </script><script>alert(1)</script> matters")

    html = client.get(article.url).content.decode()

    assert "<script>alert(1)" not in html
    (data,) = read_head(html).json_ld
    assert data["headline"] == "Why </script><script>alert(1)</script> matters"


def test_article_page_has_opengraph_twitter_and_canonical_tags(client, rich_article):
    """Social sites find a title, description, image and canonical address in the head."""
    response = client.get(rich_article.url)

    head = read_head(response.content.decode())
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == [rich_article.full_url]
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == rich_article.title
    assert head.meta["og:description"] == rich_article.lede
    assert head.meta["og:url"] == canonical[0]
    assert head.meta["og:image"].startswith("http://testserver/")
    assert int(head.meta["og:image:width"]) >= 1200
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:title"] == rich_article.title
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert head.meta["article:section"] == "Asia & Pacific"


def test_french_article_speaks_french_and_points_to_the_french_edition(client, article_factory):
    """A French translation says inLanguage fr and links authors in the French edition."""
    article = article_factory(with_image=True)
    french = french_article(article, title="Le port rouvre après la tempête")

    html = client.get(french.url).content.decode()

    head = read_head(html)
    (data,) = head.json_ld
    root = french.get_site().root_url
    assert data["inLanguage"] == "fr"
    assert data["headline"] == "Le port rouvre après la tempête"
    assert data["author"][0]["url"] == f"{root}/fr/authors/ana-ferreira/"
    alternates = {link["hreflang"]: link["href"] for link in head.links if "hreflang" in link}
    assert alternates == {
        "en": article.full_url,
        "fr": french.full_url,
        "x-default": article.full_url,
    }
