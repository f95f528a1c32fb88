"""Every edition is served like the first two: its home in its language and direction, hreflang
alternates with x-default in every page head and in the sitemap, the switcher to the same story.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.utils.translation import get_language_bidi, override

from masthead.news.tests.editions import OTHER_EDITIONS, edition_article, edition_copy_publish

pytestmark = pytest.mark.django_db

EVERY_EDITION = [code for code, _name in settings.LANGUAGES]
SITEMAP = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class _Head(HTMLParser):
    """The <html> element's attributes, the head's hreflang links and the switcher's links."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html = found
        elif tag == "link" and found.get("rel") == "alternate" and found.get("hreflang"):
            self.alternates[str(found["hreflang"])] = str(found["href"])
        elif tag == "nav" and "languages" in (found.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher and found.get("hreflang"):
            self.switcher[str(found["hreflang"])] = str(found["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False


def read_page(client, url: str) -> _Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = _Head()
    head.feed(response.content.decode())
    return head


def every_edition_of(article) -> dict[str, Any]:
    """`article` and its translation into every other edition, by language code."""
    versions = {settings.LANGUAGE_CODE: article}
    for language in OTHER_EDITIONS:
        versions[language] = edition_article(article, language=language, title=f"{language} story")
    return versions


@pytest.mark.parametrize("language", EVERY_EDITION)
def test_every_edition_home_speaks_its_language_in_its_direction(client, home, language):
    """Each edition's home says its language, and Arabic's is laid out right to left."""
    edition_home = edition_copy_publish(home, language) if language != "en" else home
    with override(language):
        direction = "rtl" if get_language_bidi() else "ltr"

    page = read_page(client, edition_home.url)

    assert edition_home.url == ("/" if language == "en" else f"/{language}/")
    assert page.html == {"lang": language, "dir": direction}
    assert (direction == "rtl") == (language == "ar")


def test_a_story_in_every_edition_names_all_of_them_and_x_default_from_each(
    client, article_factory
):
    """hreflang is complete and reciprocal: every version lists the same eight, English first."""
    versions = every_edition_of(article_factory(title="Harbour reopens"))
    expected = {code: page.full_url for code, page in versions.items()}
    expected["x-default"] = versions["en"].full_url

    for language, version in versions.items():
        assert read_page(client, version.url).alternates == expected, language


@pytest.mark.parametrize("language", OTHER_EDITIONS)
def test_the_switcher_goes_to_the_same_story_else_to_that_editions_home(
    client, home, article_factory, language
):
    """From an English story: its translation where there is one, the edition's home elsewhere."""
    article = article_factory(title="Harbour reopens")
    translation = edition_article(article, language=language, title="Translated")
    homes = {code: edition_copy_publish(home, code) for code in OTHER_EDITIONS}

    switcher = read_page(client, article.url).switcher

    assert set(switcher) == set(OTHER_EDITIONS)
    assert switcher[language] == translation.url
    for other in set(OTHER_EDITIONS) - {language}:
        assert switcher[other] == homes[other].url == f"/{other}/"
    back = read_page(client, translation.url).switcher
    assert back["en"] == article.url


@pytest.mark.parametrize("language", OTHER_EDITIONS)
def test_a_story_only_one_edition_carries_names_itself_as_x_default(
    client, article_factory, language
):
    """An edition's own story has no other version: it is its own alternate and x-default."""
    source = article_factory(title="Only here")
    own = edition_article(source, language=language, title="Own story")
    source.unpublish()

    alternates = read_page(client, own.url).alternates

    assert alternates == {language: own.full_url, "x-default": own.full_url}


def test_the_sitemap_names_every_edition_and_x_default_for_each_version(client, article_factory):
    """Each version's <url> lists all eight alternates and x-default, the same from every one."""
    versions = every_edition_of(article_factory(title="Harbour reopens"))
    expected = {code: page.full_url for code, page in versions.items()}
    expected["x-default"] = versions["en"].full_url

    urlset = ET.fromstring(client.get("/sitemap-articles-0.xml").content)

    found = {
        url.findtext("sm:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP)
        }
        for url in urlset.findall("sm:url", SITEMAP)
    }
    assert {page.full_url for page in versions.values()} <= set(found)
    for language, version in versions.items():
        assert found[version.full_url] == expected, language


@pytest.mark.parametrize("language", EVERY_EDITION)
def test_pages_outside_the_tree_name_the_same_route_in_every_edition(client, home, language):
    """The search page links its counterpart in each edition, the unprefixed one as x-default."""
    path = "/search/" if language == "en" else f"/{language}/search/"

    alternates = read_page(client, path).alternates

    root = "http://testserver"
    expected = {
        code: f"{root}/search/" if code == "en" else f"{root}/{code}/search/"
        for code in EVERY_EDITION
    }
    expected["x-default"] = f"{root}/search/"
    assert alternates == expected


def test_robots_txt_keeps_crawlers_out_of_every_editions_search(client, home):
    """Search results are endless and thin, in every edition."""
    lines = client.get("/robots.txt").content.decode().splitlines()
    for language in OTHER_EDITIONS:
        assert f"Disallow: /{language}/search/" in lines
    assert "Disallow: /search/" in lines
