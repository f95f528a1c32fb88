"""Search forgives: misspelt words find the intended stories, writers and tags are searchable,
"did you mean" links to the corrected query, and an empty result offers a way on."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from masthead.news.models import Author
from masthead.search import selectors, services
from masthead.search.models import SearchTerm
from masthead.search.selectors import article_search, query_correction

pytestmark = pytest.mark.django_db

TYPHOON = "Tens of thousands evacuated as Typhoon Marisol nears the central Philippines"
GLACIER = "Swiss glacier lost a record four metres of thickness in a single summer"
MARKETS = "Markets rally as shares rise"


@pytest.fixture
def newsroom(article_factory):
    """Three stories, and the vocabulary recounted from the index as the daily job does."""
    article_factory(title=TYPHOON, lede="Ferries were suspended across the region.")
    article_factory(title=GLACIER, lede="The ice thinned by four metres.", tags=("climate",))
    article_factory(title=MARKETS, lede="Investors were cheered.")
    services.search_terms_rebuild()


def found_titles(query: str) -> list[str]:
    result = article_search(query=query, locale=Locale.get_default(), page_number=None)
    return [item["article"].title for item in result["results"]]


@pytest.mark.parametrize(
    ("misspelt", "meant"),
    [("typhon", TYPHOON), ("Philipines", TYPHOON), ("glaicer", GLACIER), ("glacier swis", GLACIER)],
)
def test_a_misspelt_word_finds_the_intended_story(newsroom, misspelt, meant):
    """ "typhon", "Philipines" and "glaicer" find the typhoon and glacier stories."""
    assert found_titles(misspelt) == [meant]


def test_a_misspelt_query_page_offers_the_corrected_query_as_a_link(client, newsroom):
    """The page says there was nothing for "typhon" and links "Did you mean typhoon?"."""
    html = client.get("/search/", {"q": "typhon"}).content.decode()

    assert "No results for “typhon”." in html
    assert 'Did you mean <a href="?q=typhoon" rel="nofollow"><strong>typhoon</strong></a>?' in html
    assert "1 result for “typhoon”" in html
    assert "<mark>Typhoon</mark> Marisol" in html


def test_a_correctly_spelt_query_gets_no_suggestion(newsroom):
    """Words the index holds are never "corrected"."""
    result = article_search(query="glacier", locale=Locale.get_default(), page_number=None)

    assert (result["suggestion"], result["is_corrected"]) == ("", False)
    assert query_correction(["Typhoon", "2024", "of"]) is None


def test_a_word_far_from_every_indexed_word_gets_no_suggestion(newsroom):
    """Gibberish is not turned into some unrelated word."""
    assert query_correction(["zqxjkv"]) is None


def test_an_authors_name_finds_their_stories(article_factory):
    """Searching a writer's name lists the stories they wrote, and only those."""
    lee = Author.objects.create(name="Lee Okonkwo", slug="lee-okonkwo")
    article_factory(title="Harbour reopens", authors=(lee,))
    article_factory(title="Markets rally")

    assert found_titles("Okonkwo") == ["Harbour reopens"]
    assert found_titles("lee okonkwo") == ["Harbour reopens"]


def test_a_tag_name_finds_its_stories(article_factory):
    """A story is found by one of its tags even when its text never uses the word."""
    article_factory(title="Harbour reopens", tags=("volcanoes",))
    article_factory(title="Markets rally", tags=("economy",))

    assert found_titles("volcanoes") == ["Harbour reopens"]


def test_an_empty_result_offers_the_latest_news_and_the_sections(client, article_factory):
    """No match at all: the page says so and lists the newest stories and the sections."""
    article_factory(title="Harbour reopens after the storm")

    html = client.get("/search/", {"q": "zqxjkv"}).content.decode()

    assert "No articles match “zqxjkv”." in html
    assert "Latest news" in html
    assert "Harbour reopens after the storm" in html
    assert 'href="/world/"' in html
    assert "Did you mean" not in html


def test_publishing_teaches_the_vocabulary_the_storys_words(
    article_factory, django_capture_on_commit_callbacks
):
    """Once a story is published, its words (headline, text, tags, writers) can be suggested."""
    lee = Author.objects.create(name="Lee Okonkwo", slug="lee-okonkwo")
    with django_capture_on_commit_callbacks(execute=True):
        article_factory(title="Avalanche warning raised", tags=("mountains",), authors=(lee,))

    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert {"avalanche", "warning", "mountains", "okonkwo", "ships"} <= words
    assert query_correction(["avalanhce"]) == ["avalanche"]


def test_rebuilding_counts_the_documents_holding_each_word(article_factory):
    """The recount replaces the vocabulary with the index's words and how many stories hold them."""
    SearchTerm.objects.create(word="stale", documents=9)
    article_factory(title="Harbour reopens")
    article_factory(title="Harbour closes")

    services.search_terms_rebuild()

    counts = dict(SearchTerm.objects.values_list("word", "documents"))
    assert counts["harbour"] == 2
    assert counts["reopens"] == 1
    assert "stale" not in counts


def test_the_vocabulary_leaves_out_runs_of_chinese_characters(
    article_factory, django_capture_on_commit_callbacks
):
    """Chinese is written without spaces: a "word" of it is a whole clause, nearly every one
    unique (100,000 Chinese stories made millions of them, and seeding spent minutes writing
    them). No reader misspells a clause; the index finds Chinese by its bigrams."""
    from masthead.news.tests.editions import edition_article

    with django_capture_on_commit_callbacks(execute=True):
        original = article_factory(title="Election day in the city")
        edition_article(
            original, language="zh-hans", title="北京市议会选举今日举行", lede="投票站七点开门。"
        )

    learnt = set(SearchTerm.objects.values_list("word", flat=True))
    services.search_terms_rebuild()
    rebuilt = set(SearchTerm.objects.values_list("word", flat=True))

    for words in (learnt, rebuilt):
        assert "election" in words
        assert not [word for word in words if "选举" in word or "投票" in word]


def test_the_in_memory_vocabulary_is_refreshed_after_the_vocabulary_changes(newsroom):
    """A word added to the vocabulary can be suggested at once in this process."""
    assert query_correction(["avalanhce"]) is None
    SearchTerm.objects.create(word="avalanche", documents=1)
    selectors.vocabulary_forget()

    assert query_correction(["avalanhce"]) == ["avalanche"]


def test_the_page_title_names_the_query_and_nothing_else(client, newsroom):
    """The results are in the page, not in its <title>."""
    html = client.get("/search/", {"q": "typhon"}).content.decode()

    assert "<title>Search: typhon | " in html
