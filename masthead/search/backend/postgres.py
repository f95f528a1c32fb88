"""PostgreSQL: each index entry's vectors built with its edition's text-search configuration."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func, Value
from django.db.models.functions import Cast
from django.db.models.sql.subqueries import InsertQuery
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres

from masthead.search.analysis import edition_lexeme, han_spaced, language_analysis

from . import object_edition, object_languages


class _VectorWithEdition(Func):
    """`vector || '<edition term>'::tsvector`."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


class EditionObjectIndexer(postgres.ObjectIndexer):
    """modelsearch's indexer with the object's own configuration and Han runs as bigrams,
    and the edition's term in the title."""

    def __init__(self, obj: Any, backend: Any, language_code: str) -> None:
        super().__init__(obj, backend)
        self.config = language_analysis(language_code).postgres_config
        self.edition = object_edition(obj, language_code)

    @cached_property
    def title(self) -> Any:
        vector = postgres.ObjectIndexer.title.func(self)
        if self.edition is None:
            return vector
        lexeme = Cast(Value(edition_lexeme(self.edition)), output_field=SearchVectorField())
        return _VectorWithEdition(vector, lexeme)

    def as_vector(self, texts: Iterable[tuple[str, str]], for_autocomplete: bool = False) -> Any:
        if not for_autocomplete:
            texts = [(han_spaced(text), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)


class EditionPostgresIndex(postgres.PostgresIndex):
    def add_items(self, model: Any, objs: Sequence[Any]) -> None:
        """modelsearch's upsert of the entries, with `EditionObjectIndexer`."""
        if not model.get_search_fields():
            return
        languages = object_languages(objs)
        indexers = [EditionObjectIndexer(obj, self.backend, languages[id(obj)]) for obj in objs]
        if not indexers:
            return
        content_type_pk = postgres.get_content_type_pk(model)
        entry = postgres.IndexEntry
        compiler = InsertQuery(entry).get_compiler(connection=self.write_connection)
        rows_sql = []
        data_params: list[Any] = []
        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(entry._meta.get_field(name), getattr(indexer, name))
                sql, params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                data_params.extend(params)
            data_params.extend((indexer.title_text, indexer.body_text))
            rows_sql.append(f"(%s, %s, {', '.join(vectors)}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {entry._meta.db_table} (content_type_id, object_id, title,"
                " autocomplete, body, title_norm, title_text, body_text)"
                f" (VALUES {', '.join(rows_sql)})"
                " ON CONFLICT (content_type_id, object_id) DO UPDATE SET"
                " title = EXCLUDED.title, title_norm = 1.0,"
                " autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,"
                " title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                data_params,
            )
        self._refresh_title_norms()


def edition_configs() -> list[str]:
    """The text-search configurations of the site's editions, each once."""
    configs = (language_analysis(code).postgres_config for code, _name in settings.LANGUAGES)
    return list(dict.fromkeys(configs))


class EditionSearchQueryCompiler(postgres.PostgresSearchQueryCompiler):
    """Wagtail's own queries (the admin's search) in every edition's analysis at once.

    They name no edition, and each entry is analysed in its own language: the query is the
    OR of its analyses (`to_tsquery('english', …) || to_tsquery('russian', …) || …`), so a
    word as written finds a story of any edition. `selectors` builds its own query instead.
    """

    def build_tsquery(self, query: Any, config: Any = None) -> Any:
        built = [self.build_tsquery_content(query, config=name) for name in edition_configs()]
        if any(part is None for part in built):
            return None
        return functools.reduce(operator.or_, built)


class EditionPostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = EditionPostgresIndex
    query_compiler_class = EditionSearchQueryCompiler
