"""`make prod-check`: the production stack as operators run it, on 127.0.0.1, with faults.

Starts throwaway PostgreSQL and Redis servers (never the machine's shared ones: they are
restarted here), an SMTP sink, the shipped nginx configuration (deploy/nginx/) with a test
certificate, and `bin/serve` with `config.settings.production` (gunicorn, TASK_WORKERS task
workers on Redis, the ticker). Then:
- mail: messages queued through the site's mail queue are delivered by the task workers to the
  SMTP sink, each exactly once;
- readers: two threads read through nginx the whole time, one as a guest (nginx's cache may
  answer) and one carrying a cookie that bypasses nginx's cache (the app answers every time);
- faults, one after the other: Redis restarted (3 s down), PostgreSQL restarted (3 s down),
  a gunicorn worker killed with SIGKILL;
and prints a table of requests and 5xx per phase and the mail counts. Exits non-zero when a
read during the Redis restart answered 5xx, more than 1% did during the PostgreSQL restart,
or a mail was lost or duplicated.

Not yet here (issue 10, "make prod-check"): signing up through the site and following the
confirmation mail, publishing a scheduled article and searching for it, posting a comment,
killing a task worker mid-job, stopping the SMTP server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402

from masthead.core.tests.postgres_server import PostgresServer  # noqa: E402
from masthead.core.tests.redis_server import RedisServer, free_port  # noqa: E402
from masthead.core.tests.test_nginx import Nginx  # noqa: E402

MAILS = 20


class Sink:
    """An SMTP server that keeps the Message-ID of every message it accepts."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for line in envelope.content.decode(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                self.message_ids.append(line.split(":", 1)[1].strip())
        return "250 OK"


class Readers:
    """Threads reading through nginx; each answer is recorded under the current phase."""

    def __init__(self, nginx: Nginx) -> None:
        self.nginx = nginx
        self.phase = "warm"
        self.counts: dict[str, Counter[str]] = {}
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._read, args=("guest", {}), daemon=True),
            threading.Thread(
                target=self._read, args=("bypass", {"Cookie": "sessionid=none"}), daemon=True
            ),
        ]

    def _read(self, kind: str, headers: dict[str, str]) -> None:
        paths = ["/", "/healthz"]
        number = 0
        while not self.stopped.is_set():
            number += 1
            try:
                status = self.nginx.request("GET", paths[number % 2], headers=headers).status
                outcome = "5xx" if status >= 500 else "ok"
            except Exception:
                outcome = "5xx"  # no answer at all counts against us too
            with self.lock:
                self.counts.setdefault(self.phase, Counter())[f"{kind} {outcome}"] += 1
            time.sleep(0.02)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="masthead-prod-check-"))
    (work / "redis").mkdir()
    redis = RedisServer(work / "redis")
    postgres = PostgresServer()
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    port = free_port()
    var = work / "var"
    var.mkdir()
    nginx = Nginx(var, f"127.0.0.1:{port}")
    serve: subprocess.Popen[bytes] | None = None
    failures: list[str] = []
    try:
        redis.start()
        postgres.create()
        smtp.start()
        environment = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "prod-check-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            # Wagtail names https on 443 only (core.E003); nginx listens on a free port here
            # and no absolute link is followed yet.
            "BASE_URL": "https://localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://localhost:{nginx.https_port}",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "0",
            "TRUSTED_PROXY_COUNT": "1",
            "SERVE_MEDIA": "0",
            "MASTHEAD_VAR_DIR": str(var),
            "PORT": str(port),
            "WEB_WORKERS": "2",
            "TASK_WORKERS": "2",
            "SECURE_HSTS_PRELOAD": "0",
        }

        def manage(*args: str) -> str:
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
                timeout=900,
            )
            if done.returncode != 0:
                raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
            return done.stdout

        step("migrating a new PostgreSQL database")
        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        step("starting bin/serve (production settings) and nginx")
        nginx.start()
        serve = subprocess.Popen(
            ["bin/serve"],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(var / "serve.log").open("wb"),
        )
        ready_wait(nginx, timeout=300)

        readers = Readers(nginx)
        readers.start()
        time.sleep(5)

        step("waiting for the task workers (they prepare the moderation rules first)")
        workers_wait(var, count=int(environment["TASK_WORKERS"]), timeout=600)
        step(f"queueing {MAILS} mails for the task workers")
        readers.phase = "mail"
        manage(
            "shell",
            "-c",
            "from django.core.mail import send_mail\n"
            f"for n in range({MAILS}):\n"
            "    send_mail(f'Check {n}', 'Body', 'site@example.org', [f'r{n}@example.org'])",
        )
        deadline = time.monotonic() + 180
        while len(sink.message_ids) < MAILS and time.monotonic() < deadline:
            time.sleep(0.5)
        step(f"{len(sink.message_ids)} mails delivered")

        step("restarting Redis (3 s down)")
        readers.phase = "redis restart"
        redis.kill()
        time.sleep(3)
        redis.start()
        time.sleep(5)

        step("restarting PostgreSQL (3 s down)")
        readers.phase = "postgres restart"
        postgres.restart(down=3)
        time.sleep(5)

        step("killing a web worker (SIGKILL)")
        readers.phase = "web worker killed"
        worker_kill(serve.pid)
        time.sleep(8)
        readers.phase = "after"
        time.sleep(3)
        readers.stop()

        print()
        print(f"{'phase':<20} {'guest':>7} {'5xx':>5} {'bypass':>7} {'5xx':>5}")
        for phase, counts in readers.counts.items():
            guest = counts["guest ok"] + counts["guest 5xx"]
            bypass = counts["bypass ok"] + counts["bypass 5xx"]
            print(
                f"{phase:<20} {guest:>7} {counts['guest 5xx']:>5} "
                f"{bypass:>7} {counts['bypass 5xx']:>5}"
            )
        print(
            "mail queue left:",
            manage(
                "shell",
                "-c",
                "from collections import Counter; from masthead.core.models import OutgoingEmail;"
                " print(dict(Counter(OutgoingEmail.objects.values_list('stage', flat=True))))",
            )
            .strip()
            .splitlines()[-1],
        )
        delivered, unique = len(sink.message_ids), len(set(sink.message_ids))
        print(f"\nmail: {MAILS} queued, {delivered} delivered, {delivered - unique} duplicates")

        redis_phase = readers.counts.get("redis restart", Counter())
        if redis_phase["guest 5xx"] or redis_phase["bypass 5xx"]:
            failures.append("reads answered 5xx during the Redis restart")
        pg_phase = readers.counts.get("postgres restart", Counter())
        pg_total = sum(pg_phase.values())
        if pg_total and (pg_phase["guest 5xx"] + pg_phase["bypass 5xx"]) / pg_total > 0.01:
            failures.append("more than 1% of reads answered 5xx during the PostgreSQL restart")
        if unique != MAILS or delivered != unique:
            failures.append("mail lost or duplicated")
    finally:
        if serve is not None and serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
        nginx.stop()
        smtp.stop()
        redis.kill()
        try:
            postgres.remove()
        except Exception as error:
            print(f"PostgreSQL did not stop cleanly: {error}")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("prod-check:", "FAIL" if failures else "ok", f"(logs in {var})")
    return 1 if failures else 0


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def ready_wait(nginx: Nginx, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if nginx.request("GET", "/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("the site never became ready (see serve.log)")


def workers_wait(var: Path, *, count: int, timeout: float) -> None:
    """Until each task worker's log says it listens (bin/serve writes log/worker-N.log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        logs = [var / "log" / f"worker-{n}.log" for n in range(1, count + 1)]
        if all(log.exists() and "Listening on" in log.read_text(errors="replace") for log in logs):
            return
        time.sleep(1)
    raise RuntimeError("the task workers never started listening (see log/worker-*.log)")


def worker_kill(serve_pid: int) -> None:
    """SIGKILL one gunicorn worker (a child of the gunicorn master that bin/serve started)."""
    found = subprocess.run(["pgrep", "-f", "gunicorn.*config.wsgi"], capture_output=True, text=True)
    pids = [int(pid) for pid in found.stdout.split()]
    session = os.getsid(serve_pid)
    ours = [pid for pid in pids if _session_of(pid) == session]
    masters = {pid for pid in ours if _parent_of(pid) not in ours}
    workers = [pid for pid in ours if pid not in masters]
    if workers:
        os.kill(workers[0], signal.SIGKILL)


def _session_of(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except ProcessLookupError:
        return None


def _parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


if __name__ == "__main__":
    sys.exit(main())
