"""A push service double on 127.0.0.1: what Mozilla's autopush or Google's FCM do, locally.

`PushServiceDouble` is an HTTP/1.1 server (keep-alive, so a pooled client reuses its
connections) in a thread. `subscribe()` plays the browser: it makes a P-256 key pair and an
auth secret and returns what `pushManager.subscribe()` would (endpoint, p256dh, auth). Each
POST to an endpoint is checked as a push service checks it (RFC 8030 headers, RFC 8292 VAPID:
the JWT's ES256 signature against `k=`, `aud` = this origin, `exp` at most 24 h ahead, `sub`
a mailto: or https: URL) and then decrypted (RFC 8291 `aes128gcm`) with the subscription's
private key, as the browser would: `received` holds what each reader actually gets.

`answer(endpoint, status, times=n, retry_after=s)` makes the next n pushes to an endpoint
answer 404, 410, 429 or 5xx; `gone(endpoint)` makes it answer 410 for good (an expired
subscription).
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from masthead.core.tests.certificates import certificate_make


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class VapidError(Exception):
    """Why the double refused a push's Authorization (a push service answers 401 or 403)."""


def vapid_verify(authorization: str, *, origin: str, now: float | None = None) -> dict[str, Any]:
    """The claims of a valid `vapid t=…, k=…` header; raises `VapidError` otherwise."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r} is not vapid")
    values = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part.strip())
    token, public = values.get("t", ""), values.get("k", "")
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        claims: dict[str, Any] = json.loads(b64url_decode(claims_b64))
        signature = b64url_decode(signature_b64)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public))
    except (ValueError, json.JSONDecodeError) as error:
        raise VapidError(f"malformed token or key: {error}") from error
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise VapidError("not an ES256 JWS")
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        key.verify(der, f"{header_b64}.{claims_b64}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise VapidError("the signature does not match k=") from error
    now = time.time() if now is None else now
    if claims.get("aud") != origin:
        raise VapidError(f"aud {claims.get('aud')!r} is not {origin!r}")
    expiry = claims.get("exp")
    if not isinstance(expiry, int) or expiry <= now or expiry > now + 24 * 3600:
        raise VapidError(f"exp {expiry!r} is not within the next 24 hours")
    subject = str(claims.get("sub", ""))
    if not subject.startswith(("mailto:", "https:")):
        raise VapidError(f"sub {subject!r} is neither mailto: nor https:")
    claims["k"] = public
    return dict(claims)


@dataclass
class Subscriber:
    """The browser's side of one subscription: its private key decrypts what it is sent."""

    token: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: str | None

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url_encode(raw)


def subscriber_new(token: str, application_server_key: str | None = None) -> Subscriber:
    return Subscriber(
        token=token,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        auth=secrets.token_bytes(16),
        application_server_key=application_server_key,
    )


@dataclass
class Received:
    """One push the double accepted, decrypted."""

    token: str
    payload: dict[str, Any]
    ttl: int
    urgency: str
    topic: str
    claims: dict[str, Any]


@dataclass
class PushServiceDouble:
    """The server, its subscribers, the pushes it accepted and the answers it was told to give."""

    subscribers: dict[str, Subscriber] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    answers: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    gone_tokens: set[str] = field(default_factory=set)
    delay_seconds: float = 0.0
    # For the benchmark (bench/push_fanout.py): every unknown endpoint shares this browser's
    # keys, and only one push in `decrypt_every` is decrypted (all are counted in `counts`).
    shared_subscriber: Subscriber | None = None
    decrypt_every: int = 1
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0  # sum(counts.values()), kept as it grows (the sum cost O(endpoints) a push)
    verified: dict[str, dict[str, Any]] = field(default_factory=dict)
    # RFC 8030 5.4: a push whose Topic matches a message the service still holds for the
    # browser replaces it. The double delivers nothing to a browser, so it holds every
    # message: `held` is what a browser coming online would get, `replaced` the pushes that
    # replaced a held one instead of adding to it.
    held: set[tuple[str, str]] = field(default_factory=set)
    replaced: int = 0
    lock: Any = field(default_factory=threading.RLock)
    server: ThreadingHTTPServer | None = None
    # HTTPS as a real push service speaks it: the server's certificate names "localhost".
    tls: ssl.SSLContext | None = None
    address: tuple[str, int] | None = None
    loop: asyncio.AbstractEventLoop | None = None

    @property
    def origin(self) -> str:
        assert self.address is not None
        host, port = self.address
        if self.tls is not None:
            return f"https://localhost:{port}"
        return f"http://{host!s}:{port}"

    def start(self) -> PushServiceDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, headers = double.handle(self.path, dict(self.headers.items()), body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        class Server(ThreadingHTTPServer):
            # A push service takes many connections at once; the default backlog (5) would
            # reset a fan-out's burst of new connections.
            request_queue_size = 1024

        self.server = Server(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.address = self.server.server_address[:2]  # type: ignore[assignment]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def start_event_loop(self) -> PushServiceDouble:
        """The same double over an asyncio server in one thread, for the benchmark.

        The threaded server parses each request with the standard library's header parser in
        a thread of its own: about 110 µs of CPU a push, on the two cores the fan-out it
        measures runs on. This one reads HTTP/1.1 requests off kept-alive connections itself
        and answers them with the same `handle`: about a third of that. No TLS and no delay.
        """
        double = self
        started = threading.Event()

        class Connection(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                assert isinstance(transport, asyncio.Transport)
                self.transport = transport
                self.buffer = b""

            def data_received(self, data: bytes) -> None:
                self.buffer += data
                while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
                    request_line, *lines = self.buffer[:end].decode("latin-1").split("\r\n")
                    headers = {}
                    for line in lines:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                    length = int(headers.get("content-length") or 0)
                    if len(self.buffer) < end + 4 + length:
                        return
                    body = self.buffer[end + 4 : end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length :]
                    status, answer = double.handle(request_line.split(" ")[1], headers, body)
                    head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
                    head += [f"{name}: {value}" for name, value in answer.items()]
                    self.transport.write(
                        ("\r\n".join([*head, "Content-Length: 0", "", ""])).encode()
                    )

        def serve() -> None:
            loop = asyncio.new_event_loop()
            server = loop.run_until_complete(
                loop.create_server(Connection, "127.0.0.1", 0, backlog=1024)
            )
            self.address = server.sockets[0].getsockname()[:2]
            self.loop = loop
            started.set()
            loop.run_forever()
            server.close()
            loop.close()

        threading.Thread(target=serve, daemon=True).start()
        started.wait(10)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)

    def subscribe(self, application_server_key: str | None = None) -> dict[str, str]:
        """What `pushManager.subscribe()` returns in a browser: endpoint and keys."""
        token = secrets.token_urlsafe(12)
        subscriber = subscriber_new(token, application_server_key)
        with self.lock:
            self.subscribers[token] = subscriber
        return {
            "endpoint": f"{self.origin}/push/{token}",
            "p256dh": subscriber.p256dh,
            "auth": b64url_encode(subscriber.auth),
        }

    @staticmethod
    def token_of(endpoint: str) -> str:
        return endpoint.rsplit("/", 1)[1]

    def answer(
        self, endpoint: str, status: int, *, times: int = 1, retry_after: int | None = None
    ) -> None:
        """The next `times` pushes to `endpoint` get `status` (with Retry-After if given)."""
        with self.lock:
            self.answers.setdefault(self.token_of(endpoint), []).extend(
                [(status, retry_after)] * times
            )

    def gone(self, endpoint: str) -> None:
        """The subscription expired: every push to it gets 410 Gone."""
        with self.lock:
            self.gone_tokens.add(self.token_of(endpoint))

    def received_by(self, endpoint: str) -> list[Received]:
        token = self.token_of(endpoint)
        with self.lock:
            return [push for push in self.received if push.token == token]

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str]]:
        """Check, decrypt and record one push; the status a push service would answer."""
        headers = {name.lower(): value for name, value in headers.items()}
        token = path.rsplit("/", 1)[-1]
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        with self.lock:
            subscriber = self.subscribers.get(token) or self.shared_subscriber
            if subscriber is None:
                return self._refuse(token, 404, "no such subscription")
            if token in self.gone_tokens:
                return self._refuse(token, 410, "subscription expired")
            queued = self.answers.get(token)
            if queued:
                status, retry_after = queued.pop(0)
                self.refused.append((token, status, "told to"))
                return status, ({"Retry-After": str(retry_after)} if retry_after else {})
        if "ttl" not in headers:
            return self._refuse(token, 400, "no TTL header")
        authorization = headers.get("authorization", "")
        try:
            # A token seen before had its signature checked; its claims are checked every time.
            cached = self.verified.get(authorization)
            if cached is None:
                cached = vapid_verify(authorization, origin=self.origin)
                with self.lock:
                    self.verified[authorization] = cached
            claims = cached
            if claims["exp"] <= time.time():
                raise VapidError("the token expired")
        except VapidError as error:
            return self._refuse(token, 401, str(error))
        if subscriber.application_server_key not in (None, claims["k"]):
            return self._refuse(token, 403, "signed by another key than the subscription's")
        if headers.get("content-encoding") != "aes128gcm":
            return self._refuse(token, 415, "not aes128gcm")
        if len(body) > 4096:
            return self._refuse(token, 413, "payload too large")
        topic = headers.get("topic", "")
        with self.lock:
            self.counts[token] = self.counts.get(token, 0) + 1
            self.total += 1
            decrypt = self.total % self.decrypt_every == 0
            if topic and (token, topic) in self.held:
                self.replaced += 1
            elif topic:
                self.held.add((token, topic))
        if not decrypt:
            return 201, {}
        try:
            plaintext = http_ece.decrypt(
                body,
                private_key=subscriber.private_key,
                auth_secret=subscriber.auth,
                version="aes128gcm",
            )
            payload = json.loads(plaintext)
        except Exception as error:  # any decryption failure is a 400, as for a push service
            return self._refuse(token, 400, f"cannot decrypt: {error}")
        with self.lock:
            self.received.append(
                Received(
                    token=token,
                    payload=payload,
                    ttl=int(headers["ttl"]),
                    urgency=headers.get("urgency", "normal"),
                    topic=headers.get("topic", ""),
                    claims=claims,
                )
            )
        return 201, {"Location": f"{self.origin}/message/{secrets.token_urlsafe(8)}"}

    def _refuse(self, token: str, status: int, reason: str) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.refused.append((token, status, reason))
        return status, {}


def tls_context_new(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context with a new self-signed certificate for "localhost", and its file."""
    certificate_file, key_file = certificate_make(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate_file, key_file)
    return context, certificate_file
