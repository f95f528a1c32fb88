"""The demo newsroom loads through Wagtail's APIs, with a French edition.

Loading takes ~20 s (every article goes through revisions, publishing and indexing), so one
test walks the whole story: load, browse both editions, seed again, warm the renditions.
"""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from masthead.news import services
from masthead.news.demo import loader
from masthead.news.models import ArticlePage, ArticleStats, SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_images(monkeypatch):
    # Full-size demo photos take a while to draw; the loading logic is the same at 480x320.
    monkeypatch.setattr(loader, "IMAGE_SIZE", (480, 320))


def test_demo_content_loads_once_with_a_french_edition_and_warms_without_views(
    small_images, client
):
    """Seeding gives ~30 articles and a French edition; seeding again and warming change nothing."""
    count = loader.DemoLoader(log=lambda *_: None).load()

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    french = ArticlePage.objects.live().filter(locale__language_code="fr")
    assert count == english.count() >= 30
    assert french.count() >= 3
    assert all(article.get_translations().exists() for article in french)
    assert SectionPage.objects.filter(locale=Locale.objects.get(language_code="fr")).exists()
    assert client.get("/fr/").status_code == 200
    assert "/fr/monde/" in client.get("/fr/").content.decode()
    written = {item["headline"]: item for item in loader.DemoLoader(log=print).data["articles"]}
    for article in french:
        assert set(article.tags.names()) == set(written[article.title]["tags"]), article.title

    assert loader.DemoLoader(log=lambda *_: None).load() == 0
    assert ArticlePage.objects.count() == english.count() + french.count()

    views_before = {stats.article_id: stats.views for stats in ArticleStats.objects.all()}
    assert services.site_pages_warm() >= english.count() + french.count()
    services.views_flush()
    assert {s.article_id: s.views for s in ArticleStats.objects.all()} == views_before

    # Last: a page view counts a view.
    rail = french.get(title__startswith="Les ministres européens")
    html = client.get(rail.url).content.decode()
    assert 'href="/fr/tags/' in html and "union européenne" in html
    assert "european union" not in html
