"""The community standards page: one entry per standard, in the reader's edition, linkable."""

from __future__ import annotations

import pytest
from django.conf import settings

from masthead.comments.demo import community_standards_demo_load
from masthead.comments.demo.standards import STANDARDS
from masthead.comments.models import STANDARD_CHOICES, CommunityStandard

pytestmark = pytest.mark.django_db
EVERY_EDITION = [code for code, _name in settings.LANGUAGES]
# One standard's title as each edition's readers read it (the malware standard).
MALWARE_TITLE = {
    "en": "No links to malware",
    "fr": "Aucun lien malveillant",
    "es": "Ningún enlace a software malicioso",
    "ru": "Никаких ссылок на вредоносные программы",
    "de": "Keine Links zu Schadsoftware",
    "pt": "Nenhuma ligação maliciosa",
    "ar": "لا روابط إلى البرمجيات الخبيثة",
    "zh-hans": "禁止恶意软件链接",
}


def standards_url(language: str) -> str:
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return f"{prefix}/comments/standards/"


def test_the_demo_writes_every_standard_in_every_editions_language():
    """Each standard the engine enforces, once per edition; loading again adds nothing."""
    community_standards_demo_load(log=lambda _line: None)
    assert community_standards_demo_load(log=lambda _line: None) == 0

    enforced = {code for code, _label in STANDARD_CHOICES}
    assert set(STANDARDS) == set(EVERY_EDITION)
    for language in EVERY_EDITION:
        written = CommunityStandard.objects.filter(locale__language_code=language)
        assert set(written.values_list("code", flat=True)) == enforced, language


def test_the_demo_standards_are_translations_of_one_another():
    """One translation key per standard, shared by its versions, in the same order everywhere."""
    community_standards_demo_load(log=lambda _line: None)

    for code, _label in STANDARD_CHOICES:
        versions = CommunityStandard.objects.filter(code=code)
        assert versions.count() == len(EVERY_EDITION)
        assert len({(s.translation_key, s.sort_order) for s in versions}) == 1, code


def test_a_site_seeded_in_two_languages_gets_the_others_and_keeps_its_own(
    django_assert_max_num_queries,
):
    """Languages that have standards are left as editors made them; the rest are added."""
    community_standards_demo_load(log=lambda _line: None)
    CommunityStandard.objects.exclude(locale__language_code__in=["en", "fr"]).delete()
    CommunityStandard.objects.filter(locale__language_code="fr", code="spam").delete()

    with django_assert_max_num_queries(4):
        added = community_standards_demo_load(log=lambda _line: None)

    assert added == len(STANDARD_CHOICES) * (len(EVERY_EDITION) - 2)
    assert not CommunityStandard.objects.filter(locale__language_code="fr", code="spam").exists()
    russian = CommunityStandard.objects.get(locale__language_code="ru", code="spam")
    english = CommunityStandard.objects.get(locale__language_code="en", code="spam")
    assert russian.translation_key == english.translation_key


def test_the_page_lists_the_standards_with_an_anchor_each(client):
    """English page: titles, summaries and `#standard-<code>` anchors rejection messages use."""
    community_standards_demo_load(log=lambda _line: None)

    html = client.get("/comments/standards/").content.decode()

    assert "Community standards" in html
    assert 'id="standard-malware"' in html
    assert "No links to malware" in html


@pytest.mark.parametrize("language", EVERY_EDITION)
def test_each_edition_reads_the_standards_in_its_own_language(client, language):
    """Under the edition's prefix: its language on the page and in every standard."""
    community_standards_demo_load(log=lambda _line: None)

    html = client.get(standards_url(language)).content.decode()

    assert f'<html lang="{language}"' in html
    assert MALWARE_TITLE[language] in html
    assert html.count('class="standard"') == len(STANDARD_CHOICES)
    assert ' lang="' not in html.split("<main", 1)[1].split("</main>", 1)[0]
    if language != "en":
        assert MALWARE_TITLE["en"] not in html


def test_a_missing_translation_falls_back_to_english_marked_as_english(client):
    """A standard not yet translated still appears, in English, with its own `lang` and `dir`."""
    community_standards_demo_load(log=lambda _line: None)
    CommunityStandard.objects.filter(locale__language_code="ar", code="spam").delete()

    html = client.get("/ar/comments/standards/").content.decode()

    assert '<html lang="ar" dir="rtl"' in html
    assert (
        '<section class="standard" id="standard-spam" aria-labelledby="standard-spam-title" '
        'lang="en" dir="ltr">'
    ) in html
    assert "No spam or get-rich-quick schemes" in html


def test_the_page_reads_the_standards_in_one_query(client, django_assert_num_queries):
    """The edition's standards and the default language's, each with its locale, together."""
    community_standards_demo_load(log=lambda _line: None)
    from masthead.comments import selectors

    with django_assert_num_queries(1):
        standards = selectors.community_standards(language="de")
        assert {s.locale.language_code for s in standards} == {"de"}
