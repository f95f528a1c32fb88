"""Thin task wrappers for the worker (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import mail


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
