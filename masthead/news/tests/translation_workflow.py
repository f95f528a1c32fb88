"""Test helper: the translation workflow driven through the admin, as an editor does it."""

from __future__ import annotations

from urllib.parse import urlencode

from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from masthead.news.tests.editions import edition_copy_publish, edition_locale


def translation_submit(client, page: Page, languages: list[str]) -> None:
    """Submit `page` for translation into `languages` with wagtail-localize's Translate form.

    The edition's home and sections are opened first, as editors do before its stories.
    """
    for language in languages:
        edition_copy_publish(page.get_parent().specific, language)
    locales = [edition_locale(language).pk for language in languages]
    response = client.post(
        f"/admin/localize/submit/page/{page.pk}/", {"locales": [str(pk) for pk in locales]}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]


def translation_of(page: Page, language: str) -> Translation:
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=edition_locale(language)
    )


def segment_translate(client, translation: Translation, *, path: str, text: str) -> None:
    """Save one segment's translation in the segment editor (its PUT, as the editor's script)."""
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        urlencode({"value": text}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201), response.content.decode()[-2000:]


def translation_publish(client, translation: Translation, capture) -> Page:
    """Press Publish in the segment editor (the page is published after commit)."""
    target = translation.get_target_instance()
    with capture(execute=True):
        response = client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Page.objects.get(pk=target.pk).specific


def translations_sync_publish(client, source_page: Page, capture) -> None:
    """ "Sync translated pages" with "Publish immediately", after the source changed."""
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get_for_instance(source_page)
    with capture(execute=True):
        response = client.post(
            f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
