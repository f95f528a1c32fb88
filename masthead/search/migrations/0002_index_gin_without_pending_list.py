"""The search index's GIN indexes take each entry at once, without a pending list (PostgreSQL).

With GIN's default `fastupdate`, new and changed index entries wait in a pending list of up to
4 MB that every search reads through in full (hundreds of pages at each `@@`) until an insert
or a vacuum merges it, and the planner, pricing that in, may scan the whole table instead.
Searches vastly outnumber index updates on a news site, so each update pays its own GIN
insertion instead: `fastupdate = off`, and the list already pending is merged now.

Also finer planner statistics on the headline vectors, as `0001` does for the bodies:
`masthead.search.selectors` asks how many headlines hold a word, to decide how many to rank.
"""

from __future__ import annotations

from django.db import migrations

STATISTICS_TARGET = 2500


def _gin_indexes(schema_editor, table: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexdef LIKE %s",
            [table, "% USING gin %"],
        )
        return [row[0] for row in cursor.fetchall()]


def _table(apps) -> str:
    return apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table


def pending_list_off(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps)
    for index in _gin_indexes(schema_editor, table):
        name = schema_editor.quote_name(index)
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
    schema_editor.execute(
        f"ALTER TABLE {schema_editor.quote_name(table)}"
        f" ALTER COLUMN title SET STATISTICS {STATISTICS_TARGET}"
    )


def pending_list_on(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps)
    for index in _gin_indexes(schema_editor, table):
        schema_editor.execute(f"ALTER INDEX {schema_editor.quote_name(index)} RESET (fastupdate)")
    schema_editor.execute(
        f"ALTER TABLE {schema_editor.quote_name(table)} ALTER COLUMN title SET STATISTICS -1"
    )


class Migration(migrations.Migration):
    dependencies = [("masthead_search", "0001_index_statistics")]

    operations = [migrations.RunPython(pending_list_off, pending_list_on, elidable=False)]
