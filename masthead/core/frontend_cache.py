"""A Wagtail frontend-cache backend that purges Masthead's own anonymous page cache.

Wagtail calls it on publish and unpublish exactly as it calls its Varnish or Cloudflare
backends; an HTTP cache in front can be purged alongside by configuring `HTTPBackend`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.contrib.frontend_cache.backends import BaseBackend

from .http_cache import page_cache_purge_url


class PageCacheBackend(BaseBackend):
    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)

    def purge(self, url: str) -> None:
        page_cache_purge_url(url)

    def purge_batch(self, urls: Any) -> None:
        for url in urls:
            page_cache_purge_url(url)


def front_cache_names() -> list[str]:
    """The WAGTAILFRONTENDCACHE entries other than this in-app backend: HTTP caches in front."""
    in_app = f"{PageCacheBackend.__module__}.{PageCacheBackend.__qualname__}"
    return [
        name
        for name, backend in settings.WAGTAILFRONTENDCACHE.items()
        if backend.get("BACKEND") != in_app
    ]
