#!/usr/bin/env python3
"""Article page throughput and latency at 10,000 and 100,000 articles on PostgreSQL (`make bench`).

For each size it prepares a PostgreSQL database (create, migrate, `seed --articles N` when it
holds fewer articles; recreated when its migration history no longer fits the code), then
starts, for both sizes at once, the production server (gunicorn `config.wsgi`, 2 workers x 2
threads, as `bin/serve` does) once with the in-app page cache off (APP_PAGE_CACHE_SECONDS=0)
and once with it on, and, when nginx is installed, an nginx in front of the uncached one.

It then measures in rounds (5 by default), each round going through every size and variant
in turn so that whatever else the machine does hits them all alike (the order rotates from
round to round):

* one article (the newest, given the demo's data card in its body once) loaded with
  `wrk -t2 -c16 -d10s --latency` after a 2 s warm-up: uncached,
  cached by the in-app page cache, the same HTML saved under STATIC_ROOT and served by
  whitenoise in the same gunicorn, and through an nginx proxy_cache and as a static file
  served by that nginx;
* in a child process with the same settings: the median in-process render of the article
  (Django test client through the whole middleware stack, page cache off, 200 renders) and the
  p95 of 200 searches (the /search/ view, page cache off; a different, fixed set each round).

Every round is printed as it is measured, with the machine's load average; then one table of
the medians, with the targets of the newsroom issue judged on them. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SIZES = {10_000: "masthead_bench_10k", 100_000: "masthead_bench_100k"}
WRK_ARGS = ["-t2", "-c16", "-d10s", "--latency"]
WRK_WARM_UP = ["-t2", "-c16", "-d2s"]
# wrk's 16 connections are placed on the gunicorn workers by the kernel when wrk connects, and
# stay there (keep-alive). Often one worker, awake first, takes all 16: the run then measures
# one worker, not two (half the rate, the other worker idle), which steady traffic from many
# clients never does. So a run whose split leaves a worker fewer than MIN_WORKER_CONNECTIONS is
# stopped after a second and started again (at most MEASURE_ATTEMPTS runs, the last one kept
# whatever its split); the split is printed with each measurement.
MIN_WORKER_CONNECTIONS = 4
MEASURE_ATTEMPTS = 10
ROUNDS = 5
# Before measuring, wait (up to QUIET_WAIT_SECONDS) for the 1-minute load average to fall to
# QUIET_LOAD per CPU: someone else's test run would otherwise be measured along.
QUIET_LOAD = 0.5
QUIET_WAIT_SECONDS = 180
WORKERS = 2
# As bin/serve: two threads per worker let one thread run Python while the other waits on
# PostgreSQL or Redis; more threads only add GIL contention (measured: 4 threads were slower).
THREADS = 2
RENDERS = 200
SEARCHES = 200
SEARCH_BUDGET_SECONDS = 120.0  # a slow search backend must not hold the run for an hour

TARGETS = {
    "uncached_rps": 500.0,
    "render_median_ms": 10.0,
    "cached_static_ratio": 0.5,
    "p99_growth": 1.5,
    "search_p95_ms": 50.0,
}


# --- environment and database -------------------------------------------------------------


def size_env(size: int, *, page_cache_seconds: int) -> dict[str, str]:
    database = SIZES[size]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"{POSTGRES}/{database}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=database,
        MASTHEAD_VAR_DIR=str(ROOT / "var" / "bench" / database),
        APP_PAGE_CACHE_SECONDS=str(page_cache_seconds),
        DEBUG="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


class HistoryMismatch(Exception):
    """The database's applied migrations no longer fit the code (a swapped user model...)."""


def migrate(env: dict[str, str]) -> None:
    result = subprocess.run(
        [str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        text=True,
        stderr=subprocess.PIPE,
    )
    if result.returncode == 0:
        return
    if "InconsistentMigrationHistory" in result.stderr:
        raise HistoryMismatch(result.stderr.strip().splitlines()[-1])
    sys.stderr.write(result.stderr)
    raise subprocess.CalledProcessError(result.returncode, result.args)


def database_create(database: str, *, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')


def database_prepare(size: int) -> None:
    """Create, migrate and seed the size's database unless it already holds the articles.

    A bench database is disposable: when its migration history no longer fits the code (an
    app's first migration added under migrations already applied), it is dropped and made
    again. After seeding, VACUUM ANALYZE does now what autovacuum would otherwise do at some
    point during a later measurement.
    """
    import psycopg

    database = SIZES[size]
    env = size_env(size, page_cache_seconds=0)
    database_create(database)
    try:
        migrate(env)
    except HistoryMismatch as error:
        log(f"{database}: {error}; dropping it and seeding it again")
        database_create(database, drop=True)
        shutil.rmtree(env["MASTHEAD_VAR_DIR"], ignore_errors=True)
        migrate(env)
    Path(env["MASTHEAD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        row = connection.execute("SELECT count(*) FROM news_articlepage").fetchone()
    existing = int(row[0]) if row else 0
    if existing < size:
        log(f"{database}: {existing} articles, seeding {size - existing} more (takes minutes)")
        started = time.monotonic()
        manage(env, "seed", "--articles", str(size - existing))
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
        log(f"{database}: seeded and vacuumed in {time.monotonic() - started:.0f} s")


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 180, log_file: Path | None = None) -> None:
    """Wait for `url` to answer 200; on timeout, say what it answered and what the log says."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except OSError as error:
            last = str(error)
        if time.monotonic() > deadline:
            tail = ""
            if log_file and log_file.exists():
                tail = "\n" + "\n".join(log_file.read_text(errors="replace").splitlines()[-15:])
            raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s ({last}){tail}")
        time.sleep(0.3)


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), dict(response.headers)


@contextlib.contextmanager
def process(
    args: list[str], *, env: dict[str, str] | None, pid_file: Path | None = None, log_file: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server in the foreground of its own session; stop it by PID on the way out."""
    with log_file.open("wb") as output:
        child = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield child
        finally:
            pid = child.pid
            if pid_file and pid_file.exists():
                with contextlib.suppress(ValueError):
                    pid = int(pid_file.read_text().strip())
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signal.SIGKILL)
                child.wait()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workdir: Path, name: str) -> Iterator[str]:
    port = free_port()
    pid_file = workdir / f"{name}.pid"
    args = [
        str(GUNICORN),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--pid",
        str(pid_file),
        "--log-level",
        "warning",
    ]
    with process(args, env=env, pid_file=pid_file, log_file=workdir / f"{name}.log"):
        yield f"http://127.0.0.1:{port}"


NGINX_CONF = """
worker_processes {workers};
{user}
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/client; proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  proxy_cache_path {dir}/cache levels=1:2 keys_zone=pages:10m max_size=100m inactive=10m;
  upstream app {{ server {upstream}; keepalive 16; }}
  server {{
    listen 127.0.0.1:{port};
    location /bench-static/ {{ alias {static}/; }}
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_cache pages;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      add_header X-Cache-Status $upstream_cache_status;
    }}
  }}
}}
"""


@contextlib.contextmanager
def nginx(upstream: str, static_dir: Path, workdir: Path) -> Iterator[str]:
    """nginx in front of gunicorn: obeys the app's Cache-Control (s-maxage) for its cache."""
    port = free_port()
    directory = workdir / "nginx"
    directory.mkdir(exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        import pwd

        user = f"user {pwd.getpwuid(0).pw_name};"
    conf = directory / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workers=WORKERS,
            user=user,
            dir=directory,
            port=port,
            upstream=upstream.removeprefix("http://"),
            static=static_dir,
        )
    )
    args = [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(directory), "-c", str(conf)]
    with process(args, env=None, pid_file=directory / "nginx.pid", log_file=workdir / "nginx.log"):
        yield f"http://127.0.0.1:{port}"


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    split: list[int] | None = None  # wrk's connections per gunicorn worker, when checked
    attempts: int = 1


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _wrk_parse(output: str) -> Load:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors_match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    errors = int(errors_match.group(1)) if errors_match else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(0)))
    return Load(rps=rps, p50_ms=p50, p99_ms=p99, errors=errors)


def _established_inodes(port: int) -> set[int]:
    """Socket inodes of the established TCP connections to 127.0.0.1:`port` (server side)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(int(fields[9]))
    return inodes


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


def connection_split(pid_file: Path, port: int) -> list[int]:
    """How many of the established connections to `port` each gunicorn worker holds."""
    established = _established_inodes(port)
    split = []
    for worker in _children(int(pid_file.read_text().strip())):
        held = 0
        with contextlib.suppress(OSError):
            for fd in (Path("/proc") / str(worker) / "fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:[") and int(target[8:-1]) in established:
                        held += 1
        split.append(held)
    return sorted(split, reverse=True)


@dataclass
class Server:
    """A gunicorn whose workers' share of wrk's connections is checked."""

    pid_file: Path
    port: int


def wrk(url: str, server: Server | None = None) -> Load:
    """One measurement after a warm-up; with `server`, started again while the split is lopsided."""
    subprocess.run(["wrk", *WRK_WARM_UP, url], check=True, capture_output=True)
    for attempt in range(1, MEASURE_ATTEMPTS + 1):
        with subprocess.Popen(
            ["wrk", *WRK_ARGS, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as run:
            split = None
            if server:
                time.sleep(1)  # connected and kept alive by now
                split = connection_split(server.pid_file, server.port)
                if min(split) < MIN_WORKER_CONNECTIONS and attempt < MEASURE_ATTEMPTS:
                    run.kill()
                    run.communicate()
                    continue
            output, errors = run.communicate()
        if run.returncode:
            raise subprocess.CalledProcessError(run.returncode, run.args, output, errors)
        load = _wrk_parse(output)
        load.split = split
        load.attempts = attempt
        return load
    raise AssertionError("unreachable")


def child(size: int, *args: str) -> dict[str, Any]:
    """Run this script with `args` in a child with the size's settings; it prints JSON."""
    output = subprocess.run(
        [str(PYTHON), __file__, *args],
        cwd=ROOT,
        env=size_env(size, page_cache_seconds=0),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _newest_article() -> Any:
    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.live().order_by("-id").first()
    if article is None:
        raise SystemExit("no live article")
    return article


def _card_ensure(article: Any) -> None:
    """The measured article carries the demo's data card in its body (the live issue: a card
    costs the article page nothing once its fragment is rendered), published once."""
    from masthead.live.models import DataSource

    if any(block.block_type == "data_card" for block in article.body):
        return
    sources = list(DataSource.objects.order_by("pk")[:3])
    if not sources:
        log("no data source in this database: the article is measured without a card")
        return
    rows = [{"label": source.name, "source": source} for source in sources]
    article.body.append(("data_card", {"title": "COVID-19 global data", "rows": rows}))
    article.save_revision().publish()


def _search_queries(round_number: int) -> list[str]:
    """SEARCHES queries of 1-3 consecutive headline words, the same for a round on every run."""
    from masthead.news.models import ArticlePage

    rng = random.Random(1000 + round_number)
    ids = list(ArticlePage.objects.live().order_by("id").values_list("id", flat=True))
    picked = rng.sample(ids, min(SEARCHES, len(ids)))
    headlines = dict(ArticlePage.objects.filter(id__in=picked).values_list("id", "title"))
    queries = []
    for pk in picked:
        words = headlines[pk].split()
        take = rng.choice((1, 1, 2, 2, 3))
        start = rng.randrange(0, max(1, len(words) - take + 1))
        queries.append(" ".join(words[start : start + take]))
    return queries


def child_main(arguments: argparse.Namespace) -> None:
    """Child side (Django is set up here): the article's address, or one round's timings."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from masthead.news.models import ArticlePage

    article = _newest_article()
    if arguments.article_url:
        _card_ensure(article)
        print(json.dumps({"url": article.url}))
        return
    url = article.url
    client = Client()
    for _ in range(10):
        assert client.get(url).status_code == 200
    renders = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        response = client.get(url)
        renders.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200

    queries = _search_queries(arguments.round)
    client.get("/search/", {"q": "warm up"})
    searches = []
    budget_end = time.monotonic() + SEARCH_BUDGET_SECONDS
    for query in queries:
        if time.monotonic() > budget_end and len(searches) >= 20:
            break
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        searches.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    searches.sort()
    print(
        json.dumps(
            {
                "articles": ArticlePage.objects.live().count(),
                "render_median_ms": statistics.median(renders),
                "search_p50_ms": statistics.median(searches),
                "search_p95_ms": searches[max(0, int(0.95 * len(searches)) - 1)],
                "search_count": len(searches),
            }
        )
    )


VARIANTS = {
    "uncached": "article, uncached (gunicorn, page cache off)",
    "app_cached": "article, cached (in-app page cache, Redis)",
    "whitenoise_static": "same HTML, static file (whitenoise, gunicorn)",
    "nginx_cached": "article, cached (nginx proxy_cache)",
    "nginx_static": "same HTML, static file (nginx)",
}


@dataclass
class Target:
    """The servers of one database size and the address of each variant."""

    size: int
    urls: dict[str, str]
    facts: dict[str, Any]
    servers: dict[str, Server]


def servers_start(stack: contextlib.ExitStack, size: int, workdir: Path, use_nginx: bool) -> Target:
    """Start the size's uncached and cached gunicorns (and nginx); they stop with `stack`."""
    path = str(child(size, "--child", "--article-url")["url"])
    uncached_env = size_env(size, page_cache_seconds=0)
    static_root = Path(uncached_env["MASTHEAD_VAR_DIR"]) / "static"
    base = stack.enter_context(gunicorn(uncached_env, workdir, f"uncached-{size}"))
    uncached_server = Server(workdir / f"uncached-{size}.pid", int(base.rsplit(":", 1)[1]))
    wait_for(base + path, log_file=workdir / f"uncached-{size}.log")
    html, _ = fetch(base + path)
    # Whitenoise indexes STATIC_ROOT when gunicorn starts: the copy must exist before.
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    (static_root / "bench" / "article.html").write_bytes(html)
    facts: dict[str, Any] = {
        "path": path,
        "bytes": len(html),
        "data_card": b'class="data-card"' in html,
    }
    urls = {"uncached": base + path}

    cached = stack.enter_context(
        gunicorn(size_env(size, page_cache_seconds=60), workdir, f"cached-{size}")
    )
    wait_for(cached + path, log_file=workdir / f"cached-{size}.log")
    fetch(cached + path)
    facts["app_cache_status"] = fetch(cached + path)[1].get("X-Page-Cache", "?")
    wait_for(cached + "/static/bench/article.html")
    urls["app_cached"] = cached + path
    urls["whitenoise_static"] = cached + "/static/bench/article.html"
    cached_server = Server(workdir / f"cached-{size}.pid", int(cached.rsplit(":", 1)[1]))
    servers = {
        "uncached": uncached_server,
        "app_cached": cached_server,
        "whitenoise_static": cached_server,
    }

    if use_nginx:
        front = stack.enter_context(nginx(base, static_root / "bench", workdir))
        wait_for(front + path, log_file=workdir / "nginx.log")
        fetch(front + path)
        facts["nginx_cache_status"] = fetch(front + path)[1].get("X-Cache-Status", "?")
        urls["nginx_cached"] = front + path
        urls["nginx_static"] = front + "/bench-static/article.html"
    return Target(size=size, urls=urls, facts=facts, servers=servers)


def redis_cache_clear(prefixes: list[str]) -> None:
    """Delete the bench databases' cache keys in Redis, and nothing else: the same Redis
    database holds the RQ queue that a bench database's preparation may still be filling
    (a FLUSHDB here dropped its page-warming jobs)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for prefix in prefixes:
        keys = list(client.scan_iter(f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def quiet_wait(seconds: float) -> None:
    """Wait for the machine to calm down before measuring, up to `seconds`."""
    limit = QUIET_LOAD * (os.cpu_count() or 1)
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        log(f"load average {load_average()} (above {limit:.1f}): waiting for a quieter machine")
        time.sleep(15)


def rounds_run(targets: list[Target], rounds: int) -> dict[int, dict[str, list[Any]]]:
    """Measure every size and variant once per round, in an order that rotates each round."""
    results: dict[int, dict[str, list[Any]]] = {
        target.size: {key: [] for key in [*target.urls, "inproc"]} for target in targets
    }
    for number in range(rounds):
        say(f"round {number + 1}/{rounds}: load average {load_average()}")
        order = targets if number % 2 == 0 else targets[::-1]
        for target in order:
            name = size_name(target.size)
            keys = list(target.urls)
            shift = number % len(keys)
            for key in keys[shift:] + keys[:shift]:
                load = wrk(target.urls[key], target.servers.get(key))
                results[target.size][key].append(load)
                flag = f"  {load.errors} errors!" if load.errors else ""
                split = ""
                if load.split:
                    split = f"  split {'/'.join(map(str, load.split))}"
                    split += f" (run {load.attempts})" if load.attempts > 1 else ""
                say(
                    f"  {name:>4} {key:18} {load.rps:8.0f} req/s  p50 {load.p50_ms:6.1f} ms"
                    f"  p99 {load.p99_ms:6.1f} ms  load {os.getloadavg()[0]:.2f}{split}{flag}"
                )
            inproc = child(target.size, "--child", "--round", str(number))
            results[target.size]["inproc"].append(inproc)
            say(
                f"  {name:>4} in-process         render median {inproc['render_median_ms']:.1f} ms"
                f"  search p50 {inproc['search_p50_ms']:.1f} ms"
                f"  p95 {inproc['search_p95_ms']:.1f} ms ({inproc['search_count']} queries)"
            )
    return results


# --- report -------------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress (preparing, starting servers) on stderr."""
    print(message, file=sys.stderr, flush=True)


def say(message: str) -> None:
    """A measurement, on stdout with the table, as it is taken."""
    print(message, flush=True)


def size_name(size: int) -> str:
    return f"{size // 1000}k"


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def report(
    targets: list[Target],
    results: dict[int, dict[str, list[Any]]],
    *,
    rounds: int,
    loads: tuple[str, str],
) -> bool:
    """Print the table of medians and the targets judged on them; True when all are met."""
    small, large = (results[target.size] for target in targets)
    small_target, large_target = targets
    keys = [key for key in VARIANTS if key in small]

    def rates(size_results: dict[str, list[Any]], key: str) -> list[float]:
        return [load.rps for load in size_results[key]]

    def cell(size_results: dict[str, list[Any]], key: str) -> str:
        loads_ = size_results[key]
        values = rates(size_results, key)
        return (
            f"{median(values):8.0f} {f'{min(values):.0f}-{max(values):.0f}':>11}"
            f" {median([load.p50_ms for load in loads_]):7.1f}"
            f" {median([load.p99_ms for load in loads_]):7.1f}"
        )

    def paired(first: list[float], second: list[float]) -> float:
        """The median of per-round ratios: each pair measured minutes apart, not a run apart."""
        return median([a / b for a, b in zip(first, second, strict=True)])

    print()
    print(
        f"Masthead article page: medians of {rounds} rounds; wrk {' '.join(WRK_ARGS)}; gunicorn "
        f"{WORKERS} workers x {THREADS} threads; PostgreSQL + Redis; {os.cpu_count()} CPUs "
        f"shared with wrk"
    )
    print(f"Load average (1, 5, 15 min): {loads[0]} before, {loads[1]} after")
    header = (
        f"{'':46} | {'10k req/s':>8} {'range':>11} {'p50 ms':>7} {'p99 ms':>7} "
        f"| {'100k req/s':>8} {'range':>11} {'p50 ms':>7} {'p99 ms':>7} | {'p99 100k/10k':>12}"
    )
    print(header)
    print("-" * len(header))
    for key in keys:
        growth = paired([load.p99_ms for load in large[key]], [load.p99_ms for load in small[key]])
        errors = sum(load.errors for load in small[key] + large[key])
        flag = f" ({errors} errors!)" if errors else ""
        print(
            f"{VARIANTS[key]:46} | {cell(small, key)} | {cell(large, key)} | {growth:12.2f}{flag}"
        )

    def inproc(size_results: dict[str, list[Any]], name: str) -> list[float]:
        return [float(item[name]) for item in size_results["inproc"]]

    for name, label in (
        ("render_median_ms", "in-process render, median ms"),
        ("search_p50_ms", "search /search/?q=, p50 ms"),
        ("search_p95_ms", "search /search/?q=, p95 ms"),
    ):
        a, b = inproc(small, name), inproc(large, name)
        print(
            f"{label:46} | {median(a):8.1f} {f'{min(a):.1f}-{max(a):.1f}':>11} {'':15} "
            f"| {median(b):8.1f} {f'{min(b):.1f}-{max(b):.1f}':>11}"
        )
    print(
        f"{'articles in the database':46} | {small['inproc'][0]['articles']:8} {'':27} "
        f"| {large['inproc'][0]['articles']:8}"
    )
    print()

    checks = []
    for name, size_results in (("10k", small), ("100k", large)):
        rate = median(rates(size_results, "uncached"))
        least = TARGETS["uncached_rps"]
        checks.append((f"uncached article >= {least:.0f} req/s ({name})", rate, rate >= least))
        for cached, static, label in (
            ("app_cached", "whitenoise_static", "in-app cached / whitenoise static"),
            ("nginx_cached", "nginx_static", "nginx cached / nginx static"),
        ):
            if cached in size_results:
                ratio = paired(rates(size_results, cached), rates(size_results, static))
                least = TARGETS["cached_static_ratio"]
                checks.append((f"{label} >= {least} ({name})", ratio, ratio >= least))
    for key, label in (("uncached", "uncached"), ("app_cached", "in-app cached")):
        growth = paired([load.p99_ms for load in large[key]], [load.p99_ms for load in small[key]])
        most = TARGETS["p99_growth"]
        checks.append((f"p99 {label}, 100k / 10k <= {most}", growth, growth <= most))
    for name, size_results in (("10k", small), ("100k", large)):
        render = median(inproc(size_results, "render_median_ms"))
        most = TARGETS["render_median_ms"]
        checks.append(
            (f"in-process render median <= {most:.0f} ms ({name})", render, render <= most)
        )
    p95 = median(inproc(large, "search_p95_ms"))
    most = TARGETS["search_p95_ms"]
    checks.append((f"search p95 <= {most:.0f} ms (100k)", p95, p95 <= most))
    for label, value, ok in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label:52} {value:10.2f}")
    print(
        f"\nArticle measured: {small_target.facts['path']} (10k) and "
        f"{large_target.facts['path']} (100k); {small_target.facts['bytes']} / "
        f"{large_target.facts['bytes']} bytes; a data card in the page: "
        f"{small_target.facts['data_card']} / {large_target.facts['data_card']}. "
        "Cache checks: in-app "
        f"{small_target.facts.get('app_cache_status')}, nginx "
        f"{small_target.facts.get('nginx_cache_status', '-')}."
    )
    return all(ok for _, _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--article-url", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--no-nginx", action="store_true", help="skip the nginx rows")
    parser.add_argument("--skip-prepare", action="store_true", help="use the databases as they are")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"default {ROUNDS}")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=QUIET_WAIT_SECONDS,
        help="seconds to wait at most for a quiet machine before measuring "
        f"(default {QUIET_WAIT_SECONDS}; 0 to start at once)",
    )
    arguments = parser.parse_args()
    if arguments.child:
        child_main(arguments)
        return 0
    if not shutil.which("wrk"):
        log("wrk is not installed: apt-get install wrk (see ../shared/TOOLS.md)")
        return 2
    use_nginx = not arguments.no_nginx and bool(
        shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    )
    for size in SIZES:
        if not arguments.skip_prepare:
            database_prepare(size)
        # Always: a template may name a static file added since the last run.
        manage(size_env(size, page_cache_seconds=0), "collectstatic", "--noinput", "-v0")
    redis_cache_clear([size_env(size, page_cache_seconds=0)["CACHE_KEY_PREFIX"] for size in SIZES])
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="masthead-bench-") as temporary,
        contextlib.ExitStack() as stack,
    ):
        targets = []
        for size in SIZES:
            log(f"starting the servers of {SIZES[size]} ...")
            workdir = Path(temporary) / size_name(size)
            workdir.mkdir()
            targets.append(servers_start(stack, size, workdir, use_nginx))
        quiet_wait(arguments.quiet_wait)
        loads_before = load_average()
        results = rounds_run(targets, max(1, arguments.rounds))
        loads_after = load_average()
    log(f"measured in {time.monotonic() - started:.0f} s")
    report(targets, results, rounds=max(1, arguments.rounds), loads=(loads_before, loads_after))
    return 0


if __name__ == "__main__":
    sys.exit(main())
