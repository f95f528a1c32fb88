"""LOG_FORMAT=json: one JSON object per line, with the request and the traceback as fields."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core.json_logs import JsonFormatter, RequestLogContextMiddleware

BASE_DIR = Path(settings.BASE_DIR)


def record_make(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("masthead.news", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_a_line_is_one_json_object_with_time_level_logger_and_message():
    """A plain warning: the four fields, the message with its arguments put in."""
    line = JsonFormatter().format(record_make("Feed %s is %d hours old", "jhu", 3))

    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "masthead.news"
    assert entry["message"] == "Feed jhu is 3 hours old"
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]
    assert "\n" not in line


def test_an_exception_comes_whole_in_one_field():
    """logger.exception: the traceback is a field of the one line, with the exception's type."""
    try:
        raise ValueError("bad row 12")
    except ValueError:
        record = record_make("Import failed")
        record.exc_info = sys.exc_info()

    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["exception_type"] == "ValueError"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "ValueError: bad row 12" in entry["exception"]


def test_django_s_request_log_gives_the_request_id_path_and_status():
    """django.request passes the request and the status: they become fields, not text."""
    request = RequestFactory().get("/world/?page=2", HTTP_X_REQUEST_ID="b7f1c2d3e4")

    entry = json.loads(
        JsonFormatter().format(
            record_make("Internal Server Error: /world/", request=request, status_code=500)
        )
    )

    assert (entry["request_id"], entry["method"], entry["path"]) == ("b7f1c2d3e4", "GET", "/world/")
    assert entry["status"] == 500
    assert "request" not in entry and "status_code" not in entry


def test_lines_written_while_a_request_is_served_carry_it_and_share_one_id():
    """Two lines logged by a view: the same made-up id (no X-Request-ID), the request's path."""
    formatter, lines = JsonFormatter(), []

    def view(request):
        for text in ("first", "second"):
            lines.append(json.loads(formatter.format(record_make(text))))
        return HttpResponse("ok")

    RequestLogContextMiddleware(view)(RequestFactory().post("/comments/7/", {"body": "x"}))
    after = json.loads(formatter.format(record_make("after the request")))

    assert [line["path"] for line in lines] == ["/comments/7/", "/comments/7/"]
    assert lines[0]["request_id"] == lines[1]["request_id"]
    assert len(lines[0]["request_id"]) == 32
    assert "path" not in after


def test_a_request_id_that_does_not_look_like_one_is_replaced():
    """A client's X-Request-ID with quotes and spaces is not copied into the logs."""
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID='x" injected "y')

    entry = json.loads(JsonFormatter().format(record_make("hello", request=request)))

    assert entry["request_id"] != 'x" injected "y'
    assert len(entry["request_id"]) == 32


def test_extra_fields_are_kept():
    """`extra={"alert": 42}` shows up as a field."""
    entry = json.loads(JsonFormatter().format(record_make("Fan-out done", alert=42)))

    assert entry["alert"] == 42


def test_log_format_json_switches_the_console_to_json_lines(tmp_path):
    """With LOG_FORMAT=json, a process's log line on stderr is JSON; without it, plain text."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('masthead.probe').warning('Queue is %s', 'late')"
    )

    def stderr_with(log_format: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.base",
                "MASTHEAD_VAR_DIR": str(tmp_path),
                "LOG_FORMAT": log_format,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stderr.strip()

    entry = json.loads(stderr_with("json"))
    assert (entry["logger"], entry["message"]) == ("masthead.probe", "Queue is late")
    assert stderr_with("text") == "Queue is late"
