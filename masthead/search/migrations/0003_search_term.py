"""The search vocabulary (`SearchTerm`), and on PostgreSQL pg_trgm with a trigram index on it.

pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner may create it
without being a superuser. Other databases get the table alone; their spelling suggestions are
computed in memory (`masthead.search.selectors.query_correction`).
"""

from __future__ import annotations

from django.db import migrations, models

TRIGRAM_INDEX = "search_term_word_trgm"


def trigram_index_create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("masthead_search", "SearchTerm")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} USING gin (word gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("masthead_search", "0002_index_gin_without_pending_list")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="word")),
                (
                    "documents",
                    models.PositiveIntegerField(default=1, verbose_name="documents"),
                ),
            ],
            options={
                "verbose_name": "search term",
                "verbose_name_plural": "search terms",
                "indexes": [models.Index(fields=["-documents"], name="search_term_documents")],
            },
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
