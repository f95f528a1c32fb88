"""The production stack on 127.0.0.1, as operators run it, for the scripts that measure it.

`ProductionStack` starts throwaway PostgreSQL and Redis servers (never the machine's shared
ones: the scripts restart or load them), an SMTP server that keeps what it is sent (`Sink`), the
shipped nginx configuration (deploy/nginx/) with a test certificate, and `bin/serve` with
`config.settings.production` (gunicorn, TASK_WORKERS task workers on Redis, the ticker), and
stops them all by their PIDs. Used as a context manager:

    with ProductionStack(prefix="masthead-load-") as stack:
        stack.manage("migrate", "--noinput")
        stack.serve_start()
        stack.workers_wait(timeout=600)

Used by bench/prod_check.py (faults) and bench/load.py (concurrent readers and members).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test helpers below read Django's settings when imported (test_nginx.py's DEPLOY): the
# stack itself runs with production settings in its own processes (`environment`).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402

from masthead.core.tests.postgres_server import PostgresServer  # noqa: E402
from masthead.core.tests.redis_server import RedisServer, free_port  # noqa: E402
from masthead.core.tests.site_processes import site_manage  # noqa: E402
from masthead.core.tests.test_nginx import Nginx  # noqa: E402


class Sink:
    """An SMTP server that keeps every message it accepts (its Message-ID, recipients, text).

    `rcpt_delay` makes each recipient take that long to accept, so that a delivery is surely
    under way (claimed, not yet committed) when a task worker is killed.
    """

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.messages: list[tuple[list[str], str]] = []  # (recipients, text)
        self.rcpt_delay = 0.0
        self.deliveries_started = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.deliveries_started += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.message_ids.append(str(message["Message-ID"] or "").strip())
        parts = [message] if not message.is_multipart() else list(message.walk())
        text = "\n".join(
            part.get_content()
            for part in parts
            if part.get_content_type() in ("text/plain", "text/html")
        )
        self.messages.append((list(envelope.rcpt_tos), text))
        return "250 OK"

    def texts_to(self, address: str) -> list[str]:
        return [text for recipients, text in self.messages if address in recipients]


class ProductionStack:
    """PostgreSQL, Redis, the SMTP sink, nginx and `bin/serve`, each on a free local port.

    Entering starts the servers the site needs (PostgreSQL, Redis, SMTP); `serve_start()` starts
    nginx and `bin/serve` once the database is migrated; leaving stops everything, whatever
    happened. `environment` is the site's environment (production settings), which `manage()`
    and `bin/serve` run with; `var` holds its logs (`serve.log`, `log/worker-N.log`) and
    nginx's files.
    """

    def __init__(self, *, prefix: str, web_workers: int = 2, task_workers: int = 2) -> None:
        self.work = Path(tempfile.mkdtemp(prefix=prefix))
        (self.work / "redis").mkdir()
        self.redis = RedisServer(self.work / "redis")
        self.postgres = PostgresServer()
        self.sink = Sink()
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        self.port = free_port()
        self.var = self.work / "var"
        self.var.mkdir()
        self.nginx = Nginx(self.var, f"127.0.0.1:{self.port}")
        self.serve: subprocess.Popen[bytes] | None = None
        self.origin = f"https://localhost:{self.nginx.https_port}"
        self.environment = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "prod-check-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            # Wagtail names https on 443 only (core.E003); nginx listens on a free port here
            # and no absolute link is followed yet.
            "BASE_URL": "https://localhost",
            "CSRF_TRUSTED_ORIGINS": self.origin,
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "0",
            "TRUSTED_PROXY_COUNT": "1",
            "SERVE_MEDIA": "0",
            "MASTHEAD_VAR_DIR": str(self.var),
            "PORT": str(self.port),
            "WEB_WORKERS": str(web_workers),
            "TASK_WORKERS": str(task_workers),
            "SECURE_HSTS_PRELOAD": "0",
        }

    def __enter__(self) -> ProductionStack:
        try:
            self.redis.start()
            self.postgres.create()
            self.smtp.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def task_workers(self) -> int:
        return int(self.environment["TASK_WORKERS"])

    def manage(self, *args: str) -> str:
        """`manage.py` in the site's environment; its standard output."""
        return site_manage(self.environment, *args)

    def serve_start(self, *, timeout: float = 300) -> None:
        """nginx, then `bin/serve`; returns once /readyz answers 200 through nginx."""
        self.nginx.start()
        self.serve = subprocess.Popen(
            ["bin/serve"],
            cwd=ROOT,
            env=self.environment,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(self.var / "serve.log").open("wb"),
        )
        self.ready_wait(timeout=timeout)

    def ready_wait(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.nginx.request("GET", "/readyz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(1)
        raise RuntimeError("the site never became ready (see serve.log)")

    def workers_wait(self, *, timeout: float) -> None:
        """Until each task worker's log says it listens (bin/serve writes log/worker-N.log)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            logs = [self.var / "log" / f"worker-{n}.log" for n in range(1, self.task_workers + 1)]
            if all(
                log.exists() and "Listening on" in log.read_text(errors="replace") for log in logs
            ):
                return
            time.sleep(1)
        raise RuntimeError("the task workers never started listening (see log/worker-*.log)")

    def tasks_wait(self, *, timeout: float) -> int:
        """Until RQ's queue is empty and no job runs (say the seed's page warm-up); seconds waited.

        Read from Redis directly: a `manage.py shell` per poll would cost more CPU than the
        jobs being waited for.
        """
        from redis import Redis
        from rq import Queue

        queue = Queue("default", connection=Redis.from_url(self.redis.url))
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if queue.count == 0 and queue.started_job_registry.count == 0:
                return round(time.monotonic() - began)
            time.sleep(1)
        raise RuntimeError("the task queue never drained (see log/worker-*.log)")

    def smtp_stop(self) -> None:
        self.smtp.stop()

    def smtp_start(self) -> None:
        """A new SMTP server on the same port and sink (aiosmtpd's are not restartable)."""
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp.port)
        self.smtp.start()

    def stop(self) -> None:
        if self.serve is not None and self.serve.poll() is None:
            os.killpg(self.serve.pid, signal.SIGTERM)
            try:
                self.serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.serve.pid, signal.SIGKILL)
        self.nginx.stop()
        with contextlib.suppress(Exception):  # not started, or stopped already (a fault)
            self.smtp.stop()
        self.redis.kill()
        try:
            self.postgres.remove()
        except Exception as error:
            print(f"PostgreSQL did not stop cleanly: {error}")


def comments_stored(stack: ProductionStack, ids: list[int]) -> set[int]:
    """Which of these comment ids are rows in the stack's database."""
    output = stack.manage(
        "shell",
        "-c",
        "from masthead.comments.models import Comment\n"
        f"print('stored:', *Comment.objects.filter(pk__in={ids!r}).values_list('pk', flat=True))",
    )
    # The last line that says so: the shell may print a warning of its own after it.
    lines = [line for line in output.splitlines() if line.startswith("stored:")]
    return {int(pk) for pk in lines[-1].split()[1:]} if lines else set()


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)
