"""Search reads: live articles of one edition matching a query, best first; spelling help.

Entry points: `article_search` (one page of results, with "did you mean" when a word is not
in the index) and `search_fallback` (what an empty result offers instead: the latest news and
the sections). Both backends rank alike: headline matches first by their headline's rank,
then mere mentions newest first, with a bounded count ("More than 500 results"):
PostgreSQL queries Wagtail's index table itself (`_postgres_ranked_ids`), SQLite its FTS5
table (`_sqlite_ranked_ids`), both asking for the edition's term beside the words
(`analysis.edition_term`), so that the candidates ranked and counted are the edition's own.
Spelling suggestions come from the vocabulary (`models.SearchTerm`): pg_trgm on PostgreSQL,
rapidfuzz over the commonest words in memory elsewhere (`query_correction`). Highlighting
lives in `highlight`; writes in `services`.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, transaction
from django.http import Http404
from rapidfuzz import process
from rapidfuzz.distance import OSA
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from masthead.news.models import ArticlePage, SectionPage

from .analysis import (
    HAN_CHARACTERS,
    edition_lexeme,
    edition_term,
    han_spaced,
    language_analysis,
    marked_terms,
)
from .analysis import terms as analysis_terms
from .highlight import highlight, query_terms
from .models import SearchTerm

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# At most this many results are listed (50 pages); past it the page says "More than 500".
RESULT_CAP = 500
FALLBACK_SIZE = 6


def search_words(query: str) -> list[str]:
    """The words of a reader's query, without the quotes and operators full-text engines parse.

    SQLite's FTS5 and PostgreSQL's tsquery both give meaning to punctuation (an unbalanced
    quote is a syntax error in FTS5); readers mean words, so words are all we pass on.
    """
    return re.findall(r"\w+", query[:MAX_QUERY_LENGTH], flags=re.UNICODE)[:MAX_WORDS]


def _ranked_ids(*, words: list[str], locale: Locale) -> tuple[list[int], bool]:
    """The edition's matches, analysed as the index analysed its stories (`analysis`)."""
    if not words:
        return [], False
    backend = get_search_backend()
    if connection.vendor == "postgresql" and hasattr(backend, "config"):
        return _postgres_ranked_ids(
            words=[han_spaced(word) for word in words],
            locale=locale,
            config=language_analysis(locale.language_code).postgres_config,
        )
    marked = list(dict.fromkeys(marked_terms(" ".join(words), locale.language_code)))
    if not marked:
        return [], False
    return _sqlite_ranked_ids(words=marked, locale=locale)


def article_search(*, query: str, locale: Locale, page_number: str | None) -> dict[str, Any]:
    """One page of results with highlighted headlines and ledes; raises Http404 past the end.

    `total` is the number of matches, or RESULT_CAP when `is_total_capped` says there are more.
    `suggestion` is the query with its unknown words corrected ("" when there is none), offered
    only when the query found nothing: every word of a query that found something matched the
    index, if in another form ("выборах" for "Выборы"), and the results are then the
    suggestion's (`is_corrected`) when it finds some.
    """
    words = search_words(query)
    ids, is_total_capped = _ranked_ids(words=words, locale=locale)
    correction = None if ids else query_correction(words)
    shown_words, is_corrected = words, False
    if correction and not ids:
        corrected_ids, corrected_capped = _ranked_ids(words=correction, locale=locale)
        if corrected_ids:
            ids, is_total_capped = corrected_ids, corrected_capped
            shown_words, is_corrected = correction, True
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("no such results page") from error
    by_id = (
        ArticlePage.objects.live()
        .filter(locale=locale)
        # What the results list shows and links to (no images).
        .only("id", "title", "lede", "url_path", "path", "depth", "first_published_at")
        .in_bulk(list(page.object_list))
    )
    # The words as typed and their analysed forms: "выборах" marks "Выборы" by its stem.
    shown = " ".join(shown_words)
    terms = query_terms(shown + " " + " ".join(analysis_terms(shown, locale.language_code)))
    return {
        "page": page,
        "results": [
            {
                "article": article,
                "headline": highlight(article.title, terms),
                "lede": highlight(article.lede, terms),
            }
            for article in (by_id[pk] for pk in page.object_list if pk in by_id)
        ],
        "total": paginator.count,
        "is_total_capped": is_total_capped,
        "suggestion": " ".join(correction or []),
        "is_corrected": is_corrected,
    }


FALLBACK_SECONDS = 30


def search_fallback(*, locale: Locale) -> dict[str, Any]:
    """What a search that found nothing offers instead: the latest news and the sections.

    Kept in the process-local cache for FALLBACK_SECONDS, as the page shell keeps the
    navigation (`news_tags`): the newest stories of a large edition cost a sort of all its
    articles on SQLite, and readers who find nothing should not each pay for it.
    """
    from masthead.news.selectors import articles_live

    key = f"search:fallback:{locale.pk}"
    cache = caches["local"]
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        home = Page.objects.filter(depth=2, locale=locale).live().order_by("path").first()
        sections = (
            SectionPage.objects.live().child_of(home).order_by("path")
            if home
            else SectionPage.objects.none()
        )
        found = {
            "latest": [
                {
                    "title": article.title,
                    "url": article.url,
                    "published": article.first_published_at,
                }
                for article in articles_live(locale=locale)[:FALLBACK_SIZE]
            ],
            "sections": [{"title": section.title, "url": section.url} for section in sections],
        }
        cache.set(key, found, FALLBACK_SECONDS)
    return found


# --- Spelling: "did you mean" -------------------------------------------------------------

SUGGESTIBLE = re.compile(rf"[^\W\d_{HAN_CHARACTERS}]{{3,40}}")  # as the vocabulary's words
MAX_CORRECTED_WORDS = 4
# The closest words pg_trgm returns for a misspelt one, re-ranked by edit distance here.
TRIGRAM_CANDIDATES = 20
# The in-memory vocabulary (SQLite): the commonest words, refreshed every few minutes.
VOCABULARY_SIZE = 60_000
VOCABULARY_SECONDS = 300


def _max_distance(word: str) -> int:
    """Edits allowed (insert, delete, replace, swap two neighbours): one in a short word."""
    return 1 if len(word) <= 4 else 2


def query_correction(words: list[str]) -> list[str] | None:
    """The query's words with those missing from the index replaced by the nearest indexed word.

    None when every word is known, or no unknown word has a near neighbour. Words with digits,
    and words of one or two letters, are left as they are.
    """
    lowered = [word.lower() for word in words]
    suggestible = [word for word in lowered if SUGGESTIBLE.fullmatch(word)]
    if not suggestible:
        return None
    known = set(SearchTerm.objects.filter(word__in=suggestible).values_list("word", flat=True))
    unknown = [word for word in dict.fromkeys(suggestible) if word not in known]
    fixes = {}
    for word in unknown[:MAX_CORRECTED_WORDS]:
        nearest = _nearest_word(word)
        if nearest and nearest != word:
            fixes[word] = nearest
    if not fixes:
        return None
    return [fixes.get(word, word) for word in lowered]


def _best(word: str, candidates: list[tuple[str, int]]) -> str | None:
    """The candidate fewest edits away (within the allowance), the commonest among equals."""
    allowed = _max_distance(word)
    scored = [
        (OSA.distance(word, candidate, score_cutoff=allowed), -documents, candidate)
        for candidate, documents in candidates
    ]
    scored = [entry for entry in scored if entry[0] <= allowed]
    return min(scored)[2] if scored else None


def _nearest_word(word: str) -> str | None:
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        with connection.cursor() as cursor:
            # `%%` is pg_trgm's similarity operator (threshold pg_trgm.similarity_threshold,
            # 0.3), answered from the trigram index.
            cursor.execute(
                f"SELECT word, documents FROM {table} WHERE word %% %s"
                " ORDER BY similarity(word, %s) DESC, documents DESC LIMIT %s",
                [word, word, TRIGRAM_CANDIDATES],
            )
            rows = cursor.fetchall()
        return _best(word, [(str(found), int(count)) for found, count in rows])
    allowed = _max_distance(word)
    candidates: list[tuple[str, int]] = []
    by_length = _vocabulary()
    for length in range(len(word) - allowed, len(word) + allowed + 1):
        known, counts = by_length.get(length, ([], []))
        for found, _distance, position in process.extract(
            word, known, scorer=OSA.distance, score_cutoff=allowed, limit=TRIGRAM_CANDIDATES
        ):
            candidates.append((found, counts[position]))
    return _best(word, candidates)


_vocabulary_lock = threading.Lock()
_vocabulary_copy: tuple[float, dict[int, tuple[list[str], list[int]]]] | None = None


def _vocabulary() -> dict[int, tuple[list[str], list[int]]]:
    """{length: (words, their document counts)} of the commonest words, kept in this process.

    Held in a module variable, not the local cache: Django's local-memory cache pickles what
    it keeps, and copying tens of thousands of words on every search costs more than matching.
    """
    global _vocabulary_copy
    with _vocabulary_lock:
        if _vocabulary_copy is None or _vocabulary_copy[0] < time.monotonic():
            by_length: dict[int, tuple[list[str], list[int]]] = {}
            rows = SearchTerm.objects.order_by("-documents", "word").values_list(
                "word", "documents"
            )[:VOCABULARY_SIZE]
            for word, documents in rows:
                words, counts = by_length.setdefault(len(word), ([], []))
                words.append(word)
                counts.append(documents)
            _vocabulary_copy = (time.monotonic() + VOCABULARY_SECONDS, by_length)
        return _vocabulary_copy[1]


def vocabulary_forget() -> None:
    """Drop this process's copy of the vocabulary (the vocabulary changed)."""
    global _vocabulary_copy
    with _vocabulary_lock:
        _vocabulary_copy = None


# --- SQLite: the FTS5 table ---------------------------------------------------------------


def _fts_quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_match(words: list[str], columns: str, edition: str) -> str:
    """An FTS5 query: every word, quoted (so no word is read as an operator), in `columns`,
    in an entry of the edition (its term is in the title)."""
    quoted = " AND ".join(_fts_quoted(word) for word in words)
    return f"{{{columns}}} : ({quoted}) AND {{title}} : {_fts_quoted(edition)}"


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _sqlite_ranked_ids(*, words: list[str], locale: Locale) -> tuple[list[int], bool]:
    """Ids of matching live articles of the edition, best first, and whether more matched.

    As on PostgreSQL: the best HEADLINE_CANDIDATES headline matches by FTS5's bm25 rank
    (computed inside the index), then the newest MATCH_LIMIT matches by index entry id (an
    FTS5 rowid, read backwards from the index without sorting), both among the entries
    holding the edition's term. Wagtail's own query ranked
    and counted every match through a scoring subquery: over a minute for a common word at
    10,000 articles.
    """
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    entry = connection.ops.quote_name(IndexEntry._meta.db_table)
    fts = connection.ops.quote_name(IndexEntry._meta.db_table + "_fts")
    page = connection.ops.quote_name(Page._meta.db_table)
    types = list(get_descendants_content_types_pks(ArticlePage))
    edition = edition_term(locale.language_code)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT %s",
            [_fts_match(words, "title", edition), HEADLINE_CANDIDATES],
        )
        headline_rows = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s",
            [_fts_match(words, "title body", edition), MATCH_LIMIT],
        )
        newest_rows = [row[0] for row in cursor.fetchall()]
        ranked_rows = list(dict.fromkeys(headline_rows + newest_rows))
        if not ranked_rows:
            return [], False
        # Articles' entries, then which of their pages are live in the edition: two lookups
        # by primary key.
        cursor.execute(
            f"SELECT id, object_id FROM {entry} WHERE id IN ({_marks(ranked_rows)})"
            f" AND content_type_id IN ({_marks(types)})",
            [*ranked_rows, *types],
        )
        page_of_entry = {row: int(object_id) for row, object_id in cursor.fetchall()}
        candidates = list(page_of_entry.values())
        if not candidates:
            return [], False
        cursor.execute(
            f"SELECT id FROM {page} WHERE id IN ({_marks(candidates)}) AND live AND locale_id = %s",
            [*candidates, locale.pk],
        )
        kept = {row[0] for row in cursor.fetchall()}
    ids = [page_of_entry[row] for row in ranked_rows if page_of_entry.get(row) in kept]
    is_truncated = len(newest_rows) >= MATCH_LIMIT
    return ids[:RESULT_CAP], is_truncated or len(ids) > RESULT_CAP


# Wagtail's default query ANDs the words and ranks *every* match on `title || body`, an
# expression none of the index table's GIN indexes covers: a sequential scan of the whole table,
# a rank for each match and a count of them all, seconds at 100,000 articles. Here instead:
#   * matches are `title @@ edition AND (title @@ q OR body @@ q)`, which PostgreSQL answers
#     from the two GIN indexes without reading the compressed, out-of-line bodies; the
#     edition's term (in the title) keeps the candidates, estimates and windows below to the
#     edition's own entries, however many other editions share the words;
#   * results are ordered by their headline's rank (Wagtail's weights and title normalisation),
#     then newest first. A headline match outranks a body-only one anyway (weight A against D:
#     a title rank of about 0.6 against a body rank under 0.01), and ranking the bodies meant
#     reading each candidate's body from TOAST, four pages or so each: most of the time a
#     search took at 100,000 articles. Among mere mentions, the newest come first;
#   * what remains costs a heap page per candidate, so candidates are bounded with the
#     planner's estimates of how many entries match and how many headlines do:
#       - body or headline matches: all of them when the planner expects at most
#         RANK_ALL_LIMIT, otherwise those in a window of the edition's newest index entries
#         sized to hold about RANK_WINDOW of them (the span of the edition's entry ids, kept
#         a few minutes per process: `_edition_span`);
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

# The edition's term as its own condition, not ANDed into the words' tsquery: a query of stop
# words alone is empty, and `empty && term` would be the term alone (every story of the
# edition). GIN answers both conditions on `title` in one scan.
_MATCH = "e.title @@ {edition} AND (e.title @@ {tsquery} OR e.body @@ {tsquery})"
_HEADLINE_MATCH = "e.title @@ {tsquery} AND e.title @@ {edition}"
_TITLE_RANK = "ts_rank(%(weights)s::real[], e.title, {tsquery}) * e.title_norm"
# Two estimates in one plan: every match, then headline matches (the Append's children).
_POSTGRES_ESTIMATES = (
    "SELECT 1 FROM {entry} e WHERE e.content_type_id = ANY(%(types)s) AND "
    + _MATCH
    + " UNION ALL SELECT 1 FROM {entry} e WHERE e.content_type_id = ANY(%(types)s) AND "
    + _HEADLINE_MATCH
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
    WHERE e.content_type_id = ANY(%(types)s) AND e.id >= %(headline_floor)s AND """
    + _HEADLINE_MATCH
    + """
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


EDITION_SPAN_SECONDS = 300


def _edition_span(*, entry_table: str, edition: str) -> dict[str, int]:
    """{"oldest", "newest"}: the smallest and largest index entry id of the edition's entries.

    A GIN scan of every entry of the edition (tens of milliseconds at 100,000), so each process
    keeps it for EDITION_SPAN_SECONDS in the local cache. A stale span only widens the windows
    (entries added since are above its newest). Editions' entries interleave on a real site,
    but an edition added later, or filled in bulk, holds a block of ids of its own: the span
    of the whole table would put its windows among other editions' entries.
    """
    key = f"search:edition-span:{edition}"
    cache = caches["local"]
    span: dict[str, int] | None = cache.get(key)
    if span is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT min(id), max(id) FROM {entry_table} WHERE title @@ %s::tsquery",
                [edition_lexeme(edition)],
            )
            oldest, newest = cursor.fetchone()
        span = {"oldest": oldest or 0, "newest": newest or 0}
        cache.set(key, span, EDITION_SPAN_SECONDS)
    return span


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
        "edition": "%(edition)s::tsquery",
    }
    edition = edition_term(locale.language_code)
    params = {
        "types": get_descendants_content_types_pks(ArticlePage),
        "locale": locale.pk,
        "headlines": HEADLINE_CANDIDATES,
        "match_limit": MATCH_LIMIT,
        "weights": get_sql_weights(),
        "config": config,
        "text": " ".join(words),
        "edition": edition_lexeme(edition),
    }
    is_nested = connection.in_atomic_block
    with connection.cursor() as cursor, transaction.atomic():
        # The planner does not charge for decompressing the out-of-line body that a sequential
        # or b-tree scan must test `@@` on, so it may prefer one to the GIN bitmaps, which
        # never need it: this transaction gets only bitmaps, and no parallel workers (a few
        # hundred rows are not worth them). The settings are local to the transaction, put
        # back by hand when it is an outer one.
        cursor.execute(
            "SELECT "
            + ", ".join(f"current_setting('{name}')" for name in _PLANNER_SETTINGS)
            + ", "
            + ", ".join(
                f"set_config('{name}', '{value}', true)"
                for name, value in _PLANNER_SETTINGS.items()
            )
        )
        saved = cursor.fetchone()[: len(_PLANNER_SETTINGS)]
        cursor.execute("EXPLAIN (FORMAT JSON) " + _POSTGRES_ESTIMATES.format(**names), params)
        estimate, headline_estimate = _branch_rows(cursor.fetchone()[0][0]["Plan"])
        is_windowed = estimate > RANK_ALL_LIMIT
        if is_windowed or headline_estimate > HEADLINE_RANK_ALL_LIMIT:
            span = _edition_span(entry_table=names["entry"], edition=edition)
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
