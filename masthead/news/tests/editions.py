"""Test helper: a French edition made the way editors make it, with Wagtail's translation API."""

from __future__ import annotations

from wagtail.models import Locale, Page

from masthead.news.models import ArticlePage, HomePage


def french_locale() -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


def french_copy_publish(page: Page) -> Page:
    """Translate `page` (and any untranslated ancestor up to the home) into French, publish it."""
    locale = french_locale()
    existing = page.get_translations().filter(locale=locale).first()
    if existing is not None:
        return existing.specific
    parent = page.get_parent().specific
    if not isinstance(page, HomePage):
        french_copy_publish(parent)
    copy = page.copy_for_translation(locale)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def french_article(article: ArticlePage, *, title: str, lede: str = "") -> ArticlePage:
    """A published French translation of `article` with its own headline."""
    copy = french_copy_publish(article)
    copy.title = title
    copy.lede = lede or copy.lede
    copy.save_revision().publish()
    ArticlePage.objects.filter(pk=copy.pk).update(
        first_published_at=article.first_published_at,
        last_published_at=article.last_published_at,
    )
    copy.refresh_from_db()
    return copy
