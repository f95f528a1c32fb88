"""Search reads: every word must match, headlines rank first, and the total stops at a cap."""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.models import Locale

from masthead.search import selectors
from masthead.search.selectors import article_search

pytestmark = pytest.mark.django_db

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL ranking; modelsearch's SQLite bm25() weighs headline and text alike",
)


def found_titles(query: str) -> list[str]:
    result = article_search(query=query, locale=Locale.get_default(), page_number=None)
    return [item["article"].title for item in result["results"]]


@on_postgresql_only
def test_search_lists_a_headline_match_before_a_newer_mention_in_the_text(article_factory):
    """An older story about a typhoon comes before a newer one that only mentions it."""
    article_factory(title="Typhoon batters the coast", hours_ago=48)
    article_factory(title="Markets rally", lede="Shares rose despite the typhoon.", hours_ago=1)

    assert found_titles("typhoon") == ["Typhoon batters the coast", "Markets rally"]


@on_postgresql_only
def test_search_lists_mere_mentions_newest_first(article_factory):
    """Stories that only mention the word come newest first, however often each mentions it."""
    article_factory(
        title="Storm season review", lede="Typhoon after typhoon, typhoon again.", hours_ago=30
    )
    article_factory(title="Markets rally", lede="Shares rose despite the typhoon.", hours_ago=2)

    assert found_titles("typhoon") == ["Markets rally", "Storm season review"]


def test_search_lists_only_articles_holding_every_word(article_factory):
    """ "typhoon coast" finds the story with both words, not the one with only one."""
    article_factory(title="Typhoon batters the coast")
    article_factory(title="Typhoon season opens inland")

    assert found_titles("typhoon coast") == ["Typhoon batters the coast"]


def test_search_leaves_out_unpublished_articles(article_factory):
    """An article taken down is no longer found."""
    article = article_factory(title="Typhoon batters the coast")
    article.unpublish()

    assert found_titles("typhoon") == []


def test_search_counts_past_the_cap_as_more_than_the_cap(client, article_factory, monkeypatch):
    """With more matches than the cap, the cap's worth is listed and the page says "More than"."""
    monkeypatch.setattr(selectors, "RESULT_CAP", 3)
    for number in range(5):
        article_factory(title=f"Typhoon report {number}", hours_ago=number + 1)

    result = article_search(query="typhoon", locale=Locale.get_default(), page_number=None)
    html = client.get("/search/", {"q": "typhoon"}).content.decode()

    assert result["total"] == 3
    assert result["is_total_capped"] is True
    assert len(result["results"]) == 3
    assert "More than 3 results for “typhoon”" in html


def test_search_gives_the_exact_count_under_the_cap(article_factory):
    """Under the cap, the total is the number of matches."""
    for number in range(2):
        article_factory(title=f"Typhoon report {number}")

    result = article_search(query="typhoon", locale=Locale.get_default(), page_number=None)

    assert (result["total"], result["is_total_capped"]) == (2, False)


@on_postgresql_only
def test_search_of_a_common_word_ranks_the_newest_matches_and_every_headline_match(
    article_factory, monkeypatch
):
    """For a word the planner expects everywhere, the newest matches and old headline
    matches are ranked; the total says there are more."""
    monkeypatch.setattr(selectors, "RANK_ALL_LIMIT", 0)  # every word counts as common
    monkeypatch.setattr(selectors, "RANK_WINDOW", 1)
    article_factory(title="Typhoon batters the coast", hours_ago=90)
    for number in range(6):
        article_factory(title=f"Markets rally {number}", lede="Despite the typhoon.")

    titles = found_titles("typhoon")
    result = article_search(query="typhoon", locale=Locale.get_default(), page_number=None)

    assert titles[0] == "Typhoon batters the coast"
    assert "Markets rally 5" in titles
    assert result["is_total_capped"] is True


@on_postgresql_only
def test_search_puts_the_planner_settings_back(article_factory):
    """The bitmap-only planner settings last for the ranking query alone."""
    article_factory(title="Typhoon batters the coast")

    found_titles("typhoon")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        )
        assert cursor.fetchone() == ("on", "on")


@on_postgresql_only
def test_search_of_a_word_in_many_headlines_ranks_the_newest_headline_matches(
    article_factory, monkeypatch
):
    """For a word the planner expects in many articles and headlines, the old headline matches
    give way to the newest ones (here windows so small they hold the newest entry alone)."""
    monkeypatch.setattr(selectors, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 0)
    monkeypatch.setattr(selectors, "HEADLINE_RANK_ALL_LIMIT", 0)
    article_factory(title="Typhoon batters the coast", hours_ago=90)
    for number in range(6):
        article_factory(title=f"Markets rally {number}", lede="Despite the typhoon.")
    article_factory(title="Typhoon season ends")

    assert found_titles("typhoon") == ["Typhoon season ends"]


@on_postgresql_only
def test_search_index_gin_indexes_keep_no_pending_list():
    """Every GIN index of the search index takes entries at once (fastupdate off)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam"
            " WHERE i.indrelid = 'wagtailsearch_indexentry'::regclass AND a.amname = 'gin'"
        )
        options = dict(cursor.fetchall())

    assert options
    assert all("fastupdate=off" in (value or []) for value in options.values()), options


def test_branch_rows_reads_both_estimates_through_a_wrapping_node():
    """The two estimates are read from the Append, also when a node wraps it."""
    append = {"Node Type": "Append", "Plans": [{"Plan Rows": 900}, {"Plan Rows": 40}]}

    assert selectors._branch_rows(append) == (900, 40)
    assert selectors._branch_rows({"Node Type": "Gather", "Plans": [append]}) == (900, 40)
