"""Reads for the reader's site: rails, cursor-paged listings, an article's surroundings.

Every listing is paged by a cursor over (first_published_at, id), so page 1000 costs what
page 1 does. Querysets select and prefetch what the cards show, so a page's query count is
fixed whatever the data. The admin's translation dashboard reads here too
(`story_translations`: every story's state in every edition, from wagtail-localize's records).
"""

from __future__ import annotations

import base64
import datetime
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
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
    *, articles: Callable[[], QuerySet[ArticlePage]], cursor: str | None, size: int = PAGE_SIZE
) -> CursorPage:
    """`article_cursor_page`, read only when used on the first page (a cached fragment's miss).

    `articles` builds the listing's query: on a hit nothing is built either (the chain of
    filters, `descendant_of` and `live()` was 7% of an uncached section's time in py-spy).
    A later page (a cursor) is read at once: a bad cursor is a 404 before anything renders.
    """
    if cursor:
        return article_cursor_page(articles=articles(), cursor=cursor, size=size)
    lazy: Any = SimpleLazyObject(
        lambda: article_cursor_page(articles=articles(), cursor=None, size=size)
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


# --- The editions' translation dashboard (admin: Translations) ------------------------------


class TranslationState(models.TextChoices):
    """Where one story stands in one edition (a cell of the dashboard)."""

    ORIGINAL = "original", _("Original")
    UNTRANSLATED = "untranslated", _("Untranslated")
    IN_PROGRESS = "in_progress", _("In progress")
    PUBLISHED = "published", _("Published")
    OUT_OF_DATE = "out_of_date", _("Out of date")


@dataclass(frozen=True)
class TranslationCell:
    language_code: str
    state: TranslationState
    url: str


@dataclass(frozen=True)
class TranslationRow:
    story: ArticlePage
    language_code: str  # the story's own, which its headline and section are written in
    section_title: str
    cells: list[TranslationCell]


@dataclass(frozen=True)
class StoryTranslations:
    """One page of the dashboard: its rows, the editions shown, the paginator's page."""

    rows: list[TranslationRow]
    locales: list[Locale]
    page: DjangoPage


TRANSLATIONS_PAGE_SIZE = 50


def translation_state(
    *,
    source_published_at: datetime.datetime | None,
    page: dict[str, Any] | None,
    translation: dict[str, Any] | None,
) -> TranslationState:
    """The state of one story in one edition, from what `story_translations` read.

    `page` is the story's version in that edition (None: untranslated); `translation` the
    wagtail-localize Translation into that edition, if any, with its source's extraction time
    (`source_updated_at`) and its last write of the page (`last_synced_at`, the newest
    TranslationLog). A version never published, or with a draft newer than what is live, is in
    progress, and so is one whose segments were translated in wagtail-localize's editor after
    its last write (`translated_at`, the newest StringTranslation). A live version is out of
    date when the source was published after the moment the version reflects (out of date is
    told first: it is what readers of the edition miss):

    - under wagtail-localize (an enabled Translation) the page is written only from the
      source's extracted content, so it reflects the source as of that extraction
      (TranslationSource.last_updated_at, moved by "Sync translated pages"), and only once it
      was written after it: the earlier of the two. Publishing a translation without syncing
      first does not make it current; syncing without publishing does not either.
    - edited by hand in the page editor (no Translation, or one stopped), the version reflects
      the source as of its own last publication, or of wagtail-localize's last write if later.

    Publication times, not edits: a draft of the source changes nothing readers see.
    """
    if page is None:
        return TranslationState.UNTRANSLATED
    if not page["live"]:
        return TranslationState.IN_PROGRESS
    if translation is not None and translation["enabled"]:
        synced = translation["last_synced_at"]
        extracted = translation["source_updated_at"]
        reflects = min(synced, extracted) if synced is not None else None
    else:
        moments = [page["last_published_at"]]
        if translation is not None:
            moments.append(translation["last_synced_at"])
        reflects = max((moment for moment in moments if moment is not None), default=None)
    if source_published_at is not None and (reflects is None or source_published_at > reflects):
        return TranslationState.OUT_OF_DATE
    if page["has_unpublished_changes"]:
        return TranslationState.IN_PROGRESS
    if translation is not None and translation["enabled"]:
        translated = translation["translated_at"]
        if translated is not None and (synced is None or translated > synced):
            return TranslationState.IN_PROGRESS  # segments saved in the editor, not published
    return TranslationState.PUBLISHED


def translation_sections() -> list[SectionPage]:
    """The default edition's sections, in tree order: the dashboard's section filter."""
    return list(
        SectionPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .only("id", "title", "depth", "path")
    )


def story_translations(
    *, section_id: int | None = None, language: str | None = None, page_number: Any = 1
) -> StoryTranslations:
    """Stories and their state in every edition, a page of them, in seven queries at most.

    A row is a story of the default edition, or an edition's own story (one with no version in
    the default edition, shown once: its first version). `section_id` keeps the stories below
    that section or its translations; `language` keeps that edition's column and the stories
    it concerns (the default edition's and those with a version in it). The query count does
    not grow with the rows (test_translation_dashboard.py).
    """
    from wagtail_localize.models import StringTranslation, Translation, TranslationLog

    order = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}
    every_locale = [locale for locale in Locale.objects.all() if locale.language_code in order]
    codes = {locale.pk: locale.language_code for locale in every_locale}
    locales = sorted(
        (locale for locale in every_locale if language in (None, locale.language_code)),
        key=lambda locale: order[locale.language_code],
    )
    versions = Page.objects.filter(
        translation_key=OuterRef("translation_key"), alias_of__isnull=True
    )
    default_code = settings.LANGUAGE_CODE
    stories = ArticlePage.objects.filter(alias_of__isnull=True).filter(
        Q(locale__language_code=default_code)
        | (
            ~Exists(versions.filter(locale__language_code=default_code))
            & ~Exists(versions.filter(id__lt=OuterRef("id")))
        )
    )
    if language is not None:
        stories = stories.filter(
            Q(locale__language_code=default_code)
            | Exists(versions.filter(locale__language_code=language))
        )
    if section_id is not None:
        section_paths = Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=section_id).values("translation_key")
        ).values_list("path", flat=True)
        stories = stories.filter(
            functools.reduce(
                operator.or_,
                (Q(path__startswith=path) for path in section_paths),
                Q(pk__in=[]),
            )
        )
    stories = stories.only(
        "id", "title", "path", "depth", "locale_id", "translation_key", "last_published_at"
    ).order_by(F("first_published_at").desc(nulls_first=True), "-id")
    page = Paginator(stories, TRANSLATIONS_PAGE_SIZE).get_page(page_number)
    page_stories: list[ArticlePage] = list(page.object_list)
    keys = [story.translation_key for story in page_stories]
    pages: dict[tuple[Any, int], dict[str, Any]] = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(translation_key__in=keys, alias_of__isnull=True).values(
            "id",
            "translation_key",
            "locale_id",
            "live",
            "has_unpublished_changes",
            "last_published_at",
        )
    }
    translations: dict[tuple[Any, int], dict[str, Any]] = {
        (row["source__object_id"], row["target_locale_id"]): row
        for row in Translation.objects.filter(source__object_id__in=keys)
        .annotate(
            last_synced_at=Subquery(
                TranslationLog.objects.filter(
                    source_id=OuterRef("source_id"), locale_id=OuterRef("target_locale_id")
                )
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            translated_at=Subquery(
                StringTranslation.objects.filter(
                    context__object_id=OuterRef("source__object_id"),
                    locale_id=OuterRef("target_locale_id"),
                )
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            source_updated_at=F("source__last_updated_at"),
            source_locale_id=F("source__locale_id"),
        )
        .values(
            "source__object_id",
            "target_locale_id",
            "enabled",
            "last_synced_at",
            "translated_at",
            "source_updated_at",
            "source_locale_id",
        )
    }
    section_titles = dict(
        Page.objects.filter(
            path__in=[story.path[: -story.steplen] for story in page_stories]
        ).values_list("path", "title")
    )
    rows = [
        TranslationRow(
            story=story,
            language_code=codes.get(story.locale_id, ""),
            section_title=section_titles.get(story.path[: -story.steplen], ""),
            cells=[_translation_cell(story, locale, pages, translations) for locale in locales],
        )
        for story in page_stories
    ]
    return StoryTranslations(rows=rows, locales=locales, page=page)


def _translation_cell(
    story: ArticlePage,
    locale: Locale,
    pages: dict[tuple[Any, int], dict[str, Any]],
    translations: dict[tuple[Any, int], dict[str, Any]],
) -> TranslationCell:
    """One cell: its state and where it leads (the editor, or the Translate form)."""
    key = story.translation_key
    if locale.pk == story.locale_id:
        url = reverse("wagtailadmin_pages:edit", args=[story.pk])
        return TranslationCell(locale.language_code, TranslationState.ORIGINAL, url)
    page = pages.get((key, locale.pk))
    translation = translations.get((key, locale.pk))
    source = story.last_published_at
    if translation is not None and translation["enabled"]:
        source_page = pages.get((key, translation["source_locale_id"]))
        source = source_page["last_published_at"] if source_page else source
    state = translation_state(source_published_at=source, page=page, translation=translation)
    if page is None:
        url = reverse("wagtail_localize:submit_page_translation", args=[story.pk])
        url = f"{url}?{urlencode({'select_locale': locale.language_code})}"
    else:
        # wagtail-localize shows its segment editor here while its Translation is enabled.
        url = reverse("wagtailadmin_pages:edit", args=[page["id"]])
    return TranslationCell(locale.language_code, state, url)
