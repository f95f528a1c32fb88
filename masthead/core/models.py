"""Shared records: the outgoing mail queue.

Why mail is stored before it is sent: the mail server may be down when a reader asks for a
password reset. Every message is written to `OutgoingEmail` in the caller's transaction, a task
delivers it after commit, and failed deliveries are retried with back-off by the periodic
`outgoing_emails_retry_task` until they go out. A message is deleted once delivered, so the
queue holds no personal data longer than needed.

Each message gets its Message-ID when it is queued, and its row records how far a delivery
got (`stage`), so a worker that dies mid-delivery never makes a reader get it twice
(masthead/core/mail.py explains the stages and what remains).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Stage(models.TextChoices):
        QUEUED = "queued", _("queued")
        # A worker holds the message (until `next_attempt_at`, renewed while it works) and has
        # done nothing irrevocable: if it dies, the message is sent again after the lease.
        SENDING = "sending", _("sending")
        # The worker started the step after which the server may have the message (the end
        # of the SMTP DATA, or a provider's API call): never sent again automatically.
        COMMITTING = "committing", _("handing over")
        # A worker died while committing: the server may or may not have the message. Kept for
        # an operator to check; set it back to queued to send it again.
        UNCERTAIN = "uncertain", _("delivery uncertain")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=998)
    recipients = models.JSONField(_("recipients"), default=list)
    payload = models.JSONField(_("message"), help_text=_("The message, ready to rebuild."))
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    stage = models.CharField(
        _("delivery stage"), max_length=16, choices=Stage.choices, default=Stage.QUEUED
    )
    claim_token = models.CharField(_("claimed by"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["next_attempt_at", "pk"]

    def __str__(self) -> str:
        return self.subject
