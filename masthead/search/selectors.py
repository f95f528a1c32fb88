"""Search reads: live articles of one edition matching a query, best first."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from wagtail.models import Locale

from masthead.news.models import ArticlePage

from .highlight import highlight, query_terms

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


def search_words(query: str) -> list[str]:
    """The words of a reader's query, without the quotes and operators full-text engines parse.

    SQLite's FTS5 and PostgreSQL's tsquery both give meaning to punctuation (an unbalanced
    quote is a syntax error in FTS5); readers mean words, so words are all we pass on.
    """
    return re.findall(r"\w+", query[:MAX_QUERY_LENGTH], flags=re.UNICODE)[:MAX_WORDS]


def article_search(*, query: str, locale: Locale, page_number: str | None) -> dict[str, Any]:
    """One page of results with highlighted headlines and ledes; raises Http404 past the end."""
    articles = (
        ArticlePage.objects.live()
        .filter(locale=locale)
        .select_related("lead_image")
        .only(
            "id", "title", "lede", "url_path", "path", "depth", "first_published_at", "lead_image"
        )
    )
    words = search_words(query)
    results = articles.search(" ".join(words), operator="and") if words else articles.none()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("no such results page") from error
    terms = query_terms(query)
    return {
        "page": page,
        "results": [
            {
                "article": article,
                "headline": highlight(article.title, terms),
                "lede": highlight(article.lede, terms),
            }
            for article in page.object_list
        ],
        "total": paginator.count,
    }
