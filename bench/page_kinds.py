#!/usr/bin/env python3
"""Every page kind a reader opens, uncached and cached, on both stacks and at several sizes.

`make bench` runs this before bench/pages.py (the article page's own variants). Rows: home,
a section, a tag, an author, an article, its comments thread, search for a rare word and for
the commonest word. Stacks and sizes:

* embedded: exactly as `make run` configures it (config.settings.base without DATABASE_URL
  or REDIS_URL: SQLite and the file cache in a MASTHEAD_VAR_DIR of its own; gunicorn with
  config/gunicorn.py, 2 workers x 2 threads, as bin/serve), at the demo size and at 10k;
* scaled: PostgreSQL + Redis (the databases bench/pages.py prepares, and one at the demo
  size), at the demo size, 10k and 100k.

For each stack and size: one gunicorn with the in-app page cache off (uncached) and one with
it on (cached); per page kind `wrk -t2 -c16 -d5s` on each, after waiting for the server to
drain (a run's queued requests would be measured by the next); then, in a child with the same
settings, the median in-process render of each kind (page cache off, 60 renders) and the p95
of 60 searches per search kind; and one run on the home page with a 2-second page cache, so
that it spans several expiries (p99 against p50). Prints one table, then the targets of the
issue judged on it.

    .venv/bin/python bench/page_kinds.py [--sizes demo,10k,100k] [--stacks embedded,scaled]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages as article_bench  # bench/pages.py: servers, wrk, databases

ROOT = article_bench.ROOT
PYTHON = article_bench.PYTHON
GUNICORN = article_bench.GUNICORN
SIZES = {"demo": 0, "10k": 10_000, "100k": 100_000}
EMBEDDED_SIZES = ("demo", "10k")  # 100k on SQLite is not a supported layout
KINDS = ("home", "section", "tag", "author", "article", "thread", "search rare", "search common")
WRK = ["-t2", "-c16", "-d5s", "--latency"]
WRK_EXPIRY = ["-t2", "-c16", "-d12s", "--latency"]
RENDERS = 60
SEARCHES = 60
TARGET_RENDER_MS = 10.0
TARGET_LISTING_RPS = 300.0
TARGET_SEARCH_P95_MS = 50.0
TARGET_EXPIRY_RATIO = 3.0


@dataclass
class Measured:
    uncached: article_bench.Load | None = None
    cached: article_bench.Load | None = None
    render_ms: float | None = None
    search_p95_ms: float | None = None


@dataclass
class Run:
    stack: str
    size: str
    articles: int = 0
    kinds: dict[str, Measured] = field(default_factory=dict)
    expiry: article_bench.Load | None = None


# --- environments ---------------------------------------------------------------------------


def environment(stack: str, size: str, *, page_cache_seconds: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "BASE_URL"}
    }
    name = f"masthead_bench_{size}"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        APP_PAGE_CACHE_SECONDS=str(page_cache_seconds),
        DEBUG="0",
        LOG_LEVEL="WARNING",
        HF_HUB_OFFLINE="1",
    )
    if stack == "embedded":
        env["MASTHEAD_VAR_DIR"] = str(ROOT / "var" / "bench" / f"embedded_{size}")
    else:
        env.update(
            DATABASE_URL=f"{article_bench.POSTGRES}/{name}",
            REDIS_URL=article_bench.REDIS_URL,
            CACHE_KEY_PREFIX=f"{name}_kinds",
            MASTHEAD_VAR_DIR=str(ROOT / "var" / "bench" / name),
        )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise subprocess.CalledProcessError(result.returncode, result.args)
    return result.stdout


def article_count(env: dict[str, str]) -> int:
    script = "from masthead.news.models import ArticlePage; print(ArticlePage.objects.count())"
    return int(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def prepare(stack: str, size: str) -> None:
    """Migrate and seed the stack's database of `size` unless it holds the articles already."""
    env = environment(stack, size, page_cache_seconds=0)
    Path(env["MASTHEAD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    if stack == "scaled":
        if size in ("10k", "100k"):
            article_bench.database_prepare(SIZES[size])  # bench/pages.py's, shared with it
        else:
            article_bench.database_create(f"masthead_bench_{size}")
    manage(env, "migrate", "--noinput", "-v0")
    existing = article_count(env)
    if existing == 0:
        log(f"{stack} {size}: loading the demo")
        manage(env, "seed")
        existing = article_count(env)
    wanted = SIZES[size]
    if existing < wanted:
        log(f"{stack} {size}: {existing} articles, seeding {wanted - existing} more")
        manage(env, "seed", "--articles", str(wanted - existing))
    manage(env, "collectstatic", "--noinput", "-v0")
    # Renditions and the search index, as the worker makes them after a seed.
    if stack == "embedded":
        manage(env, "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    else:
        manage(env, "rqworker", "default", "--burst")


# --- servers --------------------------------------------------------------------------------


@contextlib.contextmanager
def server(env: dict[str, str], workdir: Path, name: str) -> Iterator[tuple[str, Path]]:
    """gunicorn as bin/serve starts it: config/gunicorn.py, 2 workers x 2 threads."""
    port = article_bench.free_port()
    pid_file = workdir / f"{name}.pid"
    args = [
        str(GUNICORN),
        "-c",
        "config/gunicorn.py",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--pid",
        str(pid_file),
        "--log-level",
        "warning",
    ]
    log_file = workdir / f"{name}.log"
    with article_bench.process(args, env=env, pid_file=pid_file, log_file=log_file):
        base = f"http://127.0.0.1:{port}"
        article_bench.wait_for(base + "/readyz", log_file=log_file)
        settle(pid_file)
        yield base, pid_file


def _cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def settle(pid_file: Path, *, timeout: float = 240.0) -> None:
    """Wait until the workers are idle: each loads the moderation models in a thread as it
    starts (config/gunicorn.py), 20-30 s of CPU that would be measured with the first pages."""
    deadline = time.monotonic() + timeout
    master = int(pid_file.read_text().strip())
    idle = 0
    while idle < 3 and time.monotonic() < deadline:
        workers = article_bench._children(master)
        before = _cpu_seconds(workers)
        time.sleep(1)
        idle = idle + 1 if _cpu_seconds(workers) - before < 0.05 else 0


def drain(base: str, *, quiet_ms: float = 30.0, timeout: float = 60.0) -> None:
    """Wait until the server answers at once again: nothing queued from the last run."""
    deadline = time.monotonic() + timeout
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/healthz", timeout=30):
            pass
        quick = quick + 1 if (time.perf_counter() - started) * 1000 < quiet_ms else 0
        time.sleep(0.2)


def wrk(url: str, base: str, pid_file: Path, args: list[str] = WRK) -> article_bench.Load:
    """One run after a warm-up, started again while wrk's connections sit on one worker.

    The kernel places wrk's 16 kept-alive connections when wrk connects; often one worker
    takes them all and the run measures one worker of two (half the rate). As bench/pages.py
    does, such a run is stopped after a second and started again (10 attempts at most).
    """
    drain(base)
    subprocess.run(["wrk", "-t2", "-c16", "-d1s", url], check=True, capture_output=True)
    port = int(base.rsplit(":", 1)[1])
    for attempt in range(1, article_bench.MEASURE_ATTEMPTS + 1):
        drain(base)
        with subprocess.Popen(
            ["wrk", *args, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as run:
            time.sleep(1)
            split = article_bench.connection_split(pid_file, port)
            lopsided = min(split, default=0) < article_bench.MIN_WORKER_CONNECTIONS
            if lopsided and attempt < article_bench.MEASURE_ATTEMPTS:
                run.kill()
                run.communicate()
                continue
            output, _errors = run.communicate()
        load = article_bench._wrk_parse(output)
        load.split = split
        load.attempts = attempt
        return load
    raise AssertionError("unreachable")


# --- the child: addresses and in-process timings ---------------------------------------------


def child_main(mode: str) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from masthead.news.models import ArticlePage, SectionPage
    from masthead.search.models import SearchTerm

    article = (
        ArticlePage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-first_published_at")
        .first()
    )
    if article is None:
        raise SystemExit("no live article")
    section = SectionPage.objects.live().filter(locale__language_code="en", depth=3).first()
    tag = article.tags.order_by("slug").first()
    byline = article.bylines.select_related("author").first()
    terms = SearchTerm.objects.order_by("-documents")
    common = [t.word for t in terms.filter(word__regex=r"^[a-z]{5,}$")[:3]]
    rare = [t.word for t in terms.filter(documents__lte=2, word__regex=r"^[a-z]{6,}$")[:SEARCHES]]
    paths = {
        "home": "/",
        "section": section.url if section else "/",
        "tag": f"/tags/{tag.slug}/" if tag else "/",
        "author": f"/authors/{byline.author.slug}/" if byline else "/",
        "article": article.url,
        "thread": f"/comments/article/{article.pk}/",
        "search rare": f"/search/?q={rare[0] if rare else 'zzzz'}",
        "search common": f"/search/?q={common[0] if common else 'news'}",
    }
    if mode == "paths":
        print(json.dumps({"paths": paths, "articles": ArticlePage.objects.live().count()}))
        return
    client = Client()
    renders: dict[str, float] = {}
    searches: dict[str, float] = {}
    for kind, path in paths.items():
        if kind.startswith("search"):
            words = (rare if kind == "search rare" else common) or ["news"]
            client.get("/search/", {"q": words[0]})
            timings = []
            for number in range(SEARCHES):
                started = time.perf_counter()
                response = client.get("/search/", {"q": words[number % len(words)]})
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (kind, response.status_code)
            timings.sort()
            searches[kind] = timings[max(0, int(0.95 * len(timings)) - 1)]
            renders[kind] = statistics.median(timings)
            continue
        for _ in range(5):
            assert client.get(path).status_code == 200, (kind, path)
        timings = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        renders[kind] = statistics.median(timings)
    print(json.dumps({"renders": renders, "searches": searches}))


def child(env: dict[str, str], mode: str) -> dict[str, Any]:
    output = subprocess.run(
        [str(PYTHON), __file__, "--child", mode],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# --- measuring ------------------------------------------------------------------------------


def measure(stack: str, size: str, workdir: Path) -> Run:
    uncached_env = environment(stack, size, page_cache_seconds=0)
    facts = child(uncached_env, "paths")
    run = Run(stack=stack, size=size, articles=int(facts["articles"]))
    paths: dict[str, str] = facts["paths"]
    if stack == "scaled":
        article_bench.redis_cache_clear([uncached_env["CACHE_KEY_PREFIX"]])
    with contextlib.ExitStack() as stack_:
        uncached, uncached_pids = stack_.enter_context(
            server(uncached_env, workdir, f"{stack}-{size}-u")
        )
        cached, cached_pids = stack_.enter_context(
            server(environment(stack, size, page_cache_seconds=60), workdir, f"{stack}-{size}-c")
        )
        expiring, expiring_pids = stack_.enter_context(
            server(environment(stack, size, page_cache_seconds=2), workdir, f"{stack}-{size}-e")
        )
        for kind in KINDS:
            path = paths[kind]
            measured = Measured()
            measured.uncached = wrk(uncached + path, uncached, uncached_pids)
            measured.cached = wrk(cached + path, cached, cached_pids)
            run.kinds[kind] = measured
            say(
                f"  {stack:8} {size:>4} {kind:14} uncached {measured.uncached.rps:7.0f} req/s "
                f"p99 {measured.uncached.p99_ms:7.1f} ms | cached {measured.cached.rps:7.0f} "
                f"req/s p99 {measured.cached.p99_ms:6.1f} ms"
            )
        run.expiry = wrk(expiring + "/", expiring, expiring_pids, WRK_EXPIRY)
        say(
            f"  {stack:8} {size:>4} home, 2 s page cache over 12 s: p50 {run.expiry.p50_ms:.1f} "
            f"ms, p99 {run.expiry.p99_ms:.1f} ms"
        )
    inproc = child(uncached_env, "timings")
    for kind, value in inproc["renders"].items():
        run.kinds[kind].render_ms = float(value)
    for kind, value in inproc["searches"].items():
        run.kinds[kind].search_p95_ms = float(value)
    return run


# --- report ---------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def say(message: str) -> None:
    print(message, flush=True)


def report(runs: list[Run]) -> bool:
    print()
    print(
        "Masthead page kinds: wrk -t2 -c16 -d5s per cell, gunicorn 2 workers x 2 threads "
        f"(config/gunicorn.py); {os.cpu_count()} CPUs shared with wrk; in-process render "
        f"median of {RENDERS} (search: median and p95 of {SEARCHES})"
    )
    header = (
        f"{'page kind':14} {'stack':8} {'size':>5} {'articles':>8} | {'uncached':>8} "
        f"{'p50':>6} {'p99':>7} | {'cached':>8} {'p50':>6} {'p99':>7} | {'render':>7} "
        f"{'p95':>7}"
    )
    print(header)
    print("-" * len(header))
    for kind in KINDS:
        for run in runs:
            cell = run.kinds.get(kind)
            if cell is None or cell.uncached is None or cell.cached is None:
                continue
            p95 = f"{cell.search_p95_ms:7.1f}" if cell.search_p95_ms is not None else f"{'':7}"
            print(
                f"{kind:14} {run.stack:8} {run.size:>5} {run.articles:8} | "
                f"{cell.uncached.rps:8.0f} {cell.uncached.p50_ms:6.1f} {cell.uncached.p99_ms:7.1f}"
                f" | {cell.cached.rps:8.0f} {cell.cached.p50_ms:6.1f} {cell.cached.p99_ms:7.1f}"
                f" | {cell.render_ms or 0:7.1f} {p95}"
            )
    print("(req/s; p50, p99, render and p95 in ms)")
    print()
    checks: list[tuple[str, float, bool]] = []
    for run in runs:
        label = f"{run.stack} {run.size}"
        kinds = [k for k in KINDS if not k.startswith("search")]
        if run.size == "100k":
            kinds = ["home", "section"]
        for kind in kinds:
            render = run.kinds[kind].render_ms or 0.0
            checks.append(
                (f"render {kind} <= {TARGET_RENDER_MS:.0f} ms ({label})", render, render <= 10)
            )
        if run.stack == "embedded" and run.size == "demo":
            for kind in ("home", "section"):
                uncached = run.kinds[kind].uncached
                rate = uncached.rps if uncached else 0.0
                checks.append(
                    (
                        f"uncached {kind} >= {TARGET_LISTING_RPS:.0f} req/s ({label})",
                        rate,
                        rate >= TARGET_LISTING_RPS,
                    )
                )
        for kind in ("search rare", "search common"):
            if (run.stack, run.size) in {("embedded", "10k"), ("scaled", "100k")} or (
                kind == "search rare"
            ):
                p95 = run.kinds[kind].search_p95_ms or 0.0
                checks.append((f"{kind} p95 <= 50 ms ({label})", p95, p95 <= TARGET_SEARCH_P95_MS))
        if run.expiry:
            ratio = run.expiry.p99_ms / max(run.expiry.p50_ms, 0.001)
            checks.append((f"home p99 / p50 across expiries <= 3 ({label})", ratio, ratio <= 3))
    for label, value, ok in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label:56} {value:9.2f}")
    return all(ok for _, _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="demo,10k,100k")
    parser.add_argument("--stacks", default="embedded,scaled")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--prepare-only", action="store_true", help="seed, do not measure")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=article_bench.QUIET_WAIT_SECONDS,
        help="seconds to wait at most for a quiet machine (0: start at once)",
    )
    arguments = parser.parse_args()
    if arguments.child:
        child_main(arguments.child)
        return 0
    if not shutil.which("wrk"):
        log("wrk is not installed: apt-get install wrk (see ../shared/TOOLS.md)")
        return 2
    sizes = [size for size in SIZES if size in arguments.sizes.split(",")]
    stacks = [stack for stack in ("embedded", "scaled") if stack in arguments.stacks.split(",")]
    plan = [
        (stack, size)
        for stack in stacks
        for size in sizes
        if not (stack == "embedded" and size not in EMBEDDED_SIZES)
    ]
    if not arguments.skip_prepare:
        for stack, size in plan:
            prepare(stack, size)
    if arguments.prepare_only:
        return 0
    article_bench.quiet_wait(arguments.quiet_wait)
    runs = []
    with tempfile.TemporaryDirectory(prefix="masthead-kinds-") as temporary:
        for stack, size in plan:
            log(f"measuring {stack} {size} ...")
            runs.append(measure(stack, size, Path(temporary)))
    report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
