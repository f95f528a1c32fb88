"""Search reads: live articles of one edition matching a query, best first.

Entry point: `article_search`. On PostgreSQL it queries Wagtail's search index table
(`wagtailsearch_indexentry`) itself, in `_postgres_ranked_ids`; elsewhere (SQLite's FTS5, the
embedded default) it goes through Wagtail's `.search()`. Highlighting lives in `highlight`.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, transaction
from django.http import Http404
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from masthead.news.models import ArticlePage

from .highlight import highlight, query_terms

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# At most this many results are listed (50 pages); past it the page says "More than 500".
RESULT_CAP = 500


def search_words(query: str) -> list[str]:
    """The words of a reader's query, without the quotes and operators full-text engines parse.

    SQLite's FTS5 and PostgreSQL's tsquery both give meaning to punctuation (an unbalanced
    quote is a syntax error in FTS5); readers mean words, so words are all we pass on.
    """
    return re.findall(r"\w+", query[:MAX_QUERY_LENGTH], flags=re.UNICODE)[:MAX_WORDS]


def article_search(*, query: str, locale: Locale, page_number: str | None) -> dict[str, Any]:
    """One page of results with highlighted headlines and ledes; raises Http404 past the end.

    `total` is the number of matches, or RESULT_CAP when `is_total_capped` says there are more.
    """
    articles = (
        ArticlePage.objects.live()
        .filter(locale=locale)
        # What the results list shows and links to (no images).
        .only("id", "title", "lede", "url_path", "path", "depth", "first_published_at")
    )
    words = search_words(query)
    backend = get_search_backend()
    is_total_capped = False
    results: Any
    if not words:
        results = articles.none()
    elif connection.vendor == "postgresql" and hasattr(backend, "config"):
        results, is_total_capped = _postgres_ranked_ids(
            words=words, locale=locale, config=backend.config
        )
    else:
        results = articles.search(" ".join(words), operator="and")
        if results.count() > RESULT_CAP:  # the same cap as on PostgreSQL
            results, is_total_capped = results[:RESULT_CAP], True
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("no such results page") from error
    found = list(page.object_list)
    if found and isinstance(found[0], int):  # ranked ids from PostgreSQL
        by_id = articles.in_bulk(found)
        found = [by_id[pk] for pk in found if pk in by_id]
    terms = query_terms(query)
    return {
        "page": page,
        "results": [
            {
                "article": article,
                "headline": highlight(article.title, terms),
                "lede": highlight(article.lede, terms),
            }
            for article in found
        ],
        "total": paginator.count,
        "is_total_capped": is_total_capped,
    }


# Wagtail's default query ANDs the words and ranks *every* match on `title || body`, an
# expression none of the index table's GIN indexes covers: a sequential scan of the whole table,
# a rank for each match and a count of them all, seconds at 100,000 articles. Here instead:
#   * matches are `title @@ q OR body @@ q`, which PostgreSQL answers from the two GIN indexes
#     (a BitmapOr) without reading the compressed, out-of-line bodies;
#   * results are ordered by their headline's rank (Wagtail's weights and title normalisation),
#     then newest first. A headline match outranks a body-only one anyway (weight A against D:
#     a title rank of about 0.6 against a body rank under 0.01), and ranking the bodies meant
#     reading each candidate's body from TOAST, four pages or so each: most of the time a
#     search took at 100,000 articles. Among mere mentions, the newest come first;
#   * what remains costs a heap page per candidate, so candidates are bounded with the
#     planner's estimates of how many entries match and how many headlines do:
#       - body or headline matches: all of them when the planner expects at most
#         RANK_ALL_LIMIT, otherwise those in a window of the newest index entries sized to
#         hold about RANK_WINDOW of them;
#       - headline matches: the best HEADLINE_CANDIDATES of any age when the planner expects
#         at most HEADLINE_RANK_ALL_LIMIT headlines to hold the words, otherwise of a window
#         sized to hold about that many;
#     and no more than MATCH_LIMIT matches are read, whatever the planner guessed;
#   * the ranked list is all that is listed, at most RESULT_CAP; when more matched, the page
#     says "More than <number listed> results".
RANK_ALL_LIMIT = 400
RANK_WINDOW = 200
HEADLINE_CANDIDATES = 100
HEADLINE_RANK_ALL_LIMIT = 200
MATCH_LIMIT = 2 * RANK_ALL_LIMIT

_MATCH = "(e.title @@ {tsquery} OR e.body @@ {tsquery})"
_TITLE_RANK = "ts_rank(%(weights)s::real[], e.title, {tsquery}) * e.title_norm"
# Two estimates in one plan: every match, then headline matches (the Append's children).
_POSTGRES_ESTIMATES = (
    "SELECT 1 FROM {entry} e WHERE e.content_type_id = ANY(%(types)s) AND "
    + _MATCH
    + " UNION ALL SELECT 1 FROM {entry} e WHERE e.content_type_id = ANY(%(types)s)"
    " AND e.title @@ {tsquery}"
)
_COLUMNS = "e.id, e.object_id, e.title, e.title_norm"
_POSTGRES_SEARCH = (
    """
WITH matches AS (
    (SELECT """
    + _COLUMNS
    + """ FROM {entry} e
    WHERE e.content_type_id = ANY(%(types)s) AND e.id >= %(floor)s AND """
    + _MATCH
    + """
    LIMIT %(match_limit)s)
    UNION ALL
    (SELECT """
    + _COLUMNS
    + """ FROM {entry} e
    WHERE e.content_type_id = ANY(%(types)s) AND e.id >= %(headline_floor)s
        AND e.title @@ {tsquery}
    ORDER BY """
    + _TITLE_RANK
    + """ DESC, e.id DESC
    LIMIT %(headlines)s)
)
SELECT e.object_id::integer
FROM (SELECT DISTINCT ON (id) * FROM matches) e
ORDER BY """
    + _TITLE_RANK
    + """ DESC, e.id DESC
"""
)


_PLANNER_SETTINGS = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "max_parallel_workers_per_gather": "0",
}


def _branch_rows(plan: dict[str, Any]) -> tuple[float, float]:
    """The planner's row estimates for the two branches of `_POSTGRES_ESTIMATES`."""
    while plan["Node Type"] != "Append" and len(plan.get("Plans", ())) == 1:
        plan = plan["Plans"][0]
    first, second = (branch["Plan Rows"] for branch in plan["Plans"])
    return first, second


def _window_floor(*, oldest: int, newest: int, estimate: float, size: int) -> int:
    """The smallest entry id of a window of the newest entries expected to hold `size` matches.

    Ids are dense enough for their span to stand for the number of entries.
    """
    return int(newest - size * (newest - oldest + 1) // max(estimate, 1))


def _postgres_ranked_ids(
    *, words: list[str], locale: Locale, config: str | None
) -> tuple[list[int], bool]:
    """Ids of matching live articles of the edition, best first, and whether more matched."""
    from modelsearch.backends.database.postgres.weights import get_sql_weights
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    names = {
        "page": connection.ops.quote_name(Page._meta.db_table),
        "entry": connection.ops.quote_name(IndexEntry._meta.db_table),
        # plainto_tsquery: the words ANDed, stemmed and stop words dropped with the index's own
        # configuration, as Wagtail's query does; repeated inline (not a CTE) so the planner
        # sees the lexemes and can tell a common word from a rare one.
        "tsquery": (
            "plainto_tsquery(%(config)s::regconfig, %(text)s)"
            if config
            else "plainto_tsquery(%(text)s)"  # the server's default_text_search_config
        ),
    }
    params = {
        "types": get_descendants_content_types_pks(ArticlePage),
        "locale": locale.pk,
        "headlines": HEADLINE_CANDIDATES,
        "match_limit": MATCH_LIMIT,
        "weights": get_sql_weights(),
        "config": config,
        "text": " ".join(words),
    }
    is_nested = connection.in_atomic_block
    with connection.cursor() as cursor, transaction.atomic():
        # The planner does not charge for decompressing the out-of-line body that a sequential
        # or b-tree scan must test `@@` on, so it may prefer one to the GIN bitmaps, which
        # never need it: this transaction gets only bitmaps, and no parallel workers (a few
        # hundred rows are not worth them). The settings are local to the transaction, put
        # back by hand when it is an outer one. The same round trip reads the span of entry
        # ids the windows are cut from.
        cursor.execute(
            "SELECT "
            + ", ".join(f"current_setting('{name}')" for name in _PLANNER_SETTINGS)
            + ", "
            + ", ".join(
                f"set_config('{name}', '{value}', true)"
                for name, value in _PLANNER_SETTINGS.items()
            )
            + f", (SELECT min(id) FROM {names['entry']}), (SELECT max(id) FROM {names['entry']})"
        )
        row = cursor.fetchone()
        saved = row[: len(_PLANNER_SETTINGS)]
        span = {"oldest": row[-2] or 0, "newest": row[-1] or 0}
        cursor.execute("EXPLAIN (FORMAT JSON) " + _POSTGRES_ESTIMATES.format(**names), params)
        estimate, headline_estimate = _branch_rows(cursor.fetchone()[0][0]["Plan"])
        is_windowed = estimate > RANK_ALL_LIMIT
        params["floor"] = (
            _window_floor(**span, estimate=estimate, size=RANK_WINDOW) if is_windowed else 0
        )
        params["headline_floor"] = (
            _window_floor(**span, estimate=headline_estimate, size=HEADLINE_RANK_ALL_LIMIT)
            if headline_estimate > HEADLINE_RANK_ALL_LIMIT
            else 0
        )
        cursor.execute(_POSTGRES_SEARCH.format(**names), params)
        ranked = [row[0] for row in cursor.fetchall()]
        if is_nested:
            cursor.execute(
                "SELECT "
                + ", ".join(f"set_config('{name}', %s, true)" for name in _PLANNER_SETTINGS),
                list(saved),
            )
    with connection.cursor() as cursor:
        is_truncated = len(ranked) >= MATCH_LIMIT
        # Live articles of the edition: by primary key, cheaper than inside the ranking query.
        cursor.execute(
            f"SELECT id FROM {names['page']} WHERE id = ANY(%s) AND live AND locale_id = %s",
            [ranked, locale.pk],
        )
        kept = {row[0] for row in cursor.fetchall()}
    ids = [pk for pk in ranked if pk in kept]
    return ids[:RESULT_CAP], is_windowed or is_truncated or len(ids) > RESULT_CAP
