"""A comment belongs to the edition of its article, and is judged in that edition's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from masthead.comments import selectors, services
from masthead.comments.demo import community_standards_demo_load
from masthead.moderation.app_settings import edition_languages
from masthead.moderation.classifiers.language import language_candidates
from masthead.news.tests.editions import edition_article

from .conftest import REJECTED

pytestmark = pytest.mark.django_db
EVERY_EDITION = [code for code, _name in settings.LANGUAGES]
TEXT = "The ferry timetable change will hurt the island's commuters most of all."
JSON = {"HTTP_ACCEPT": "application/json"}
# The malware standard as the edition names it, and the check's explanation in its language.
REFUSALS = {
    "ru": ("Никаких ссылок на вредоносные программы", "Этот комментарий содержит ссылку на сайт"),
    "ar": ("لا روابط إلى البرمجيات الخبيثة", "يتضمن هذا التعليق رابطًا إلى موقع معروف"),
}


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


@pytest.mark.parametrize("language", sorted(REFUSALS))
def test_a_refused_comment_names_the_standard_as_its_edition_states_it(
    member_client, article, reader_ana, language
):
    """Refused under the story's Russian or Arabic version: that edition's words and page."""
    community_standards_demo_load(log=lambda _line: None)
    story = edition_article(article, language=language, title="Translated story")
    with translation.override(language):
        url = reverse("comments_post", kwargs={"article_id": story.pk})

    answer = member_client(reader_ana).post(url, {"body": REJECTED, "key": "e" * 32}, **JSON)

    title, explanation = REFUSALS[language]
    feedback = answer.json()["feedback_html"]
    assert answer.json()["outcome"] == "rejected"
    assert f"<strong>{title}</strong>" in feedback
    assert explanation in feedback
    assert f'href="/{language}/comments/standards/#standard-malware"' in feedback
    assert "malware" not in feedback.replace("#standard-malware", "")


def test_the_refusal_is_in_the_articles_edition_whatever_address_it_was_posted_to(
    member_client, article, reader_ana
):
    """Posted without the edition's prefix (no page does): still the Russian standard."""
    community_standards_demo_load(log=lambda _line: None)
    story = edition_article(article, language="ru", title="Translated story")

    response = member_client(reader_ana).post(
        reverse("comments_post", kwargs={"article_id": story.pk}),
        {"body": REJECTED, "key": "f" * 32},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Никаких ссылок на вредоносные программы</strong>" in html
    assert 'href="/ru/comments/standards/#standard-malware"' in html
