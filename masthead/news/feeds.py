"""RSS 2.0 and Atom feeds for the site, each section and each tag, with stable GUIDs.

An item's GUID is a tag URI built from the page id, so it survives a changed headline, slug or
section; readers never see an old story again as new. Links are the canonical addresses, on
the public origin (masthead/core/origin.py), as on the pages' canonical links. Routes live on
`HomePage` (site and tag feeds) and `SectionPage` in `models`.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from masthead.core.http_cache import public_page
from masthead.core.origin import public_origin

from . import selectors
from .models import ArticlePage, HomePage, SectionPage

FEED_SIZE = 30


class ArticleFeed(Feed):
    feed_type: type = Rss201rev2Feed
    home: HomePage

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        self.root_url = public_origin()
        self.language = self.home.locale.language_code
        return public_page(super().__call__)(request, *args, **kwargs)

    def absolute(self, page: Page) -> str:
        return self.root_url + (page.get_url(request=self.request) or "/")

    def articles(self) -> QuerySet[ArticlePage]:
        raise NotImplementedError

    def items(self) -> list[ArticlePage]:
        return list(self.articles().prefetch_related("bylines__author")[:FEED_SIZE])

    def link(self) -> str:
        return self.absolute(self.home)

    def feed_url(self) -> str:
        return self.root_url + self.request.path

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lede

    def item_link(self, item: ArticlePage) -> str:
        return self.absolute(item)

    def item_guid(self, item: ArticlePage) -> str:
        host = urlsplit(self.root_url).hostname or "localhost"
        return f"tag:{host},2026:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage) -> datetime.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage) -> datetime.datetime | None:
        return item.updated_at or item.first_published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return ", ".join(byline.author.name for byline in item.bylines.all())


class SiteRssFeed(ArticleFeed):
    def __init__(self, *, home: HomePage) -> None:
        super().__init__()
        self.home = home

    def title(self) -> str:
        return self.home.title

    def description(self) -> str:
        return self.home.tagline or _("The latest news")

    def articles(self) -> QuerySet[ArticlePage]:
        return selectors.articles_live(locale=self.home.locale)


class SiteAtomFeed(SiteRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class SectionRssFeed(ArticleFeed):
    def __init__(self, *, section: SectionPage) -> None:
        super().__init__()
        self.section = section
        self.home = section.get_parent().specific
        while not isinstance(self.home, HomePage):
            self.home = self.home.get_parent().specific

    def title(self) -> str:
        return f"{self.section.title} | {self.home.title}"

    def description(self) -> str:
        return self.section.intro or self.section.title

    def link(self) -> str:
        return self.absolute(self.section)

    def articles(self) -> QuerySet[ArticlePage]:
        return selectors.articles_live(locale=self.section.locale).descendant_of(self.section)


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class TagRssFeed(ArticleFeed):
    def __init__(self, *, home: HomePage, tag: Tag) -> None:
        super().__init__()
        self.home = home
        self.tag = tag

    def title(self) -> str:
        return f"{self.tag.name} | {self.home.title}"

    def description(self) -> str:
        return _("Articles tagged “%(tag)s”") % {"tag": self.tag.name}

    def link(self) -> str:
        return self.absolute(self.home) + self.home.reverse_subpage("tag", args=[self.tag.slug])

    def articles(self) -> QuerySet[ArticlePage]:
        return selectors.articles_live(locale=self.home.locale).filter(tagged_items__tag=self.tag)


class TagAtomFeed(TagRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
