"""Thin task wrappers for the worker (django-tasks)."""

from __future__ import annotations

from typing import ParamSpec, TypeVar

from django_tasks import task
from django_tasks.base import Task

from . import mail

P = ParamSpec("P")
T = TypeVar("T")


def with_priority(job: Task[P, T], priority: int) -> Task[P, T]:
    """`job` at `priority` where the backend orders by it (the database backend, the embedded
    default; 0 by default). RQ has none, and django-tasks refuses a task that sets one there:
    the job then queues in order, and other workers take the rest."""
    if job.get_backend().supports_priority:
        return job.using(priority=priority)
    return job


@task()
def outgoing_email_deliver_task(*, email_id: int) -> bool:
    return mail.outgoing_email_deliver(email_id=email_id)


@task()
def outgoing_emails_retry_task() -> int:
    return mail.outgoing_emails_retry_due()


@task()
def expired_sessions_clear_task() -> None:
    """Delete expired sessions from the database (they are kept there: `cached_db` or `db`)."""
    from django.core.management import call_command

    call_command("clearsessions")
