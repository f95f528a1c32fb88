"""From here on the search index is analysed per edition (`masthead.search.analysis`).

The schema does not change; the entries already written were analysed the old way (English on
PostgreSQL, no stemming and no Chinese bigrams on SQLite) and are written again. Not here:
writing the index uses the indexed models as the code defines them, safe only once every app's
migrations have run, so `signal_handlers` rewrites it on `post_migrate` when this migration
has just been applied (`services.search_index_rewrite`; `manage.py update_index` does the same
by hand).
"""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("masthead_search", "0003_search_term")]

    operations: list[migrations.operations.base.Operation] = []
