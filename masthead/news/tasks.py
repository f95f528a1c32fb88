"""Thin task wrappers around `services` for the worker (django-tasks)."""

from __future__ import annotations

import datetime
from typing import ParamSpec, TypeVar

from django_tasks import task
from django_tasks.base import Task

from masthead.core.tasks import with_priority

from . import selectors, services

P = ParamSpec("P")
T = TypeVar("T")


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


@task()
def subtree_front_cache_purge_task(*, page_id: int) -> int:
    return services.subtree_front_cache_purge(page_id=page_id)


# Below every other job (django-tasks runs the highest priority first, 0 by default): a
# page's warm-up can wait a few seconds; a sign-up mail, an index update or a purge cannot.
WARM_PRIORITY = -50


@task()
def page_warm_task(*, page_id: int) -> bool:
    return services.page_warm(page_id=page_id)


def low_priority(warm: Task[P, T]) -> Task[P, T]:
    """`warm` below every other job where the backend orders by priority (`with_priority`)."""
    return with_priority(warm, WARM_PRIORITY)


def page_warm_enqueue(page_id: int) -> None:
    low_priority(page_warm_task).enqueue(page_id=page_id)


@task()
def site_pages_warm_task(*, limit: int = 500) -> int:
    """Queue one short warm-up job per page instead of rendering them all in this one
    (queued itself by `site_pages_warm_enqueue`, as the demo seed does).

    Rendering a fresh demo site's pages takes the task worker about a minute, and every job
    queued meanwhile waited for it: after `make run`, a new member's sign-up or reply mail
    came a minute late. Between these jobs the worker takes any other job first
    (`page_warm_enqueue`). Returns the number queued.
    """
    page_ids = list(selectors.pages_to_warm(limit=limit).values_list("pk", flat=True))
    for page_id in page_ids:
        page_warm_enqueue(page_id)
    return len(page_ids)


def site_pages_warm_enqueue() -> None:
    low_priority(site_pages_warm_task).enqueue()
