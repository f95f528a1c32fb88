#!/usr/bin/env python3
"""Search latency per edition: `/<edition>/search/` through the whole stack, one table.

`make bench` runs it with no arguments: it prepares two databases unless they hold the
articles already, then times each edition's search on each and prints one table:

* the embedded default (SQLite, the file cache), `var/bench/embedded_editions`, with
  `--embedded-articles` (10,000) synthetic articles in each edition of `--editions`;
* PostgreSQL + Redis, database `masthead_bench_editions` (`--database`), with
  `--scaled-articles` (100,000) in each edition.

Each edition's articles are written in its language (`seed --articles N --edition ru`:
masthead/news/demo/synthetic.py draws an edition's words from its demo stories, and writes
Chinese without spaces), so each search runs with its own analysis: Snowball stems, Han
bigrams. Every edition's articles share the database, as on a real site. Preparing takes
minutes per 10,000 articles; `--prepare-only` stops there, `--stacks embedded` narrows it.

`--here` times the database the environment names instead (`DATABASE_URL`, `REDIS_URL`,
`MASTHEAD_VAR_DIR`, with the settings `make run` or `bin/serve` use), e.g.

    DJANGO_SETTINGS_MODULE=config.settings.base nice -n 10 .venv/bin/python \\
        bench/search_speed.py --here --editions ru

In one process with the page cache off (Django's test client, as bench/pages.py does for
its search figure), per edition and kind of query a reader types, p50 and p95 of the wall
clock and of the CPU time (this process's, plus its PostgreSQL backend's when the server
runs on this machine: what a search takes on an idle machine, where the wall clock of a busy
one also counts the turns waited for a core): 1-3 consecutive headline words (2-4 characters of a
Chinese headline), the commonest word (of five letters or more, a Chinese bigram, found by
the search: not a stop word), a rare
word (the fewest stories of the words found once in a sample), a misspelt word (two inner
letters swapped: "did you mean" and the corrected search), a word in no article (the latest
news and the sections instead) and an author's name. The target (issue 15): p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages as article_bench  # bench/pages.py: databases, PostgreSQL and Redis addresses

ROOT = article_bench.ROOT
PYTHON = article_bench.PYTHON
ROUNDS = 100
SAMPLE = 400
RARE_CANDIDATES = 60
TARGET_MS = 50.0
EDITIONS = "en,ru,zh-hans"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
LETTERS = re.compile(r"[^\W\d_]+")


# --- measuring (in the site's process: --here) ------------------------------------------------


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(0.95 * len(timings)) - 1)]


def _is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def _headline_query(headline: str, language: str, rng: random.Random) -> str:
    if _is_chinese(language):
        runs = [run for run in HAN.findall(headline) if len(run) >= 2] or [headline]
        run = rng.choice(runs)
        length = min(len(run), rng.choice((2, 2, 3, 4)))
        start = rng.randrange(0, len(run) - length + 1)
        return run[start : start + length]
    words = headline.split()
    take = rng.choice((1, 1, 2, 2, 3))
    start = rng.randrange(0, max(1, len(words) - take + 1))
    return " ".join(words[start : start + take])


def _words(text: str, language: str) -> set[str]:
    """What a reader would type as one word: a bigram of a Chinese run, a word of 5+ letters."""
    if _is_chinese(language):
        return {run[i : i + 2] for run in HAN.findall(text) for i in range(len(run) - 1)}
    return {word for word in LETTERS.findall(text.lower()) if len(word) >= 5}


def _misspelt(word: str) -> str:
    if len(word) < 4:
        return word[::-1]
    return word[:1] + word[2] + word[1] + word[3:]


def edition_queries(language: str, locale: Any, rng: random.Random) -> dict[str, list[str]]:
    """The queries of each kind for one edition, drawn from its own stories."""
    from masthead.news.models import ArticlePage, Author
    from masthead.search.selectors import article_search

    ids = list(ArticlePage.objects.live().filter(locale=locale).values_list("id", flat=True))
    ids.sort()
    sample = rng.sample(ids, min(SAMPLE, len(ids)))
    texts = list(ArticlePage.objects.filter(id__in=sample).values_list("title", "lede"))
    headlines = [title for title, _lede in texts[:ROUNDS]]
    documents: Counter[str] = Counter()
    for title, lede in texts:
        documents.update(_words(f"{title} {lede}", language))
    # The commonest that find something (an English stop word finds nothing on PostgreSQL).
    commonest = []
    for word, _count in documents.most_common(50):
        if article_search(query=word, locale=locale, page_number=None)["total"]:
            commonest.append(word)
        if len(commonest) == 5:
            break
    once = sorted(word for word, count in documents.items() if count == 1)
    rng.shuffle(once)
    # The rarest of the words found once in the sample, by the search's own count.
    totals = []
    for word in once[:RARE_CANDIDATES]:
        found = article_search(query=word, locale=locale, page_number=None)
        if found["total"]:
            totals.append((found["total"], word))
    rare = [word for _total, word in sorted(totals)[:20]]
    return {
        "headline words": [_headline_query(headline, language, rng) for headline in headlines],
        "commonest word": commonest,
        "rare word": rare or ["zzzz"],
        "misspelt word": [_misspelt(word) for word in commonest + rare[:5]],
        "in no article": (
            ["龘靐齉", "齾爩", "鱻麤"] if _is_chinese(language) else ["qzxwvj", "plokmij kjhqqq"]
        ),
        "author's name": list(Author.objects.values_list("name", flat=True)[:10]) or ["nobody"],
        "_rare_totals": [str(total) for total, _word in sorted(totals)[:20]],
    }


def _server_cpu_ms(connection: Any) -> float | None:
    """CPU time the PostgreSQL backend of this connection has used, in ms (None elsewhere).

    From /proc/<pid>/schedstat (nanoseconds on a CPU), when the server runs on this machine.
    Added to this process's CPU time it is what a search costs on an idle machine: on a busy
    one the wall clock also counts the turns waited for a core.
    """
    if connection.vendor != "postgresql" or connection.connection is None:
        return None
    try:
        stat = Path(f"/proc/{connection.connection.info.backend_pid}/schedstat").read_text()
    except OSError:
        return None
    return int(stat.split()[0]) / 1e6


def measure_here(editions: list[str]) -> list[dict[str, Any]]:
    """Time every kind of query of each edition on the database the environment names."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["APP_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from wagtail.models import Locale

    from masthead.news.models import ArticlePage

    client = Client()
    rows = []
    for language in editions:
        locale = Locale.objects.get(language_code=language)
        path = "/search/" if language == settings.LANGUAGE_CODE else f"/{language}/search/"
        queries = edition_queries(language, locale, random.Random(7))
        rare_totals = queries.pop("_rare_totals")
        articles = ArticlePage.objects.live().filter(locale=locale).count()
        client.get(path, {"q": "warm up"})
        load_before = os.getloadavg()[0]
        for kind, kind_queries in queries.items():
            timings, cpu_timings = [], []
            for round_number in range(max(len(kind_queries), 20)):
                query = kind_queries[round_number % len(kind_queries)]
                server_started = _server_cpu_ms(connection)
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(path, {"q": query})
                timings.append((time.perf_counter() - started) * 1000)
                cpu = (time.process_time() - cpu_started) * 1000
                server_ended = _server_cpu_ms(connection)
                if server_started is not None and server_ended is not None:
                    cpu += max(0.0, server_ended - server_started)
                cpu_timings.append(cpu)
                assert response.status_code == 200, (query, response.status_code)
            p50, p95 = _percentiles(timings)
            cpu50, cpu95 = _percentiles(cpu_timings)
            examples = ", ".join(kind_queries[:3])
            if kind == "rare word" and rare_totals:
                examples += f" (in {'/'.join(rare_totals[:3])} stories)"
            rows.append(
                {
                    "stack": connection.vendor,
                    "edition": language,
                    "articles": articles,
                    "kind": kind,
                    "n": len(timings),
                    "p50": p50,
                    "p95": p95,
                    "cpu50": cpu50,
                    "cpu95": cpu95,
                    "examples": examples,
                    "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
                }
            )
    return rows


# --- preparing the databases and running the measurements ------------------------------------


def stack_env(stack: str, arguments: argparse.Namespace) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MASTHEAD_VAR_DIR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        APP_PAGE_CACHE_SECONDS="0",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        HF_HUB_OFFLINE="1",
    )
    if stack == "embedded":
        env["MASTHEAD_VAR_DIR"] = str(ROOT / "var" / "bench" / "embedded_editions")
    else:
        env.update(
            DATABASE_URL=f"{article_bench.POSTGRES}/{arguments.database}",
            REDIS_URL=article_bench.REDIS_URL,
            CACHE_KEY_PREFIX=arguments.database,
            MASTHEAD_VAR_DIR=str(ROOT / "var" / "bench" / arguments.database),
        )
    return env


def _shell(env: dict[str, str], script: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def prepare(stack: str, arguments: argparse.Namespace, editions: list[str]) -> None:
    """Migrate, load the demo and seed each edition up to its number of synthetic articles."""
    env = stack_env(stack, arguments)
    Path(env["MASTHEAD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    if stack == "scaled":
        article_bench.database_create(arguments.database)
    article_bench.migrate(env)
    wanted = arguments.embedded_articles if stack == "embedded" else arguments.scaled_articles
    counts = json.loads(
        _shell(
            env,
            "import json; from masthead.news.models import ArticlePage; print(json.dumps({"
            f"code: ArticlePage.objects.filter(locale__language_code=code).count()"
            f" for code in {editions!r}}}))",
        )
    )
    if not any(counts.values()):
        log(f"{stack}: loading the demo")
        article_bench.manage(env, "seed")
    for language in editions:
        existing = counts.get(language, 0)
        if existing < wanted:
            log(f"{stack} {language}: {existing} articles, seeding {wanted - existing} more")
            started = time.monotonic()
            article_bench.manage(
                env, "seed", "--articles", str(wanted - existing), "--edition", language
            )
            log(f"{stack} {language}: seeded in {time.monotonic() - started:.0f} s")
    article_bench.manage(env, "collectstatic", "--noinput", "-v0")
    if stack == "scaled":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")


def measure(stack: str, arguments: argparse.Namespace, editions: list[str]) -> list[dict]:
    """Run `--here` in a child process with the stack's environment; its rows."""
    env = stack_env(stack, arguments)
    article_bench.quiet_wait(arguments.quiet_wait)
    result = subprocess.run(
        [str(PYTHON), __file__, "--here", "--json", "--editions", ",".join(editions)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def table(rows: list[dict[str, Any]]) -> bool:
    """Print one table of every stack, edition and kind; True when every p95 meets the target."""
    print(f"load average {article_bench.load_average()} on {os.cpu_count()} CPUs")
    print(
        "| stack | edition | articles | query kind | n | p50 ms | p95 ms | CPU p50 | CPU p95 |"
        " load | examples |"
    )
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---|---|")
    for row in rows:
        print(
            f"| {row['stack']} | {row['edition']} | {row['articles']:,} | {row['kind']} |"
            f" {row['n']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['cpu50']:.1f} |"
            f" {row['cpu95']:.1f} | {row['load']} | {row['examples'][:60]} |"
        )
    is_met = True
    for stack in dict.fromkeys(row["stack"] for row in rows):
        for edition in dict.fromkeys(row["edition"] for row in rows if row["stack"] == stack):
            worst = max(
                (row for row in rows if row["stack"] == stack and row["edition"] == edition),
                key=lambda row: row["p95"],
            )
            worst_cpu = max(
                (row for row in rows if row["stack"] == stack and row["edition"] == edition),
                key=lambda row: row["cpu95"],
            )
            verdict = "met" if worst["p95"] <= TARGET_MS else "MISS"
            cpu_verdict = "met" if worst_cpu["cpu95"] <= TARGET_MS else "MISS"
            is_met = is_met and verdict == "met"
            print(
                f"{stack} {edition}: worst p95 {worst['p95']:.1f} ms ({worst['kind']}),"
                f" target <= {TARGET_MS:.0f} ms: {verdict}; worst CPU p95"
                f" {worst_cpu['cpu95']:.1f} ms ({worst_cpu['kind']}): {cpu_verdict}"
            )
    return is_met


def main() -> int:
    parser = argparse.ArgumentParser(description="Search latency per edition and query kind.")
    parser.add_argument("--editions", default=EDITIONS, help=f"language codes ({EDITIONS})")
    parser.add_argument("--edition", help="one language code (same as --editions CODE)")
    parser.add_argument("--here", action="store_true", help="time the environment's database")
    parser.add_argument("--json", action="store_true", help="with --here: rows as JSON lines")
    parser.add_argument("--stacks", default="embedded,scaled", help="embedded,scaled")
    parser.add_argument("--embedded-articles", type=int, default=10_000)
    parser.add_argument("--scaled-articles", type=int, default=100_000)
    parser.add_argument("--database", default="masthead_bench_editions")
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--quiet-wait", type=float, default=180.0)
    arguments = parser.parse_args()
    editions = (arguments.edition or arguments.editions).split(",")
    if arguments.here:
        rows = measure_here(editions)
        if arguments.json:
            for row in rows:
                print(json.dumps(row))
            return 0
        return 0 if table(rows) else 1
    stacks = arguments.stacks.split(",")
    if not arguments.skip_prepare:
        for stack in stacks:
            prepare(stack, arguments, editions)
    if arguments.prepare_only:
        return 0
    rows = []
    for stack in stacks:
        rows += measure(stack, arguments, editions)
    table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
