"""Reader-facing views outside the page tree: short links, sitemaps, robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from masthead.core.http_cache import public_page
from masthead.core.origin import public_origin, public_url

from . import selectors
from .models import ArticlePage
from .shortlinks import ShortCodeInvalid, short_code_decode


@public_page
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """/s/<code>: a permanent redirect to the article's canonical address."""
    try:
        article_id = short_code_decode(code)
    except ShortCodeInvalid as error:
        raise Http404("unknown short link") from error
    article = ArticlePage.objects.live().filter(id=article_id).only("url_path", "path").first()
    if article is None:
        raise Http404("unknown short link")
    return HttpResponsePermanentRedirect(article.get_full_url(request=request))


def search_path(language: str) -> str:
    """The search page's path in an edition (/search/, /fr/search/)."""
    with translation.override(language):
        return reverse("search")


@public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    chunks = [
        public_url(reverse("sitemap_articles", args=[number]))
        for number in range(selectors.sitemap_chunk_count())
    ]
    chunks.append(public_url(reverse("news_sitemap")))
    return render(
        request,
        "news/sitemaps/index.xml",
        {"sitemaps": chunks},
        content_type="application/xml; charset=utf-8",
    )


@public_page
def sitemap_articles(request: HttpRequest, chunk: int) -> HttpResponse:
    if chunk >= selectors.sitemap_chunk_count():  # also keeps huge numbers out of the SQL
        raise Http404("no such sitemap chunk")
    entries = selectors.sitemap_articles(chunk=chunk)
    # One query for every lead image's renditions, not one per article.
    images = [entry["article"].lead_image for entry in entries if entry["article"].lead_image]
    prefetch_related_objects(images, "renditions")
    return render(
        request,
        "news/sitemaps/articles.xml",
        {"entries": entries, "site_root": public_origin()},
        content_type="application/xml; charset=utf-8",
    )


@public_page
def news_sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/sitemaps/news.xml",
        {
            "articles": selectors.news_sitemap_articles(),
            "publication_name": settings.MASTHEAD_PUBLISHER_NAME,
        },
        content_type="application/xml; charset=utf-8",
    )


@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/robots.txt",
        {
            "sitemap_url": public_url(reverse("sitemap_index")),
            # Every edition's search page: results pages are endless and thin.
            "search_paths": [search_path(code) for code, _name in settings.LANGUAGES],
        },
        content_type="text/plain; charset=utf-8",
    )
