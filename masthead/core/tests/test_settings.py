"""Production settings refuse to start misconfigured and pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    """A missing SECRET_KEY stops the site at start-up with a clear message."""
    result = run_manage("check", ALLOWED_HOSTS="news.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    """`manage.py check --deploy` reports nothing with production settings."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
        MASTHEAD_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
