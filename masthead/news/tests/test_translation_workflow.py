"""Editors translate a story with wagtail-localize through the admin: submit it into two
editions, translate a segment, publish the translation."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from masthead.news.models import ArticlePage
from masthead.news.tests.translation_workflow import (
    segment_translate,
    translation_of,
    translation_publish,
    translation_submit,
)

pytestmark = pytest.mark.django_db


def test_an_editor_translates_a_story_into_two_editions_and_publishes_one(
    admin_client, article_factory, django_capture_on_commit_callbacks
):
    """Translate makes a draft in each edition; a translated headline is published in one."""
    article = article_factory(title="Harbour reopens after the storm")

    translation_submit(admin_client, article, ["fr", "ru"])

    drafts = {
        page.locale.language_code: page
        for page in ArticlePage.objects.filter(translation_key=article.translation_key).exclude(
            pk=article.pk
        )
    }
    assert set(drafts) == {"fr", "ru"}
    assert not any(page.live for page in drafts.values())
    french = translation_of(article, "fr")
    editor = admin_client.get(f"/admin/pages/{drafts['fr'].pk}/edit/")
    assert editor.status_code == 200
    assert "Harbour reopens after the storm" in editor.content.decode()

    segment_translate(admin_client, french, path="title", text="Le port rouvre après la tempête")
    published = translation_publish(admin_client, french, django_capture_on_commit_callbacks)

    assert published.live
    assert published.title == "Le port rouvre après la tempête"
    assert published.url.startswith("/fr/")
    assert not Page.objects.get(pk=drafts["ru"].pk).live
