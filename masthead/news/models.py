"""The newsroom's content model: home, sections (a tree), articles, authors, tags, picks.

Pages are presentational: `get_context` gathers what a template shows through `selectors`,
routes live on the home and section pages, and writes happen in `services`.
"""

from __future__ import annotations

import functools
import operator
from functools import partial
from typing import Any

from django.core.cache import caches
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION
from wagtail.search import index

from masthead.core.http_cache import (
    request_is_anonymous,
    response_mark_private,
    response_mark_public,
)
from masthead.core.routing import CachedRouteMixin
from masthead.live.blocks import DataCardBlock

from .blocks import ArticleBodyBlock
from .shortlinks import short_code_encode


class CachedPageMixin:
    """Anonymous responses are public for shared caches; everyone else's are private."""

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        site_root_paths_share(self, request)
        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        if getattr(request, "is_preview", False) or not request_is_anonymous(request):
            return response_mark_private(response)
        if response.status_code == 200:
            response_mark_public(response)
        return response


def _no_view_restrictions() -> QuerySet[PageViewRestriction]:
    """An empty queryset, evaluated already: iterating a bare `none()` still compiles its SQL
    (Wagtail's `check_view_restrictions` hook does on every page view), about a tenth of a
    millisecond of an uncached article view."""
    nothing = PageViewRestriction.objects.none()
    nothing._result_cache = []
    return nothing


def site_root_paths_share(page: Any, request: HttpRequest) -> None:
    """One read of Wagtail's site root paths per page view, shared by the page and the request.

    Wagtail keeps them on whichever object asks: `{{ page.full_url }}` (no request) on the
    page, `{% pageurl %}` on the request, so a view read them twice from the shared cache: on
    the embedded default each read opens, reads and unpickles a file (py-spy: a tenth of an
    uncached section's time). Saving a Site or moving a page still drops the shared entry.

    The rails' generation, which every page view reads too (`rails`), comes in the same read:
    on Redis one round trip instead of two, each about 7% of an uncached article under load.
    """
    from masthead.core.cache import cache_get_versioned

    from . import rails

    paths = getattr(request, "_wagtail_cached_site_root_paths", None)
    if paths is None:
        paths, generation = cache_get_versioned(
            caches["default"],
            [(SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION), rails.GENERATION],
        )
        rails.generation_remember(int(generation or 0))
        if paths is None:
            paths = Site.get_site_root_paths()
        request._wagtail_cached_site_root_paths = paths  # type: ignore[attr-defined]
    page._wagtail_cached_site_root_paths = paths


# The plugin cannot follow `bylines` back from ArticleByline, whose base (Wagtail's Orderable)
# has no types.
class Author(index.Indexed, models.Model):  # type: ignore[django-manager-missing]
    """A journalist with a public profile page at /authors/<slug>/."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    location = models.CharField(_("based in"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "media.NewsImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("location"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class HomePage(CachedPageMixin, CachedRouteMixin, RoutablePageMixin, Page):
    """The front page of one language edition, and the root of its sections."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave blank to lead with the newest article."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("lead_article"),
        InlinePanel("recommendations", label=_("Recommended (editors' picks)")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]

    class Meta:
        verbose_name = _("home page")

    @property
    def localized(self) -> Page:
        # Wagtail's `localized` looks the active language's Locale up with a query on every
        # request that starts at the site's root (this page); the shell's cached locales know.
        from .templatetags.news_tags import locale_for_language

        locale = locale_for_language(get_language())
        if locale is not None and locale.pk == self.locale_id:
            return self
        return super().localized

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the grid's cached fragment (`listing_fragment`) is rendered.
        rails = SimpleLazyObject(lambda: selectors.home_rails(home=self))
        for name in ("lead", "all_news", "recommended", "multimedia", "trending"):
            context[name] = SimpleLazyObject(partial(operator.getitem, rails, name))
        return context

    @path("news/", name="all_news")
    def all_news(self, request: HttpRequest) -> HttpResponse:
        from . import selectors

        page = selectors.article_cursor_page_lazy(
            articles=lambda: selectors.articles_live(locale=self.locale),
            cursor=request.GET.get("before"),
        )
        return self.render(
            request,
            context_overrides={"listing": page, "listing_title": _("All news")},
            template="news/all_news.html",
        )

    @path("tags/<str:tag_slug>/", name="tag")
    def tag(self, request: HttpRequest, tag_slug: str) -> HttpResponse:
        from . import selectors

        tag = get_object_or_404(Tag, slug=tag_slug)
        page = selectors.article_cursor_page_lazy(
            articles=lambda: selectors.articles_live(locale=self.locale).filter(
                tagged_items__tag=tag
            ),
            cursor=request.GET.get("before"),
        )
        return self.render(
            request,
            context_overrides={"tag": tag, "listing": page},
            template="news/tag_page.html",
        )

    @path("authors/<str:author_slug>/", name="author")
    def author(self, request: HttpRequest, author_slug: str) -> HttpResponse:
        from . import selectors

        author = get_object_or_404(Author.objects.select_related("photo"), slug=author_slug)
        page = selectors.article_cursor_page_lazy(
            articles=lambda: selectors.articles_live(locale=self.locale).filter(
                bylines__author=author
            ),
            cursor=request.GET.get("before"),
        )
        return self.render(
            request,
            context_overrides={"author": author, "listing": page},
            template="news/author_page.html",
        )

    @path("feeds/rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import SiteRssFeed

        return SiteRssFeed(home=self)(request)

    @path("feeds/atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import SiteAtomFeed

        return SiteAtomFeed(home=self)(request)

    @path("tags/<str:tag_slug>/feeds/rss/", name="tag_rss")
    def tag_rss_feed(self, request: HttpRequest, tag_slug: str) -> HttpResponse:
        from .feeds import TagRssFeed

        return TagRssFeed(home=self, tag=get_object_or_404(Tag, slug=tag_slug))(request)

    @path("tags/<str:tag_slug>/feeds/atom/", name="tag_atom")
    def tag_atom_feed(self, request: HttpRequest, tag_slug: str) -> HttpResponse:
        from .feeds import TagAtomFeed

        return TagAtomFeed(home=self, tag=get_object_or_404(Tag, slug=tag_slug))(request)


class HomeRecommendation(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="recommendations")
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("article")]


_PAGE_ID_SLOT = -7  # stands for the page's id in a compiled route query


@functools.lru_cache(maxsize=64)
def _route_query(model_label: str, depth: int) -> tuple[str, tuple[Any, ...]]:
    """SQL and parameters of `model`'s route query for a page at `depth`, compiled once.

    The page (its own fields and its ancestors' tables) and `restricted`: whether a view
    restriction sits on it or an ancestor. Parameters stand in for the page's id
    (`_PAGE_ID_SLOT`) and its lineage ("\\x00<n>" for the n-th path); `route_fetch` fills them.
    """
    from django.apps import apps

    model = apps.get_model(model_label)
    stand_ins = [f"\x00{n}" for n in range(depth)]
    query = model._default_manager.filter(pk=_PAGE_ID_SLOT).annotate(
        restricted=models.Exists(PageViewRestriction.objects.filter(page__path__in=stand_ins))
    )
    sql, params = query.query.sql_with_params()
    return sql, tuple(params)


class SectionPage(CachedPageMixin, RoutablePageMixin, Page):
    """A section of the site (World, World › Asia & Pacific): lists the articles below it."""

    intro = models.TextField(_("introduction"), blank=True)
    cards = StreamField(
        [("data_card", DataCardBlock())],
        verbose_name=_("data cards"),
        blank=True,
        max_num=2,
        help_text=_("Shown under the section's title, e.g. the figures of a running story."),
    )
    push_on_publish = models.BooleanField(
        _("push alert on publish"),
        default=False,
        help_text=_(
            "Send a push alert to the readers who follow this section when a story is first "
            "published in it (at most the edition's hourly cap of automatic alerts)."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("cards")]
    promote_panels = [*Page.promote_panels, FieldPanel("push_on_publish")]
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    @classmethod
    def route_fetch(cls, *, page_id: int, tree_path: str) -> SectionPage | None:
        """The section a cached route (`masthead.core.routing`) leads to, in one query.

        With whether it or an ancestor has a view restriction, and its locale from the cached
        locales: Wagtail's own route, restriction check and locale read took four queries per
        section view. The query is the ORM's, compiled once per depth (`_route_query`): building
        and compiling it took 1.1 ms of a 4.7 ms section view, running it 0.05 ms.
        """
        from .templatetags.news_tags import page_locale_fill

        steplen = cls.steplen
        lineage = [tree_path[:end] for end in range(steplen, len(tree_path) + 1, steplen)]
        sql, params = _route_query(cls._meta.label, len(lineage))
        values = [
            page_id
            if value == _PAGE_ID_SLOT
            else lineage[int(value[1:])]
            if isinstance(value, str) and value.startswith("\x00")
            else value
            for value in params
        ]
        page = next(iter(cls.objects.raw(sql, values)), None)
        if page is not None:
            page.has_view_restrictions = bool(page.restricted)
            page_locale_fill(page)
        return page

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        # Wagtail's check runs two queries per request; a cached route already knows.
        if getattr(self, "has_view_restrictions", None) is False:
            return _no_view_restrictions()
        return super().get_view_restrictions()

    @path("", name="listing")
    def listing(self, request: HttpRequest) -> HttpResponse:
        from . import selectors

        page = selectors.article_cursor_page_lazy(
            articles=lambda: selectors.articles_live(locale=self.locale).descendant_of(self),
            cursor=request.GET.get("before"),
        )
        return self.render(
            request,
            context_overrides={
                "listing": page,
                # Read only inside the header's fragment, on a miss (as the listing).
                "subsections": SimpleLazyObject(
                    lambda: list(
                        SectionPage.objects.child_of(self)
                        .live()
                        .only("title", "url_path", "path", "depth")
                    )
                ),
            },
        )

    @path("feeds/rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import SectionRssFeed

        return SectionRssFeed(section=self)(request)

    @path("feeds/atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import SectionAtomFeed

        return SectionAtomFeed(section=self)(request)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(CachedPageMixin, Page):
    """A news story."""

    lede = models.TextField(_("lede"), max_length=400, help_text=_("One or two sentences."))
    lead_image = models.ForeignKey(
        "media.NewsImage",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        help_text=_("Set when the story changed materially; shown as “Updated …”."),
    )
    is_multimedia = models.BooleanField(
        _("multimedia"), default=False, help_text=_("Shown in the Multimedia rail.")
    )
    comments_open = models.BooleanField(_("comments open"), default=True)

    # TitleFieldPanel, not FieldPanel: it carries Wagtail's title→slug sync, so the slug
    # (on the Promote tab, which an editor rarely opens) follows the headline until published.
    content_panels = [
        TitleFieldPanel("title", heading=_("Headline"), placeholder=_("Headline*")),
        FieldPanel("lede"),
        InlinePanel("bylines", label=_("Bylines"), min_num=1),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                InlinePanel("related", label=_("Related articles")),
                FieldPanel("is_multimedia"),
                FieldPanel("comments_open"),
                FieldPanel("updated_at"),
            ],
            heading=_("Around the story"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lede"),
        index.SearchField("body"),
        index.FilterField("is_multimedia"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # Readers search for a writer by name: the bylines' names are in the index too.
        index.RelatedFields(
            "bylines", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def headline(self) -> str:
        return self.title

    @cached_property
    def short_code(self) -> str:
        return short_code_encode(self.pk)

    @property
    def modified_at(self) -> Any:
        return self.updated_at or self.last_published_at or self.first_published_at

    @classmethod
    def route_fetch(cls, *, page_id: int, tree_path: str) -> ArticlePage | None:
        """The page a cached route (`masthead.core.routing`) leads to, in one small query.

        See `render_cache.article_for_route`: the live row's version, counters and view
        restrictions are read on every request; the page object comes from the local cache.
        """
        from .render_cache import article_for_route

        return article_for_route(page_id=page_id, tree_path=tree_path)

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        # Wagtail's check runs two queries per request; a cached route already knows.
        if getattr(self, "has_view_restrictions", None) is False:
            return _no_view_restrictions()
        return super().get_view_restrictions()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from . import selectors
        from .templatetags.news_tags import page_locale_fill

        page_locale_fill(self)
        context = super().get_context(request, *args, **kwargs)
        # Bylines, tags, related stories and the section are read only when a cached fragment
        # of the page (`render_cache`) has to be rendered; the counters on every request.
        context["detail"] = SimpleLazyObject(lambda: selectors.article_detail(article=self))
        context.update(selectors.article_counters(article=self))
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import services

        if services.request_counts_as_view(request):
            services.article_view_record(article_id=self.pk)
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        return []  # the sitemap is built by `sitemaps`, with images and alternates


class ArticleByline(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline_per_article")
        ]


class ArticleRelated(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related")
    related_article = models.ForeignKey(
        ArticlePage, verbose_name=_("related article"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("related_article")]


class ArticleStats(models.Model):
    """Counters shown on an article, kept apart from the page so counting never makes a revision."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    views = models.PositiveBigIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article counters")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.views} views, {self.comments} comments"


class ArticleViewTally(models.Model):
    """Views per article per hour, flushed from the buffer; Trending sums the last 24 hours."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="unique_tally_per_hour")
        ]
        indexes = [models.Index(fields=["hour", "article"])]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00: {self.views}"
