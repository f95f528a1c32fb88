"""Search engines find every story: sitemap index, article sitemaps, Google News, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.news.tests.editions import french_article

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def parsed_xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_sitemap_index_points_to_article_sitemaps_and_the_news_sitemap(client, article_factory):
    """/sitemap.xml is an index of the article chunks and the Google News sitemap."""
    article_factory()

    index = parsed_xml(client, "/sitemap.xml")

    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [
        "http://testserver/sitemap-articles-0.xml",
        "http://testserver/news-sitemap.xml",
    ]


def test_article_sitemap_lists_articles_with_their_lead_image(client, article_factory):
    """Every live article is listed at its canonical address with its lead image."""
    pictured = article_factory(with_image=True)
    plain = article_factory()

    urlset = parsed_xml(client, "/sitemap-articles-0.xml")

    entries = {url.findtext("sm:loc", namespaces=NS): url for url in urlset.findall("sm:url", NS)}
    assert set(entries) == {pictured.full_url, plain.full_url}
    images = entries[pictured.full_url].findall("image:image/image:loc", NS)
    assert len(images) == 1
    location = images[0].text
    assert location is not None
    assert location.startswith(pictured.get_site().root_url + "/media/")
    assert entries[plain.full_url].findall("image:image", NS) == []
    assert entries[plain.full_url].findtext("sm:lastmod", namespaces=NS)


def test_article_sitemap_links_translations_with_hreflang(client, article_factory):
    """An article and its French translation name each other as hreflang alternates."""
    article = article_factory(title="Harbour reopens")
    french = french_article(article, title="Le port rouvre")
    lonely = article_factory(title="Only in English")

    urlset = parsed_xml(client, "/sitemap-articles-0.xml")

    alternates = {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for url in urlset.findall("sm:url", NS)
    }
    both = {"en": article.full_url, "fr": french.full_url, "x-default": article.full_url}
    assert alternates[article.full_url] == both
    assert alternates[french.full_url] == both
    assert alternates[lonely.full_url] == {}


def test_sitemap_chunk_past_the_end_is_a_404(client, article_factory):
    """A sitemap chunk that does not exist is a clean 404."""
    article_factory()

    assert client.get("/sitemap-articles-7.xml").status_code == 404


def test_news_sitemap_lists_only_the_last_two_days(client, article_factory):
    """Google News reads only fresh stories: three days old is left out."""
    fresh = article_factory(title="Fresh & new", hours_ago=2)
    yesterday = article_factory(title="Yesterday's story", hours_ago=40)
    stale = article_factory(title="Old story", hours_ago=72)

    urlset = parsed_xml(client, "/news-sitemap.xml")

    entries = {url.findtext("sm:loc", namespaces=NS): url for url in urlset.findall("sm:url", NS)}
    assert set(entries) == {fresh.full_url, yesterday.full_url}
    assert stale.full_url not in entries
    news = entries[fresh.full_url].find("news:news", NS)
    assert news is not None
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication/news:name", namespaces=NS)
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published is not None
    assert published.startswith(fresh.first_published_at.strftime("%Y-%m-%d"))


def test_news_sitemap_gives_a_french_story_its_language(client, article_factory):
    """A French translation in the news sitemap says news:language fr."""
    french = french_article(article_factory(), title="Le port rouvre")

    urlset = parsed_xml(client, "/news-sitemap.xml")

    languages = {
        url.findtext("sm:loc", namespaces=NS): url.findtext(
            "news:news/news:publication/news:language", namespaces=NS
        )
        for url in urlset.findall("sm:url", NS)
    }
    assert languages[french.full_url] == "fr"


def test_robots_txt_lists_the_sitemap(client, home):
    """robots.txt tells crawlers where the sitemap index is and keeps them out of the admin."""
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_article_sitemap_query_count_does_not_grow_with_articles(client, article_factory):
    """Ten pictured articles cost the sitemap no more queries than two do."""
    for _ in range(2):
        article_factory(with_image=True)
    client.get("/sitemap-articles-0.xml")  # renditions are made on the first render
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap-articles-0.xml?again=1")
    for _ in range(8):
        article_factory(with_image=True)
    client.get("/sitemap-articles-0.xml?warm=1")

    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap-articles-0.xml?again=2")

    # The statements themselves on failure: once, on PostgreSQL + Redis in CI, 6 against 4.
    assert len(many) == len(few), (
        [query["sql"][:300] for query in few.captured_queries],
        [query["sql"][:300] for query in many.captured_queries],
    )
