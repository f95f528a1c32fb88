"""On publish: the article is indexed again with its tags and bylines, and its words join the
search vocabulary (`services.search_terms_learn`). After `migrate` applied migration 0004 (the
index analysed per edition): the index is written again (`services.search_index_rewrite`).

Why index again: Wagtail indexes a page from its `post_save` signal, which a clusterable page
sends before it writes its child relations (tags, bylines), so a story published with a new
tag or writer was indexed without it until its next save. `page_published` comes after the
whole page is written. The vocabulary is taught once the publication is committed, so the
worker reads the published version.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from wagtail.signals import page_published


def _index_and_learn(instance: Any, **kwargs: Any) -> None:
    from modelsearch.tasks import insert_or_update_object_task

    from masthead.news.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    from .tasks import search_terms_learn_task

    opts = instance._meta
    # Enqueued as Wagtail enqueues its own index update (modelsearch's signal handler).
    insert_or_update_object_task.enqueue(opts.app_label, opts.model_name, str(instance.pk))
    transaction.on_commit(
        functools.partial(search_terms_learn_task.enqueue, article_id=instance.pk)
    )


page_published.connect(_index_and_learn, dispatch_uid="search_index_and_learn_on_publish")


ANALYSIS_MIGRATION = ("masthead_search", "0004_index_analysed_per_edition")


def index_rewrite_after_migrate(
    sender: Any, plan: list[tuple[Any, bool]] | None = None, verbosity: int = 1, **kwargs: Any
) -> None:
    """Connected by `apps.SearchConfig.ready` to this app's `post_migrate` (sent once per app)."""
    applied = {(migration.app_label, migration.name) for migration, backwards in plan or ()}
    is_forwards = not any(backwards for _migration, backwards in plan or ())
    if ANALYSIS_MIGRATION in applied and is_forwards:
        from .services import search_index_rewrite

        stdout = kwargs.get("stdout")
        if verbosity and stdout is not None:
            stdout.write("  Rewriting the search index with each edition's analysis…")
        search_index_rewrite(verbosity=0)
