"""The periodic jobs the ticker enqueues, so a site needs no cron.

Listed in `MASTHEAD_PERIODIC_TASKS` as (dotted path of a django-tasks task, seconds between
runs), like Django's password validators. The ticker (`manage.py tick`) runs beside the
worker; the worker does the work, on either the database or the Redis queue.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    path: str
    every_seconds: int
    next_run: float = 0.0


def periodic_jobs() -> list[PeriodicJob]:
    return [PeriodicJob(path, int(seconds)) for path, seconds in settings.MASTHEAD_PERIODIC_TASKS]


def periodic_jobs_enqueue_due(jobs: list[PeriodicJob], *, now: float | None = None) -> list[str]:
    """Enqueue every job whose time has come; returns the paths enqueued."""
    moment = time.monotonic() if now is None else now
    enqueued = []
    for job in jobs:
        if moment >= job.next_run:
            try:
                import_string(job.path).enqueue()
                enqueued.append(job.path)
            except Exception:
                logger.exception("Could not enqueue periodic task %s", job.path)
            job.next_run = moment + job.every_seconds
    return enqueued
