"""Finer planner statistics on the search index's body vectors (PostgreSQL only).

`masthead.search.selectors` asks the planner how many articles a word is in, to decide how
much to rank. With the default statistics target the planner knows the frequency of the 1,000
most common lexemes only (those in more than ~4% of articles) and guesses the rest low; with
2,500 it knows about 4,000 (down to ~1%). ANALYZE of the table takes a little longer.
"""

from __future__ import annotations

from django.db import migrations

STATISTICS_TARGET = 2500


def statistics_set(apps, schema_editor, target: int = STATISTICS_TARGET) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN body SET STATISTICS {target}")


def statistics_reset(apps, schema_editor) -> None:
    statistics_set(apps, schema_editor, target=-1)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(statistics_set, statistics_reset, elidable=False)]
