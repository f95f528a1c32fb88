"""`make bench-load`: readers and members on the production stack, the generator beside it.

Issue 10, acceptance 5: 50 guest readers browsing and 5 members reading and commenting for
5 minutes against the production stack (bench/stack.py: nginx with the shipped configuration
over HTTPS, `bin/serve` with production settings and its defaults, WEB_WORKERS=2, PostgreSQL,
Redis), on this 2-core machine with the load generator on the same machine. Target: no 5xx,
and article pages' p99 under 500 ms.

The stack is migrated and seeded with the demo newsroom (`manage.py seed`, as `make run`
does); five members are made as a sign-up makes them (a verified address, consent to the
terms) and logged in through Django's test client, whose session keys their browsers carry.
Then, after a warm-up that is not counted (`--warmup`), for `--duration` seconds:

- 50 guests, each a series of visits in a new browser (new TLS connection, no cookies): the
  home page, a section linked from it, one or two articles linked from the section, each
  article's comments thread (`data-thread-url`, fetched at once as the page's script does),
  sometimes a tag or author page linked from the article and sometimes a search for a word
  of its headline; 1-3 s of thinking between pages. nginx's cache may answer them
  (X-Cache-Status is counted);
- 5 members, whose session cookie makes nginx pass every page to the app: they read the same
  way and, every 20-40 s each, open an article and its discussion and post a comment of their
  own (hand-written, on the article's subject, never repeated, so that the flooding and
  flash-mob standards have nothing to act on) as the page's script does (`Accept:
  application/json`).

One asyncio process drives them all (aiohttp); its own CPU time, that of each part of the
stack and the event loop's lag are printed so that a saturated generator shows. Then a
markdown table per page kind (requests, req/s, p50, p99, max, 5xx, other errors, nginx cache
hits), the comments posted, accepted and stored (every accepted comment's id looked up in the
database), and the CPU table. Exits non-zero on any 5xx, an article p99 of 500 ms or more, or
an accepted comment that is not stored. About 8 minutes with the defaults.

    .venv/bin/python bench/load.py [--duration 300] [--warmup 30] [--readers 50] [--members 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import resource
import ssl
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp
from stack import ProductionStack, comments_stored, step
from yarl import URL

ARTICLE_P99_TARGET_MS = 500.0
ACCEPTED = ("published", "held")
THINK_SECONDS = (1.0, 3.0)
POST_EVERY_SECONDS = (20.0, 40.0)
TYPING_SECONDS = (3.0, 8.0)
KINDS = (
    "home",
    "section",
    "article",
    "thread",
    "search",
    "tag/author",
    "member: article",
    "member: other pages",
    "comment post",
)
MEMBER_NAMES = ("Ada Brennan", "Tomas Okafor", "Mei Lindgren", "Rui Carvalho", "Hana Novak")
TAG_OR_AUTHOR = re.compile(r"^(/[a-z]{2})?/(tags|authors)/[^/]+/$")
LINK = re.compile(r'href="(/[^"#?]*)"')
THREAD_URL = re.compile(r'data-thread-url="([^"]+)"')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORD = re.compile(r"[A-Za-z]{5,}")
FINDING = re.compile(r"<li><strong>([^<]+)</strong>")

# What members write, by the start of the demo article's headline: each comment is posted at
# most once, by one member, on its own article.
COMMENTS: dict[str, tuple[str, ...]] = {
    "Negotiators agree a framework for sharing river data": (
        "Sharing river flow data sounds dull, but downstream towns plan their flood defences "
        "around exactly these numbers.",
        "A voluntary framework is a start. I wonder how many of the 41 countries will actually "
        "publish water quality figures on time.",
        "Farmers along our river have asked for upstream flow readings for years; this could "
        "finally make that possible.",
        "The hard part will be the countries that did not sign. Rivers cross borders whether "
        "governments agree or not.",
        "Good to see hydrologists getting a seat at talks like these in Geneva instead of only "
        "diplomats.",
        "Will the shared data be open to researchers and the public, or only to the agencies "
        "that signed the framework?",
        "Disputes over dams usually start with each side having different numbers, so one "
        "shared dataset could calm a lot of arguments.",
    ),
    "Pacific island switches off its diesel generators": (
        "Shipping diesel to a small island is expensive and risky, so a solar microgrid makes "
        "a lot of sense for Vaihoa.",
        "I would like to know how the batteries cope during a week of cloudy weather in the "
        "cyclone season.",
        "Fourteen hundred residents running on sunshine is a great example for other remote "
        "communities in the Pacific.",
        "Who maintains the panels and inverters once the engineers leave? Local training is "
        "what makes these projects last.",
        "The quiet must be wonderful after years of generators running day and night next to "
        "the village.",
        "Our island council looked at a similar microgrid but the upfront cost scared them off. "
        "Articles like this help make the case.",
        "Keeping the old diesel sets as a backup seems wise until the storage has proven itself "
        "through a full year.",
    ),
    "Residents rescue a rural Japanese rail line": (
        "A cooperative of villagers running their own branch line is the most heartening "
        "transport story I have read this year.",
        "Twenty-three kilometres of track is a lot to maintain with volunteers; I hope the "
        "prefecture helps with the bridges.",
        "Rural lines are often closed because nobody counts the trips people no longer make "
        "once the trains stop.",
        "I rode a line like this in northern Japan years ago, and the station staff knew every "
        "passenger by name.",
        "Could tourism pay for the line, or will it depend on the villagers' goodwill forever?",
        "It would be interesting to see the timetable they settled on; fewer trains at the "
        "right hours can beat a frequent empty service.",
        "This shows what a community can do when the operator gives up. Other rural towns will "
        "be watching closely.",
    ),
    "EU ministers back a common standard to sell cross-border train": (
        "Booking a train from Lisbon to Berlin still means three websites and three tickets, "
        "so one standard cannot come soon enough.",
        "The key question is whether a missed connection on one ticket will be protected when "
        "the first train is late.",
        "Airlines solved through-ticketing decades ago. It is strange that rail took this long "
        "inside the European Union.",
        "I hope smaller operators can join without paying for expensive new booking systems.",
        "A common ticket would make night trains far more attractive for long trips across "
        "several countries.",
        "Ministers backing a standard is one thing; getting every national railway to implement "
        "it is another.",
        "Passenger groups have been asking for exactly this for years. Well done to whoever "
        "kept pushing it.",
    ),
    "Swiss glacier lost a record four metres": (
        "Four metres of ice in one summer is hard to picture. I walked on the Pierre-Blanche "
        "glacier as a child.",
        "The valleys below depend on meltwater in late summer; what happens when the glacier "
        "is simply gone?",
        "These long measurement series are so valuable. Thanks to the teams who go up there "
        "every autumn.",
        "Record heat and little winter snow together are a terrible combination for alpine ice.",
        "Is the thinning speeding up every year, or was this summer an exception driven by one "
        "heatwave?",
        "Hydropower planners in Valais must be studying these figures very carefully right now.",
        "Covering glaciers with white sheets slows the melt locally, but it cannot save ice on "
        "this scale.",
    ),
    "Drones cut delivery times for medicines to remote clinics": (
        "Getting blood to island clinics in minutes instead of hours by boat will save lives "
        "around Lake Victoria.",
        "How do the drones cope with the strong winds and storms over the lake in the rainy "
        "season?",
        "Cold storage for vaccines is the hardest part of rural health care, so fast delivery "
        "really matters.",
        "I would like to know what each flight costs compared with the boats the clinics used "
        "before.",
        "It is good to see drones used for medicine rather than only for filming weddings and "
        "football matches.",
        "Nurses on the islands must have a very different working day now that supplies arrive "
        "on request.",
        "Tanzania has been ahead on medical drone delivery for a while; other countries should "
        "copy the approach.",
    ),
    "Coffee prices climb to a two-year high": (
        "Dry weather in the growing regions shows up in our cafe's supplier bills within weeks.",
        "Arabica futures rising does not always mean the farmers see any of the extra money.",
        "Roasters have already raised prices twice this year. I suspect a third increase is "
        "coming.",
        "Climate change keeps pushing arabica to higher ground, and there is only so much "
        "mountain left.",
        "Maybe this is the push I needed to drink less coffee, though probably not.",
        "Robusta blends might become more common in supermarkets if arabica stays this expensive.",
        "A two-year high is still below the peaks of a decade ago once you account for inflation.",
    ),
    "Newly found comet may be visible to the naked eye": (
        "Two amateur astronomers finding a comet is wonderful; the night sky still rewards "
        "patient people.",
        "Comets are famously unpredictable, so I will keep my expectations modest until it "
        "actually brightens.",
        "Which direction should we look, and is it better before dawn or after sunset next month?",
        "I still remember seeing a bright comet as a teenager. I hope this one gives my "
        "children that memory.",
        "Light pollution will make it hard to see from cities, so a trip to the countryside "
        "might be worth it.",
        "Binoculars are cheap and make a big difference for faint comets, even if it stays "
        "below naked-eye brightness.",
        "How close will it come to the Sun? Some comets break up before they get a chance to "
        "shine.",
    ),
    "Course records fall at the Porto Harbour Marathon": (
        "Setting course records into a stiff headwind makes both performances even more "
        "impressive.",
        "I ran Porto a few years ago and the harbour section is beautiful but very exposed to "
        "the wind.",
        "Congratulations to both winners. The women's race sounded especially close near the "
        "finish.",
        "Pacemakers must have worked hard in that wind; I would love to see the split times.",
        "Porto keeps attracting stronger fields every year. It has become a serious race.",
        "The crowds along the river make that marathon special even for slow runners like me.",
        "A flat course with better weather next year could see these records fall again.",
    ),
    "Montreal libraries extend evening opening": (
        "Students without a quiet room at home will benefit most from libraries staying open "
        "until ten.",
        "Our local branch is packed every evening, so longer hours are clearly what people want.",
        "I hope the city is hiring more staff rather than stretching the existing team.",
        "Libraries are the last indoor public spaces where nobody expects you to spend money.",
        "A pilot programme is sensible. Let us see the visitor numbers after the first winter.",
        "Evening opening makes the library usable for people who work office hours, which is "
        "most of us.",
        "Other cities should watch this. Quiet public spaces matter more than ever in crowded "
        "neighbourhoods.",
    ),
}


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float
    cache: str  # nginx's X-Cache-Status, "" when absent
    guest: bool
    began: float  # seconds into the counted window


@dataclass
class Posted:
    member: int
    article: int
    status: int
    outcome: str
    comment_id: int | None
    seconds: float
    text: str
    findings: list[str]  # the standards the answer names (held, rejected, asked to confirm)


@dataclass
class Site:
    """What the generator knows of the seeded site: addresses and the members' sessions."""

    sections: list[str]
    articles: dict[str, dict[str, Any]]  # url -> {"id", "title"}
    sessions: list[str]
    cookie_name: str
    comment_plan: list[list[tuple[int, str, str]]] = field(default_factory=list)


def site_prepare(stack: ProductionStack, members: int) -> Site:
    """Members made as a sign-up makes them, logged in; the site's sections and articles."""
    names = [MEMBER_NAMES[n % len(MEMBER_NAMES)] for n in range(members)]
    output = stack.manage(
        "shell",
        "-c",
        f"""
import json
from django.conf import settings
from django.test import Client
from masthead.news.models import ArticlePage, SectionPage
from masthead.readers.tests.personas import reader_create
from masthead.readers.services.consent import signup_consent_record
sessions = []
for number, name in enumerate({names!r}):
    member = reader_create(email=f"load.member{{number}}@example.org", display_name=name)
    signup_consent_record(user=member)  # the sign-up box ticked, as every member has
    client = Client()
    client.force_login(member)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
articles = {{
    page.url: {{"id": page.pk, "title": page.title}} for page in ArticlePage.objects.live()
}}
sections = [page.url for page in SectionPage.objects.live()]
print(json.dumps({{
    "sessions": sessions, "articles": articles, "sections": sections,
    "cookie_name": settings.SESSION_COOKIE_NAME,
}}))
""",
    )
    data = json.loads(output.strip().splitlines()[-1])
    site = Site(
        sections=data["sections"],
        articles=data["articles"],
        sessions=data["sessions"],
        cookie_name=data["cookie_name"],
    )
    # Comment n of the pool goes to member n % members, so no two members post the same text.
    pool = []
    for start, texts in COMMENTS.items():
        found = [(url, a) for url, a in site.articles.items() if a["title"].startswith(start)]
        if not found:
            raise RuntimeError(f"no seeded article's headline starts with {start!r}")
        url, article = found[0]
        pool += [(article["id"], url, text) for text in texts]
    random.Random(7).shuffle(pool)
    site.comment_plan = [pool[n::members] for n in range(members)]
    return site


class Load:
    """The simulated browsers, the clock that says when to count, and what they recorded."""

    def __init__(self, stack: ProductionStack, site: Site, *, warmup: float, duration: float):
        self.origin = stack.origin
        self.site = site
        self.ssl = ssl.create_default_context(cafile=str(stack.nginx.certificate))
        self.started = time.monotonic()
        self.counted_from = self.started + warmup
        self.ends = self.counted_from + duration
        self.records: list[Record] = []
        self.posted: list[Posted] = []
        self.lags: list[float] = []

    def counting(self) -> bool:
        return self.counted_from <= time.monotonic() < self.ends

    def over(self) -> bool:
        return time.monotonic() >= self.ends

    def browser(self, session_key: str | None = None) -> aiohttp.ClientSession:
        """A browser: one connection kept alive, its own cookies, a 60 s timeout per request."""
        jar = aiohttp.CookieJar()
        if session_key:
            jar.update_cookies({self.site.cookie_name: session_key}, URL(self.origin))
        return aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=self.ssl, limit=1),
            cookie_jar=jar,
            timeout=aiohttp.ClientTimeout(total=60),
            headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) masthead-bench-load"},
        )

    async def fetch(
        self,
        browser: aiohttp.ClientSession,
        kind: str,
        path: str,
        *,
        guest: bool,
        method: str = "GET",
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """One request, timed to the last byte; (status, body), status 0 when none came."""
        counted = self.counting()
        began = time.monotonic()
        status, body, cache = 0, "", ""
        try:
            async with browser.request(
                method, self.origin + path, data=data, headers=headers, allow_redirects=False
            ) as answer:
                body = await answer.text()
                status, cache = answer.status, answer.headers.get("X-Cache-Status", "")
        except (aiohttp.ClientError, TimeoutError):
            pass
        if counted:
            self.records.append(
                Record(
                    kind, status, time.monotonic() - began, cache, guest, began - self.counted_from
                )
            )
        return status, body

    async def think(self, low: float = THINK_SECONDS[0], high: float = THINK_SECONDS[1]) -> None:
        await asyncio.sleep(random.uniform(low, high))

    def links(self, html: str) -> list[str]:
        return list(dict.fromkeys(LINK.findall(html)))

    async def article_read(self, browser: aiohttp.ClientSession, path: str, *, guest: bool) -> str:
        """The article, then its thread at once, as the page's script loads it."""
        kind = "article" if guest else "member: article"
        _, html = await self.fetch(browser, kind, path, guest=guest)
        thread = THREAD_URL.search(html)
        if thread:
            await self.fetch(
                browser, "thread" if guest else "member: other pages", thread.group(1), guest=guest
            )
        return html

    async def visit(self, browser: aiohttp.ClientSession, *, guest: bool) -> None:
        """Home, a section, one or two articles; sometimes a tag or author page, a search."""
        other = "member: other pages"
        _, home = await self.fetch(browser, "home" if guest else other, "/", guest=guest)
        await self.think()
        sections = [link for link in self.links(home) if link in self.site.sections]
        section = random.choice(sections or self.site.sections)
        _, listing = await self.fetch(browser, "section" if guest else other, section, guest=guest)
        for _ in range(random.choice((1, 1, 2))):
            if self.over():
                return
            await self.think()
            articles = [link for link in self.links(listing) if link in self.site.articles]
            article = random.choice(articles or list(self.site.articles))
            html = await self.article_read(browser, article, guest=guest)
        if random.random() < 0.3 and not self.over():
            await self.think()
            pages = [link for link in self.links(html) if TAG_OR_AUTHOR.match(link)]
            if pages:
                kind = "tag/author" if guest else other
                await self.fetch(browser, kind, random.choice(pages), guest=guest)
        if random.random() < 0.3 and not self.over():
            await self.think()
            words = WORD.findall(self.site.articles.get(article, {}).get("title", "")) or ["news"]
            kind = "search" if guest else other
            await self.fetch(browser, kind, f"/search/?q={random.choice(words)}", guest=guest)
        await self.think()

    async def guest(self) -> None:
        await asyncio.sleep(random.uniform(0, 3))
        while not self.over():
            async with self.browser() as browser:  # each visit a new browser, no cookies
                await self.visit(browser, guest=True)

    async def member(self, number: int) -> None:
        plan = list(self.site.comment_plan[number])
        next_post = self.counted_from + random.uniform(0, POST_EVERY_SECONDS[1])
        await asyncio.sleep(random.uniform(0, 3))
        async with self.browser(self.site.sessions[number]) as browser:
            while not self.over():
                if plan and self.counting() and time.monotonic() >= next_post:
                    article_id, path, text = plan.pop(0)
                    await self.comment(browser, number, article_id, path, text)
                    next_post = time.monotonic() + random.uniform(*POST_EVERY_SECONDS)
                    await self.think()
                else:
                    await self.visit(browser, guest=False)

    async def comment(
        self, browser: aiohttp.ClientSession, number: int, article_id: int, path: str, text: str
    ) -> None:
        """Open the article and its discussion, write for a while, post as the script does.

        When the checks ask first ("confirm": something a moderator should see), the member
        reads the finding and presses "Post anyway", as the page offers; both posts count.
        """
        other = "member: other pages"
        await self.article_read(browser, path, guest=False)
        await self.think()
        discussion = f"/comments/article/{article_id}/"
        _, form = await self.fetch(browser, other, discussion, guest=False)
        token = CSRF_TOKEN.search(form)
        await self.think(*TYPING_SECONDS)
        fields = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "body": text,
            "key": os.urandom(16).hex(),
        }
        for attempt in ("first", "posted anyway"):
            if self.over():
                return
            began = time.monotonic()
            status, body = await self.fetch(
                browser,
                "comment post",
                f"{discussion}post/",
                guest=False,
                method="POST",
                data=fields,
                headers={
                    "Accept": "application/json",
                    "Referer": self.origin + discussion,
                    "Origin": self.origin,
                },
            )
            seconds = time.monotonic() - began
            try:
                payload = json.loads(body)
            except ValueError:
                payload = {"outcome": f"no JSON ({status})"}
            outcome = str(payload.get("outcome"))
            findings = FINDING.findall(str(payload.get("feedback_html", "")))
            self.posted.append(
                Posted(
                    number,
                    article_id,
                    status,
                    outcome if attempt == "first" else f"{outcome} ({attempt})",
                    payload.get("comment_id"),
                    seconds,
                    text,
                    findings,
                )
            )
            if outcome != "confirm":
                return
            await self.think()
            fields = {**fields, "confirm": "on", "key": str(payload.get("next_key", ""))}

    async def lag_watch(self) -> None:
        """How late the event loop wakes: a busy generator would add this to every latency."""
        while not self.over():
            began = time.monotonic()
            await asyncio.sleep(0.05)
            if self.counting():
                self.lags.append(time.monotonic() - began - 0.05)

    async def progress(self) -> None:
        while not self.over():
            await asyncio.sleep(30)
            counted = len(self.records)
            errors = sum(1 for r in self.records if r.status >= 500 or r.status == 0)
            step(
                f"{counted} requests counted, {errors} 5xx or unanswered, "
                f"{len(self.posted)} comments posted; load average {os.getloadavg()[0]:.2f}"
            )

    async def run(self, readers: int, members: int) -> None:
        tasks = [asyncio.create_task(self.guest()) for _ in range(readers)]
        tasks += [asyncio.create_task(self.member(n)) for n in range(members)]
        tasks += [asyncio.create_task(self.lag_watch()), asyncio.create_task(self.progress())]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=self.ends - time.monotonic() + 120)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


@dataclass
class CpuSample:
    """CPU seconds by part of the stack, read from /proc, and the machine's busy and total."""

    parts: dict[str, float]
    busy: float
    total: float


def cpu_sample(stack: ProductionStack) -> CpuSample:
    """utime+stime (+ reaped children's) of every process, by part of the stack.

    RQ runs each job in a forked process: counted with the task workers while it runs (its
    command line is its parent's), and in the worker's children's time once reaped. A process
    whose parent is in bin/serve's session counts there even if it started a session of its own.
    """
    tick = os.sysconf("SC_CLK_TCK")
    serve_session = os.getsid(stack.serve.pid) if stack.serve else None
    nginx_pid = stack.nginx.process.pid if stack.nginx.process else None
    redis_pid = stack.redis.process.pid if stack.redis.process else None
    postmaster = int((stack.postgres.data / "postmaster.pid").read_text().split()[0])
    processes: dict[int, tuple[int, int, str, str, float]] = {}  # parent, session, cmd, comm, s
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            comm = stat[stat.find("(") + 1 : stat.rfind(")")]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            seconds = sum(int(value) for value in fields[11:15]) / tick
            processes[int(entry.name)] = (int(fields[1]), int(fields[3]), command, comm, seconds)
        except (OSError, IndexError, ValueError):
            continue
    parts: dict[str, float] = defaultdict(float)
    for pid, (parent, session, command, comm, seconds) in processes.items():
        parent_session = processes.get(parent, (0, None))[1]
        if pid == os.getpid():
            part = "load generator"
        elif serve_session in (session, parent_session):
            part = (
                "gunicorn (web workers)"
                if "gunicorn" in command
                else "task workers"
                if "rqworker" in command
                else "ticker"
                if "manage.py tick" in command
                else "bin/serve (other)"
            )
        elif nginx_pid in (pid, parent):
            part = "nginx"
        elif postmaster in (pid, parent):
            part = "PostgreSQL"
        elif pid == redis_pid:
            part = "Redis"
        else:
            name = " ".join(Path(word).name for word in command.split()[:2])[:40]
            part = f"rest of the machine: {name or comm}"
        parts[part] += seconds
    with open("/proc/stat") as machine:
        values = [int(value) for value in machine.readline().split()[1:]]
    total = sum(values[:8]) / tick
    idle = (values[3] + values[4]) / tick
    return CpuSample(parts, total - idle, total)


def report(load: Load, stored: set[int], cpu: dict[str, float], machine: tuple[float, float],
           generator_seconds: float, duration: float) -> list[str]:  # fmt: skip
    """Print the tables; what missed the targets."""
    failures = []
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in load.records:
        by_kind[record.kind].append(record)
    print("\n| page kind | requests | req/s | p50 ms | p99 ms | max ms | 5xx | other errors "
          "| nginx cache HIT |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [*KINDS, "all"]
    for kind in rows:
        records = load.records if kind == "all" else by_kind.get(kind, [])
        times = [r.seconds * 1000 for r in records]
        server_errors = sum(1 for r in records if r.status >= 500)
        # 4xx counts as an error except for a comment refused with its reason (JSON answer).
        other = sum(
            1
            for r in records
            if r.status == 0 or (400 <= r.status < 500 and r.kind != "comment post")
        )
        guests = [r for r in records if r.guest]
        hits = (
            f"{100 * sum(1 for r in guests if r.cache == 'HIT') / len(guests):.0f}%"
            if guests
            else "-"
        )
        print(
            f"| {kind} | {len(records)} | {len(records) / duration:.1f} | "
            f"{percentile(times, 50):.0f} | {percentile(times, 99):.0f} | "
            f"{max(times, default=0):.0f} | {server_errors} | {other} | {hits} |"
        )
        if kind == "all" and server_errors:
            failures.append(f"{server_errors} answers were 5xx")
    minutes: dict[int, list[float]] = defaultdict(list)
    for record in by_kind.get("article", []) + by_kind.get("member: article", []):
        minutes[int(record.began // 60)].append(record.seconds * 1000)
    print(
        "\narticle pages (guests' and members'), p99 ms by minute of the window: "
        + ", ".join(f"{percentile(minutes[m], 99):.0f}" for m in sorted(minutes))
    )
    slowest = sorted(load.records, key=lambda r: -r.seconds)[:8]
    print(
        "slowest: "
        + "; ".join(
            f"{r.kind} {r.status} {r.cache or 'app'} at {r.began:.0f} s: {1000 * r.seconds:.0f} ms"
            for r in slowest
        )
    )
    statuses = Counter(r.cache or "-" for r in load.records if r.guest)
    print(f"\nguests' X-Cache-Status: {dict(statuses.most_common())}")
    for kind in ("article", "member: article"):
        p99 = percentile([r.seconds * 1000 for r in by_kind.get(kind, [])], 99)
        if p99 >= ARTICLE_P99_TARGET_MS:
            failures.append(f"{kind} p99 {p99:.0f} ms >= {ARTICLE_P99_TARGET_MS:.0f} ms")
    unusual = Counter((r.kind, r.status) for r in load.records if r.status == 0 or r.status >= 400)
    if unusual:
        print(f"errors by kind and status (0: no answer): {dict(unusual)}")

    outcomes = Counter(p.outcome for p in load.posted)
    accepted = [p for p in load.posted if p.outcome.split()[0] in ACCEPTED]
    missing = [p for p in accepted if p.comment_id not in stored]
    print("\n| comments | count |")
    print("|---|---:|")
    print(f"| posted | {len(load.posted)} |")
    for outcome, count in sorted(outcomes.items()):
        print(f"| {outcome} | {count} |")
    print(f"| accepted (published or held) | {len(accepted)} |")
    print(f"| accepted and stored in the database | {len(accepted) - len(missing)} |")
    if missing:
        failures.append(f"{len(missing)} accepted comments are not stored")
    for posted in load.posted:
        if posted.outcome != "published":
            print(
                f"  member {posted.member}, {posted.outcome}: {', '.join(posted.findings) or '-'}"
                f" ({posted.text[:60]}...)"
            )

    busy, total = machine
    print("\n| CPU over the counted window | seconds | share of the 2 cores |")
    print("|---|---:|---:|")
    rest = {k.split(": ", 1)[1]: v for k, v in cpu.items() if k.startswith("rest of the")}
    ours = {k: v for k, v in cpu.items() if not k.startswith("rest of the")}
    for part, seconds in sorted(ours.items(), key=lambda item: -item[1]):
        print(f"| {part} | {seconds:.1f} | {100 * seconds / total:.0f}% |")
    others = sorted(rest.items(), key=lambda item: -item[1])[:3]
    named = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in others)
    print(
        f"| rest of the machine (most: {named}) | {sum(rest.values()):.1f} | "
        f"{100 * sum(rest.values()) / total:.0f}% |"
    )
    print(f"| the machine, busy | {busy:.1f} | {100 * busy / total:.0f}% |")
    print(
        f"\nload generator: {generator_seconds:.1f} CPU s in {duration:.0f} s "
        f"({100 * generator_seconds / duration:.0f}% of one core); event loop lag p99 "
        f"{1000 * percentile(load.lags, 99):.1f} ms, max {1000 * max(load.lags, default=0):.1f} ms"
    )
    return failures


def quiet_wait(seconds: float) -> None:
    """Up to `seconds` for the 1-minute load average to fall to 0.5 per core."""
    deadline = time.monotonic() + seconds
    cores = os.cpu_count() or 1
    while os.getloadavg()[0] > 0.5 * cores and time.monotonic() < deadline:
        time.sleep(5)
    step(f"load average before the run: {os.getloadavg()[0]:.2f} on {cores} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds counted")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before counting")
    parser.add_argument("--readers", type=int, default=50, help="guest readers")
    parser.add_argument("--members", type=int, default=5, help="members reading and posting")
    parser.add_argument("--quiet-wait", type=float, default=180, help="seconds to wait for a "
                        "quiet machine before starting")  # fmt: skip
    options = parser.parse_args()
    quiet_wait(options.quiet_wait)
    failures: list[str] = []
    with ProductionStack(prefix="masthead-load-") as stack:
        step("migrating a new PostgreSQL database and seeding the demo newsroom")
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput", "--verbosity", "0")
        stack.manage("seed")
        step(f"making {options.members} members and logging them in")
        site = site_prepare(stack, options.members)
        step("starting bin/serve (production settings) and nginx")
        stack.serve_start(timeout=300)
        step("waiting for the task workers (they prepare the moderation rules first)")
        stack.workers_wait(timeout=600)
        waited = stack.tasks_wait(timeout=600)
        step(f"the task queue is empty (the seed's page warm-up done) after {waited} s more")
        step(
            f"{options.readers} guests and {options.members} members: {options.warmup:.0f} s "
            f"of warm-up, then {options.duration:.0f} s counted"
        )
        load = Load(stack, site, warmup=options.warmup, duration=options.duration)

        async def run() -> tuple[CpuSample, float, CpuSample, float]:
            runner = asyncio.create_task(load.run(options.readers, options.members))
            await asyncio.sleep(max(0.0, load.counted_from - time.monotonic()))
            first, first_own = cpu_sample(stack), _own_cpu()
            await asyncio.sleep(max(0.0, load.ends - time.monotonic()))
            last, last_own = cpu_sample(stack), _own_cpu()
            await runner
            return first, first_own, last, last_own

        first, first_own, last, last_own = asyncio.run(run())
        step(f"done; load average {os.getloadavg()[0]:.2f}")
        accepted = [
            p.comment_id
            for p in load.posted
            if p.outcome.split()[0] in ACCEPTED and p.comment_id is not None
        ]
        stored = comments_stored(stack, accepted)
        # A process that ended in the window loses its time here (none of the stack's do).
        cpu = {part: max(0.0, last.parts[part] - first.parts.get(part, 0.0)) for part in last.parts}
        failures = report(
            load,
            stored,
            cpu,
            (last.busy - first.busy, last.total - first.total),
            last_own - first_own,
            options.duration,
        )
        var = stack.var
    for failure in failures:
        print(f"FAIL: {failure}")
    print("bench-load:", "FAIL" if failures else "ok", f"(logs in {var})")
    return 1 if failures else 0


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
