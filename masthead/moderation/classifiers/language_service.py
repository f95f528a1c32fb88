"""The language service: one process per machine holds the language models, the workers ask it.

Why: lingua's precise models take 200 to 270 MB (`language.py`), and every process that
moderates comments (each gunicorn web worker, each task worker) held its own copy: a web worker
with every standard prepared was 450 MB resident, two thirds of it the same read-only tables
four times over on a two-worker machine. Forking cannot share them for long (Python's reference
counts write to every page they touch), so they live in one process, `manage.py
language_service`, which bin/serve starts and supervises beside gunicorn, and the workers send it
the text to judge over a Unix socket (`settings.MASTHEAD_LANGUAGE_SERVICE`, its path). Without
that setting (tests, `runserver`, scripts) the models load in the process itself, as before.

The protocol: each message is a 4-byte big-endian length and that many bytes of UTF-8 JSON.
A request is `{"op": ..., "arguments": {...}}`; the answer `{"result": ...}` or `{"error": ...}`.
The operations are the functions in `OPERATIONS`, each a pure function of its arguments, so a
request whose connection broke may be sent again. Only processes of the same user can connect:
the socket is made with mode 0600 in a directory of the site's own.

If the service cannot be reached within `connect_wait` seconds (it is being restarted and is
loading its models; 30 s for a worker preparing its rules as it starts),
`LanguageServiceUnavailable` is raised: the pipeline records the language
rule as failed and holds the comment for a moderator (`pipeline.py`), never publishes it
unjudged nor drops it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger("masthead.moderation.language_service")

_LENGTH = struct.Struct(">I")
MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # a comment is judged on its first 400 characters


class LanguageServiceError(RuntimeError):
    """The service answered with an error: the operation failed there."""


class LanguageServiceUnavailable(LanguageServiceError):
    """The service could not be reached (not started, restarting, or stuck)."""


def message_send(connection: socket.socket, payload: Any) -> None:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    connection.sendall(_LENGTH.pack(len(data)) + data)


def _exactly(connection: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        chunk = connection.recv(min(size, 1 << 16))
        if not chunk:
            raise ConnectionResetError("the other end closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def message_receive(connection: socket.socket) -> Any:
    (size,) = _LENGTH.unpack(_exactly(connection, _LENGTH.size))
    if size > MAX_MESSAGE_BYTES:
        raise ConnectionResetError(f"a message of {size} bytes is too long")
    return json.loads(_exactly(connection, size))


class LanguageServiceClient:
    """A worker's way to the service: one connection per thread, opened on first use and again
    after the service restarted."""

    # After waiting in vain, callers in the next seconds try once and do not wait: with the
    # service down, one comment in this window waits for it, not every comment in turn.
    DOWN_SECONDS = 5.0

    def __init__(self, address: str, *, timeout: float = 30.0, connect_wait: float = 5.0):
        self.address = address
        self.timeout = timeout
        self.connect_wait = connect_wait
        self._local = threading.local()
        self._down_until = 0.0

    def _connect(self, wait: float) -> socket.socket:
        if time.monotonic() < self._down_until:
            wait = 0.0
        deadline = time.monotonic() + wait
        while True:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(self.timeout)
            try:
                connection.connect(self.address)
                self._down_until = 0.0
                return connection
            except (FileNotFoundError, ConnectionRefusedError) as error:
                connection.close()
                if time.monotonic() >= deadline:
                    self._down_until = time.monotonic() + self.DOWN_SECONDS
                    raise LanguageServiceUnavailable(
                        f"the language service at {self.address} cannot be reached: {error}"
                    ) from error
                time.sleep(0.1)

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def call(
        self,
        op: str,
        arguments: dict[str, Any],
        *,
        timeout: float | None = None,
        connect_wait: float | None = None,
    ) -> Any:
        """The result of `op(**arguments)` in the service; sent once more on a connection that
        turns out broken (the service restarted since this thread last asked)."""
        wait = self.connect_wait if connect_wait is None else connect_wait
        for attempt in (1, 2):
            connection = getattr(self._local, "connection", None)
            fresh = connection is None
            if connection is None:
                connection = self._local.connection = self._connect(wait)
            connection.settimeout(self.timeout if timeout is None else timeout)
            try:
                message_send(connection, {"op": op, "arguments": arguments})
                answer = message_receive(connection)
            except TimeoutError as error:
                self.close()  # the answer may still come: this connection is out of step
                raise LanguageServiceUnavailable(
                    f"the language service at {self.address} did not answer {op} in time"
                ) from error
            except OSError as error:
                self.close()
                if fresh or attempt == 2:
                    raise LanguageServiceUnavailable(
                        f"the language service at {self.address} failed: {error}"
                    ) from error
                continue
            if "error" in answer:
                raise LanguageServiceError(f"the language service failed {op}: {answer['error']}")
            return answer["result"]
        raise AssertionError("unreachable")


class _Handler(socketserver.BaseRequestHandler):
    server: _LanguageServer

    def handle(self) -> None:
        connection: socket.socket = self.request
        while True:
            try:
                request = message_receive(connection)
            except (ConnectionResetError, BrokenPipeError, ValueError):
                return  # the worker went away, or spoke something else
            operation = self.server.operations.get(request.get("op", ""))
            if operation is None:
                answer: dict[str, Any] = {"error": f"no operation {request.get('op')!r}"}
            else:
                try:
                    answer = {"result": operation(**request.get("arguments", {}))}
                except Exception as error:
                    logger.exception("The language service failed %s", request.get("op"))
                    answer = {"error": f"{type(error).__name__}: {error}"}
            try:
                message_send(connection, answer)
            except OSError:
                return


class _LanguageServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True  # a worker's idle connection does not keep the service from stopping
    request_queue_size = 64

    def __init__(self, address: str, operations: dict[str, Callable[..., Any]]) -> None:
        self.operations = operations
        super().__init__(address, _Handler)


def _stale_socket_remove(address: str) -> None:
    """Remove the socket a killed service left behind; refuse if a live one answers there."""
    path = Path(address)
    if not path.exists():
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(address)
    except (ConnectionRefusedError, FileNotFoundError):
        path.unlink(missing_ok=True)
        return
    finally:
        probe.close()
    raise RuntimeError(f"a language service already answers at {address}")


def language_service_serve(
    address: str,
    operations: dict[str, Callable[..., Any]],
    *,
    ready: Callable[[], None] | None = None,
) -> None:
    """Serve `operations` at `address` until interrupted. The socket appears only once the caller
    has loaded its models, so a worker that can connect is answered at once."""
    Path(address).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _stale_socket_remove(address)
    previous = os.umask(0o177)  # the socket: read and write for this user only
    try:
        server = _LanguageServer(address, operations)
    finally:
        os.umask(previous)
    try:
        if ready is not None:
            ready()
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            Path(address).unlink()
