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
