"""Shared records: the outgoing mail queue.

Why mail is stored before it is sent: the mail server may be down when a reader asks for a
password reset. Every message is written to `OutgoingEmail` in the caller's transaction, a task
delivers it after commit, and failed deliveries are retried with back-off by the periodic
`outgoing_emails_retry_task` until they go out. A message is deleted once delivered, so the
queue holds no personal data longer than needed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=998)
    recipients = models.JSONField(_("recipients"), default=list)
    payload = models.JSONField(_("message"), help_text=_("The message, ready to rebuild."))
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["next_attempt_at", "pk"]

    def __str__(self) -> str:
        return self.subject
