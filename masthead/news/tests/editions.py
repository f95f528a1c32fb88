"""Test helper: editions made the way editors make them, with Wagtail's translation API."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from masthead.news.models import ArticlePage, HomePage

# Every edition but the default one, as settings name them ("zh-hans", not "zh_Hans").
OTHER_EDITIONS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def edition_locale(language: str) -> Locale:
    return Locale.objects.get_or_create(language_code=language)[0]


def french_locale() -> Locale:
    return edition_locale("fr")


def edition_copy_publish(page: Page, language: str) -> Page:
    """Translate `page` (and any untranslated ancestor up to the home) into `language`, publish."""
    locale = edition_locale(language)
    existing = page.get_translations().filter(locale=locale).first()
    if existing is not None:
        return existing.specific
    parent = page.get_parent().specific
    if not isinstance(page, HomePage):
        edition_copy_publish(parent, language)
    copy = page.copy_for_translation(locale)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def french_copy_publish(page: Page) -> Page:
    return edition_copy_publish(page, "fr")


def edition_article(
    article: ArticlePage, *, language: str, title: str, lede: str = ""
) -> ArticlePage:
    """A published translation of `article` into `language` with its own headline."""
    copy = edition_copy_publish(article, language)
    copy.title = title
    copy.lede = lede or copy.lede
    copy.save_revision().publish()
    ArticlePage.objects.filter(pk=copy.pk).update(
        first_published_at=article.first_published_at,
        last_published_at=article.last_published_at,
    )
    copy.refresh_from_db()
    return copy


def french_article(article: ArticlePage, *, title: str, lede: str = "") -> ArticlePage:
    """A published French translation of `article` with its own headline."""
    return edition_article(article, language="fr", title=title, lede=lede)
