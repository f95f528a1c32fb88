"""Mail through the task queue, with retries: `QueuedEmailBackend` is Django's EMAIL_BACKEND.

Entry points: `QueuedEmailBackend` (stores each message with its Message-ID, enqueues its
delivery after commit), `outgoing_email_deliver` (one attempt through the real backend,
`MASTHEAD_EMAIL_DELIVERY_BACKEND`: files under var/mail/ by default, SMTP (`core.smtp`) or an
anymail provider when configured) and `outgoing_emails_retry_due` (the periodic retry). The
queue is the database table `core.OutgoingEmail`, so a message survives a worker, Redis or
mail server outage.

A reader never gets the same mail twice because a worker died. A delivery claims the message
for a short lease (`MASTHEAD_EMAIL_LEASE_SECONDS`, 60 s) that a heartbeat renews while it
works, and records its stage on the row:
- `sending`: nothing irrevocable yet. If the worker dies, the lease runs out and the next
  attempt sends it (an SMTP server discards a message whose DATA never ended).
- `committing`: written just before the step after which the server may hold the message
  (the final dot of SMTP's DATA; for other backends, the whole send). If the worker dies now,
  the message is not sent again: it is marked `uncertain` and logged as an error for an
  operator, who can set it back to `queued`.
- delivered: the row is deleted.
So delivery is at most once across a crash, and at least once otherwise: what remains is the
window of one round trip (the final dot and the server's reply, then one database write) in
which a crash leaves a message `uncertain` though it may have gone out or not. The Message-ID
is fixed when the message is queued, so any copy an operator re-sends is the same message,
which mail clients and providers fold together.
"""

from __future__ import annotations

import base64
import datetime
import functools
import logging
import smtplib
import threading
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail
from .smtp import EmailBackend as CommitAwareSmtpBackend

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
Stage = OutgoingEmail.Stage


def claim_lease() -> datetime.timedelta:
    """How long a claim holds without a heartbeat (a dead worker's message waits this long)."""
    return datetime.timedelta(seconds=getattr(settings, "MASTHEAD_EMAIL_LEASE_SECONDS", 60))


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


def payload_message_id(payload: dict[str, Any]) -> str:
    """The message's Message-ID, given now if it has none: every attempt sends the same one."""
    headers = payload["headers"]
    for name, value in headers.items():
        if name.lower() == "message-id":
            return str(value)
    headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return str(headers["Message-ID"])


class QueuedEmailBackend(BaseEmailBackend):
    """Store each message, then deliver it from the worker once the transaction commits."""

    def send_messages(self, email_messages: Any) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = message_to_payload(message)
            message_id = payload_message_id(payload)
            stored = OutgoingEmail.objects.create(
                subject=str(message.subject)[:998],
                recipients=message.recipients(),
                payload=payload,
                message_id=message_id[:255],
                next_attempt_at=timezone.now(),
            )
            transaction.on_commit(functools.partial(_enqueue_delivery, stored.pk))
            count += 1
        return count


# Above every other job where the backend orders by priority (the database backend, the
# embedded default; 0 by default): a sign-up code or a reply waits for no index update. After
# `make run`'s demo seed (eight editions) the one worker had about 1,900 reference-index,
# search-index and purge jobs queued, and a new reader's first mail waited for all of them.
MAIL_PRIORITY = 50


def _enqueue_delivery(pk: int) -> None:
    from .tasks import outgoing_email_deliver_task, with_priority

    try:
        with_priority(outgoing_email_deliver_task, MAIL_PRIORITY).enqueue(email_id=pk)
    except Exception:
        # The queue itself is down: the periodic retry picks the message up later.
        logger.exception("Could not enqueue delivery of e-mail %s; it will be retried", pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after `attempts` failures: 30 s, 1 min, 2 min, … at most an hour."""
    return datetime.timedelta(
        seconds=min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS)
    )


class LeaseLost(Exception):
    """Another worker took the message over (this one was too slow to renew its lease)."""


class _Heartbeat:
    """Renews a claim every third of the lease while the delivery runs, in its own thread."""

    def __init__(self, *, email_id: int, token: str) -> None:
        self.email_id, self.token = email_id, token
        self.lease = claim_lease()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(self.lease.total_seconds() / 3):
                OutgoingEmail.objects.filter(pk=self.email_id, claim_token=self.token).update(
                    next_attempt_at=timezone.now() + self.lease
                )
        except Exception:
            logger.exception("Could not renew the claim on e-mail %s", self.email_id)
        finally:
            db_connection.close()  # this thread's own connection


def _commit_stage_set(*, email_id: int, token: str) -> None:
    """Record that the irrevocable step starts now; refuse if the claim is no longer ours."""
    updated = OutgoingEmail.objects.filter(
        pk=email_id, claim_token=token, stage=Stage.SENDING
    ).update(stage=Stage.COMMITTING)
    if not updated:
        raise LeaseLost(f"e-mail {email_id} was claimed by another worker")


def outgoing_email_deliver(*, email_id: int) -> bool:
    """One delivery attempt; True when the message went out (and left the queue).

    The message is claimed first (its next attempt moved past a short lease that a heartbeat
    renews), so two workers never send it at once, and the send itself runs outside any
    transaction: a slow mail server holds no database lock. The module docstring describes
    the stages that keep a crash from sending it twice.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, next_attempt_at__lte=now, stage__in=(Stage.QUEUED, Stage.SENDING)
    ).update(stage=Stage.SENDING, claim_token=token, next_attempt_at=now + claim_lease())
    if not claimed:
        return False  # delivered already, not due yet, uncertain, or another worker holds it
    stored = OutgoingEmail.objects.get(pk=email_id)
    connection = get_connection(settings.MASTHEAD_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    committed = False
    hooked = isinstance(connection, CommitAwareSmtpBackend)

    def before_commit() -> None:
        nonlocal committed
        _commit_stage_set(email_id=email_id, token=token)
        committed = True

    try:
        with _Heartbeat(email_id=email_id, token=token):
            if isinstance(connection, CommitAwareSmtpBackend):
                connection.before_commit = before_commit  # SMTP: just before the final dot
            else:
                before_commit()  # a backend that cannot say: the whole send is the commit
            connection.send_messages([message_from_payload(stored.payload)])
    except LeaseLost:
        logger.warning("E-mail %s was taken over by another worker; not sent here", email_id)
        return False
    except Exception as error:
        answered = isinstance(error, smtplib.SMTPResponseException)
        if hooked and committed and not answered:
            # The connection failed after the final dot: the server may have the message.
            # (Other backends raise when they failed: the message is retried below.)
            _uncertain_mark(email_id=email_id, token=token, error=error)
            return False
        stored.attempts += 1
        stored.last_error = f"{type(error).__name__}: {error}"[:2000]
        stored.next_attempt_at = timezone.now() + retry_delay(stored.attempts)
        OutgoingEmail.objects.filter(pk=email_id, claim_token=token).update(
            attempts=stored.attempts,
            last_error=stored.last_error,
            next_attempt_at=stored.next_attempt_at,
            stage=Stage.QUEUED,
            claim_token="",
        )
        logger.warning(
            "E-mail %s not delivered (attempt %s): %s", stored.pk, stored.attempts, error
        )
        return False
    OutgoingEmail.objects.filter(pk=email_id, claim_token=token).delete()
    return True


def _uncertain_mark(*, email_id: int, token: str, error: BaseException | None = None) -> None:
    OutgoingEmail.objects.filter(pk=email_id, claim_token=token).update(
        stage=Stage.UNCERTAIN, last_error=f"{type(error).__name__}: {error}"[:2000] if error else ""
    )
    logger.error(
        "E-mail %s may or may not have been delivered (the delivery stopped while handing it "
        "over); it is not sent again automatically: check the mail server's log for its "
        "Message-ID, and set its stage back to queued to resend",
        email_id,
    )


def outgoing_emails_retry_due(*, limit: int = 200) -> int:
    """Deliver the messages whose next attempt is due; returns how many went out.

    A message whose worker died while handing it over (stage `committing`, lease run out) is
    marked `uncertain` instead: it may have been delivered.
    """
    now = timezone.now()
    for email_id, token in OutgoingEmail.objects.filter(
        stage=Stage.COMMITTING, next_attempt_at__lte=now
    ).values_list("pk", "claim_token"):
        _uncertain_mark(email_id=email_id, token=token)
    due = OutgoingEmail.objects.filter(
        next_attempt_at__lte=now, stage__in=(Stage.QUEUED, Stage.SENDING)
    ).values_list("pk", flat=True)[:limit]
    return sum(outgoing_email_deliver(email_id=pk) for pk in list(due))
