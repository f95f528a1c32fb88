"""The public origin: one setting (`MASTHEAD_BASE_URL`, env `BASE_URL`) names the site's address.

Every absolute URL the site prints is on it, whatever host a request arrived on (a proxy's
upstream address, 127.0.0.1 when the public name is another): pages' canonical, og:url and
hreflang links through the Wagtail Site, which follows the origin (`services.site_follow_origin`,
run by `migrate` and at start); everything else (JSON-LD, og:image, feeds, sitemaps, robots.txt,
e-mails, allauth's links) through `public_url`. The origin is checked at start-up (`checks`).
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}


class Origin(NamedTuple):
    scheme: str
    hostname: str
    port: int


def public_origin() -> str:
    """`scheme://host[:port]` of the site, without a trailing slash."""
    return str(settings.MASTHEAD_BASE_URL).rstrip("/")


def origin_parse(origin: str) -> Origin:
    """The origin's parts; ValueError with the reason when it is not `http(s)://host[:port]`."""
    parts = urlsplit(origin.rstrip("/"))
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("it must start with http:// or https:// and name a host")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("it must be only scheme, host and port: no path, query or account")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    return Origin(parts.scheme, parts.hostname, port)


def public_url(location: str) -> str:
    """The absolute address of a path on the site; an absolute URL (a CDN's) is kept."""
    if location.startswith(("http://", "https://")):
        return location
    return public_origin() + "/" + location.lstrip("/")


def public_url_rebase(url: str) -> str:
    """The same path, query and fragment on the origin (for a URL built on the request's host)."""
    parts = urlsplit(url)
    origin = urlsplit(public_origin())
    return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, parts.fragment))
