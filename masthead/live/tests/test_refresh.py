"""The scheduled refresh against an HTTP server on 127.0.0.1: conditional, limited, validated."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from masthead.live.error_codes import DataErrorCode
from masthead.live.models import DataSource
from masthead.live.tasks import data_sources_refresh_task

from .jhu_files import GOOD, jhu_csv

pytestmark = pytest.mark.django_db

PORTS = range(8200, 8210)
ETAG = '"v1"'
LAST_MODIFIED = "Thu, 09 Mar 2023 23:00:00 GMT"


@dataclass
class DataServer:
    """What the server answers next, and the conditional headers each request carried."""

    url: str = ""
    body: bytes = GOOD
    honour_validators: bool = True
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def data_server() -> Iterator[DataServer]:
    state = DataServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(
                {
                    name: self.headers.get(name, "")
                    for name in ("If-None-Match", "If-Modified-Since")
                }
            )
            if state.honour_validators and self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(state.body)))
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    server = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    assert server is not None, "no free port in 8200-8209"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/deaths.csv"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def source(data_server: DataServer) -> DataSource:
    return DataSource.objects.create(
        name="Deaths",
        url=data_server.url,
        parser="jhu_csse_global",
        attribution="JHU CSSE COVID-19 Data",
        licence_name="CC BY 4.0",
    )


def test_a_refresh_loads_a_good_file_then_asks_conditionally_and_keeps_data_on_bad_files(
    data_server, source
):
    """Good file, then 304, then a broken file, then a shrunken one: the good data stays."""
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert source.series_values == [3, 7, 12]
    assert (source.etag, source.last_modified, source.version) == (ETAG, LAST_MODIFIED, 1)
    assert data_server.requests[0] == {"If-None-Match": "", "If-Modified-Since": ""}

    data_sources_refresh_task.enqueue()  # unchanged: 304
    source.refresh_from_db()
    assert data_server.requests[1] == {"If-None-Match": ETAG, "If-Modified-Since": LAST_MODIFIED}
    assert (source.version, source.last_error) == (1, "")

    data_server.honour_validators = False
    data_server.body = b"<html><h1>502 Bad Gateway</h1></html>"
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.version) == ([3, 7, 12], 1)
    assert source.last_error_code == DataErrorCode.HEADER
    assert "header" in source.last_error

    data_server.body = jhu_csv([("", "Afghanistan", [0, 1, 3, 4])])  # one row of three
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.version) == ([3, 7, 12], 1)
    assert source.last_error_code == DataErrorCode.SHRUNK_ROWS

    data_server.body = jhu_csv([("", "A", [1, 2, 3, 4])] * 3)  # a new day: accepted
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.version, source.last_error) == ([3, 6, 9, 12], 2, "")


def test_a_file_over_the_size_limit_is_not_loaded(data_server, source, settings):
    settings.MASTHEAD_LIVE_FETCH_MAX_BYTES = 100
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.last_error_code) == ([], DataErrorCode.TOO_LARGE)


def test_a_server_that_is_down_is_noted_not_raised(source):
    """Given nothing listening at the address, the refresh notes the failure and carries on."""
    DataSource.objects.filter(pk=source.pk).update(url="http://127.0.0.1:8209/gone.csv")
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert source.last_error_code == DataErrorCode.HTTP


def test_a_json_source_is_refreshed_and_its_bad_file_keeps_the_data(data_server, source):
    """A daily JSON source (disease.sh's JHU timeline) through the same refresh."""
    source.parser, source.column = "daily_json", "deaths"
    source.save()
    data_server.body = (
        b'{"cases": {"1/22/20": 557, "1/23/20": 657}, "deaths": {"1/22/20": 17, "1/23/20": 18}}'
    )
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.version, source.last_error) == ([17, 18], 1, "")

    data_server.honour_validators = False
    data_server.body = b'{"deaths": {"1/22/20": 17, "1/23/20": 18'  # cut off mid-transfer
    data_sources_refresh_task.enqueue()
    source.refresh_from_db()
    assert (source.series_values, source.version) == ([17, 18], 1)
    assert source.last_error_code == DataErrorCode.JSON
    assert "not valid JSON" in source.last_error
