"""SQLite (FTS5): each index entry's text followed by its edition's analysed, marked terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite

from masthead.search.analysis import sqlite_document

from . import object_edition, object_languages


class EditionObjectIndexer(sqlite.ObjectIndexer):
    """modelsearch's indexer with the analysed terms after the title's and the body's text,
    and the edition's term after the title's."""

    def __init__(self, obj: Any, backend: Any, language_code: str) -> None:
        super().__init__(obj, backend)
        self.language_code = language_code
        self.edition = object_edition(obj, language_code)

    @cached_property
    def title(self) -> str:
        title = sqlite_document(sqlite.ObjectIndexer.title.func(self), self.language_code)
        return f"{title}\n{self.edition}" if self.edition else title

    @cached_property
    def body(self) -> str:
        return sqlite_document(sqlite.ObjectIndexer.body.func(self), self.language_code)


class EditionSQLiteIndex(sqlite.SQLiteIndex):
    def add_items(self, model: Any, objs: Sequence[Any]) -> None:
        """modelsearch's update-or-create of the entries, with `EditionObjectIndexer`."""
        if not model.get_search_fields():
            return
        languages = object_languages(objs)
        indexers = [EditionObjectIndexer(obj, self.backend, languages[id(obj)]) for obj in objs]
        if not indexers:
            return
        content_type_pk = sqlite.get_content_type_pk(model)
        data = {
            indexer.id: {
                "title": indexer.title,
                "autocomplete": indexer.autocomplete,
                "body": indexer.body,
            }
            for indexer in indexers
        }
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(
            entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True)
        )
        for indexed_id in indexed_ids:
            entries.filter(object_id=indexed_id).update(**data[indexed_id])
        self.entries.bulk_create(
            [
                sqlite.IndexEntry(content_type_id=content_type_pk, object_id=pk, **fields)
                for pk, fields in data.items()
                if pk not in indexed_ids
            ]
        )
        self._refresh_title_norms()


class EditionSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = EditionSQLiteIndex
