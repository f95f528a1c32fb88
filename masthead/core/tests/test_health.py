"""Liveness and readiness: what an orchestrator or a load balancer asks before sending readers.

`/healthz` says the process answers (no database, nothing it depends on); `/readyz` checks
the database, the cache and the task queue, each with its status, and answers 503 when one of
them fails, so a load balancer stops sending readers to a worker that cannot serve them.
"""

from __future__ import annotations

import pytest
from django.test import Client

from config.settings.base import redis_cache

from .redis_server import RedisServer, needs_redis_server

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    """/healthz is a cheap 200, with no query, never stored by any cache."""
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_reports_each_dependency(client):
    """/readyz names the database, the cache and the task queue, each ok."""
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "tasks": "ok",
        "mail": "ok",
    }
    assert "no-store" in response["Cache-Control"]


def test_health_checks_answer_a_probe_over_plain_http_by_address(settings):
    """A load balancer probes gunicorn over plain HTTP and by its address: no HTTPS redirect,
    no refusal for a host the site does not serve."""
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/").status_code == 301


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@needs_redis_server
def test_readiness_fails_when_redis_is_down_though_the_site_still_serves(
    client, settings, redis_server
):
    """With Redis gone the cache falls back to memory, but /readyz tells the truth: 503."""
    server = redis_server
    settings.CACHES = {**settings.CACHES, "default": redis_cache(server.url, "health")}
    assert client.get("/readyz").status_code == 200
    server.kill()

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
