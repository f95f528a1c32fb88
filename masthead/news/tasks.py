"""Thin task wrappers around `services` for the worker (django-tasks)."""

from __future__ import annotations

import datetime

from django_tasks import task

from . import selectors, services


@task()
def article_views_apply_task(*, counts: dict[str, int], at: str) -> int:
    return services.article_views_apply(
        counts={int(pk): int(views) for pk, views in counts.items()},
        at=datetime.datetime.fromisoformat(at),
    )


@task()
def views_flush_task() -> int:
    return services.views_flush()


@task()
def scheduled_pages_publish_task() -> None:
    services.scheduled_pages_publish()


@task()
def stale_tallies_prune_task() -> int:
    return services.stale_tallies_prune()


# Below every other job (django-tasks runs the highest priority first, 0 by default): a
# page's warm-up can wait a few seconds; a sign-up mail, an index update or a purge cannot.
WARM_PRIORITY = -50


@task(priority=WARM_PRIORITY)
def page_warm_task(*, page_id: int) -> bool:
    return services.page_warm(page_id=page_id)


@task(priority=WARM_PRIORITY)
def site_pages_warm_task(*, limit: int = 500) -> int:
    """Queue one short warm-up job per page instead of rendering them all in this one.

    Rendering a fresh demo site's pages takes the task worker about a minute, and every job
    queued meanwhile waited for it: after `make run`, a new member's sign-up or reply mail
    came a minute late. Between these jobs the worker takes any other job first (the
    database backend orders by priority; on RQ, which ignores it, other workers take them).
    Returns the number queued.
    """
    page_ids = list(selectors.pages_to_warm(limit=limit).values_list("pk", flat=True))
    for page_id in page_ids:
        page_warm_task.enqueue(page_id=page_id)
    return len(page_ids)
