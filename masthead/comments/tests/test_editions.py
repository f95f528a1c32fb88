"""A comment belongs to the edition of its article, and is judged in that edition's language."""

from __future__ import annotations

import pytest
from django.conf import settings

from masthead.comments import selectors, services
from masthead.moderation.app_settings import edition_languages
from masthead.moderation.classifiers.language import language_candidates
from masthead.news.tests.editions import edition_article

pytestmark = pytest.mark.django_db
EVERY_EDITION = [code for code, _name in settings.LANGUAGES]
TEXT = "The ferry timetable change will hurt the island's commuters most of all."


@pytest.mark.parametrize("language", EVERY_EDITION)
def test_a_comment_under_a_translation_is_that_editions_and_read_in_its_language(
    article, reader_ana, language
):
    """Posted under the story's version in an edition: that version's thread, that language."""
    story = (
        article
        if language == settings.LANGUAGE_CODE
        else edition_article(article, language=language, title="Translated story")
    )

    submission = selectors.submission_build(author=reader_ana, article=story, body=TEXT)
    comment = services.comment_post(author=reader_ana, article=story, body=TEXT).comment

    assert submission.edition_language == submission.article.language == language
    assert comment is not None and comment.article_id == story.pk
    assert comment.article.locale.language_code == language


def test_the_language_standard_knows_every_editions_language():
    """The precise detector is built over every edition's language (zh-hans read as zh)."""
    primaries = edition_languages()
    candidates = language_candidates(primaries).split()

    assert primaries == ("en", "fr", "es", "ru", "de", "pt", "ar", "zh")
    assert set(primaries) <= set(candidates)
