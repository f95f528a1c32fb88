"""Purge what a story's publication changes: its sections, home, feeds, tags, sitemaps, rails.

Also drops the cached listings when a section or an author changes (`_listings_changed`),
every stored page when a view restriction changes (`_view_restriction_changed`),
and has the task worker render a published article with a picture once (`_renditions_warm`),
so that no web worker makes its image renditions.

Wagtail's frontend cache already purges the page itself on publish and unpublish; this adds
the listings that show it, through the same mechanism (`purge_urls_from_cache`). Also hooks
into Wagtail's page serving so that an article served from the in-app page cache still counts
as a view (`count_views_on_cache_hits`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from masthead.core.http_cache import request_on_cache_hit

from .models import ArticlePage, Author, SectionPage
from .rails import rails_purge


def _article_listing_paths(article: ArticlePage) -> list[str]:
    from .models import HomePage, SectionPage

    paths: list[str] = ["/sitemap.xml", "/news-sitemap.xml"]
    for ancestor in article.get_ancestors().specific():
        if not isinstance(ancestor, HomePage | SectionPage):
            continue
        url = ancestor.get_url()
        if not url:
            continue
        paths += [url, f"{url}feeds/rss/", f"{url}feeds/atom/"]
        if isinstance(ancestor, HomePage):
            paths.append(f"{url}news/")
            for tag in article.tags.all():
                paths += [
                    f"{url}tags/{tag.slug}/",
                    f"{url}tags/{tag.slug}/feeds/rss/",
                    f"{url}tags/{tag.slug}/feeds/atom/",
                ]
            paths += [f"{url}authors/{b.author.slug}/" for b in article.bylines.all()]
    return paths


def _purge_listings(instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, ArticlePage):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    site = instance.get_site()
    if site is None:
        return
    root = site.root_url
    urls = [root + path for path in _article_listing_paths(instance)]
    transaction.on_commit(lambda: purge_urls_from_cache(urls))
    transaction.on_commit(rails_purge)  # the rails beside articles and sections


@hooks.register("before_serve_page")
def count_views_on_cache_hits(page: Any, request: HttpRequest, *args: Any) -> None:
    """An article served later from the in-app page cache records a view on each hit."""
    if isinstance(page, ArticlePage) and request.method == "GET":
        request_on_cache_hit(
            request, "masthead.news.services.article_view_record", article_id=page.pk
        )


def _renditions_warm(instance: Any, **kwargs: Any) -> None:
    """An article with a lead picture is rendered once by the task worker after publication."""
    if not isinstance(instance, ArticlePage) or instance.lead_image_id is None:
        return
    from .tasks import page_warm_enqueue

    page_id = instance.pk
    transaction.on_commit(lambda: page_warm_enqueue(page_id))


def _view_restriction_changed(instance: PageViewRestriction, **kwargs: Any) -> None:
    """A password or group given to a page, or taken off: stored copies go after commit."""
    from .services import view_restriction_changed

    page_id = instance.page_id
    transaction.on_commit(lambda: view_restriction_changed(page_id=page_id))


def _listings_changed(instance: Any, **kwargs: Any) -> None:
    """A section or an author changed: listings rendered with the old one are dropped.

    (Listing fragments and rails, `masthead.news.rails`; an article's publication bumps the
    same generation in `_purge_listings`.) A section's own page is keyed by its revision, but
    its parent lists it among the subsections, and an author's page shows the bio.
    """
    if isinstance(instance, SectionPage | Author):
        transaction.on_commit(rails_purge)


page_published.connect(_listings_changed, dispatch_uid="news_listings_changed_on_publish")
page_unpublished.connect(_listings_changed, dispatch_uid="news_listings_changed_on_unpublish")
post_save.connect(_listings_changed, sender=Author, dispatch_uid="news_author_saved")
post_delete.connect(_listings_changed, sender=Author, dispatch_uid="news_author_deleted")
page_published.connect(_purge_listings, dispatch_uid="news_purge_listings_on_publish")
page_published.connect(_renditions_warm, dispatch_uid="news_renditions_warm_on_publish")
page_unpublished.connect(_purge_listings, dispatch_uid="news_purge_listings_on_unpublish")
post_save.connect(
    _view_restriction_changed, sender=PageViewRestriction, dispatch_uid="news_restriction_saved"
)
post_delete.connect(
    _view_restriction_changed, sender=PageViewRestriction, dispatch_uid="news_restriction_gone"
)
