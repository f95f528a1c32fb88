"""The article page's own content, fetched and rendered once per published version.

Why: rendering an article (body blocks, `{% picture %}` with AVIF/WebP/JPEG renditions, the
JSON-LD and its three image renditions, the head meta, bylines, related cards) costs tens of
milliseconds and half a dozen queries, while what it shows changes only when someone
publishes. The page is still served by Wagtail on every request, with no full-page cache: the
route fetches the live page row (which also carries its counters and whether a view
restriction applies, see `ArticlePage.route_queryset`), the view is counted, and the template
runs; only the regions marked `{% article_fragment "name" %}` come from here.

Entry points: `article_for_route` (the route's one query: the live row's version, its
counters, whether a view restriction applies; the page object itself from the cache) and
`fragment_render` (behind the `article_fragment` template tag in `news_tags`).

How invalidation works:

* Keys hold the article's id, its live revision, `last_published_at` and its URL and tree
  paths (fragments also the active language and the request's scheme and host). Publishing a
  new version, moving or renaming the page, gives new keys at once; old entries expire.
* Those columns are read from the database on every request (`article_for_route`), so an
  unpublished or deleted article is a 404 at once and a published change shows at once.
* What the fragments show of other objects (author names and photos, related articles, the
  section's title, the page's other language versions) may lag by up to `FRAGMENT_SECONDS`,
  like the shell's own caches (`news_tags`) and the `s-maxage` a shared cache obeys.
* Counters and anything personal (the Wagtail userbar) stay outside the fragments and are
  rendered on every request. Previews and pages that are not live never use the cache.
* Guests (not logged in) all see the same log-in links and invitation to comment on a path:
  the parts marked `{% uncached same_for_guests %}` are filled in once per fragment and path
  and kept beside it, so a guest's view renders only the counters, the date and the rails.
* A field changed in the database without publishing (a queryset `update()`, `save()` on a
  live page) shows once the entries expire (`FRAGMENT_SECONDS`): only publishing is an edit.

Both live in the process-local cache (`caches["local"]`): a hit is a dictionary read with no
network round trip, and each web process keeps the few hundred articles readers open.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from masthead.core.origin import public_origin

if TYPE_CHECKING:
    from .models import ArticlePage

FRAGMENT_SECONDS = 30
PAGE_SECONDS = 60
LOCAL_CACHE = "local"
KEY_PREFIX = "news:fragment:v1"
PAGE_KEY_PREFIX = "news:article:v1"


@functools.cache
def _probe_sql(ancestors: int) -> str:
    """One row: the page's version columns, its counters, whether a view restriction applies.

    Plain SQL (the same on SQLite and PostgreSQL): building the equivalent ORM query costs
    several times what running it does, on every article view. An ancestor that is an alias
    takes its source's restrictions, as in Wagtail's `Page.get_view_restrictions`.
    """
    from .models import ArticleStats

    page = Page._meta.db_table
    stats = ArticleStats._meta.db_table
    restriction = PageViewRestriction._meta.db_table
    placeholders = ", ".join(["%s"] * ancestors)
    return (
        f"SELECT p.live, p.live_revision_id, p.last_published_at, p.url_path, p.path, "
        f"s.views, s.comments, EXISTS (SELECT 1 FROM {restriction} r WHERE r.page_id IN "
        f"(SELECT COALESCE(a.alias_of_id, a.id) FROM {page} a WHERE a.path IN ({placeholders})))"
        f" FROM {page} p LEFT JOIN {stats} s ON s.article_id = p.id WHERE p.id = %s"
    )


def _stamp(value: datetime.datetime | str | None) -> str:
    """A timestamp as the same text whether it came from the ORM or a raw SQLite cursor."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat()


def _page_version(revision_id: int | None, published: Any, url_path: str, path: str) -> str:
    return f"{revision_id}\x1f{_stamp(published)}\x1f{url_path}\x1f{path}"


def _probe_cursor() -> Any:
    """A cursor for the probe; on PostgreSQL (psycopg 3), one that binds parameters server-side.

    Why: PostgreSQL spends longer planning the probe than running it (about 0.15 ms against
    0.05, on every article view). A server-side-bound statement can be prepared, and planned
    once per connection, when psycopg's `prepare_threshold` is set in the database OPTIONS
    (`?prepare_threshold=5` at the end of DATABASE_URL): Django leaves it off by default for
    poolers that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    The ORM's cursors bind client-side and are never prepared, so only this query is bound
    server-side: hand-written SQL whose parameters PostgreSQL can type.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    try:
        from django.db.backends.postgresql.base import ServerBindingCursor
    except ImportError:  # psycopg2: no server-side binding
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    # django-stubs declares ServerBindingCursor without its psycopg Cursor base (whose
    # constructor takes the connection), and the wrappers' argument as the wrapped type.
    cursor = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)  # type: ignore[arg-type]
    return connection.make_cursor(cursor)  # type: ignore[arg-type]


def article_for_route(*, page_id: int, tree_path: str) -> ArticlePage | None:
    """The live article for a cached route, with its counters; None when the row is gone.

    One query on every request reads what may change between two requests (published or not,
    version, place in the tree, counters, view restrictions); the page object for that
    version comes from the local cache, or from the database once per version and process.
    """
    from .models import ArticlePage

    steplen = ArticlePage.steplen
    lineage = [tree_path[:end] for end in range(steplen, len(tree_path) + 1, steplen)]
    with _probe_cursor() as cursor:
        cursor.execute(_probe_sql(len(lineage)), [*lineage, page_id])
        row = cursor.fetchone()
    if row is None:
        return None
    live, revision_id, published, url_path, path, views, comments, restricted = row
    if not live:
        return ArticlePage.objects.filter(pk=page_id).first()  # Wagtail's route says 404
    version = _page_version(revision_id, published, url_path, path)
    key = f"{PAGE_KEY_PREFIX}:{page_id}:{hashlib.md5(version.encode()).hexdigest()}"
    cache = caches[LOCAL_CACHE]
    page = cache.get(key)
    if page is None:
        page = ArticlePage.objects.select_related("locale").filter(pk=page_id).first()
        if page is None:
            return None
        fetched = _page_version(
            page.live_revision_id, page.last_published_at, page.url_path, page.path
        )
        if fetched == version:  # not published again between the two queries
            cache.set(key, page, PAGE_SECONDS)
    page.has_view_restrictions = bool(restricted)
    page.routed_counters = {"views": views or 0, "comment_count": comments or 0}
    return page


def fragment_key(*, page: Any, request: HttpRequest | None, name: str) -> str | None:
    """The cache key of one fragment of this version of the page, or None when not cacheable."""
    if request is None or page is None:
        return None
    # A page shows several fragments: the version is worked out once per request.
    known: dict[int, str | None] = request.__dict__.setdefault("article_fragment_versions", {})
    if page.pk not in known:
        known[page.pk] = _fragment_version(page=page, request=request)
    version = known[page.pk]
    return f"{KEY_PREFIX}:{page.pk}:{version}:{name}" if version else None


def _fragment_version(*, page: Any, request: HttpRequest) -> str | None:
    if not page.pk or not page.live or getattr(request, "is_preview", False):
        return None
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    version = "\x1f".join(
        (
            str(page.live_revision_id),  # None for pages made without revisions (bulk seed)
            published,
            page.url_path,
            get_language() or "",
            request.scheme or "",
            request.get_host(),
            public_origin(),  # absolute links in the fragment (core/origin.py)
        )
    )
    return hashlib.md5(version.encode()).hexdigest()


class FragmentRecording:
    """While a fragment is rendered for the cache, its `{% uncached %}` parts become holes.

    Each hole is a marker holding the id of its template node (with a per-process random
    token, so page content cannot forge one); the node is rendered again on every request.
    """

    def __init__(self) -> None:
        self.holes: dict[int, Any] = {}

    def hole(self, node: Any) -> str:
        self.holes[id(node)] = node
        return f"\x00{_HOLE_TOKEN}:{id(node)}\x00"


_HOLE_TOKEN = secrets.token_hex(8)
_HOLE = re.compile(f"\x00{_HOLE_TOKEN}:(\\d+)\x00")


def fragment_render(
    *,
    page: Any,
    request: HttpRequest | None,
    name: str,
    holes: dict[int, Any],
    record: Callable[[FragmentRecording | None], str],
    fill: Callable[[Any], str],
) -> SafeString:
    """The fragment from the local cache with its holes filled, or record it now and keep it.

    `record(recording)` renders the fragment (holes as markers when given a recording);
    `holes` maps hole ids to their nodes for this compiled template, and `fill(node)` renders
    one for the current request. A cached fragment naming a hole this process's template does
    not know (the template was reloaded) is recorded again.
    """
    key = fragment_key(page=page, request=request, name=name)
    if key is None or request is None:
        return mark_safe(record(None))
    cache = caches[LOCAL_CACHE]
    guest_key = _guest_key(key, request)
    if guest_key is not None:
        parts: list[str] | None = cache.get(guest_key)
        if parts is not None and _knows_holes(parts, holes):
            return _filled(parts, holes, fill)
    parts = cache.get(key)
    if parts is None or not _knows_holes(parts, holes):
        recording = FragmentRecording()
        html = record(recording)
        holes.update(recording.holes)
        parts = _HOLE.split(html)
        cache.set(key, parts, FRAGMENT_SECONDS)
    if guest_key is not None:
        parts = _with_guest_parts_filled(parts, holes, fill)
        cache.set(guest_key, parts, FRAGMENT_SECONDS)
    return _filled(parts, holes, fill)


def _guest_key(key: str, request: HttpRequest) -> str | None:
    """The key of this fragment as every visitor who is not logged in sees it on this path.

    Parts marked `{% uncached same_for_guests %}` (the log-in links, the comment form's
    invitation to join) depend for a guest only on the path (their `?next=`) and on what the
    fragment key already holds; they are filled in once and kept with the fragment. None for
    a member, whose parts are rendered on every request.
    """
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return None
    path = hashlib.md5(request.path.encode(), usedforsecurity=False).hexdigest()
    return f"{key}:guest:{path}"


def _knows_holes(parts: list[str], holes: dict[int, Any]) -> bool:
    """False when a cached fragment names a hole this process's template does not know."""
    return all(int(hole) in holes for hole in parts[1::2])


def _with_guest_parts_filled(
    parts: list[str], holes: dict[int, Any], fill: Callable[[Any], str]
) -> list[str]:
    """`parts` with the holes that are the same for every guest rendered into the text."""
    merged: list[str] = [parts[0]]
    for index in range(1, len(parts), 2):
        hole, text = parts[index], parts[index + 1]
        if getattr(holes[int(hole)], "same_for_guests", False):
            merged[-1] += fill(holes[int(hole)]) + text
        else:
            merged += [hole, text]
    return merged


def _filled(parts: list[str], holes: dict[int, Any], fill: Callable[[Any], str]) -> SafeString:
    return mark_safe(
        "".join(
            part if index % 2 == 0 else fill(holes[int(part)]) for index, part in enumerate(parts)
        )
    )
