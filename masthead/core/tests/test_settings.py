"""Production settings refuse to start misconfigured and pass Django's deployment checks."""

from __future__ import annotations

import json
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
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "BASE_URL"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "BASE_URL": "https://news.example.org",
            **env,
        }
    )
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


def test_production_refuses_to_start_without_its_public_origin():
    """A missing BASE_URL stops the site: every absolute link would name a guessed host."""
    result = run_manage(
        "check", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="news.example.org", BASE_URL=""
    )

    assert result.returncode != 0
    assert "BASE_URL must be set in production" in result.stderr


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


def test_production_cookies_are_host_prefixed_secure_http_only_and_same_site(tmp_path):
    """Session, CSRF and language cookies: `__Host-` names, Secure, HttpOnly, SameSite, Path=/."""
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({kind: ["
        "getattr(s, kind + '_COOKIE_' + part) for part in "
        "('NAME', 'SECURE', 'HTTPONLY', 'SAMESITE', 'DOMAIN', 'PATH')] "
        "for kind in ('SESSION', 'CSRF', 'LANGUAGE')}))"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
        MASTHEAD_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    cookies = json.loads(result.stdout.strip().splitlines()[-1])
    for kind, (name, secure, http_only, same_site, domain, path) in cookies.items():
        assert name.startswith("__Host-"), kind
        assert (secure, http_only, same_site, domain, path) == (True, True, "Lax", None, "/"), kind


def test_the_embedded_default_keeps_its_sqlite_connection_between_requests(tmp_path):
    """A web worker on SQLite reuses its connection from one request to the next.

    Django closes a connection at the end of each request unless CONN_MAX_AGE says to keep it:
    on the embedded default every request opened the file again and ran the PRAGMAs, a fifth
    of an uncached article's time in a gunicorn worker (py-spy), as on PostgreSQL before.
    """
    script = (
        "from django.core import signals\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "opened = connection.connection\n"
        "for _ in range(3):\n"
        "    signals.request_started.send(sender=None)\n"
        "    connection.cursor().execute('SELECT 1')\n"
        "    signals.request_finished.send(sender=None)\n"
        "print(connection.vendor, connection.connection is opened)\n"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        MASTHEAD_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1].split() == ["sqlite", "True"]


def test_redis_replies_are_parsed_by_hiredis():
    """redis-py's C parser (the hiredis package): 15-20 us less per round trip than its Python
    one, measured on a page-cache hit's MGET. Without it redis-py silently falls back."""
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE
