#!/usr/bin/env python3
"""Search latency on the database the environment names: `/search/` through the whole stack.

Run against a seeded site (`manage.py seed --articles N`), with the settings `make run` or
`bin/serve` use, e.g. on the embedded default:

    MASTHEAD_VAR_DIR=/tmp/bench-var DJANGO_SETTINGS_MODULE=config.settings.base \\
        nice -n 5 .venv/bin/python bench/search_speed.py

It times, in one process with the page cache off (Django's test client, as bench/pages.py
does for its search figure), each kind of query a reader types and prints p50 and p95 per
kind: 1-3 consecutive headline words (bench/pages.py's queries), the commonest word of the
vocabulary, a rare one (in two articles), a word misspelt (one edit from a common word:
"did you mean" and the corrected search), a word in no article (the latest news and the
sections instead), and an author's name.

`--edition ru` times one edition's search instead (`/ru/search/`, queries drawn from that
edition's headlines), e.g. after `seed --articles 10000 --edition ru` beside the default
edition's synthetic articles: what the edition filter costs when other editions share words.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 100


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(0.95 * len(timings)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Search latency per kind of query.")
    parser.add_argument("--edition", help="a language code of LANGUAGES (default: the default)")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["APP_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from wagtail.models import Locale

    from masthead.news.models import ArticlePage, Author
    from masthead.search.models import SearchTerm

    language = arguments.edition or settings.LANGUAGE_CODE
    locale = Locale.objects.get(language_code=language)
    path = "/search/" if language == settings.LANGUAGE_CODE else f"/{language}/search/"
    rng = random.Random(7)
    ids = list(ArticlePage.objects.live().filter(locale=locale).values_list("id", flat=True))
    headlines = list(
        ArticlePage.objects.filter(id__in=rng.sample(ids, min(ROUNDS, len(ids)))).values_list(
            "title", flat=True
        )
    )
    headline_queries = []
    for headline in headlines:
        words = headline.split()
        take = rng.choice((1, 1, 2, 2, 3))
        start = rng.randrange(0, max(1, len(words) - take + 1))
        headline_queries.append(" ".join(words[start : start + take]))
    terms = SearchTerm.objects.order_by("-documents")
    commonest = [term.word for term in terms.filter(word__regex=r"^[a-z]{5,}$")[:5]]
    rare = [term.word for term in terms.filter(documents=2, word__regex=r"^[a-z]{6,}$")[:20]]
    misspelt = [word[:2] + word[3] + word[2] + word[4:] for word in commonest + rare[:5]]
    authors = list(Author.objects.values_list("name", flat=True)[:10])
    kinds = {
        "headline words": headline_queries,
        "commonest word": commonest,
        "rare word": rare or ["zzzz"],
        "misspelt word": misspelt,
        "in no article": ["qzxwvj", "plokmij kjhqqq", "zzyzzx"],
        "author's name": authors or ["nobody"],
    }
    client = Client()
    client.get(path, {"q": "warm up"})
    articles = len(ids)
    total = ArticlePage.objects.live().count()
    print(
        f"{connection.vendor}, {path}: {articles} live articles of {total},"
        f" {SearchTerm.objects.count()} words"
    )
    # CPU time of this process beside the wall-clock time: on a machine others are loading,
    # the wall clock also counts waiting for a core. On SQLite (in process) the CPU time is
    # the whole search; on PostgreSQL the server's share is not in it.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'query kind':<16} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}"
        "  examples"
    )
    for kind, queries in kinds.items():
        timings, cpu_timings = [], []
        for round_number in range(max(len(queries), 20)):
            query = queries[round_number % len(queries)]
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
        p50, p95 = _percentiles(timings)
        cpu50, cpu95 = _percentiles(cpu_timings)
        print(
            f"{kind:<16} {len(timings):>4} {p50:>8.1f} {p95:>8.1f} {cpu50:>8.1f} {cpu95:>8.1f}"
            f"  {', '.join(queries[:3])}"
        )


if __name__ == "__main__":
    main()
