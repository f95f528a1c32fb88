"""bench/observatory.py scores headers as Mozilla's HTTP Observatory does.

The figures the issue measured before the fix come out again from the headers of that time
(75/B on a miss, 55/C on a hit behind TLS), and today's headers, from the test client on a
miss and a hit, score A+.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "observatory", Path(__file__).resolve().parents[3] / "bench" / "observatory.py"
)
assert SPEC is not None and SPEC.loader is not None
observatory = importlib.util.module_from_spec(SPEC)
sys.modules["observatory"] = observatory  # its dataclass looks its module up there
SPEC.loader.exec_module(observatory)

HTTPS_ROUTE = ["http://news.example.org/", "https://news.example.org/"]
OLD_MISS = {
    "content-type": ["text/html; charset=utf-8"],
    "x-frame-options": ["DENY"],
    "vary": ["Accept-Language, Cookie"],
    "x-content-type-options": ["nosniff"],
    "referrer-policy": ["strict-origin-when-cross-origin"],
    "cross-origin-opener-policy": ["same-origin"],
    "strict-transport-security": ["max-age=31536000; includeSubDomains; preload"],
}


def graded(headers: dict[str, list[str]], body: str = "<html></html>") -> tuple[int, str]:
    page = observatory.Answer(
        url="https://news.example.org/", status=200, headers=headers, body=body
    )
    results = observatory.evaluate(
        page, scheme="https", host="news.example.org", route=HTTPS_ROUTE, preflight=None
    )
    return observatory.score(results)


def test_the_headers_before_the_fix_score_as_the_issue_measured():
    """No CSP: 75/B on a miss; a hit also without X-Frame-Options: 55/C."""
    hit = {
        name: value for name, value in OLD_MISS.items() if name not in {"x-frame-options", "vary"}
    }
    assert graded(OLD_MISS) == (75, "B")
    assert graded(hit) == (55, "C")


@pytest.mark.django_db
def test_todays_headers_score_a_plus_on_a_miss_and_a_hit(client, article_factory, settings):
    """The test client's answers, with production's HSTS, grade A+ both times."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    story = article_factory(title="Harbour reopens")
    answers = [client.get(story.url, secure=True) for _ in range(2)]
    assert [answer["X-Page-Cache"] for answer in answers] == ["miss", "hit"]
    for answer in answers:
        headers = {name.lower(): [value] for name, value in answer.headers.items()}
        total, grade = graded(headers, answer.content.decode())
        assert grade == "A+", (total, headers)
