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


def headline_add(request: HttpRequest) -> HttpResponse:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO headline VALUES ('Ferries resume')")
    return HttpResponse("added")


urlpatterns = [path("headlines/", headline_count), path("headlines/add/", headline_add)]


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
    del connections[ALIAS]  # this thread's wrapper, which holds the throwaway server's port
    del connections.settings[ALIAS]
    server.remove()


def wsgi_get(application: WSGIHandler, url: str, *, method: str = "get") -> int:
    environ = getattr(RequestFactory(), method)(url).environ
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


def backend_last_query(server: PostgresServer, pid: int) -> str:
    """What the server says the backend `pid` last ran, asked over a connection of its own."""
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as other:
        row = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    assert row is not None, f"backend {pid} is gone"
    return str(row[0])


def test_the_health_check_of_a_live_connection_asks_the_server_nothing(postgres, settings):
    """Given a pooled connection between two requests, the next request's health check is
    answered from its socket: no `SELECT 1` round trip before every request's first query."""
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = []
    application = WSGIHandler()
    assert wsgi_get(application, "/headlines/") == 200
    connection: Any = connections[ALIAS]  # `health_check_done`: Django's, not in its stubs
    pid = connection.connection.info.backend_pid

    connection.health_check_done = False  # as at the start of the next request
    connection.close_if_health_check_failed()

    assert connection.connection is not None and connection.connection.info.backend_pid == pid
    assert backend_last_query(postgres, pid) == "SELECT count(*) FROM headline"


def test_a_write_after_the_server_ended_the_connection_goes_to_a_new_one(postgres, settings):
    """Given a pooled connection the server has ended (an administrator, an idle timeout), the
    next request's first statement, an INSERT that is never retried, runs on a new one."""
    import psycopg

    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = []
    application = WSGIHandler()
    assert wsgi_get(application, "/headlines/") == 200
    pid = connections[ALIAS].connection.info.backend_pid
    with psycopg.connect(postgres.url, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)

    assert wsgi_get(application, "/headlines/add/", method="post") == 200
    assert connections[ALIAS].connection.info.backend_pid != pid
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM headline")
        assert cursor.fetchone() == (2,)
