#!/usr/bin/env python3
"""Article page throughput and latency at 10,000 and 100,000 articles on PostgreSQL (`make bench`).

For each size it prepares a PostgreSQL database (create, migrate, `seed --articles N` when it
holds fewer articles), then, side by side in one run:

* starts the production server (gunicorn `config.wsgi`, 2 workers x 2 threads, as `bin/serve`
  does) once with the in-app page cache off (APP_PAGE_CACHE_SECONDS=0) and once with it on;
* loads one article with `wrk -t2 -c16 -d10s --latency`: uncached, cached by the in-app page
  cache, the same HTML saved under STATIC_ROOT and served by whitenoise in the same gunicorn,
  and, when nginx is installed, through an nginx proxy_cache in front of the uncached server and
  as a static file served by that nginx;
* in a child process with the same settings: the median in-process render of the article
  (Django test client through the whole middleware stack, page cache off, 200 renders) and the
  p95 of 200 varied searches (the /search/ view, page cache off).

It prints one table with the targets of the newsroom issue. See bench/README.md.
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
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SIZES = {10_000: "masthead_bench_10k", 100_000: "masthead_bench_100k"}
WRK_ARGS = ["-t2", "-c16", "-d10s", "--latency"]
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


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def database_prepare(size: int) -> None:
    """Create, migrate and seed the size's database unless it already holds the articles."""
    import psycopg

    database = SIZES[size]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    env = size_env(size, page_cache_seconds=0)
    Path(env["MASTHEAD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        row = connection.execute("SELECT count(*) FROM news_articlepage").fetchone()
    existing = int(row[0]) if row else 0
    if existing < size:
        log(f"{database}: {existing} articles, seeding {size - existing} more (takes minutes)")
        started = time.monotonic()
        manage(env, "seed", "--articles", str(size - existing))
        log(f"{database}: seeded in {time.monotonic() - started:.0f} s")


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")
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


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str) -> Load:
    subprocess.run(["wrk", "-t2", "-c16", "-d2s", url], check=True, capture_output=True)
    output = subprocess.run(
        ["wrk", *WRK_ARGS, url], check=True, capture_output=True, text=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors_match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    errors = int(errors_match.group(1)) if errors_match else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(0)))
    return Load(rps=rps, p50_ms=p50, p99_ms=p99, errors=errors)


def in_process(size: int) -> dict[str, object]:
    """Run `--in-process` in a child with the size's settings; it prints JSON."""
    env = size_env(size, page_cache_seconds=0)
    output = subprocess.run(
        [str(PYTHON), __file__, "--in-process"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def in_process_main() -> None:
    """Child side: pick the article, time renders and searches (Django is set up here)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from masthead.news.models import ArticlePage

    cache.clear()
    article = ArticlePage.objects.live().order_by("-id").first()
    if article is None:
        raise SystemExit("no live article")
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

    rng = random.Random(2)
    headlines = list(
        ArticlePage.objects.live().order_by("?").values_list("title", flat=True)[:SEARCHES]
    )
    queries = []
    for headline in headlines:
        words = headline.split()
        take = rng.choice((1, 1, 2, 2, 3))
        start = rng.randrange(0, max(1, len(words) - take + 1))
        queries.append(" ".join(words[start : start + take]))
    client.get("/search/", {"q": queries[0]})
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
                "url": url,
                "articles": ArticlePage.objects.live().count(),
                "render_median_ms": statistics.median(renders),
                "render_p95_ms": renders and sorted(renders)[int(0.95 * len(renders)) - 1],
                "search_p50_ms": statistics.median(searches),
                "search_p95_ms": searches[max(0, int(0.95 * len(searches)) - 1)],
                "search_count": len(searches),
                "queries": queries[:5],
            }
        )
    )


def measure_size(size: int, workdir: Path, use_nginx: bool) -> dict[str, object]:
    inproc = in_process(size)
    url_path = str(inproc["url"])
    results: dict[str, object] = {"inproc": inproc}
    uncached_env = size_env(size, page_cache_seconds=0)
    cached_env = size_env(size, page_cache_seconds=60)
    static_root = Path(uncached_env["MASTHEAD_VAR_DIR"]) / "static"
    with gunicorn(uncached_env, workdir, f"uncached-{size}") as base:
        wait_for(base + url_path)
        html, headers = fetch(base + url_path)
        # Whitenoise indexes STATIC_ROOT when gunicorn starts: the copy must exist before.
        (static_root / "bench").mkdir(parents=True, exist_ok=True)
        (static_root / "bench" / "article.html").write_bytes(html)
        results["bytes"] = len(html)
        results["uncached"] = wrk(base + url_path)
        if use_nginx:
            with nginx(base, static_root / "bench", workdir) as front:
                wait_for(front + url_path)
                _, front_headers = fetch(front + url_path)
                results["nginx_cache_status"] = front_headers.get("X-Cache-Status", "?")
                results["nginx_cached"] = wrk(front + url_path)
                results["nginx_static"] = wrk(front + "/bench-static/article.html")
    with gunicorn(cached_env, workdir, f"cached-{size}") as base:
        wait_for(base + url_path)
        fetch(base + url_path)
        _, headers = fetch(base + url_path)
        results["app_cache_status"] = headers.get("X-Page-Cache", "?")
        results["app_cached"] = wrk(base + url_path)
        wait_for(base + "/static/bench/article.html")
        results["whitenoise_static"] = wrk(base + "/static/bench/article.html")
    return results


# --- report -------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def report(results: dict[int, dict[str, object]], use_nginx: bool) -> bool:
    small, large = (results[size] for size in sorted(results))
    rows = [
        ("uncached", "article, uncached (gunicorn, page cache off)"),
        ("app_cached", "article, cached (in-app page cache, Redis)"),
        ("whitenoise_static", "same HTML, static file (whitenoise, gunicorn)"),
    ]
    if use_nginx:
        rows += [
            ("nginx_cached", "article, cached (nginx proxy_cache)"),
            ("nginx_static", "same HTML, static file (nginx)"),
        ]
    print()
    print(
        f"Masthead article page, wrk {' '.join(WRK_ARGS)}; gunicorn {WORKERS} workers x "
        f"{THREADS} threads; PostgreSQL + Redis; {os.cpu_count()} CPUs shared with wrk"
    )
    header = f"{'':48} {'10k req/s':>10} {'p50 ms':>7} {'p99 ms':>7} | {'100k req/s':>10} "
    header += f"{'p50 ms':>7} {'p99 ms':>7} | {'p99 100k/10k':>12}"
    print(header)
    print("-" * len(header))
    for key, label in rows:
        a, b = small[key], large[key]
        assert isinstance(a, Load) and isinstance(b, Load)
        flag = " (errors!)" if a.errors or b.errors else ""
        print(
            f"{label:48} {a.rps:10.0f} {a.p50_ms:7.1f} {a.p99_ms:7.1f} | {b.rps:10.0f} "
            f"{b.p50_ms:7.1f} {b.p99_ms:7.1f} | {b.p99_ms / a.p99_ms:12.2f}{flag}"
        )
    si, li = small["inproc"], large["inproc"]
    assert isinstance(si, dict) and isinstance(li, dict)
    print(
        f"{'in-process render, median ms (200 renders)':48} {si['render_median_ms']:10.1f} "
        f"{'':15} | {li['render_median_ms']:10.1f}"
    )
    print(
        f"{'search /search/?q=, p95 ms (queries run)':48} {si['search_p95_ms']:10.1f} "
        f"{'(' + str(si['search_count']) + ')':>15} | {li['search_p95_ms']:10.1f} "
        f"({li['search_count']})"
    )
    print(f"{'articles in the database':48} {si['articles']:10} {'':15} | {li['articles']:10}")
    print()

    def load(size_results: dict[str, object], key: str) -> Load:
        value = size_results[key]
        assert isinstance(value, Load)
        return value

    checks = []
    for name, size_results in (("10k", small), ("100k", large)):
        rate = load(size_results, "uncached").rps
        checks.append((f"uncached article >= 500 req/s ({name})", rate, rate >= 500))
        ratio = load(size_results, "app_cached").rps / load(size_results, "whitenoise_static").rps
        checks.append((f"in-app cached / whitenoise static >= 0.5 ({name})", ratio, ratio >= 0.5))
        if use_nginx:
            ratio = load(size_results, "nginx_cached").rps / load(size_results, "nginx_static").rps
            checks.append((f"nginx cached / nginx static >= 0.5 ({name})", ratio, ratio >= 0.5))
    for key, label in (("uncached", "uncached"), ("app_cached", "in-app cached")):
        growth = load(large, key).p99_ms / load(small, key).p99_ms
        checks.append((f"p99 {label}, 100k / 10k <= 1.5", growth, growth <= 1.5))
    for name, inproc in (("10k", si), ("100k", li)):
        median = float(inproc["render_median_ms"])  # type: ignore[arg-type]
        checks.append((f"in-process render median <= 10 ms ({name})", median, median <= 10))
    p95 = float(li["search_p95_ms"])  # type: ignore[arg-type]
    checks.append(("search p95 <= 50 ms (100k)", p95, p95 <= 50))
    for label, value, ok in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label:52} {value:10.2f}")
    print(
        f"\nArticle measured: {si['url']} (10k) and {li['url']} (100k); "
        f"{small['bytes']} / {large['bytes']} bytes. Cache checks: in-app "
        f"{small.get('app_cache_status')}, nginx {small.get('nginx_cache_status', '-')}."
    )
    return all(ok for _, _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-nginx", action="store_true", help="skip the nginx rows")
    parser.add_argument("--skip-prepare", action="store_true", help="use the databases as they are")
    arguments = parser.parse_args()
    if arguments.in_process:
        in_process_main()
        return 0
    if not shutil.which("wrk"):
        log("wrk is not installed: apt-get install wrk (see ../shared/TOOLS.md)")
        return 2
    use_nginx = not arguments.no_nginx and bool(
        shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    )
    if not arguments.skip_prepare:
        for size in SIZES:
            database_prepare(size)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    results = {}
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as temporary:
        for size in SIZES:
            log(f"measuring {SIZES[size]} ...")
            results[size] = measure_size(size, Path(temporary), use_nginx)
    report(results, use_nginx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
