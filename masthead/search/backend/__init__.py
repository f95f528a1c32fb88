"""Wagtail's database search backend, indexing each object with its edition's text analysis.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]` names this package. It picks modelsearch's
PostgreSQL or SQLite (FTS5) backend as Wagtail's `database` backend does, and changes only
what is written to the index (`analysis` says how):

* PostgreSQL (`postgres`): an object's title and body vectors are built with its locale's
  text-search configuration (`russian` for the Russian edition) from its text with Han runs
  spaced into bigrams; the plain `title_text` and `body_text` stay as written.
* SQLite (`sqlite`): the title and body columns (copied into FTS5 by modelsearch's triggers)
  hold the text followed by its marked analysed terms.

An object with a locale (a page) also gets its edition's term in its title
(`analysis.edition_term`), which `selectors` asks for to keep to one edition; migration 0005
added it to the entries written before. `selectors` queries with the same analysis. Objects
without a locale (authors, snippets) are
indexed with the default language's. Index writes go through `add_items` alone, which is why
only it and the object indexers are overridden (following modelsearch 1.3's code, with the
configuration chosen per object). After the analysis changes, `manage.py update_index`
writes the index again (migration 0004 did so once).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection

from masthead.search.analysis import edition_term


def object_languages(objs: Sequence[Any]) -> dict[int, str]:
    """{id(obj): language code} of objects to index, from their locales in one query."""
    from wagtail.models import Locale

    locale_ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
    codes = dict(Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code"))
    default = settings.LANGUAGE_CODE
    return {id(obj): codes.get(getattr(obj, "locale_id", None), default) for obj in objs}


def object_edition(obj: Any, language_code: str) -> str | None:
    """The edition's term for an object with a locale (a page); None for others (an author)."""
    return edition_term(language_code) if getattr(obj, "locale_id", None) is not None else None


def SearchBackend(params: dict[str, Any]) -> Any:
    """The edition-aware backend for the default database (Wagtail calls it with the params)."""
    from modelsearch.backends import database

    if connection.vendor == "postgresql":
        from .postgres import EditionPostgresSearchBackend

        return EditionPostgresSearchBackend(params)
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # FTS5 is there (it is in Python's SQLite)
            from .sqlite import EditionSQLiteSearchBackend

            return EditionSQLiteSearchBackend(params)
    return backend
