"""Writes of the news app: counting views, and the newsroom's periodic jobs.

Entry points: `article_view_record` (hot path, never touches the database),
`article_views_apply` (the worker's write), `views_flush` and `scheduled_pages_publish`
(periodic, enqueued by the ticker in `masthead.core`); `story_translation_record` (a translation
made by hand, recorded for wagtail-localize and the translation dashboard).
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from . import selectors, view_buffer
from .models import ArticlePage, ArticleStats, ArticleViewTally

if TYPE_CHECKING:
    from django.test import Client

logger = logging.getLogger(__name__)

_process_buffer: view_buffer.ProcessViewBuffer | None = None


def _hand_off(counts: dict[str, int]) -> None:
    from .tasks import article_views_apply_task

    article_views_apply_task.enqueue(counts=counts, at=timezone.now().isoformat())


REDIS_HAND_OFF_SECONDS = 1.0


def _buffer() -> view_buffer.ProcessViewBuffer:
    global _process_buffer
    if _process_buffer is None:
        if view_buffer.redis_is_the_cache():
            _process_buffer = view_buffer.ProcessViewBuffer(
                view_buffer.redis_add, interval=REDIS_HAND_OFF_SECONDS
            )
        else:
            _process_buffer = view_buffer.ProcessViewBuffer(
                _hand_off, interval=settings.MASTHEAD_VIEW_FLUSH_SECONDS
            )
    return _process_buffer


WARM_HEADER = "HTTP_X_MASTHEAD_WARM"


def request_counts_as_view(request: HttpRequest) -> bool:
    """A reader's GET counts; previews and the site's own warm-up renders do not."""
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and WARM_HEADER not in request.META
    )


def article_view_record(*, article_id: int) -> None:
    """Count one view of an article, in this process's buffer only."""
    _buffer().record(article_id)


def article_views_apply(*, counts: dict[int, int], at: datetime.datetime | None = None) -> int:
    """Add buffered view counts to the totals and to the hour's tally; returns views applied."""
    moment = at or timezone.now()
    hour = moment.replace(minute=0, second=0, microsecond=0)
    existing = set(ArticlePage.objects.filter(id__in=counts).values_list("id", flat=True))
    applied = 0
    with transaction.atomic():
        for article_id, views in sorted(counts.items()):
            if article_id not in existing or views <= 0:
                continue
            stats_updated = ArticleStats.objects.filter(article_id=article_id).update(
                views=F("views") + views
            )
            if not stats_updated:
                ArticleStats.objects.get_or_create(article_id=article_id)
                ArticleStats.objects.filter(article_id=article_id).update(views=F("views") + views)
            tally_updated = ArticleViewTally.objects.filter(
                article_id=article_id, hour=hour
            ).update(views=F("views") + views)
            if not tally_updated:
                ArticleViewTally.objects.get_or_create(
                    article_id=article_id, hour=hour, defaults={"views": 0}
                )
                ArticleViewTally.objects.filter(article_id=article_id, hour=hour).update(
                    views=F("views") + views
                )
            applied += views
    cache.delete_many([f"news:trending:{h}:{n}" for h in (24, 168) for n in (6, 18)])
    return applied


def views_flush() -> int:
    """Move pending views from the buffers to the database (periodic)."""
    _buffer().flush()
    if view_buffer.redis_is_the_cache():
        return article_views_apply(counts=view_buffer.redis_take_pending())
    return 0


def scheduled_pages_publish() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own)."""
    call_command("publish_scheduled", verbosity=0)


def view_restriction_changed(*, page_id: int) -> None:
    """A page's view restrictions changed: no copy made before may be served (after commit).

    A password or a group on a section applies to every story under it, and Wagtail purges
    nothing when one is added: guests got the stored story for another minute. The in-app
    cache drops every page at once (rare, and one render each brings them back); an HTTP
    cache in front is purged of the page and the pages under it by the task worker (a section
    may hold thousands).
    """
    from masthead.core.frontend_cache import front_cache_names
    from masthead.core.http_cache import page_cache_purge_all

    from .rails import rails_purge
    from .tasks import subtree_front_cache_purge_task

    page_cache_purge_all()
    rails_purge()
    if front_cache_names():
        subtree_front_cache_purge_task.enqueue(page_id=page_id)


def subtree_front_cache_purge(*, page_id: int) -> int:
    """Purge the page and every page under it from the HTTP caches in front (not the in-app
    one, already dropped). Returns the number of pages."""
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    from masthead.core.frontend_cache import front_cache_names

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    pages = Page.objects.descendant_of(page, inclusive=True).live().specific()
    count = pages.count()
    purge_pages_from_cache(pages.iterator(chunk_size=500), backends=front_cache_names())
    return count


def page_warm(*, page_id: int) -> bool:
    """Render one published page in the task worker, so its image renditions exist before its
    first reader: made on first use, they cost a web worker seconds and, encoding AVIF,
    hundreds of MB that glibc keeps (bench/worker_memory.py). True when it rendered."""
    from wagtail.models import Page

    page = Page.objects.live().filter(pk=page_id).specific().first()
    url = page.get_url() if page is not None else None
    if not url:
        return False
    client, secure = _warm_client()
    return _page_render_warm(page, url, client, secure=secure)


def _page_render_warm(page: Any, url: str, client: Client, *, secure: bool) -> bool:
    """Render `page` once; for an article, make its card's picture too (the home page, its
    sections, tags and authors' pages list it). True when the page rendered."""
    rendered = client.get(url, secure=secure).status_code == 200
    if isinstance(page, ArticlePage) and page.lead_image is not None:
        page.lead_image.get_renditions(*CARD_PICTURE_SPECS)
    return rendered


# The small card's picture (templates/news/includes/card.html: format-{webp,jpeg}
# fill-{400x225,800x450}); the large card's sizes are the article page's own.
# test_renditions_warm.py fails when the two part.
CARD_PICTURE_SPECS = (
    "format-webp|fill-400x225",
    "format-webp|fill-800x450",
    "format-jpeg|fill-400x225",
    "format-jpeg|fill-800x450",
)


def _warm_client() -> tuple[Client, bool]:
    """A test client that asks as a reader's request reaches the app: at the public origin's
    host and scheme (whether to ask over HTTPS). Production redirects plain HTTP to HTTPS: a
    warm-up over plain HTTP rendered a redirect, and no rendition was made before the first
    readers came. `X-Masthead-Warm` keeps it out of the view counts and the page cache."""
    from django.test import Client

    from masthead.core.origin import public_origin

    origin = urlsplit(public_origin())
    client = Client(HTTP_HOST=origin.netloc, headers={"X-Masthead-Warm": "1"})
    return client, origin.scheme == "https"


def site_pages_warm(*, limit: int = 500) -> int:
    """Render the newest pages once, so image renditions exist before the first reader comes.

    Renditions (AVIF, WebP, JPEG at several widths) are made on first use; a fresh site would
    otherwise make its first readers wait for them. Renders in-process, without the page cache.
    """
    client, secure = _warm_client()
    rendered = 0
    for page in selectors.pages_to_warm(limit=limit).specific():
        url = page.get_url()
        if url and _page_render_warm(page, url, client, secure=secure):
            rendered += 1
    return rendered


def process_pages_warm() -> int:
    """Render, in this process, one page of each kind readers open most; returns the number.

    A new web worker's first render of a page costs 0.5 to 2 s (the URLconf imported, the
    templates compiled, the translations loaded): without this, whoever reads first after a
    start or a deploy waits for it, and while the page cache renders a stale page again, the
    worker holding the render stalls every request behind it (p99 1.9 s seen at expiry).
    gunicorn's workers call it as they start (config/gunicorn.py). Not counted as views, and
    past the page cache (a session cookie that names no session): the render is the point.
    """
    from .models import HomePage, SectionPage

    client, secure = _warm_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "warm-up"
    pages: list[Any] = list(HomePage.objects.live().order_by("path")[:2])
    pages += list(SectionPage.objects.live().order_by("path")[:1])
    pages += list(ArticlePage.objects.live().order_by("-first_published_at")[:1])
    rendered = 0
    for page in pages:
        url = page.get_url()
        if url and client.get(url, secure=secure).status_code == 200:
            rendered += 1
    return rendered


def stale_tallies_prune(*, keep_days: int = 30) -> int:
    """Hourly tallies older than a month serve nothing; the totals stay in ArticleStats."""
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    deleted, _ = ArticleViewTally.objects.filter(hour__lt=cutoff).delete()
    return deleted


def story_translation_record(*, source: ArticlePage, translation: ArticlePage) -> None:
    """Record in wagtail-localize that `translation` was written from `source` outside it.

    For stories translated by hand (the demo's, or any made with `copy_for_translation`): the
    source's content is extracted (TranslationSource, once per story), and the translation gets
    a stopped Translation and a log at its last publication. The dashboard then tells from the
    records when the source moved on (`selectors.translation_state`), and the page editor offers
    "Start Synced translation". Stopped, not enabled: an enabled Translation would open the
    segment editor with every segment empty, and publishing from it would put the original's
    words on the edition.
    """
    from wagtail_localize.models import Translation, TranslationLog, TranslationSource

    record, _created = TranslationSource.get_or_create_from_instance(source)
    Translation.objects.get_or_create(
        source=record, target_locale_id=translation.locale_id, defaults={"enabled": False}
    )
    log = TranslationLog.objects.create(source=record, locale_id=translation.locale_id)
    if translation.last_published_at is not None:
        TranslationLog.objects.filter(pk=log.pk).update(created_at=translation.last_published_at)
