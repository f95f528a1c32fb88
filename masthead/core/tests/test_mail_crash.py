"""A worker killed mid-delivery never makes a reader get the same mail twice, nor lose it.

Before, a worker killed after the SMTP server had accepted a message left it claimed; after
the lease the next worker sent it again, with a new Message-ID. Here a real SMTP server
(aiosmtpd) runs in the test, a worker process delivers through it and is killed with SIGKILL
at a chosen point of the SMTP conversation, and the periodic retry runs afterwards in a new
process, exactly as the ticker would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from .redis_server import free_port

BASE_DIR = Path(settings.BASE_DIR)


class Mailbox:
    """An SMTP server's handler that keeps what it accepts and can hold a stage open."""

    def __init__(self, hold: str | None) -> None:
        self.hold = hold  # "RCPT" (before the message) or "DATA" (message received)
        self.reached = threading.Event()
        self.release = threading.Event()
        self.messages: list[bytes] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        envelope.rcpt_tos.append(address)
        if self.hold == "RCPT" and not self.reached.is_set():
            self.reached.set()
            await _wait(self.release)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        if self.hold == "DATA" and not self.reached.is_set():
            self.reached.set()
            await _wait(self.release)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        ids = []
        for raw in self.messages:
            for line in raw.decode().splitlines():
                if line.lower().startswith("message-id:"):
                    ids.append(line.split(":", 1)[1].strip())
        return ids


async def _wait(event: threading.Event) -> None:
    import asyncio

    while not event.is_set():
        await asyncio.sleep(0.02)


@pytest.fixture
def smtp_server():
    servers: list[Controller] = []

    def start(hold: str | None) -> Mailbox:
        mailbox = Mailbox(hold)
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        mailbox.port = controller.port  # type: ignore[attr-defined]
        return mailbox

    yield start
    for controller in servers:
        controller.stop()


def django(code: str, *, database: Path, smtp_port: int, background: bool = False) -> Any:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.core.tests.mail_worker_settings",
        "MAIL_TEST_DATABASE": str(database),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "MASTHEAD_VAR_DIR": str(database.parent / "var"),
    }
    command = [sys.executable, "manage.py", "shell", "-c", code]
    if background:
        return subprocess.Popen(command, cwd=BASE_DIR, env=environment)
    done = subprocess.run(
        command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


CREATE_TABLE = (
    "from django.db import connection; from masthead.core.models import OutgoingEmail\n"
    "with connection.schema_editor() as editor: editor.create_model(OutgoingEmail)"
)
QUEUE = (
    "from django.core.mail import send_mail; "
    "send_mail('Confirm your address', 'Follow the link.', 'site@example.org', ['ana@example.org'])"
)
DELIVER = (
    "from masthead.core.mail import outgoing_email_deliver; outgoing_email_deliver(email_id=1)"
)
RETRY = (
    "from masthead.core.mail import outgoing_emails_retry_due; print(outgoing_emails_retry_due())"
)


def queued_database(tmp_path: Path, smtp_port: int) -> Path:
    database = tmp_path / "mail.sqlite3"
    django(CREATE_TABLE, database=database, smtp_port=smtp_port)
    django(QUEUE, database=database, smtp_port=smtp_port)
    return database


def kill_worker_when(mailbox: Mailbox, database: Path) -> None:
    worker = django(DELIVER, database=database, smtp_port=mailbox.port, background=True)  # type: ignore[attr-defined]
    try:
        assert mailbox.reached.wait(timeout=120), "the worker never reached the SMTP server"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        mailbox.release.set()
        if worker.poll() is None:
            worker.kill()


def lease_expires(database: Path) -> None:
    time.sleep(2.5)  # past the lease (2 s in these settings)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE core_outgoingemail SET next_attempt_at = '2000-01-01 00:00:00'")


def test_a_worker_killed_after_the_server_accepted_the_mail_does_not_send_it_again(
    tmp_path, smtp_server
):
    """Killed once the SMTP server has the message: the retry does not send a second copy."""
    mailbox = smtp_server(hold="DATA")
    database = queued_database(tmp_path, mailbox.port)

    kill_worker_when(mailbox, database)
    lease_expires(database)
    django(RETRY, database=database, smtp_port=mailbox.port)
    django(RETRY, database=database, smtp_port=mailbox.port)

    assert len(mailbox.messages) == 1, mailbox.message_ids()


def test_a_worker_killed_before_the_message_was_sent_leaves_it_to_the_retry(tmp_path, smtp_server):
    """Killed before the message went out: the retry delivers it, once, with its Message-ID."""
    mailbox = smtp_server(hold="RCPT")
    database = queued_database(tmp_path, mailbox.port)
    with sqlite3.connect(database) as db:
        (payload,) = db.execute("SELECT payload FROM core_outgoingemail").fetchone()

    kill_worker_when(mailbox, database)
    assert mailbox.messages == []
    lease_expires(database)
    django(RETRY, database=database, smtp_port=mailbox.port)
    django(RETRY, database=database, smtp_port=mailbox.port)

    assert len(mailbox.messages) == 1
    assert mailbox.message_ids()[0] in payload  # the Message-ID given when it was queued


def test_a_slow_delivery_keeps_its_claim_while_it_works(tmp_path, smtp_server):
    """A delivery that outlasts the lease renews it: a second worker does not take it over."""
    mailbox = smtp_server(hold="RCPT")
    database = queued_database(tmp_path, mailbox.port)
    worker = django(DELIVER, database=database, smtp_port=mailbox.port, background=True)
    try:
        assert mailbox.reached.wait(timeout=120), "the worker never reached the SMTP server"
        time.sleep(3)  # longer than the 2 s lease: only the heartbeat keeps the claim
        second = django(RETRY, database=database, smtp_port=mailbox.port)
    finally:
        mailbox.release.set()
    assert worker.wait(timeout=60) == 0

    assert second.splitlines()[-1] == "0"
    assert len(mailbox.messages) == 1
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM core_outgoingemail").fetchone() == (0,)
