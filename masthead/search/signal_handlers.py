"""On publish: the article is indexed again with its tags and bylines, and its words join the
search vocabulary (`services.search_terms_learn`).

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
