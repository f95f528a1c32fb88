"""After `migrate` applies migration 0004, the index is written again with each edition's
analysis; other migrations leave it alone."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from wagtail.search.models import IndexEntry

from masthead.news.tests.editions import edition_article, edition_locale
from masthead.search.selectors import article_search
from masthead.search.signal_handlers import ANALYSIS_MIGRATION, index_rewrite_after_migrate

pytestmark = pytest.mark.django_db


def migration(app_label: str, name: str) -> SimpleNamespace:
    return SimpleNamespace(app_label=app_label, name=name)


@pytest.fixture
def russian_story_missing_from_the_index(article_factory):
    """A Russian story whose index entry is gone, as if written before the migration."""
    original = article_factory(title="Election day in the city")
    story = edition_article(original, language="ru", title="Выборы в городе")
    IndexEntry.objects.filter(object_id=str(story.pk)).delete()
    return story


def russian_titles(query: str) -> list[str]:
    result = article_search(query=query, locale=edition_locale("ru"), page_number=None)
    return [item["article"].title for item in result["results"]]


def test_applying_the_analysis_migration_rewrites_the_index(russian_story_missing_from_the_index):
    """Once migration 0004 is applied, the story is found by an inflected form."""
    assert russian_titles("выборах") == []
    stdout = io.StringIO()

    index_rewrite_after_migrate(
        sender=None, plan=[(migration(*ANALYSIS_MIGRATION), False)], stdout=stdout
    )

    assert russian_titles("выборах") == ["Выборы в городе"]
    assert "Rewriting the search index" in stdout.getvalue()


def test_other_migrations_leave_the_index_alone(russian_story_missing_from_the_index):
    """A migrate run without migration 0004 (or undoing it) writes nothing to the index."""
    index_rewrite_after_migrate(sender=None, plan=[(migration("news", "0005_x"), False)])
    index_rewrite_after_migrate(sender=None, plan=[(migration(*ANALYSIS_MIGRATION), True)])
    index_rewrite_after_migrate(sender=None, plan=None)

    assert russian_titles("выборах") == []
