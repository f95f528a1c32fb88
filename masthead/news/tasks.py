"""Thin task wrappers around `services` for the worker (django-tasks)."""

from __future__ import annotations

import datetime

from django_tasks import task

from . import services


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
def page_warm_task(*, page_id: int) -> bool:
    return services.page_warm(page_id=page_id)


@task()
def site_pages_warm_task() -> int:
    return services.site_pages_warm()
