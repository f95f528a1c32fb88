"""The search page: highlighted results per edition, escaped input, clean 404s past the end."""

from __future__ import annotations

import pytest

from masthead.news.tests.editions import french_article
from masthead.search.selectors import RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


def test_search_finds_articles_and_marks_the_searched_words(client, article_factory):
    """Searching "typhoon" lists the typhoon story with the word in <mark>."""
    article_factory(title="Typhoon batters the coast", lede="Winds reached record speeds.")
    article_factory(title="Markets rally", lede="Shares rose on Monday.")

    response = client.get("/search/", {"q": "typhoon"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Typhoon</mark> batters the coast" in html
    assert "Markets rally" not in html


def test_search_escapes_the_query_everywhere_it_is_shown(client, article_factory):
    """A query carrying a script tag is printed as text, never as markup."""
    article_factory(title="Typhoon batters the coast")

    response = client.get("/search/", {"q": "<script>alert(1)</script> typhoon"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_highlight_never_unescapes_a_headline(client, article_factory):
    """A headline containing markup stays escaped, even when a searched word is "lt"."""
    article_factory(title="Typhoon <b>season</b> opens", lede="Typhoon lt & gt")

    html = client.get("/search/", {"q": "typhoon lt"}).content.decode()

    assert "<b>season</b>" not in html
    assert "<mark>Typhoon</mark> &lt;b&gt;season&lt;/b&gt; opens" in html
    assert "<mark>Typhoon</mark> <mark>lt</mark> &amp; gt" in html


def test_empty_search_shows_the_form_without_results(client, home):
    """/search/ with no words shows the form and no result list."""
    for query in ("", "?q=", "?q=%20%20"):
        response = client.get(f"/search/{query}")

        html = response.content.decode()
        assert response.status_code == 200
        assert 'name="q"' in html
        assert "search-results" not in html


@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc", "1.5", "%00"])
def test_search_page_past_the_end_or_not_a_number_is_a_404(client, article_factory, page):
    """A results page that does not exist is a clean 404, never a 500."""
    article_factory(title="Typhoon batters the coast")

    response = client.get(f"/search/?q=typhoon&page={page}")

    assert response.status_code == 404


def test_search_pages_through_many_results(client, article_factory):
    """With more results than a page holds, page 2 exists and links back to page 1."""
    for number in range(RESULTS_PER_PAGE + 2):
        article_factory(title=f"Typhoon report {number}", hours_ago=number + 1)

    first = client.get("/search/", {"q": "typhoon"}).content.decode()
    second = client.get("/search/", {"q": "typhoon", "page": "2"})

    assert 'rel="next"' in first
    assert second.status_code == 200
    assert second.content.decode().count("<mark>Typhoon</mark>") == 2


def test_french_search_finds_french_articles_only(client, article_factory):
    """/fr/search/ searches the French edition: the English original is not listed."""
    article = article_factory(title="Harbour reopens", lede="Ships returned to port.")
    french_article(article, title="Le port rouvre", lede="Les navires sont revenus.")

    french = client.get("/fr/search/", {"q": "port"}).content.decode()
    english = client.get("/search/", {"q": "harbour"}).content.decode()

    assert "Le <mark>port</mark> rouvre" in french
    assert "Harbour reopens" not in french
    assert "<mark>Harbour</mark> reopens" in english
    assert "Le port rouvre" not in english


def test_search_with_odd_input_never_fails(client, article_factory):
    """Punctuation, operators and very long queries give a page, not a 500."""
    article_factory(title="Typhoon batters the coast")

    for query in ['"', "AND OR NOT", "*", "typhoon -coast", "(", "x" * 5000, "é' OR 1=1 --"]:
        assert client.get("/search/", {"q": query}).status_code == 200, query
