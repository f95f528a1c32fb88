"""The shipped nginx configuration (deploy/nginx/) works in front of the site.

The first nginx block in the docs had no `listen` or TLS (production's HTTPS redirect looped),
kept one cache entry for HTTP and HTTPS (plain HTTP got the cached HTTPS page instead of a
redirect), refused avatars over 1 MB and left /static/ without nosniff or HSTS. Here nginx is
started with the shipped files, only their EDIT lines changed for a temporary directory, a
test certificate and the live server, and spoken to over HTTP and HTTPS. Skipped when nginx
is absent (`make test` installs Debian's nginx-light and the purge module).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from .certificates import certificate_make
from .redis_server import free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is absent"),
    # serialized_rollback like every live-server test: the database is emptied when it ends.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Nginx:
    def __init__(self, directory: Path, upstream: str) -> None:
        self.directory = directory
        self.http_port, self.https_port, self.purge_port = free_port(), free_port(), free_port()
        self.static = directory / "static"
        self.static.mkdir()
        (directory / "media").mkdir()
        self.certificate, key = certificate_make(directory)
        edits = {
            "server 127.0.0.1:8000;": f"server {upstream};",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/etc/letsencrypt/live/example.org/fullchain.pem": str(self.certificate),
            "/etc/letsencrypt/live/example.org/privkey.pem": str(key),
            "/var/cache/nginx/masthead": str(directory / "cache"),
            "/srv/masthead/var/static/": f"{self.static}/",
            "/srv/masthead/var/media/": f"{directory / 'media'}/",
            "server_name example.org;": "server_name localhost;",
            "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{self.purge_port};",
        }
        site = (DEPLOY / "masthead.conf").read_text()
        purge = (DEPLOY / "masthead-purge.conf").read_text()
        for shipped, local in edits.items():
            site, purge = site.replace(shipped, local), purge.replace(shipped, local)
        (directory / "masthead.conf").write_text(site)
        (directory / "masthead-purge.conf").write_text(purge)
        self.has_purge = PURGE_MODULE.exists()
        temp = directory / "temp"
        temp.mkdir()
        (directory / "nginx.conf").write_text(
            f"""
{"user root;" if os.geteuid() == 0 else ""}
{f"load_module {PURGE_MODULE};" if self.has_purge else ""}
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    access_log {directory}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/masthead.conf;
    {f"include {directory}/masthead-purge.conf;" if self.has_purge else ""}
}}
"""
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert NGINX is not None
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> http.client.HTTPResponse:
        connection: http.client.HTTPConnection
        if https:
            context = ssl.create_default_context(cafile=str(self.certificate))
            connection = http.client.HTTPSConnection(
                "localhost", self.https_port, context=context, timeout=30
            )
        else:
            connection = http.client.HTTPConnection("localhost", self.http_port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response


@pytest.fixture
def nginx(live_server, tmp_path):
    server = Nginx(tmp_path, live_server.url.removeprefix("http://"))
    server.start()
    yield server
    server.stop()


def test_plain_http_is_redirected_to_https(nginx):
    """Any plain-HTTP request gets a permanent redirect to the same URL over HTTPS."""
    response = nginx.request("GET", "/world/?page=2", https=False)

    assert response.status == 301
    assert response.headers["Location"] == "https://localhost/world/?page=2"


def test_a_page_cached_for_https_is_not_served_to_plain_http(nginx, article_factory):
    """Once an article is in nginx's cache for HTTPS, plain HTTP still gets the redirect."""
    article = article_factory()
    first = nginx.request("GET", article.url)
    second = nginx.request("GET", article.url)
    assert (first.status, second.status) == (200, 200)
    assert second.headers["X-Cache-Status"] == "HIT"

    plain = nginx.request("GET", article.url, https=False)

    assert plain.status == 301
    assert plain.headers["Location"] == f"https://localhost{article.url}"


def test_an_avatar_of_4_mb_passes_the_proxy_and_8_mb_does_not(nginx):
    """A 4 MB upload reaches the app (answered by Django, not refused by nginx with a 413)."""
    boundary = "masthead-boundary"

    def form(size: int) -> bytes:
        return (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="avatar"; '
                f'filename="me.png"\r\nContent-Type: image/png\r\n\r\n'
            ).encode()
            + b"\0" * size
            + f"\r\n--{boundary}--\r\n".encode()
        )

    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    four = nginx.request("POST", "/account/profile/", body=form(4 * 1024 * 1024), headers=headers)
    eight = nginx.request("POST", "/account/profile/", body=form(8 * 1024 * 1024), headers=headers)

    assert four.status != 413
    assert four.headers["Referrer-Policy"]  # set by the app: the body reached Django
    assert eight.status == 413


def test_static_files_carry_nosniff_hsts_and_a_long_lifetime(nginx):
    """nginx serves /static/ itself, with the headers the app would have set."""
    (nginx.static / "site.abc123.css").write_text("body { color: #111; }\n" * 100)

    response = nginx.request("GET", "/static/site.abc123.css", headers={"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"


def test_a_purge_drops_the_cached_page(nginx, article_factory):
    """Wagtail's PURGE (FRONTEND_CACHE_PURGE_URL) makes the next reader get a fresh page."""
    if not nginx.has_purge:
        pytest.skip("ngx_cache_purge is not installed")
    article = article_factory()
    nginx.request("GET", article.url)
    assert nginx.request("GET", article.url).headers["X-Cache-Status"] == "HIT"

    connection = http.client.HTTPConnection("127.0.0.1", nginx.purge_port, timeout=10)
    connection.request("PURGE", article.url, headers={"Host": "localhost"})
    purged = connection.getresponse()
    connection.close()

    assert purged.status == 200
    assert nginx.request("GET", article.url).headers["X-Cache-Status"] == "MISS"


def test_a_reader_with_a_session_never_gets_the_shared_copy(nginx, article_factory):
    """The production session and messages cookies bypass nginx's cache."""
    article = article_factory()
    nginx.request("GET", article.url)
    assert nginx.request("GET", article.url).headers["X-Cache-Status"] == "HIT"

    for cookie in ("__Host-sessionid=abc", "theme=dark; __Host-messages=xyz"):
        response = nginx.request("GET", article.url, headers={"Cookie": cookie})
        assert response.headers["X-Cache-Status"] == "BYPASS", cookie


def test_the_metrics_are_never_served_through_nginx(nginx, settings):
    """/metrics is a 404 from nginx, even where the app would allow the client behind it."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as the shipped file says: the client is 127.0.0.1

    response = nginx.request("GET", "/metrics")

    assert response.status == 404
    assert "X-Cache-Status" not in response.headers  # nginx answered: the app was not asked
