"""Thin task wrappers for the worker (django-tasks); the ticker enqueues the periodic ones.

Both are listed in `MASTHEAD_PERIODIC_TASKS` (config/settings/base.py). They take no
arguments, so the queue (a database table on the embedded default) never holds a person's id.
"""

from __future__ import annotations

from django_tasks import task

from .services import lifecycle


@task()
def accounts_purge_due_task() -> int:
    return lifecycle.accounts_purge_due()


@task()
def login_records_prune_task() -> int:
    return lifecycle.login_records_prune()
