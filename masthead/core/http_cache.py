"""HTTP caching for anonymous readers: the headers shared caches obey, and the in-app page cache.

Anonymous pages say `Cache-Control: public, max-age=…, s-maxage=…, stale-while-revalidate=…`
and carry an ETag (ConditionalGetMiddleware answers 304s). The same responses are kept in the
Django cache so a site without nginx in front still serves a hot page without rendering it.
Purging goes through Wagtail's frontend cache mechanism (`frontend_cache.PageCacheBackend`),
which bumps a per-path generation so every query-string variant of a path is dropped at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .messages import messages_cookie_name

# v2: entries carry the calls to replay on a hit; v3: entries carry their path's generation;
# v4: entries carry every header and the page's CSP nonce; v5: entries carry when they go stale;
# v6: entries carry the site's generation beside the path's.
PAGE_KEY_PREFIX = "pagecache:v6"
# An entry is kept this long after it goes stale (at least; as long again as it was fresh
# when that is longer): while one request renders the page again, the others get the stale
# copy instead of all rendering it at once.
STALE_SECONDS = 30
# How long the request that renders a page holds the page's render lock at most, and how long
# a request waits for another's render of a page that has no copy at all before rendering it
# too (a crashed or very slow render must not hold readers for long).
RENDER_LOCK_SECONDS = 10
RENDER_WAIT_SECONDS = 2.0
RENDER_WAIT_STEP = 0.05


def response_mark_public(response: HttpResponse, *, max_age: int | None = None) -> HttpResponse:
    """Let browsers and shared caches keep the response (anonymous pages only)."""
    shared_seconds = settings.MASTHEAD_PAGE_CACHE_SECONDS if max_age is None else max_age
    patch_cache_control(
        response,
        public=True,
        max_age=min(shared_seconds, 60),
        s_maxage=shared_seconds,
        stale_while_revalidate=settings.MASTHEAD_PAGE_STALE_SECONDS,
    )
    return response


def response_mark_private(response: HttpResponse) -> HttpResponse:
    """Keep personalised responses out of every shared cache."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def request_is_anonymous(request: HttpRequest) -> bool:
    """True when nothing in the request can personalise the page (no session, no messages).

    Django's messages travel in a cookie of their own ("You have signed out." is set after
    the session is gone): a request carrying one must render its page, which shows and then
    clears them, rather than be served a stored copy (the message would show a page late)
    or have its page stored for others. nginx's example config bypasses on the same cookies
    (docs/self-hosting/scaling.md).
    """
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and messages_cookie_name() not in cookies


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view whose response is the same for every anonymous reader."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301, 404) and request_is_anonymous(request):
            response_mark_public(response)
        elif "Cache-Control" not in response:
            response_mark_private(response)
        return response

    return wrapped


def request_on_cache_hit(request: HttpRequest, function_path: str, **kwargs: Any) -> None:
    """Ask the in-app page cache to call `function_path(**kwargs)` whenever it serves this page.

    A page served from the cache runs no view, so work a view does for every reader (counting
    a view of an article) is stored with the response and replayed on each hit.
    """
    calls = request.__dict__.setdefault("page_cache_on_hit", [])
    calls.append((function_path, kwargs))


# Keys hold the path, not the host: Masthead serves one site (its editions are path prefixes),
# and Wagtail purges by the site's canonical root URL whatever host a reader used.


def _path_generation_key(path: str) -> str:
    return f"{PAGE_KEY_PREFIX}:gen:{hashlib.md5(path.encode()).hexdigest()}"


def _page_entry_key(path: str, query: str) -> str:
    digest = hashlib.md5(f"{path}?{query}".encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:page:{digest}"


# Bumped when a page's view restrictions change (`page_cache_purge_all`): every stored page
# counts as absent, since a password or a group given to a section applies to every story
# under it, and Wagtail purges nothing when one is added.
SITE_GENERATION_KEY = f"{PAGE_KEY_PREFIX}:gen:site"

Generation = tuple[int, int]  # the path's, the site's


@dataclass(frozen=True)
class PageCacheLookup:
    """What the page cache holds for path?query.

    `payload` is None when there is no copy of the current generation (never cached, expired
    long ago, or purged: a purged copy is never served, it shows what was changed). `is_stale`
    says the copy's freshness ran out: it may be served while one request renders anew.
    """

    payload: Any | None
    generation: Generation
    is_stale: bool = False


def page_cache_lookup(path: str, query: str) -> PageCacheLookup:
    """The stored response for path?query and its generations, in one round trip.

    An entry stored under an older generation of its path or of the site was purged since and
    counts as absent.
    """
    entry_key, generation_key = _page_entry_key(path, query), _path_generation_key(path)
    found = cache.get_many([entry_key, generation_key, SITE_GENERATION_KEY])
    generation = (int(found.get(generation_key, 0)), int(found.get(SITE_GENERATION_KEY, 0)))
    entry = found.get(entry_key)
    if entry is None or entry[0] != generation:
        return PageCacheLookup(payload=None, generation=generation)
    _generation, fresh_until, payload = entry
    is_stale = time.time() >= fresh_until
    return PageCacheLookup(payload=payload, generation=generation, is_stale=is_stale)


def page_cache_store(
    path: str, query: str, *, generation: Generation, payload: Any, timeout: int
) -> None:
    """Store a response under the generations read before it was rendered (see lookup).

    Fresh for `timeout` seconds, then kept as a stale copy for as long again (STALE_SECONDS at
    least) for `page_render_lock` to hand out while the page renders anew.
    """
    entry = (generation, time.time() + timeout, payload)
    cache.set(_page_entry_key(path, query), entry, timeout + max(timeout, STALE_SECONDS))


def _render_lock_key(path: str, query: str) -> str:
    digest = hashlib.md5(f"{path}?{query}".encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:rendering:{digest}"


def page_render_lock(path: str, query: str) -> bool:
    """Take the right to render path?query now; False when another request has it.

    One render per expired page: when a hot page goes stale or is purged, one request renders
    it while the others serve the stale copy or wait for the new one (`page_render_wait`).
    """
    return bool(cache.add(_render_lock_key(path, query), 1, RENDER_LOCK_SECONDS))


def page_render_unlock(path: str, query: str) -> None:
    cache.delete(_render_lock_key(path, query))


def page_render_wait(path: str, query: str) -> PageCacheLookup | None:
    """Wait (RENDER_WAIT_SECONDS at most) for another request's render of path?query."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_WAIT_STEP)
        found = page_cache_lookup(path, query)
        if found.payload is not None and not found.is_stale:
            return found
    return None


def page_cache_purge_url(url: str) -> None:
    """Drop every cached variant of the URL's path (all query strings) from the page cache."""
    path = urlsplit(url).path or "/"
    shared_counter_bump(_path_generation_key(path))


def page_cache_purge_all() -> None:
    """Drop every page the in-app cache holds, in every process (a view restriction changed)."""
    shared_counter_bump(SITE_GENERATION_KEY)


def shared_counter_bump(key: str) -> None:
    """Add one to a generation counter in the shared cache, kept with no expiry.

    add() then incr(): concurrent bumps are never lost (a get and a set would lose one), and
    a counter evicted between the two is started again at 1. Page, rails and thread caches
    key their entries by such a counter, so a bump drops them in every process at once.
    """
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
