"""SMTP delivery that tells the mail queue when the message is about to be handed over.

Django's SMTP backend sends a message with `smtplib.SMTP.sendmail`, in one call. Until the
final "." of the DATA command is sent, a server that loses the connection discards the message
(RFC 5321, 4.1.1.4), so a delivery that dies before it can simply be made again; from that
moment until the queue has recorded the server's "250", the server may have the message and we
cannot know. This backend runs the same conversation step by step and calls
`before_commit()` (set by `masthead.core.mail` on the connection) just before that last dot,
so the queue can record the moment and never send a message twice.

Use: `EMAIL_DELIVERY_BACKEND` defaults to it when `EMAIL_HOST` is set (config/settings/base.py).
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend
from django.core.mail.message import EmailMessage, sanitize_address

CRLF = b"\r\n"


class EmailBackend(DjangoSmtpBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.before_commit: Callable[[], None] | None = None

    def _send(self, email_message: EmailMessage) -> bool:
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        # Django's SafeMIME classes take linesep (as Django's own backend passes it); the
        # stubs know only email.message.Message.as_bytes.
        message = email_message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
        assert self.connection is not None
        try:
            self._sendmail(self.connection, from_email, recipients, message)
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def _sendmail(
        self, smtp: smtplib.SMTP, from_email: str, recipients: list[str], message: bytes
    ) -> None:
        """`smtplib.SMTP.sendmail`, with `before_commit()` called before the final dot."""
        smtp.ehlo_or_helo_if_needed()
        options = [f"size={len(message)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
        code, response = smtp.mail(from_email, options)
        if code != 250:
            smtp.rset()
            raise smtplib.SMTPSenderRefused(code, response, from_email)
        refused = {}
        for recipient in recipients:
            code, response = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, response)
        if len(refused) == len(recipients):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        smtp.putcmd("data")
        code, response = smtp.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, response)
        # Lines starting with a dot are doubled (RFC 5321, 4.5.2), as smtplib does.
        content = re.sub(rb"(?m)^\.", b"..", message)
        if not content.endswith(CRLF):
            content += CRLF
        smtp.send(content)
        if self.before_commit is not None:
            try:
                self.before_commit()
            except BaseException:
                # Without the final dot the server discards the message. Close the socket
                # rather than send QUIT, which the server would read as part of the message.
                smtp.close()
                raise
        smtp.send(b"." + CRLF)
        code, response = smtp.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, response)
