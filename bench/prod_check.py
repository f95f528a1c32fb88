"""`make prod-check`: the production stack as operators run it, on 127.0.0.1, with faults.

Starts throwaway PostgreSQL and Redis servers (never the machine's shared ones: they are
restarted here), an SMTP server, the shipped nginx configuration (deploy/nginx/) with a test
certificate, and `bin/serve` with `config.settings.production` (gunicorn, TASK_WORKERS task
workers on Redis, the ticker; `ProductionStack` in bench/stack.py). Everything a reader does
goes through nginx over HTTPS. Then:
- a reader signs up through the site (the captcha solved as a browser does), follows the
  confirmation link the task workers mailed, logs in, and comments on an article that an
  editor scheduled and that the ticker published; the article is found by the site's search;
- the headers of a section page, first a miss then nginx's cached copy, are scored by Mozilla
  HTTP Observatory's rules (bench/observatory.py): both must be A+;
- readers: two threads read through nginx the whole time, one as a guest (nginx's cache may
  answer) and one carrying a cookie that bypasses nginx's cache (the app answers every time);
- faults, one after the other: a task worker killed with SIGKILL in the middle of a mail
  delivery, Redis restarted (3 s down), PostgreSQL restarted (3 s down), a gunicorn worker
  killed with SIGKILL, the SMTP server stopped while mail is queued and started again;
  the member comments again after the Redis and the PostgreSQL restarts, still logged in;
and prints a table of requests and 5xx per phase, the mail counts and the comments. Exits
non-zero when a read during the Redis restart answered 5xx, more than 1% did during the
PostgreSQL restart, a mail was lost or delivered twice, the headers are not A+, an accepted
comment is not stored, or the member was logged out.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from stack import ROOT, ProductionStack, Sink, comments_stored, step

from masthead.core.tests.site_processes import (
    children_of,
    gunicorn_workers,
    parent_of,
    session_processes,
)
from masthead.core.tests.test_nginx import Nginx
from masthead.readers.tests.captcha_solver import captcha_challenge_solve

MAILS = 20
KILLED_MAILS = 6
DOWN_MAILS = 5
MEMBER_EMAIL = "marta.quist@example.org"
MEMBER_PASSWORD = "a lighthouse on the far rock"
SEARCH_WORD = "Skerryvore"
ARTICLE = {
    "title": "Skerryvore lighthouse keepers vote to stay on the rock for another winter",
    "lede": "The last keepers of the Skerryvore lighthouse voted on Monday to stay on the rock "
    "through the winter storms, while the new automatic light is tested.",
}
COMMENTS = [
    "Good to read that the keepers are staying for another winter; the fishing boats still "
    "count on that light when the weather turns.",
    "My grandfather kept a light much like Skerryvore for twenty years. He always said that "
    "the winters out on the rock were the hardest part of the job.",
    "Does anyone know whether the keepers will get a new relief boat before the storms begin? "
    "The old one was already late twice last year.",
]


class Visitor:
    """A reader's browser over HTTPS through nginx: cookies kept, forms posted with their token."""

    def __init__(self, nginx: Nginx) -> None:
        self.origin = f"https://localhost:{nginx.https_port}"
        self.session = requests.Session()
        self.ca = str(nginx.certificate)

    def get(self, path: str, **options: Any) -> requests.Response:
        # verify on each call: a REQUESTS_CA_BUNDLE in the environment would win over session's
        return self.session.get(self.origin + path, timeout=60, verify=self.ca, **options)

    def form_post(
        self, form_path: str, data: dict[str, str], *, action: str | None = None, **options: Any
    ) -> requests.Response:
        """Open the form's page, then post `data` with its CSRF token, as the browser does."""
        page = self.get(form_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            raise RuntimeError(f"no form with a CSRF token at {form_path} ({page.status_code})")
        return self.session.post(
            self.origin + (action or form_path),
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": self.origin + form_path, **options.pop("headers", {})},
            timeout=60,
            verify=self.ca,
            allow_redirects=False,
            **options,
        )

    def captcha(self) -> str:
        return captcha_challenge_solve(self.get("/account/captcha/challenge/").json())


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
    failures: list[str] = []
    with ProductionStack(prefix="masthead-prod-check-") as stack:
        nginx, sink, var, manage = stack.nginx, stack.sink, stack.var, stack.manage
        step("migrating a new PostgreSQL database")
        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        step("starting bin/serve (production settings) and nginx")
        stack.serve_start(timeout=300)
        assert stack.serve is not None
        serve = stack.serve

        readers = Readers(nginx)
        readers.start()
        time.sleep(5)

        step("waiting for the task workers (they prepare the moderation rules first)")
        stack.workers_wait(timeout=600)
        visitor = Visitor(nginx)
        comments: list[tuple[str, str, int | None]] = []  # (when, outcome, comment id)

        step("an editor schedules an article for 20 s from now")
        readers.phase = "journey"
        article_id, article_path = article_schedule(manage, seconds=20)
        step("a reader signs up through the site and follows the mailed confirmation link")
        failures += reader_sign_up(visitor, sink)
        step(f"waiting for the ticker to publish {article_path}")
        if not page_wait(visitor, article_path, timeout=150):
            failures.append("the scheduled article was never published")
        elif not search_finds(visitor, SEARCH_WORD, article_path, timeout=120):
            failures.append("the site's search never found the published article")
        comments.append(("journey", *comment_post(visitor, article_id, COMMENTS[0])))
        step("scoring the headers behind nginx by the HTTP Observatory's rules (bench/)")
        headers_scored = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "observatory.py"),
                f"https://localhost:{nginx.https_port}/world/",  # not requested yet: a miss
                "--http-url",
                f"http://localhost:{nginx.http_port}/world/",
                "--insecure",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        print(headers_scored.stdout, headers_scored.stderr[-2000:], sep="", flush=True)
        if headers_scored.returncode != 0:
            failures.append("the headers behind nginx do not score A+ on the miss and the hit")

        step(f"queueing {MAILS} mails for the task workers")
        readers.phase = "mail"
        mails_queue(manage, "r", MAILS)
        mails_wait(sink, [f"r{n}@example.org" for n in range(MAILS)], timeout=180)
        step(f"{len(sink.message_ids)} mails delivered")

        step("killing a task worker in the middle of a mail delivery (SIGKILL)")
        readers.phase = "task worker killed"
        sink.rcpt_delay = 2.0
        started = sink.deliveries_started
        mails_queue(manage, "killed", KILLED_MAILS)
        deadline = time.monotonic() + 60
        while sink.deliveries_started == started and time.monotonic() < deadline:
            time.sleep(0.1)
        killed = task_worker_kill(serve.pid)
        step(f"killed task worker {killed} while it delivered; bin/serve starts another")
        time.sleep(3)
        sink.rcpt_delay = 0.0

        # The retries of these two faults' mail run while the faults below are injected.
        step("stopping the SMTP server while mail is queued, then starting it again")
        readers.phase = "smtp stopped"
        stack.smtp_stop()
        mails_queue(manage, "down", DOWN_MAILS)
        time.sleep(8)
        stack.smtp_start()

        step("restarting Redis (3 s down)")
        readers.phase = "redis restart"
        stack.redis.kill()
        time.sleep(3)
        stack.redis.start()
        time.sleep(5)
        if visitor.get("/account/profile/", allow_redirects=False).status_code != 200:
            failures.append("the member was logged out by the Redis restart")
        comments.append(("after Redis", *comment_post(visitor, article_id, COMMENTS[1])))

        step("restarting PostgreSQL (3 s down)")
        readers.phase = "postgres restart"
        stack.postgres.restart(down=3)
        time.sleep(5)
        comments.append(("after PostgreSQL", *comment_post(visitor, article_id, COMMENTS[2])))

        step("killing a web worker (SIGKILL)")
        readers.phase = "web worker killed"
        worker_kill(serve.pid)
        time.sleep(8)

        readers.phase = "after"
        expected = (
            [f"r{n}@example.org" for n in range(MAILS)]
            + [f"killed{n}@example.org" for n in range(KILLED_MAILS)]
            + [f"down{n}@example.org" for n in range(DOWN_MAILS)]
            + [MEMBER_EMAIL]
        )
        step("waiting for every queued mail (the retries run every minute)")
        mails_wait(sink, expected, timeout=300)
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
        per_address = Counter(address for recipients, _ in sink.messages for address in recipients)
        missing = [address for address in expected if per_address[address] == 0]
        twice = [address for address in expected if per_address[address] > 1]
        print(
            f"\nmail: {len(expected)} expected, {delivered} delivered, "
            f"{delivered - unique} duplicate Message-IDs, {len(missing)} missing, "
            f"{len(twice)} addresses mailed twice; {sink.deliveries_started} deliveries begun "
            f"(the rest broken off by the faults and retried)"
        )
        stored = comments_stored(stack, [pk for _, _, pk in comments if pk is not None])
        print("comments:")
        for when, outcome, pk in comments:
            print(f"  {when:<18} {outcome:<10} id {pk} {'stored' if pk in stored else ''}")
        if comments[0][1] not in ("published", "held"):
            failures.append(f"the member's first comment was not accepted ({comments[0][1]})")
        for when, outcome, pk in comments:
            if outcome in ("published", "held") and pk not in stored:
                failures.append(f"the comment accepted {when} is not stored")

        redis_phase = readers.counts.get("redis restart", Counter())
        if redis_phase["guest 5xx"] or redis_phase["bypass 5xx"]:
            failures.append("reads answered 5xx during the Redis restart")
        pg_phase = readers.counts.get("postgres restart", Counter())
        pg_total = sum(pg_phase.values())
        if pg_total and (pg_phase["guest 5xx"] + pg_phase["bypass 5xx"]) / pg_total > 0.01:
            failures.append("more than 1% of reads answered 5xx during the PostgreSQL restart")
        if missing or twice or delivered != unique:
            failures.append(f"mail lost ({missing[:5]}) or duplicated ({twice[:5]})")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("prod-check:", "FAIL" if failures else "ok", f"(logs in {var})")
    return 1 if failures else 0


def worker_kill(serve_pid: int) -> None:
    """SIGKILL one gunicorn worker (a child of the gunicorn master that bin/serve started)."""
    workers = gunicorn_workers(os.getsid(serve_pid))
    if workers:
        os.kill(workers[0], signal.SIGKILL)


Manage = Any  # manage(*args) -> stdout, in the stack's own environment


def article_schedule(manage: Manage, *, seconds: int) -> tuple[int, str]:
    """A section and an article scheduled `seconds` ahead, as an editor's Publish does."""
    output = manage(
        "shell",
        "-c",
        f"""
import datetime
from django.utils import timezone
from wagtail.models import Locale
from masthead.news.models import ArticleByline, ArticlePage, Author, HomePage, SectionPage
home = HomePage.objects.get(locale=Locale.get_default())
section = SectionPage(title="World", slug="world", intro="News from everywhere.")
home.add_child(instance=section)
section.save_revision().publish()
author = Author.objects.create(name="Lena Sorensen", slug="lena-sorensen", role="Correspondent")
article = ArticlePage(
    title={ARTICLE["title"]!r}, slug="skerryvore-keepers", lede={ARTICLE["lede"]!r}, live=False,
    go_live_at=timezone.now() + datetime.timedelta(seconds={seconds}),
)
article.bylines.add(ArticleByline(author=author, sort_order=0))
section.add_child(instance=article)
article.save_revision().publish()
article.refresh_from_db()
assert not article.live, "published at once instead of scheduled"
print(article.pk, article.get_url_parts()[2])
""",
    )
    pk, path = output.strip().splitlines()[-1].split()
    return int(pk), path


def reader_sign_up(visitor: Visitor, sink: Sink) -> list[str]:
    """Sign up, confirm by the mailed link, and be logged in; returns what went wrong."""
    form = visitor.get("/account/signup/").text
    data = {
        "email": MEMBER_EMAIL,
        "display_name": "Marta Quist",
        "password1": MEMBER_PASSWORD,
        "password2": MEMBER_PASSWORD,
        "captcha": visitor.captcha(),
    }
    # Every box the form requires (the terms and the privacy policy), ticked as a reader does.
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' in tag and re.search(r"\srequired[\s>/=]", tag):
            data[name.group(1)] = "on"
    answer = visitor.form_post("/account/signup/", data)
    if answer.status_code != 302:
        return [f"sign-up answered {answer.status_code}, not a redirect"]
    deadline = time.monotonic() + 120
    link = None
    while link is None and time.monotonic() < deadline:
        for text in sink.texts_to(MEMBER_EMAIL):
            found = re.search(r"https?://[^/\s]+(/account/confirm-email/[^\s\"<]+)", text)
            link = found.group(1) if found else None
        time.sleep(0.5)
    if link is None:
        return ["no confirmation mail reached the member within 120 s"]
    confirmed = visitor.form_post(link, {})
    if confirmed.status_code != 302:
        return [f"confirming the address answered {confirmed.status_code}"]
    if visitor.get("/account/profile/", allow_redirects=False).status_code != 200:
        logged_in = visitor.form_post(
            "/account/login/", {"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD}
        )
        if logged_in.status_code != 302:
            return [f"logging in answered {logged_in.status_code}"]
    if visitor.get("/account/profile/", allow_redirects=False).status_code != 200:
        return ["the member is not logged in after signing up and confirming"]
    return []


def page_wait(visitor: Visitor, path: str, *, timeout: float) -> bool:
    """Until `path` answers 200 to a guest through nginx (its cache included)."""
    guest = requests.Session()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if guest.get(visitor.origin + path, timeout=30, verify=visitor.ca).status_code == 200:
            return True
        time.sleep(1)
    return False


def search_finds(visitor: Visitor, word: str, path: str, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path in visitor.get(f"/search/?q={word}").text:
            return True
        time.sleep(2)
    return False


def comment_post(visitor: Visitor, article_id: int, text: str) -> tuple[str, int | None]:
    """Post a comment as the article page's form does; the outcome and the comment's id."""
    thread = f"/comments/article/{article_id}/"
    try:
        answer = visitor.form_post(
            thread,
            {"body": text, "key": os.urandom(16).hex()},
            action=f"{thread}post/",
            headers={"Accept": "application/json"},
        )
        if answer.status_code >= 500:
            return f"{answer.status_code}", None
        payload = answer.json()
    except Exception as error:
        return f"error: {type(error).__name__}", None
    return str(payload.get("outcome")), payload.get("comment_id")


def mails_queue(manage: Manage, prefix: str, count: int) -> None:
    manage(
        "shell",
        "-c",
        "from django.core.mail import send_mail\n"
        f"for n in range({count}):\n"
        f"    send_mail(f'Check {{n}}', 'Body', 'site@example.org',"
        f" [f'{prefix}{{n}}@example.org'])",
    )


def mails_wait(sink: Sink, addresses: list[str], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = {address for recipients, _ in sink.messages for address in recipients}
        if all(address in got for address in addresses):
            return
        time.sleep(0.5)


def task_worker_kill(serve_pid: int) -> list[int]:
    """SIGKILL a task worker and the job process it forked (RQ runs each job in a child)."""
    workers = session_processes(os.getsid(serve_pid), "manage.py rqworker")
    # The oldest worker process that is busy: its children (the job) are killed with it.
    busy = [pid for pid in workers if parent_of(pid) not in workers and children_of(pid)]
    victims = [busy[0], *children_of(busy[0])] if busy else workers[:1]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return victims


if __name__ == "__main__":
    sys.exit(main())
