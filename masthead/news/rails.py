"""The rails beside articles and sections: All news, Recommended, Multimedia, Trending.

The home page shows the same rails in its own grid (`selectors.home_rails`); articles and
sections show them in a column beside the page (stacked under it on a phone), rendered once
and kept as HTML in the process-local cache, so a page view costs no query for them.

Why this cache and how it is dropped: an article's own content is cached per published
version (`render_cache`), but the rails change whenever any story of the edition is published
or read enough to trend. Their HTML lives RAILS_SECONDS in each process (as the shell's
navigation does, `news_tags`), under a key that holds a generation kept in the shared cache:
publishing or unpublishing an article bumps it (`rails_purge`, from `signal_handlers`), so
every process renders them afresh on its next view. Reading the generation is one cache
lookup (Redis or the file cache), never a database query. A page kept whole by the page cache
or a proxy keeps its rails for as long as it keeps the page (60 seconds by default).

The same generation keys the listing fragments (`listing_fragment_html`, behind the
`{% listing_fragment %}` tag): the grid of the home page and the first page of a section, a
tag, an author and All news. Those are the pages every publish purges from the page cache,
so they were rendered often, at 12-30 ms each (cards, renditions, rails queries) against the
article's 2 ms; now the render on a hit is a cache lookup.

Entry points: `rails_html` (behind the `{% side_rails %}` tag in `news_tags`),
`listing_fragment_html` and `rails_purge`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from masthead.core.http_cache import shared_counter_bump

RAILS_SECONDS = 30
GENERATION_KEY = "news:rails:generation"
GENERATION: tuple[str, int | None] = (GENERATION_KEY, None)  # key and version, to read it
TEMPLATE = "news/includes/side_rails.html"


class _RequestMemo(threading.local):
    """The generation as this thread's current request first read it (None: not in a request)."""

    in_request = False
    generation: int | None = None


_memo = _RequestMemo()


def _generation() -> int:
    """The rails' generation, read from the shared cache once per request.

    A section view asked three times (its listing fragment's header and grid, the rails): on
    the embedded default each is a file opened, read and unpickled. Outside a request (the
    task worker, a shell) it is read every time, so nothing keeps an old generation.
    """
    if _memo.in_request and _memo.generation is not None:
        return _memo.generation
    generation = int(cache.get(GENERATION_KEY) or 0)
    if _memo.in_request:
        _memo.generation = generation
    return generation


def generation_remember(generation: int) -> None:
    """The generation as read with other keys in one round trip (`site_root_paths_share`),
    kept for the rest of the request unless it read one already."""
    if _memo.in_request and _memo.generation is None:
        _memo.generation = generation


def _request_started(**_kwargs: object) -> None:
    _memo.in_request, _memo.generation = True, None


def _request_finished(**_kwargs: object) -> None:
    _memo.in_request, _memo.generation = False, None


request_started.connect(_request_started, dispatch_uid="news-rails-generation-memo")
request_finished.connect(_request_finished, dispatch_uid="news-rails-generation-memo")


def rails_html(*, request: HttpRequest | None, home_id: int, home_url: str) -> SafeString:
    """The rails of the edition whose home page is `home_id`, in the active language."""
    from . import selectors
    from .models import HomePage

    key = f"news:rails:v1:{home_id}:{get_language()}:{_generation()}"
    local = caches["local"]
    html: str | None = local.get(key)
    if html is None:
        home = HomePage.objects.filter(pk=home_id).select_related("locale").first()
        if home is None:
            return mark_safe("")
        rails = selectors.home_rails(home=home)
        html = render_to_string(
            TEMPLATE,
            {
                "home_url": home_url,
                "all_news": rails["newest"],
                "recommended": rails["recommended"],
                "multimedia": rails["multimedia"],
                "trending": rails["trending"],
            },
            request=request,
        )
        local.set(key, html, RAILS_SECONDS)
    return mark_safe(html)


def listing_fragment_html(
    *, key_parts: tuple[object, ...], render: Callable[[], str]
) -> SafeString:
    """The HTML `render` makes, kept RAILS_SECONDS in this process until the next publish.

    `key_parts` name what else the HTML depends on (the page and its published revision, the
    request's path); the active language and the generation are added here.
    """
    key = ":".join(
        ["news:listing:v1", get_language() or "", str(_generation()), *map(str, key_parts)]
    )
    local = caches["local"]
    html: str | None = local.get(key)
    if html is None:
        html = render()
        local.set(key, html, RAILS_SECONDS)
    return mark_safe(html)


def rails_purge() -> None:
    """Every process renders the rails afresh on its next page view (a story was published)."""
    _memo.generation = None  # a publish in a request renders the new generation at once
    shared_counter_bump(GENERATION_KEY)
