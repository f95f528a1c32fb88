"""The search page: /search/?q=… (and /fr/search/ for the French edition)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale

from masthead.core.http_cache import public_page
from masthead.news.templatetags.news_tags import locale_for_language

from .selectors import MAX_QUERY_LENGTH, article_search, search_fallback


@public_page
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query, "max_length": MAX_QUERY_LENGTH}
    if query:
        # The edition's Locale from the process-local cache the page shell keeps (no query).
        locale = locale_for_language(get_language()) or Locale.get_default()
        found = article_search(query=query, locale=locale, page_number=request.GET.get("page"))
        context.update(found)
        if not found["results"]:
            # Never a bare "0 results": the latest news and the sections to go on from.
            context.update(search_fallback(locale=locale))
    return render(request, "search/search.html", context)
