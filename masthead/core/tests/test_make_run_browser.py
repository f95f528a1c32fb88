"""`make run` as a new user finds it: the served site, in Chromium, from a fresh checkout's state.

Issue 11, items 1 and 3, tried the way they were found. The site is started with `make run`
itself (migrate, collectstatic, the demo seed, then bin/serve: two gunicorn workers, the
database task worker and the ticker, SQLite and the file cache in a fresh var directory, on a
free port), and Chromium then:

- opens every absolute URL the home page, an article, the feeds, the sitemaps and a reply
  e-mail print (the e-mail as the task worker wrote it to var/mail), and the short link: each
  must open on the address the site is served on (it named http://localhost/ before);
- posts a comment, then the same comment again through the other web worker (the first one
  stopped meanwhile; their pids are in gunicorn's access log): only the first is published
  (each worker kept its own memory of recent comments, so a repeat was published whenever it
  reached the other one).

One site for the module: starting it costs about a minute, most of it the seed.
"""

from __future__ import annotations

import email
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import pytest

from masthead.core.tests.redis_server import free_port
from masthead.core.tests.site_processes import make_run_environment, session_processes
from masthead.news.tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "the tide comes in twice a day"
OPENED_PER_LIST = 3  # URLs opened from each feed and sitemap (all are checked for the origin)
ACCESS_LINE = re.compile(r'^pid=<(?P<pid>\d+)> "(?P<method>[A-Z]+) (?P<path>\S+)')


@dataclass
class ServedSite:
    url: str
    var_dir: Path
    log_path: Path
    session: int  # the session id of `make run` and every process it started

    def worker_pids_for(self, method: str, path: str) -> list[int]:
        """The gunicorn worker pid of each request `method path` in the access log, in order."""
        pids = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            found = ACCESS_LINE.match(line)
            if found and found["method"] == method and found["path"].startswith(path):
                pids.append(int(found["pid"]))
        return pids

    def manage(self, script: str) -> str:
        """Run Python in the served site's own environment (its database, its settings)."""
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=_site_environment(self.var_dir, urlsplit(self.url).port or 80),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip()


def _site_environment(var_dir: Path, port: int) -> dict[str, str]:
    """`make run`'s environment, with the worker pid in each access-log line (to see both web
    workers take comments)."""
    return make_run_environment(
        var_dir, port, GUNICORN_CMD_ARGS="--access-logformat='pid=%(p)s \"%(r)s\" %(s)s'"
    )


@pytest.fixture(scope="module")
def served_site(tmp_path_factory) -> Iterator[ServedSite]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed: `make browser-deps`")
    if os.environ.get("DATABASE_URL") or os.environ.get("REDIS_URL"):
        # `make run` is the embedded default whatever the suite's stack (its environment is a
        # new user's: `make_run_environment`): the PostgreSQL + Redis pass would run the same
        # three minutes again. The production stack has `make prod-check`.
        pytest.skip("runs in the SQLite pass: make run does not depend on DATABASE_URL")
    var_dir = tmp_path_factory.mktemp("make-run-var")
    port = free_port()
    log_path = var_dir / "make-run.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=_site_environment(var_dir, port),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            assert process.poll() is None, log_path.read_text()[-4000:]
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()[-4000:]
            time.sleep(1)
        yield ServedSite(url=url, var_dir=var_dir, log_path=log_path, session=process.pid)
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def members(served_site) -> dict[str, str]:
    """Two members with passwords who accepted the current policies, as after sign-up."""
    script = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from masthead.readers.selectors.consent import legal_versions_of_record
from masthead.readers.services.consent import legal_consent_give
for name, address in (("Ines Harbour", "ines@example.org"), ("Kofi Quay", "kofi@example.org")):
    user = get_user_model().objects.create_user(
        username=address.split("@")[0], email=address, password={PASSWORD!r}, display_name=name
    )
    EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
    legal_consent_give(user=user, versions=legal_versions_of_record())
"""
    served_site.manage(script)
    return {"ines": "ines@example.org", "kofi": "kofi@example.org"}


@pytest.fixture
def browser(served_site) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _new_page(browser, served_site: ServedSite):
    context = browser.new_context(
        base_url=served_site.url,
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _log_in(page, address: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)


URLS_IN_PAGE = """() => {
  const found = [];
  for (const element of document.querySelectorAll('[href], [src], [content], [action]')) {
    for (const name of ['href', 'src', 'content', 'action']) {
      const value = element.getAttribute(name);
      if (value) found.push(value);
    }
  }
  for (const element of document.querySelectorAll('[srcset]')) {
    for (const part of element.getAttribute('srcset').split(',')) {
      found.push(part.trim().split(' ')[0]);
    }
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    found.push(...(script.textContent.match(/https?:\\/\\/[^\\s"'<>]+/g) || []));
  }
  return found.filter((value) => /^https?:\\/\\//.test(value));
}"""


def _check_absolute(urls: list[str], served_site: ServedSite, where: str) -> list[str]:
    """Every URL of this site names the origin it is served on; those are returned.

    Links to other sites (licences, share services, sources) are fine, but a share link's
    embedded address must be ours too.
    """
    ours = []
    origin = urlsplit(served_site.url)
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname in {"localhost", "127.0.0.1", "example.com", "testserver"} or (
            parts.hostname == origin.hostname
        ):
            assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), (where, url)
            ours.append(url)
            continue
        for values in parse_qs(parts.query).values():
            for value in values:
                for inner in re.findall(r"https?://\S+", unquote(value)):
                    assert inner.startswith(served_site.url + "/"), (where, url)
    return ours


def _opens(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)


def test_every_absolute_url_a_new_user_meets_opens_in_the_browser(served_site, members, browser):
    page = _new_page(browser, served_site)
    to_open: dict[str, str] = {}

    # The home page and the article a reader opens first.
    page.goto("/")
    for url in _check_absolute(page.evaluate(URLS_IN_PAGE), served_site, "home"):
        to_open.setdefault(url, "home")
    article_href = page.locator("main .card__title a").first.get_attribute("href")
    assert article_href
    page.goto(article_href)
    article_url = page.url
    for url in _check_absolute(page.evaluate(URLS_IN_PAGE), served_site, "article"):
        to_open.setdefault(url, "article")

    # The short link, as the button hands it out, brings the reader back to the story.
    page.get_by_role("button", name="Get short URL").click()
    short_url = page.locator("#short-url-field").input_value()
    assert short_url.startswith(served_site.url + "/s/"), short_url
    page.goto(short_url)
    assert page.url == article_url

    # The feeds and the sitemaps, and what they link to.
    page.goto("/")
    feeds = page.eval_on_selector_all(
        "link[rel=alternate][type$='xml']", "(links) => links.map((link) => link.href)"
    )
    assert len(feeds) >= 2, "the home page names no feed"
    for feed in feeds:
        body = page.request.get(feed).text()
        links = re.findall(r"<link>(https?://[^<]+)</link>", body)
        links += re.findall(r'<link[^>]+href="(https?://[^"]+)"', body)
        links += re.findall(r'url="(https?://[^"]+)"', body)
        assert links, feed
        # Every link is checked for its origin; a few of each kind are opened (a story's first
        # render makes its photos' renditions: seconds each on a loaded 2-core CI machine).
        for url in _check_absolute(links, served_site, feed)[:OPENED_PER_LIST]:
            to_open.setdefault(url, feed)
    sitemap_index = page.request.get("/sitemap.xml")
    assert sitemap_index.status == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    sitemaps = [
        loc.text or ""
        for loc in ElementTree.fromstring(sitemap_index.body()).iter(f"{namespace}loc")
    ]
    assert sitemaps
    for sitemap in _check_absolute(sitemaps, served_site, "/sitemap.xml"):
        to_open.setdefault(sitemap, "/sitemap.xml")
        tree = ElementTree.fromstring(page.request.get(sitemap).body())
        locs = [loc.text or "" for loc in tree.iter(f"{namespace}loc")]
        for url in _check_absolute(locs, served_site, sitemap)[:OPENED_PER_LIST]:
            to_open.setdefault(url, sitemap)

    # A reply e-mail, written to var/mail by the task worker.
    ines, kofi = members["ines"], members["kofi"]
    _log_in(page, ines)
    page.goto(article_url + "#comments")
    page.get_by_label("Your comment").fill("Thank you for this clear report on the harbour.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("Your comment is published.").first.wait_for()
    page.context.clear_cookies()
    _log_in(page, kofi)
    page.goto(article_url + "#comments")
    ines_comment = page.locator("article.comment", has_text="clear report on the harbour")
    ines_comment.get_by_role("link", name="Reply").first.click()
    page.locator("[data-inline-reply] textarea").fill("Agreed, and the ferry timetable helps.")
    page.locator("[data-inline-reply]").get_by_role("button", name="Post comment").click()
    page.get_by_text("Agreed, and the ferry timetable helps.").first.wait_for()
    reply_mail = _wait_for_mail(served_site.var_dir / "mail", to=ines)
    body = reply_mail.get_payload(decode=True)
    assert isinstance(body, bytes), reply_mail.as_string()
    mail_urls = re.findall(r"https?://[^\s<>]+", body.decode())
    mail_urls += re.findall(r"<(https?://[^>]+)>", reply_mail["List-Unsubscribe"] or "")
    assert len(mail_urls) >= 3, mail_urls
    for url in _check_absolute(mail_urls, served_site, "reply e-mail"):
        to_open.setdefault(url, "reply e-mail")
    page.context.clear_cookies()

    opened = 0
    for url in to_open:
        if "/account/logout/" in url or "/replies-off/" in url:
            # Visiting these would change the state of the next URLs; they are checked for
            # the right origin above and opened last.
            continue
        _opens(page, url)
        opened += 1
    for url in to_open:
        if "/replies-off/" in url:
            _opens(page, url)
            opened += 1
    assert opened >= 25, opened  # pages, every edition's home, feeds, sitemaps and the e-mail


def _wait_for_mail(mail_dir: Path, *, to: str, timeout: float = 90) -> email.message.Message:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")):
            for raw in re.split(r"\n-{79}\n", path.read_text(errors="replace")):
                if not raw.strip():
                    continue
                message = email.message_from_string(raw.strip() + "\n")
                if to in (message["To"] or "") and "repl" in (message["Subject"] or "").lower():
                    return message
        time.sleep(1)
    raise AssertionError(f"no reply e-mail to {to} in {mail_dir} after {timeout} s")


def _comment_post(page, article: str, text: str) -> str:
    """Open the article, post `text` from its form, and return the feedback the reader reads."""
    page.goto(article)
    page.get_by_label("Your comment").fill(text)
    with page.expect_response(
        lambda response: response.request.method == "POST" and "/comments/" in response.url
    ):
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_function(
        "() => (document.querySelector('[data-comment-form] [data-feedback]')"
        "?.innerText || '').trim().length > 0"
    )
    return str(page.locator("[data-comment-form] [data-feedback]").inner_text())


def _posts_logged(served_site: ServedSite, *, after: int, count: int) -> list[int]:
    """The web workers of the comment posts logged after the first `after`, once `count` are
    there (or 15 s have passed). gunicorn writes an access log line after it has sent the
    response, so on a busy machine the log can lag the browser (seen with three test workers)."""
    deadline = time.monotonic() + 15
    while True:
        workers = served_site.worker_pids_for("POST", "/comments/")[after:]
        if len(workers) >= count or time.monotonic() > deadline:
            return workers
        time.sleep(0.2)


def test_the_same_comment_posted_again_through_either_web_worker_is_not_published(
    served_site, members, browser
):
    """The repeat is made while the worker that took the first post is stopped (SIGSTOP), so
    it surely reaches the other one: gunicorn cannot be asked which worker takes a request,
    and on a quiet machine the same one took eight posts in a row."""
    page = _new_page(browser, served_site)
    _log_in(page, members["kofi"])
    page.goto("/")
    article = page.locator("main .card__title a").nth(1).get_attribute("href") or "/"
    text = "Same words again: the harbour master should publish the tide tables online."
    posts_before = len(served_site.worker_pids_for("POST", "/comments/"))

    first = _comment_post(page, article, text)
    (first_worker,) = _posts_logged(served_site, after=posts_before, count=1)
    signed_in = page.context.storage_state()
    page.context.close()  # and its kept-alive connections to that worker
    os.kill(first_worker, signal.SIGSTOP)
    try:
        context = browser.new_context(base_url=served_site.url, storage_state=signed_in)
        page = context.new_page()
        page.set_default_timeout(20_000)
        second = _comment_post(page, article, text)
    finally:
        os.kill(first_worker, signal.SIGCONT)

    workers = _posts_logged(served_site, after=posts_before, count=2)
    assert len(workers) == 2 and workers[0] != workers[1], workers
    assert "Your comment is published." in first
    assert "Your comment is published." not in second, second[:300]


def test_a_killed_task_worker_is_started_again_and_runs_the_next_job(served_site):
    """kill -9 of the task worker (as the OOM killer does) leaves the site up, and mail flows.

    bin/serve ended when any of its processes did, so one dead worker took the site down.
    """
    session = served_site.session
    workers = session_processes(session, "manage.py db_worker")
    assert len(workers) == 1, workers
    os.kill(workers[0], signal.SIGKILL)

    deadline = time.monotonic() + 30
    while True:
        again = session_processes(session, "manage.py db_worker")
        if again and again != workers:
            break
        assert time.monotonic() < deadline, "the task worker was not started again"
        time.sleep(0.5)
    with urllib.request.urlopen(served_site.url + "/healthz", timeout=5) as response:
        assert response.status == 200

    address = f"after-kill-{os.getpid()}@example.org"
    served_site.manage(
        "from django.core.mail import send_mail\n"
        f"send_mail('After the kill', 'Body', 'site@example.org', ['{address}'])"
    )
    mail_dir = served_site.var_dir / "mail"
    deadline = time.monotonic() + 60
    while not any(address in path.read_text(errors="replace") for path in mail_dir.iterdir()):
        assert time.monotonic() < deadline, "the restarted task worker delivered nothing"
        time.sleep(1)
