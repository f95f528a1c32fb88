"""Reads for the reader's site: rails, cursor-paged listings, an article's surroundings.

Every listing is paged by a cursor over (first_published_at, id), so page 1000 costs what
page 1 does. Querysets select and prefetch what the cards show, so a page's query count is
fixed whatever the data.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale
from wagtail.query import PageQuerySet

from masthead.media.models import NewsImage

from .models import (
    ArticleByline,
    ArticlePage,
    ArticleRelated,
    ArticleStats,
    ArticleViewTally,
    HomePage,
    SectionPage,
)

PAGE_SIZE = 20
RAIL_SIZE = 6


class BadCursor(Http404):
    """A cursor that Masthead did not issue: the reader gets a 404, never a 500."""


@dataclass(frozen=True)
class CursorPage:
    items: list[ArticlePage]
    next_cursor: str | None
    is_first: bool


def articles_live(*, locale: Locale) -> PageQuerySet:
    """Live articles of one edition, newest first, with what a card shows.

    A Wagtail `PageQuerySet` (of `ArticlePage`): callers narrow it with `descendant_of`.
    """
    return (
        ArticlePage.objects.live()
        .filter(locale=locale)
        .select_related("lead_image")
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "locale_id",
            "lede",
            "first_published_at",
            "updated_at",
            "is_multimedia",
            "lead_image",
            "depth",
            "path",
        )
        .order_by("-first_published_at", "-id")
    )


def cursor_encode(article: ArticlePage) -> str:
    stamp = article.first_published_at.timestamp() if article.first_published_at else 0
    raw = f"{stamp:.6f}:{article.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        moment = datetime.datetime.fromtimestamp(float(stamp), tz=datetime.UTC)
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, OverflowError, OSError) as error:
        raise BadCursor("malformed cursor") from error


def article_cursor_page(
    *, articles: QuerySet[ArticlePage], cursor: str | None, size: int = PAGE_SIZE
) -> CursorPage:
    """One page of a listing after `cursor` (exclusive), and the cursor of the next page."""
    if cursor:
        moment, pk = cursor_decode(cursor)
        from django.db.models import Q

        articles = articles.filter(
            Q(first_published_at__lt=moment) | Q(first_published_at=moment, id__lt=pk)
        )
    items = list(articles[: size + 1])
    if cursor and not items:
        raise BadCursor("past the end")
    has_more = len(items) > size
    items = items[:size]
    return CursorPage(
        items=items,
        next_cursor=cursor_encode(items[-1]) if has_more and items else None,
        is_first=not cursor,
    )


def article_cursor_page_lazy(
    *, articles: QuerySet[ArticlePage], cursor: str | None, size: int = PAGE_SIZE
) -> CursorPage:
    """`article_cursor_page`, read only when used on the first page (a cached fragment's miss).

    A later page (a cursor) is read at once: a bad cursor is a 404 before anything renders.
    """
    if cursor:
        return article_cursor_page(articles=articles, cursor=cursor, size=size)
    lazy: Any = SimpleLazyObject(
        lambda: article_cursor_page(articles=articles, cursor=None, size=size)
    )
    return cast(CursorPage, lazy)


def trending_article_ids(*, hours: int = 24, limit: int = RAIL_SIZE) -> list[int]:
    """Most-read articles of the last `hours`, from the flushed hourly tallies (cached a minute)."""
    key = f"news:trending:{hours}:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    since = timezone.now() - datetime.timedelta(hours=hours)
    rows = (
        ArticleViewTally.objects.filter(hour__gte=since)
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[:limit]
    )
    ids = [row["article_id"] for row in rows]
    cache.set(key, ids, 60)
    return ids


def _in_order(articles: QuerySet[ArticlePage], ids: list[int]) -> list[ArticlePage]:
    by_id = {article.pk: article for article in articles.filter(id__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def home_rails(*, home: HomePage) -> dict[str, Any]:
    """The home page: lead story, All news, Recommended, Multimedia, Trending (and newest)."""
    live = articles_live(locale=home.locale)
    newest = list(live[: RAIL_SIZE * 2 + 1])
    lead = None
    if home.lead_article_id:
        lead = live.filter(id=home.lead_article_id).first()
    if lead is None and newest:
        lead = newest[0]
    all_news = [article for article in newest if lead is None or article.pk != lead.pk][
        : RAIL_SIZE * 2
    ]

    picked_ids = list(
        home.recommendations.order_by("sort_order").values_list("article_id", flat=True)
    )
    recommended = _in_order(live, picked_ids)[:RAIL_SIZE]
    if len(recommended) < RAIL_SIZE:
        # Filled up automatically with the most-read of the week that the editors did not pick.
        taken = {article.pk for article in recommended} | ({lead.pk} if lead else set())
        week_ids = trending_article_ids(hours=24 * 7, limit=RAIL_SIZE * 3)
        fill = [pk for pk in week_ids if pk not in taken]
        recommended += _in_order(live, fill)[: RAIL_SIZE - len(recommended)]
        if len(recommended) < RAIL_SIZE:
            taken |= {article.pk for article in recommended}
            recommended += [a for a in newest if a.pk not in taken][: RAIL_SIZE - len(recommended)]

    multimedia = list(live.filter(is_multimedia=True)[:RAIL_SIZE])
    trending = _in_order(live, trending_article_ids())
    return {
        "lead": lead,
        "all_news": all_news,
        # The rails beside articles and sections (`rails`) list the newest, lead included.
        "newest": newest[:RAIL_SIZE],
        "recommended": recommended,
        "multimedia": multimedia,
        "trending": trending,
    }


def article_detail(*, article: ArticlePage) -> dict[str, Any]:
    """Everything around an article, in a fixed number of queries whatever its size.

    Counters are not here: they are read on every request (`article_counters`), while this is
    read only to render the page's cached fragments (`render_cache`).
    """
    bylines = list(
        ArticleByline.objects.filter(article=article)
        .select_related("author", "author__photo")
        .order_by("sort_order")
    )
    tags = list(article.tags.all().order_by("name"))
    related = _related_in_language(
        article,
        [
            link.related_article
            for link in ArticleRelated.objects.filter(article=article, related_article__live=True)
            .select_related("related_article", "related_article__lead_image")
            .order_by("sort_order")
        ],
    )
    images: list[NewsImage] = [image for image in [article.lead_image] if image]
    images += [byline.author.photo for byline in bylines if byline.author.photo]
    images += [item.lead_image for item in related if item.lead_image]
    images += _body_images(article)
    if images:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(images, Prefetch("renditions"))

    section = article_section(article=article)
    return {
        "bylines": bylines,
        "authors": [byline.author for byline in bylines],
        "tags": tags,
        "related_articles": related,
        "section": section,
    }


def article_section(*, article: ArticlePage) -> SectionPage | None:
    """The section the article sits in, in one query (get_parent() then .specific take two)."""
    return SectionPage.objects.filter(path=article.path[: -article.steplen]).first()


def _related_in_language(article: ArticlePage, related: list[ArticlePage]) -> list[ArticlePage]:
    """Each related story in the article's edition: its translation there, or left out.

    A translated article starts as a copy of the original, whose related stories are in the
    original's language: the French page would list English headlines. One more query, and
    only when some related story is in another language.
    """
    foreign = [item for item in related if item.locale_id != article.locale_id]
    if not foreign:
        return related
    translations = {
        translation.translation_key: translation
        for translation in ArticlePage.objects.live()
        .filter(
            locale_id=article.locale_id,
            translation_key__in=[item.translation_key for item in foreign],
        )
        .select_related("lead_image")
    }
    chosen: list[ArticlePage] = []
    for item in related:
        local = (
            item if item.locale_id == article.locale_id else translations.get(item.translation_key)
        )
        if local is not None and local.pk != article.pk and local not in chosen:
            chosen.append(local)
    return chosen


def article_counters(*, article: ArticlePage) -> dict[str, int]:
    """The article's view and comment counts, live on every request.

    A cached route reads them with the page (`render_cache.article_for_route`); otherwise
    this costs one query.
    """
    routed: dict[str, int] | None = getattr(article, "routed_counters", None)
    if routed is not None:
        return routed
    try:
        stats = article.stats
    except ArticleStats.DoesNotExist:
        return {"views": 0, "comment_count": 0}
    return {"views": stats.views, "comment_count": stats.comments}


def _body_images(article: ArticlePage) -> list[NewsImage]:
    images: list[NewsImage] = []
    for block in article.body:
        value = block.value
        if block.block_type == "photo" and value["image"]:
            images.append(value["image"])
        elif block.block_type == "video" and value["poster"]:
            images.append(value["poster"])
        elif block.block_type == "gallery":
            images += [photo["image"] for photo in value["photos"] if photo["image"]]
    return images


SITEMAP_CHUNK = 5000


def pages_to_warm(*, limit: int = 500) -> PageQuerySet:
    """The live pages a warm-up renders (`site_pages_warm`), the newest first."""
    from wagtail.models import Page

    return Page.objects.live().filter(depth__gt=1).order_by("-last_published_at")[:limit]


def sitemap_chunk_count() -> int:
    total = ArticlePage.objects.live().count()
    return max(1, -(-total // SITEMAP_CHUNK))


def sitemap_articles(*, chunk: int) -> list[dict[str, Any]]:
    """One chunk of the sitemap: each live article with its image and its translations."""
    articles = list(
        ArticlePage.objects.live()
        .select_related("lead_image", "locale")
        .only(
            "id",
            "url_path",
            "translation_key",
            "locale__language_code",
            "last_published_at",
            "updated_at",
            "first_published_at",
            "title",
            "lead_image",
            "path",
            "depth",
        )
        .order_by("id")[chunk * SITEMAP_CHUNK : (chunk + 1) * SITEMAP_CHUNK]
    )
    if chunk and not articles:
        raise Http404("no such sitemap chunk")
    keys = {article.translation_key for article in articles}
    siblings: dict[Any, list[ArticlePage]] = {}
    for other in (
        ArticlePage.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .only("id", "url_path", "translation_key", "locale__language_code", "path", "depth")
    ):
        siblings.setdefault(other.translation_key, []).append(other)
    entries = []
    for article in articles:
        versions = sorted(
            siblings.get(article.translation_key, []), key=lambda page: page.locale.language_code
        )
        if len(versions) < 2:  # a story only one edition carries has no alternates to name
            versions = []
        default = next(
            (page for page in versions if page.locale.language_code == settings.LANGUAGE_CODE),
            versions[0] if versions else None,
        )
        entries.append({"article": article, "alternates": versions, "x_default": default})
    return entries


def news_sitemap_articles(*, days: int = 2) -> list[ArticlePage]:
    """Articles first published in the last `days` days (Google News reads no older ones)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        ArticlePage.objects.live()
        .filter(first_published_at__gte=since)
        .select_related("locale")
        .prefetch_related("tagged_items__tag")
        .only(
            "id",
            "title",
            "url_path",
            "first_published_at",
            "locale__language_code",
            "path",
            "depth",
        )
        .order_by("-first_published_at")[:1000]
    )
