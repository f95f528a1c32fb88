"""Structured logs: `LOG_FORMAT=json` writes one JSON object per line for a log collector.

`JsonFormatter` (named in config/settings/base.py LOGGING) writes `time` (UTC, ISO 8601),
`level`, `logger`, `message`, then what is known about the request being served: `request_id`,
`method`, `path` and, for Django's request log lines, `status`; an exception comes whole in
`exception` (its traceback) with `exception_type`, never spread over several lines a collector
would read as several records. Fields given with `extra=` follow.

`RequestLogContextMiddleware` makes the request being served known to every log line written
while it is (a context variable: each gunicorn thread its own). The request id is the
`X-Request-ID` a proxy sent (nginx: `proxy_set_header X-Request-ID $request_id;`) when it looks
like one, else made up the first time a line needs it, so the lines of one request share it.

No dependency: it is loaded while logging is configured, before the apps, so it imports no
model. gunicorn's own access and error lines keep gunicorn's format (docs/self-hosting/
monitoring.md).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_served: ContextVar[HttpRequest | None] = ContextVar("masthead_request", default=None)
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
REQUEST_ID_ATTRIBUTE = "_log_request_id"
# What every LogRecord has: anything else on a record came with `extra=`.
RECORD_ATTRIBUTES = frozenset(
    {*vars(logging.LogRecord("", 0, "", 0, "", None, None)), "message", "asctime", "taskName"}
)
# Django's request logger passes these; they are written as request fields, not as extras.
REQUEST_EXTRAS = frozenset({"request", "status_code", "server_time"})
NOT_EXTRAS = RECORD_ATTRIBUTES | REQUEST_EXTRAS


class RequestLogContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_served.set(request)
        try:
            return self.get_response(request)
        finally:
            _request_served.reset(token)


def request_id(request: HttpRequest) -> str:
    """The request's id: its proxy's X-Request-ID if well-formed, else one made up once."""
    known = getattr(request, REQUEST_ID_ATTRIBUTE, None)
    if known:
        return str(known)
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    value = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
    setattr(request, REQUEST_ID_ATTRIBUTE, value)
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = _request_served.get()
        if request is not None:
            entry["request_id"] = request_id(request)
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception_type"] = getattr(record.exc_info[0], "__name__", "")
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for name, value in vars(record).items():
            if name not in NOT_EXTRAS and not name.startswith("_"):
                entry.setdefault(name, value)
        return json.dumps(entry, default=str, ensure_ascii=False)
