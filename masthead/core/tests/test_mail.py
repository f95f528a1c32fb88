"""Mail goes through the database queue: nothing is lost while the mail server is down."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.test import override_settings
from django.utils import timezone

from masthead.core.mail import outgoing_emails_retry_due, retry_delay
from masthead.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db

QUEUED = override_settings(
    EMAIL_BACKEND="masthead.core.mail.QueuedEmailBackend",
    MASTHEAD_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
BROKEN_SERVER = override_settings(
    MASTHEAD_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,  # discard port: nothing listens, the connection is refused
    EMAIL_USE_TLS=False,
    EMAIL_TIMEOUT=2,
)


@QUEUED
def test_a_message_is_stored_then_delivered_after_commit(django_capture_on_commit_callbacks):
    """Sending stores the message; the worker delivers it once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail("Confirm", "Follow the link.", "site@example.org", ["ana@example.org"])
        assert OutgoingEmail.objects.count() == 1
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.subject for message in mail.outbox] == ["Confirm"]
    assert not OutgoingEmail.objects.exists()


@QUEUED
def test_html_alternatives_and_headers_survive_the_queue(django_capture_on_commit_callbacks):
    """The rebuilt message carries its HTML part, reply-to and headers."""
    message = EmailMultiAlternatives(
        "Hello",
        "Plain",
        "site@example.org",
        ["ana@example.org"],
        reply_to=["desk@example.org"],
        headers={"X-Masthead": "1"},
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    delivered = mail.outbox[0]
    assert isinstance(delivered, EmailMultiAlternatives)
    assert delivered.alternatives[0][0] == "<p>Rich</p>"
    assert delivered.reply_to == ["desk@example.org"]
    assert delivered.extra_headers["X-Masthead"] == "1"


@QUEUED
def test_a_message_waits_while_the_mail_server_is_down_and_goes_out_when_it_returns(
    django_capture_on_commit_callbacks,
):
    """A refused connection keeps the message queued with a back-off; a later retry sends it."""
    with BROKEN_SERVER, django_capture_on_commit_callbacks(execute=True):
        send_mail("Reset", "Your link.", "site@example.org", ["ana@example.org"])
    stored = OutgoingEmail.objects.get()
    assert stored.attempts == 1
    assert "refused" in stored.last_error.lower() or "Error" in stored.last_error
    assert stored.next_attempt_at > timezone.now()

    assert outgoing_emails_retry_due() == 0  # not due yet
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outgoing_emails_retry_due() == 1
    assert [message.subject for message in mail.outbox] == ["Reset"]
    assert not OutgoingEmail.objects.exists()


def test_the_back_off_doubles_up_to_an_hour():
    """Retries come after 30 s, 1 min, 2 min … and never more than an hour apart."""
    assert retry_delay(1) == datetime.timedelta(seconds=30)
    assert retry_delay(2) == datetime.timedelta(seconds=60)
    assert retry_delay(30) == datetime.timedelta(hours=1)
