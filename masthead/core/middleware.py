"""The in-app anonymous page cache: serve a stored response without touching the database.

Only responses that said `Cache-Control: public` with an `s-maxage` (see `http_cache`) and set
no cookie are stored; any request carrying a session or messages cookie passes through
untouched (`http_cache.request_is_anonymous`). Calls a view asked for with
`http_cache.request_on_cache_hit` (counting an article view) are stored with the response and
made again on every hit.

A hit answers with every header the miss had when it left this middleware (`Vary: Cookie`,
`X-Frame-Options`, `Content-Language`, `Content-Length`…: the middleware inside it do not run
on a hit). The middleware outside it (security headers, the Content-Security-Policy, 304s) run
on hits and misses alike. The page's CSP nonce is stored with it and replaced by the request's
own on every hit, so no two answers share a nonce (`ContentSecurityPolicyMiddleware`). A page
without a nonce is the same on every hit: its ETag is hashed once, when it is stored, rather
than by ConditionalGetMiddleware on every hit.

When a page goes stale, one request renders it again (a lock in the cache) while the others
get the stale copy (`X-Page-Cache: stale`); when it has no copy (first view, or purged by a
publish: a purged copy is never served), the others wait up to two seconds for that render.
Before, a hot page's expiry sent every worker into the renderer at once (p99 581 ms).

On a miss, the Wagtail `Site` serving the request comes from the process-local cache (30
seconds, dropped when a site is saved) instead of a query on every page view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age, set_response_etag
from django.utils.module_loading import import_string

from .http_cache import (
    Generation,
    page_cache_lookup,
    page_cache_store,
    page_render_lock,
    page_render_unlock,
    page_render_wait,
    request_is_anonymous,
)
from .metrics import VIEW_LABEL_HEADER, request_view_label

# Never replayed: the cache's own marker, and cookies (a response that sets one is not stored).
UNSTORED_HEADERS = frozenset({"x-page-cache", "set-cookie"})


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_anonymous(request) or request.path.startswith(
            (settings.STATIC_URL, settings.MEDIA_URL, "/admin/")
        ):
            return self.get_response(request)
        seconds = settings.MASTHEAD_APP_PAGE_CACHE_SECONDS
        if seconds <= 0:
            site_remember(request)
            return self.get_response(request)

        path = request.path
        query = request.META.get("QUERY_STRING", "")
        found = page_cache_lookup(path, query)
        if found.payload is not None and not found.is_stale:
            return self._replay(request, found.payload, "hit")
        # One render per expired page: the others serve the stale copy, or wait for the render.
        if not page_render_lock(path, query):
            if found.payload is not None:
                return self._replay(request, found.payload, "stale")
            rendered = page_render_wait(path, query)
            if rendered is not None:
                return self._replay(request, rendered.payload, "hit")
            return self._render(request, path, query, found.generation, seconds)
        try:
            return self._render(request, path, query, found.generation, seconds)
        finally:
            page_render_unlock(path, query)

    @staticmethod
    def _replay(request: HttpRequest, stored: Any, status_name: str) -> HttpResponse:
        status, headers, content, on_hit, nonce = stored
        for function_path, kwargs in on_hit:
            import_string(function_path)(**kwargs)
        if nonce:
            content = content.replace(nonce.encode(), str(request.csp_nonce).encode())  # type: ignore[attr-defined]
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = status_name
        return response

    def _render(
        self,
        request: HttpRequest,
        path: str,
        query: str,
        generation: Generation,
        seconds: int,
    ) -> HttpResponse:
        site_remember(request)  # only a render needs the Site: a hit answers without it
        response = self.get_response(request)
        if self._is_storable(response):
            cache_control = response.get("Cache-Control", "")
            shared = _s_maxage(cache_control) or get_max_age(response) or 0
            timeout = min(seconds, shared)
            if timeout > 0:
                # The nonce this page was rendered with, if it used one (see the docstring).
                nonce = getattr(request, "_csp_nonce", None)
                if nonce is None and not response.has_header("ETag"):
                    # The ETag ConditionalGetMiddleware would hash out of the body on every
                    # hit, computed once. A page with a nonce differs on every answer: there
                    # the middleware hashes each one, as for any other response.
                    set_response_etag(response)
                headers = [
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in UNSTORED_HEADERS
                ]
                # A hit is timed as the page it replays (taken off by RequestMetricsMiddleware).
                headers.append((VIEW_LABEL_HEADER, request_view_label(request)))
                on_hit = getattr(request, "page_cache_on_hit", [])
                entry = (response.status_code, headers, response.content, on_hit, nonce)
                page_cache_store(path, query, generation=generation, payload=entry, timeout=timeout)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _is_storable(response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return "public" in cache_control and "s-maxage" in cache_control


SITE_CACHE_SECONDS = 30


SITE_GENERATION_KEY = "pagecache:site-generation"


def _site_key(request: HttpRequest) -> str:
    generation = caches["local"].get(SITE_GENERATION_KEY, 0)
    host = request._get_raw_host()  # type: ignore[attr-defined]  # private: as Wagtail reads it
    return f"pagecache:site:{generation}:{host}:{request.get_port()}"


def site_remember(request: HttpRequest) -> None:
    """Give the request its Wagtail Site from the local cache (Wagtail reads `_wagtail_site`)."""
    from wagtail.models import Site

    local = caches["local"]
    key = _site_key(request)
    site = local.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is None:
            return
        # Fetched now in its specific form (the edition's home page), so the cached copy
        # carries it and Wagtail's route starts from it without two queries per request.
        site.root_page = site.root_page.specific
        local.set(key, site, SITE_CACHE_SECONDS)
    request._wagtail_site = site  # type: ignore[attr-defined]


def site_cache_clear(**kwargs: object) -> None:
    """A site was saved or deleted: this process forgets its cached sites (others within 30 s)."""
    local = caches["local"]
    local.add(SITE_GENERATION_KEY, 0, timeout=None)
    local.incr(SITE_GENERATION_KEY)


post_save.connect(site_cache_clear, sender="wagtailcore.Site", dispatch_uid="site_cache_clear")
post_delete.connect(site_cache_clear, sender="wagtailcore.Site", dispatch_uid="site_cache_clr")


def _s_maxage(cache_control: str) -> int | None:
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name == "s-maxage" and value.isdigit():
            return int(value)
    return None
