"""Search writes: the vocabulary "did you mean" draws on (`models.SearchTerm`).

Entry points: `search_terms_rebuild` (recount every word of the search index: after seeding,
and daily from the ticker), `search_terms_learn` (add a published article's new words at
once, so a story's words can be suggested before the next recount) and `search_index_rewrite`
(write the whole index again after its analysis changed). Reads are in `selectors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction

from .analysis import HAN_CHARACTERS
from .models import WORD_MAX_LENGTH, SearchTerm

# A word worth suggesting: letters only, three or more (numbers and initials are not misspelt),
# and not Chinese: written without spaces, a "word" of it is a whole clause, nearly every one
# unique (millions at 100,000 stories), and no reader misspells a clause. Chinese is found by
# the index's bigrams (`analysis`).
WORD = re.compile(rf"[^\W\d_{HAN_CHARACTERS}]{{3,{WORD_MAX_LENGTH}}}")
BATCH = 5000


def text_words(texts: Iterable[str]) -> set[str]:
    """The distinct suggestible words of some texts, in lower case."""
    words: set[str] = set()
    for text in texts:
        words.update(WORD.findall(text.lower()))
    return words


def _index_counts() -> dict[str, int]:
    """{word: documents holding it} for every word of the search index, counted by the database.

    PostgreSQL: ts_stat over the entries' plain text with the `simple` configuration (lower
    case, not stemmed: the words as readers write them). SQLite: FTS5's own vocabulary of the
    index table (lower case, accents folded as its tokenizer folds them).
    """
    from wagtail.search.models import IndexEntry

    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            inner = (
                "SELECT to_tsvector('simple', coalesce(title_text, '') || ' ' ||"
                f" coalesce(body_text, '')) FROM {connection.ops.quote_name(table)}"
            )
            # Chinese runs left out here already: there may be millions of them.
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s) WHERE length(word) BETWEEN 3 AND %s"
                " AND word !~ %s",
                [inner, WORD_MAX_LENGTH, f"[{HAN_CHARACTERS}]"],
            )
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.masthead_search_vocabulary"
                f" USING fts5vocab(main, '{table}_fts', 'row')"
            )
            cursor.execute("SELECT term, doc FROM temp.masthead_search_vocabulary")
        rows: list[tuple[Any, Any]] = cursor.fetchall()
    return {str(word): int(count) for word, count in rows if WORD.fullmatch(str(word))}


def search_terms_rebuild() -> int:
    """Replace the vocabulary with the index's words and their document counts; returns how many.

    Seconds at 100,000 articles, in one transaction (readers keep the old vocabulary meanwhile).
    """
    from .selectors import vocabulary_forget

    counts = _index_counts()
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        terms = [SearchTerm(word=word, documents=count) for word, count in counts.items()]
        for start in range(0, len(terms), BATCH):
            SearchTerm.objects.bulk_create(terms[start : start + BATCH])
    vocabulary_forget()
    return len(counts)


def search_terms_learn(*, article: Any) -> int:
    """Add the words of a published article that the vocabulary lacks; returns how many were new.

    Counts of known words wait for the next `search_terms_rebuild` (publishing the same story
    again must not count it twice).
    """
    from .selectors import vocabulary_forget

    texts = [article.title, article.lede]
    texts += [str(text) for text in article.body.stream_block.get_searchable_content(article.body)]
    texts += [tag.name for tag in article.tags.all()]
    texts += [byline.author.name for byline in article.bylines.select_related("author")]
    words = text_words(texts)
    known = set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))
    new = sorted(words - known)
    SearchTerm.objects.bulk_create([SearchTerm(word=word) for word in new], ignore_conflicts=True)
    if new:
        vocabulary_forget()
    return len(new)


def search_index_rewrite(*, verbosity: int = 1) -> bool:
    """Write every index entry again with the current analysis, then recount the vocabulary.

    Returns False (and does nothing) when the index is empty: a new site is indexed as its
    content is written. Minutes at 100,000 articles; searches keep working meanwhile, with
    the old entries until each is rewritten.
    """
    from wagtail.search.models import IndexEntry

    if not IndexEntry.objects.exists():
        return False
    call_command("update_index", verbosity=verbosity)
    search_terms_rebuild()
    return True
