"""The search page: /search/?q=… (and /fr/search/ for the French edition)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale

from masthead.core.http_cache import public_page

from .selectors import MAX_QUERY_LENGTH, article_search


@public_page
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query, "max_length": MAX_QUERY_LENGTH}
    if query:
        locale = Locale.objects.filter(language_code=get_language()).first() or Locale.get_default()
        context.update(
            article_search(query=query, locale=locale, page_number=request.GET.get("page"))
        )
    return render(request, "search/search.html", context)
