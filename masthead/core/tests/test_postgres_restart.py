"""A PostgreSQL restart costs readers some latency, not errors.

Before, a 3-second restart gave a burst of 500s: pooled connections (CONN_MAX_AGE) were dead
("terminating connection due to administrator command") and every request during the restart
failed to connect. Here a throwaway cluster is restarted while a reader thread sends requests
through Django's real WSGI handler (as gunicorn does, with the per-request connection checks)
to a view that reads from that cluster, configured as `DATABASE_URL` configures it
(config/settings/base.py).
"""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path

from config.settings.base import database_from_url

from .postgres_server import PostgresServer, needs_postgres_server

pytestmark = needs_postgres_server

ALIAS = "restartable"


def headline_count(request: HttpRequest) -> HttpResponse:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM headline")
        (count,) = cursor.fetchone()
    return HttpResponse(str(count))


urlpatterns = [path("headlines/", headline_count)]


@pytest.fixture
def postgres(django_db_blocker):
    server = PostgresServer()
    server.create()
    settings_dict = database_from_url(server.url)
    configured = connections.configure_settings({**connections.settings, ALIAS: settings_dict})
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE headline (title text)")
            cursor.execute("INSERT INTO headline VALUES ('Harbour reopens')")
        connections[ALIAS].close()
        yield server
        connections[ALIAS].close()
    del connections.settings[ALIAS]
    server.remove()


def wsgi_get(application: WSGIHandler, url: str) -> int:
    environ = RequestFactory().get(url).environ
    environ["wsgi.input"] = io.BytesIO()
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    body = application(environ, start_response)
    b"".join(body)
    body.close()  # request_finished: Django's per-request connection housekeeping
    return int(statuses[0].split()[0])


def test_reads_are_served_through_a_postgresql_restart(postgres, settings):
    """Given a reader reading continuously, a 3 s restart answers no request with a 5xx."""
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = []
    application = WSGIHandler()
    statuses: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            statuses.append(wsgi_get(application, "/headlines/"))
            time.sleep(0.02)
        connections.close_all()

    thread = threading.Thread(target=reader)
    thread.start()
    time.sleep(1)
    before_restart = len(statuses)
    postgres.restart(down=3)
    time.sleep(1)
    stop.set()
    thread.join(timeout=60)

    errors = [status for status in statuses if status >= 500]
    assert before_restart > 5 and len(statuses) > before_restart + 5
    assert errors == [], f"{len(errors)} of {len(statuses)} requests answered 5xx"
