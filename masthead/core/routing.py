"""Cached page routes: reach a page in one query instead of two per URL segment.

Wagtail's `Page.route` walks the tree a segment at a time, a child lookup and a `.specific`
query per segment (six queries for /world/asia-pacific/<article>/). `CachedRouteMixin`, put on
the page at the root of a site (the edition's home page), remembers where a path led last time
(page id, content type, how many segments that page took, its tree path) in the process-local
cache. On the next request it fetches that page alone, checks that it still sits at that URL
path and tree path, and hands it the remaining segments, as Wagtail's walk would have. A stale
hint (page moved, renamed, deleted) fails the check and the walk runs again, so a hint never
changes what a URL serves.

A page class may fetch itself with a `route_fetch(page_id=..., tree_path=...)` classmethod
(the article reads its version, counters and view restrictions in one small query and takes
the page object from a cache, see `ArticlePage.route_fetch`): the hint knows the tree path
before the query runs, so the page's ancestors are known without another query.

Only the local cache is used: a hint is a few bytes, and the check costs nothing extra because
the page has to be fetched anyway.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.http import HttpRequest

ROUTE_HINT_SECONDS = 300
LOCAL_CACHE = "local"

# page id, content type id, path segments the page consumed, the page's tree path
RouteHint = tuple[int, int, int, str]


def _hint_key(root_id: int, path_components: list[str]) -> str:
    digest = hashlib.md5("/".join(path_components).encode()).hexdigest()
    return f"route:v2:{root_id}:{digest}"


class CachedRouteMixin:
    """Mix into the root page class of a site, before Wagtail's `Page` (and RoutablePageMixin)."""

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        if not path_components:
            return super().route(request, path_components)  # type: ignore[misc]
        cache = caches[LOCAL_CACHE]
        key = _hint_key(self.pk, path_components)  # type: ignore[attr-defined]
        hint = cache.get(key)
        if hint is not None:
            result = self._route_from_hint(request, path_components, hint)
            if result is not None:
                return result
        result = super().route(request, path_components)  # type: ignore[misc]
        page = result.page if hasattr(result, "page") else result[0]
        if page.pk != self.pk:  # type: ignore[attr-defined]
            consumed = page.depth - self.depth  # type: ignore[attr-defined]
            cache.set(key, (page.pk, page.content_type_id, consumed, page.path), ROUTE_HINT_SECONDS)
        return result

    def _route_from_hint(
        self, request: HttpRequest, path_components: list[str], hint: RouteHint
    ) -> Any:
        page_id, content_type_id, consumed, tree_path = hint
        if not 0 < consumed <= len(path_components):
            return None
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return None
        route_fetch = getattr(model, "route_fetch", None)
        if route_fetch is not None:
            page = route_fetch(page_id=page_id, tree_path=tree_path)
        else:
            page = model._default_manager.filter(pk=page_id).first()
        expected = self.url_path + "/".join(path_components[:consumed]) + "/"  # type: ignore[attr-defined]
        if page is None or page.url_path != expected or page.path != tree_path:
            return None
        return page.route(request, path_components[consumed:])
