"""The thread guests see, rendered once per change of the discussion, and its article's lookup.

Why: the discussion page (`/comments/article/<id>/`, the thread without JavaScript) and the
thread fragment the article page's script loads ran four ORM queries and rendered every
comment on each view: about 11 ms at 10,000 articles on PostgreSQL with no comment at all,
against the article page's 2.5 ms (issue 12: every page kind under 10 ms uncached). Most of
it was building the queries, not running them.

What guests see of a thread is the same for every guest: no likes of their own, no menus, no
held comments. So the HTML of `comments/_thread.html` for guests is kept in the process-local
cache under a key that holds the discussion's generation, a counter in the shared cache that
every change bumps after commit (`generation_bump`, from `services._discussion_purge`, the
same place that purges the guests' copies from the page cache and the proxy in front). A
member's thread is rendered on every request, as before.

The article itself comes from the article page's cached version (`render_cache`): one small
query for whether it is live, its version, its counters and whether a view restriction
applies; the page object from the local cache. A restricted story's discussion is shown only
to whoever may read the story.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.cache import cache, caches
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from masthead.core.http_cache import shared_counter_bump

if TYPE_CHECKING:
    from masthead.news.models import ArticlePage

THREAD_SECONDS = 60
LOCAL_CACHE = "local"
KEY_PREFIX = "comments:thread:v1"
GENERATION_PREFIX = "comments:thread-generation"


def _generation_key(article_id: int) -> str:
    return f"{GENERATION_PREFIX}:{article_id}"


def generation(article_id: int) -> int:
    """The discussion's generation: one read of the shared cache (Redis, or the file cache)."""
    return int(cache.get(_generation_key(article_id)) or 0)


def generation_bump(article_id: int) -> None:
    """Every process renders the guests' thread afresh on its next view (after a change)."""
    shared_counter_bump(_generation_key(article_id))


def thread_html(
    *, request: HttpRequest, article: ArticlePage, render: Callable[[], str]
) -> SafeString:
    """`render()` (the thread for this request), kept for guests until the discussion changes."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated or request.method not in {"GET", "HEAD"}:
        return mark_safe(render())
    query = hashlib.md5(
        request.META.get("QUERY_STRING", "").encode(), usedforsecurity=False
    ).hexdigest()
    key = ":".join(
        (KEY_PREFIX, str(article.pk), str(generation(article.pk)), get_language() or "", query)
    )
    local = caches[LOCAL_CACHE]
    html: str | None = local.get(key)
    if html is None:
        html = render()
        local.set(key, html, THREAD_SECONDS)
    return mark_safe(html)


@functools.lru_cache(maxsize=4096)
def _tree_path(article_id: int) -> str | None:
    """Where the article sits in the page tree, remembered per process (a move is noticed by
    `discussion_article`, which reads the current one on every request)."""
    from wagtail.models import Page

    path: str | None = Page.objects.filter(pk=article_id).values_list("path", flat=True).first()
    return path


def discussion_article(*, article_id: int, request: HttpRequest) -> ArticlePage | None:
    """The live article whose discussion is asked for, or None (not live, not an article, or
    restricted to readers this request is not one of)."""
    from masthead.news.render_cache import article_for_route

    path = _tree_path(article_id)
    if path is None:
        return None
    article = article_for_route(page_id=article_id, tree_path=path)
    if article is not None and article.path != path:  # moved: its restrictions are elsewhere
        _tree_path.cache_clear()
        return discussion_article(article_id=article_id, request=request)
    if article is None or not article.live:
        return None
    if article.has_view_restrictions and not all(
        restriction.accept_request(request) for restriction in article.get_view_restrictions()
    ):
        return None
    return article
