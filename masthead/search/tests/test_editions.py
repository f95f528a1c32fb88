"""Each edition searches its own stories with its language's analysis: inflected forms find a
Russian, French, German or Spanish headline, a two-character word finds a Chinese one, and no
edition lists another's stories. The same tests run on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import pytest

from masthead.news.tests.editions import edition_article, edition_locale
from masthead.search.analysis import han_bigrams, marked_terms, terms
from masthead.search.selectors import article_search

pytestmark = pytest.mark.django_db


def found_titles(query: str, language: str) -> list[str]:
    result = article_search(query=query, locale=edition_locale(language), page_number=None)
    return [item["article"].title for item in result["results"]]


@pytest.fixture
def elections(article_factory):
    """The same story about elections in seven editions, and an unrelated one in each."""
    original = article_factory(title="Election day in the city", lede="Polls opened at seven.")
    unrelated = article_factory(title="Harbour reopens", lede="Ships returned to port.")
    stories = {
        "ru": ("Выборы в городе", "Жители идут на участки."),
        "fr": ("Les élections municipales approchent", "Les bureaux ouvrent à sept heures."),
        "de": ("Die Wahlen in der Stadt", "Die Wahllokale öffnen um sieben."),
        "es": ("Las elecciones en la ciudad", "Los colegios abren a las siete."),
        "pt": ("As eleições nas cidades", "As urnas abrem às sete."),
        "ar": ("الانتخابات في المدينة", "تفتح مراكز الاقتراع في السابعة."),
        "zh-hans": ("北京市议会选举今日举行", "投票站七点开门。"),
    }
    others = {
        "ru": "Порт снова открыт",
        "fr": "Le port rouvre",
        "de": "Der Hafen öffnet wieder",
        "es": "El puerto reabre",
        "pt": "O porto reabre",
        "ar": "الميناء يعيد فتح أبوابه",
        "zh-hans": "港口重新开放",
    }
    for language, (title, lede) in stories.items():
        edition_article(original, language=language, title=title, lede=lede)
        edition_article(unrelated, language=language, title=others[language], lede=lede)


def test_each_edition_finds_its_own_stories_by_the_forms_of_its_language(client, elections):
    """Every check below on one set of stories: publishing them in seven editions takes 5 s on
    SQLite and 20 s on a loaded PostgreSQL, once for all instead of once per check."""
    _a_russian_story_is_found_by_an_inflected_form_of_a_headline_word()
    _a_chinese_story_is_found_by_a_two_character_word_inside_its_headline()
    _a_chinese_query_of_several_words_needs_all_of_them()
    _stories_of_the_other_editions_are_found_by_another_form_of_a_word()
    _no_edition_lists_another_editions_stories()
    _wagtails_own_search_finds_a_story_of_any_edition_by_a_word_as_written()
    _the_edition_pages_mark_the_found_forms_and_offer_no_correction(client)


def _a_russian_story_is_found_by_an_inflected_form_of_a_headline_word() -> None:
    """ "выборах" (prepositional) finds the headline "Выборы в городе" (nominative)."""
    assert found_titles("выборах", "ru") == ["Выборы в городе"]
    assert found_titles("городом", "ru") == ["Выборы в городе"]


def _a_chinese_story_is_found_by_a_two_character_word_inside_its_headline() -> None:
    """ "选举" (election), written without spaces inside "北京市议会选举…", finds the story."""
    assert found_titles("选举", "zh-hans") == ["北京市议会选举今日举行"]
    assert found_titles("议会", "zh-hans") == ["北京市议会选举今日举行"]


def _a_chinese_query_of_several_words_needs_all_of_them() -> None:
    """A longer run matches the stories holding every bigram of it, and only those."""
    assert found_titles("市议会选举", "zh-hans") == ["北京市议会选举今日举行"]
    assert found_titles("选举港口", "zh-hans") == []
    assert found_titles("港口", "zh-hans") == ["港口重新开放"]


ANOTHER_FORM_OF_A_HEADLINE_WORD = [
    ("fr", "élection", "Les élections municipales approchent"),
    ("fr", "municipale", "Les élections municipales approchent"),
    ("de", "Wahl", "Die Wahlen in der Stadt"),
    ("es", "elección", "Las elecciones en la ciudad"),
    ("pt", "cidade", "As eleições nas cidades"),
    ("ar", "مدينة", "الانتخابات في المدينة"),
]


def _stories_of_the_other_editions_are_found_by_another_form_of_a_word() -> None:
    """Another form of a headline's word finds it: the singular for the plural in French,
    German, Spanish and Portuguese, "مدينة" (a city) for "المدينة" (the city) in Arabic."""
    for language, query, title in ANOTHER_FORM_OF_A_HEADLINE_WORD:
        assert found_titles(query, language) == [title], (language, query)


def _no_edition_lists_another_editions_stories() -> None:
    """A word shared by every edition ("harbour" is English; the tags are shared) is found in
    each edition's own stories only."""
    english = found_titles("election", "en")
    russian = found_titles("выборы", "ru")

    assert english == ["Election day in the city"]
    assert russian == ["Выборы в городе"]
    assert found_titles("election", "ru") == []
    assert found_titles("выборы", "en") == []
    assert found_titles("选举", "en") == []
    # "harbours" is every story's tag: each edition lists its own two stories.
    for language in ("en", "ru", "fr", "zh-hans"):
        result = article_search(query="harbours", locale=edition_locale(language), page_number=None)
        locales = {item["article"].locale_id for item in result["results"]}
        assert locales == {edition_locale(language).pk}, language
        assert len(result["results"]) == 2, language


def test_a_headline_match_comes_before_a_mention_in_the_text(article_factory):
    """Ranking still puts the story whose headline holds the word first, in another edition
    too (an older headline before a newer mention)."""
    first = article_factory(title="Typhoon batters the coast", hours_ago=48)
    second = article_factory(title="Markets rally", hours_ago=1)
    edition_article(first, language="ru", title="Выборы в городе", lede="Явка высокая.")
    edition_article(
        second, language="ru", title="Рынки растут", lede="После выборов рынки выросли."
    )

    assert found_titles("выборах", "ru") == ["Выборы в городе", "Рынки растут"]


def test_analysis_stems_and_splits_han_runs_into_bigrams():
    """The terms both stacks index: Snowball stems, Han bigrams, lone Han characters."""
    assert terms("Выборы в городе", "ru") == ["выбор", "в", "город"]
    assert terms("выборах", "ru") == ["выбор"]
    assert terms("市议会选举", "zh-hans") == ["市议", "议会", "会选", "选举"]
    assert terms("选 covid疫苗", "zh-hans") == ["选", "covid", "疫苗"]
    assert han_bigrams("选") == ["选"]
    assert terms("Elections", "xx") == ["elections"]
    assert marked_terms("Wahlen 选举", "de") == ["\ue000wahl", "选举"]


def _wagtails_own_search_finds_a_story_of_any_edition_by_a_word_as_written() -> None:
    """The admin's search (Wagtail's query, no edition) still finds the Russian headline's word
    as written and the Chinese two-character word, on both stacks."""
    from masthead.news.models import ArticlePage

    russian = ArticlePage.objects.live().search("выборы")
    chinese = ArticlePage.objects.live().search("选举")

    assert [page.title for page in russian] == ["Выборы в городе"]
    assert [page.title for page in chinese] == ["北京市议会选举今日举行"]


def _the_edition_pages_mark_the_found_forms_and_offer_no_correction(client) -> None:
    """/ru/search/?q=выборах marks "Выборы" by its stem and asks no "did you mean"; the Chinese
    page marks the two characters inside the headline."""
    russian = client.get("/ru/search/", {"q": "выборах"}).content.decode()
    chinese = client.get("/zh-hans/search/", {"q": "选举"}).content.decode()

    assert "<mark>Выборы</mark> в городе" in russian
    assert 'class="search-suggestion"' not in russian
    assert "北京市议会<mark>选举</mark>今日举行" in chinese


def test_a_small_editions_story_is_found_among_many_of_another_edition_sharing_its_word(
    article_factory, monkeypatch
):
    """A word shared by the editions (a name, a tag) in more English stories, older and newer,
    than the search reads: the Russian search still lists the Russian story. The candidates
    were drawn from every edition and filtered by edition afterwards, so the English ones
    took every place."""
    import masthead.search.selectors as selectors

    monkeypatch.setattr(selectors, "MATCH_LIMIT", 3)
    monkeypatch.setattr(selectors, "HEADLINE_CANDIDATES", 2)
    older = [
        article_factory(title=f"Kalovik talks, day {day}", tags=("kalovik",)) for day in (1, 2, 3)
    ]
    edition_article(older[0], language="ru", title="Переговоры в Каловике", lede="Без изменений.")
    for day in (4, 5, 6):
        article_factory(title=f"Kalovik talks, day {day}", tags=("kalovik",))

    assert found_titles("kalovik", "ru") == ["Переговоры в Каловике"]
    assert "Переговоры в Каловике" not in found_titles("kalovik", "en")


def test_an_editions_older_stories_are_in_its_window_of_newest_entries(
    article_factory, monkeypatch
):
    """PostgreSQL reads a common word's matches from a window of the newest index entries.
    The window is cut from the edition's own entries: the Russian stories, all older than the
    English ones, are listed, not cut off by a window of English entries."""
    from django.db import connection

    import masthead.search.selectors as selectors

    if connection.vendor != "postgresql":
        pytest.skip("windows are PostgreSQL's (SQLite reads the newest matches from FTS5)")
    # The planner expects 2 matches and the window is sized for 1: half the span of ids.
    monkeypatch.setattr(selectors, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(selectors, "HEADLINE_RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 1)
    monkeypatch.setattr(selectors, "_branch_rows", lambda plan: (2.0, 2.0))
    first = article_factory(title="Kalovik talks open", tags=("kalovik",))
    edition_article(first, language="ru", title="Переговоры в Каловике", lede="Без изменений.")
    for day in range(1, 7):
        article_factory(title=f"Kalovik talks, day {day}", tags=("kalovik",))

    assert found_titles("kalovik", "ru") == ["Переговоры в Каловике"]
