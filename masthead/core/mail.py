"""Mail through the task queue, with retries: `QueuedEmailBackend` is Django's EMAIL_BACKEND.

Entry points: `QueuedEmailBackend` (stores each message, enqueues its delivery after commit),
`outgoing_email_deliver` (one attempt through the real backend, `MASTHEAD_EMAIL_DELIVERY_BACKEND`:
files under var/mail/ by default, SMTP or an anymail provider when configured) and
`outgoing_emails_retry_due` (the periodic retry). The queue is the database table
`core.OutgoingEmail`, so a message survives a worker, Redis or mail server outage.
"""

from __future__ import annotations

import base64
import datetime
import functools
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
CLAIM_LEASE = datetime.timedelta(minutes=10)


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """Everything needed to rebuild `message` for any backend (SMTP, files, anymail)."""
    alternatives = [
        [alternative[0], alternative[1]] for alternative in getattr(message, "alternatives", [])
    ]
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple) or hasattr(attachment, "content"):
            filename, content, mimetype = attachment[0], attachment[1], attachment[2]
            raw = content.encode() if isinstance(content, str) else bytes(content)
            attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": alternatives,
        "attachments": attachments,
    }


def message_from_payload(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Store each message, then deliver it from the worker once the transaction commits."""

    def send_messages(self, email_messages: Any) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stored = OutgoingEmail.objects.create(
                subject=str(message.subject)[:998],
                recipients=message.recipients(),
                payload=message_to_payload(message),
                next_attempt_at=timezone.now(),
            )
            transaction.on_commit(functools.partial(_enqueue_delivery, stored.pk))
            count += 1
        return count


def _enqueue_delivery(pk: int) -> None:
    from .tasks import outgoing_email_deliver_task

    try:
        outgoing_email_deliver_task.enqueue(email_id=pk)
    except Exception:
        # The queue itself is down: the periodic retry picks the message up later.
        logger.exception("Could not enqueue delivery of e-mail %s; it will be retried", pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after `attempts` failures: 30 s, 1 min, 2 min, … at most an hour."""
    return datetime.timedelta(
        seconds=min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS)
    )


def outgoing_email_deliver(*, email_id: int) -> bool:
    """One delivery attempt; True when the message went out (and left the queue).

    The message is claimed first (its next attempt moved past a lease), so two workers never
    send it at once, and the send itself runs outside any transaction: a slow mail server
    holds no database lock. A worker that dies mid-send leaves it to be retried after the lease.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, next_attempt_at__lte=now).update(
        next_attempt_at=now + CLAIM_LEASE
    )
    if not claimed:
        return False  # delivered already, not due yet, or another worker holds it
    stored = OutgoingEmail.objects.get(pk=email_id)
    connection = get_connection(settings.MASTHEAD_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    try:
        connection.send_messages([message_from_payload(stored.payload)])
    except Exception as error:
        stored.attempts += 1
        stored.last_error = f"{type(error).__name__}: {error}"[:2000]
        stored.next_attempt_at = timezone.now() + retry_delay(stored.attempts)
        stored.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning(
            "E-mail %s not delivered (attempt %s): %s", stored.pk, stored.attempts, error
        )
        return False
    stored.delete()
    return True


def outgoing_emails_retry_due(*, limit: int = 200) -> int:
    """Deliver the messages whose next attempt is due; returns how many went out."""
    due = OutgoingEmail.objects.filter(next_attempt_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )[:limit]
    return sum(outgoing_email_deliver(email_id=pk) for pk in list(due))
