"""The demo newsroom loads through Wagtail's APIs, with an edition in every language.

Loading takes ~15 s (every article goes through revisions, publishing and indexing), so one
test loads it once and walks the whole story: what each edition was given, the translation
dashboard, seeding again, warming the renditions, a page view. (Three tests each loading the
demo cost CI about 70 s a pass.)
"""

from __future__ import annotations

import pytest
from django.conf import settings
from wagtail.models import Locale

from masthead.news import services
from masthead.news.demo import loader
from masthead.news.models import ArticlePage, ArticleStats, HomePage, SectionPage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def small_images(monkeypatch):
    # Full-size demo photos take a while to draw; the loading logic is the same at 480x320.
    monkeypatch.setattr(loader, "IMAGE_SIZE", (480, 320))


def test_demo_content_loads_once_with_every_edition_and_warms_without_views(
    small_images, client, admin_client
):
    """Seeding gives ~30 articles and more editions; seeding again and warming change nothing."""
    count = loader.DemoLoader(log=lambda *_: None).load()

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    french = ArticlePage.objects.live().filter(locale__language_code="fr")
    assert count == english.count() >= 30
    assert french.count() >= 4
    assert SectionPage.objects.filter(locale=Locale.objects.get(language_code="fr")).exists()
    assert client.get("/fr/").status_code == 200
    assert "/fr/monde/" in client.get("/fr/").content.decode()
    written = {item["headline"]: item for item in loader.DemoLoader(log=print).data["articles"]}
    for article in french:
        assert set(article.tags.names()) == set(written[article.title]["tags"]), article.title

    assert loader.DemoLoader(log=lambda *_: None).load() == 0
    assert ArticlePage.objects.count() == ArticlePage.objects.live().count()

    views_before = {stats.article_id: stats.views for stats in ArticleStats.objects.all()}
    assert services.site_pages_warm() >= ArticlePage.objects.count()
    services.views_flush()
    assert {s.article_id: s.views for s in ArticleStats.objects.all()} == views_before

    # Then the pages readers open (their views count).
    _every_edition_has_its_sections_translations_and_own_stories(client)
    _the_translations_show_on_the_dashboard_with_what_the_copy_says(admin_client)

    rail = french.get(title__startswith="Les ministres européens")
    html = client.get(rail.url).content.decode()
    assert 'href="/fr/tags/' in html and "union européenne" in html
    assert "european union" not in html


def _every_edition_has_its_sections_translations_and_own_stories(client) -> None:
    """Each edition has a home, every section, stories translated from English and its own."""
    english_sections = SectionPage.objects.live().filter(locale=Locale.get_default())

    for language, _name in settings.LANGUAGES[1:]:
        locale = Locale.objects.get(language_code=language)
        home = HomePage.objects.live().get(locale=locale)
        sections = SectionPage.objects.live().filter(locale=locale)
        stories = ArticlePage.objects.live().filter(locale=locale)
        translated = [story for story in stories if story.get_translations().exists()]
        own = [story for story in stories if not story.get_translations().exists()]
        assert {s.translation_key for s in sections} == {
            s.translation_key for s in english_sections
        }, language
        assert len(translated) >= 3 and len(own) >= 1, language
        assert all(
            story.get_translations().filter(locale__language_code="en").exists()
            for story in translated
        ), language

        response = client.get(home.url)
        html = response.content.decode()
        assert response.status_code == 200, language
        assert home.url == f"/{language}/"
        assert f'<html lang="{language}"' in html
        top = sections.filter(depth=home.depth + 1)
        assert all(f">{section.title}</a>" in html for section in top), language
        for story in own:
            assert client.get(story.url).status_code == 200, story.url


def _the_translations_show_on_the_dashboard_with_what_the_copy_says(admin_client) -> None:
    """Recorded for wagtail-localize: up to date where the translation followed the English
    story's update, out of date where it was published before it."""
    from masthead.news import selectors
    from masthead.news.selectors import TranslationState

    written = {item["key"]: item for item in loader.DemoLoader(log=print).data["articles"]}
    lander = ArticlePage.objects.get(title=written["lunar-lander-south-pole"]["headline"])

    rows = {row.story.pk: row for row in selectors.story_translations().rows}
    cells = {cell.language_code: cell.state for cell in rows[lander.pk].cells}

    assert cells["en"] == TranslationState.ORIGINAL
    assert cells["fr"] == TranslationState.PUBLISHED  # updated with the English story
    assert cells["es"] == cells["ru"] == TranslationState.OUT_OF_DATE  # published before
    assert admin_client.get("/admin/translations/").status_code == 200
