"""One captcha solution is accepted once, even when ten requests carry it at the same moment.

Why: on the embedded default (no Redis) the cache is Django's file cache, whose `add` is a
read then a write: several requests arriving together each found the solution unused, and 3
of 10 concurrent password resets passed with one solution. The embedded default's cache takes
an exclusive file lock around `add` and `incr` (`core/file_cache.py`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError

from masthead.readers.captcha import captcha_challenge_create, captcha_solution_verify

from .captcha_solver import captcha_challenge_solve

ROOT = Path(__file__).resolve().parents[3]
USES = 10


@pytest.fixture
def embedded_cache(settings, tmp_path):
    """The cache the embedded default configures (base settings without REDIS_URL), in tmp."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "MASTHEAD_VAR_DIR": str(tmp_path / "var"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    backend = result.stdout.strip().splitlines()[-1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": backend, "LOCATION": str(tmp_path / "cache"), "TIMEOUT": 3600},
    }
    yield backend
    caches["default"].clear()


def test_ten_concurrent_uses_of_one_solution_let_exactly_one_through(embedded_cache):
    """Ten threads verify the same solution at once: one passes, nine are told it was used."""
    payload = captcha_challenge_solve(captcha_challenge_create())
    start = threading.Barrier(USES)
    outcomes: list[str] = []

    def use() -> None:
        start.wait()
        try:
            captcha_solution_verify(payload)
        except ValidationError as refused:
            outcomes.append(str(refused.code))
        else:
            outcomes.append("passed")

    threads = [threading.Thread(target=use) for _ in range(USES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["captcha_replayed"] * (USES - 1) + ["passed"]
