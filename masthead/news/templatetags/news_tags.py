"""Template tags for the page shell, article cards and the article's cached fragments.

`{% article_fragment "name" %}…{% endarticle_fragment %}` renders its content once per
published version of the page and language (see `masthead.news.render_cache`), except the
parts marked `{% uncached %}…{% enduncached %}` (counters, the userbar).

Shell lookups (edition homes, navigation, locales, a page's language versions) are cached in the
process-local cache for 30 seconds: they change only when editors publish, and the shell must
not cost a query per request.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.core.cache import caches
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from masthead.news.models import HomePage, SectionPage
from masthead.news.render_cache import FragmentRecording, fragment_render
from masthead.news.structured_data import article_news_json_ld

register = template.Library()
SHELL_CACHE_SECONDS = 30


def _local() -> Any:
    return caches["local"]


def _edition_homes() -> dict[str, tuple[int, str, str, int]]:
    """{language code: (home page id, URL, tree path, depth)} for every live edition."""
    key = "news:edition-homes"
    homes = _local().get(key)
    if homes is None:
        homes = {}
        for home in HomePage.objects.live().select_related("locale").order_by("id"):
            homes.setdefault(
                home.locale.language_code, (home.pk, home.url or "/", home.path, home.depth)
            )
        _local().set(key, homes, SHELL_CACHE_SECONDS)
    return homes


def edition_home(language: str | None = None) -> tuple[int, str, str, int] | None:
    homes = _edition_homes()
    language = language or get_language() or settings.LANGUAGE_CODE
    return (
        homes.get(language) or homes.get(settings.LANGUAGE_CODE) or next(iter(homes.values()), None)
    )


@register.simple_tag
def edition_home_url() -> str:
    home = edition_home()
    return home[1] if home else "/"


@register.inclusion_tag("news/includes/navigation.html", takes_context=True)
def site_navigation(context: dict[str, Any]) -> dict[str, Any]:
    home = edition_home()
    items: list[tuple[str, str]] = []
    if home:
        key = f"news:navigation:{home[0]}"
        cached = _local().get(key)
        if cached is None:
            cached = [
                (section.title, section.url)
                for section in SectionPage.objects.live()
                .filter(path__startswith=home[2], depth=home[3] + 1)
                .order_by("path")
                .only("title", "url_path", "path", "depth")
            ]
            _local().set(key, cached, SHELL_CACHE_SECONDS)
        items = cached
    request = context.get("request")
    current = request.path if request else ""
    return {"items": items, "current_path": current}


@dataclass(frozen=True)
class Edition:
    """One language version of a page, as the head and the language switcher link to it."""

    page_id: int
    language_code: str
    url: str
    full_url: str


def _locales() -> dict[int, Locale]:
    """Every locale by id (a handful, almost never changed), from the process-local cache."""
    locales = _local().get("news:locales")
    if locales is None:
        locales = {locale.pk: locale for locale in Locale.objects.all()}
        _local().set("news:locales", locales, SHELL_CACHE_SECONDS)
    return locales


def locale_for_language(language_code: str | None) -> Locale | None:
    """The Locale of a language code, from the cached locales (None when there is none)."""
    for locale in _locales().values():
        if locale.language_code == language_code:
            return locale
    return None


def page_locale_fill(page: Any) -> None:
    """Give the page its Locale from the cached locales, so `page.locale` costs no query."""
    if page._meta.get_field("locale").is_cached(page):
        return
    locale = _locales().get(page.locale_id)
    if locale is not None:
        page.locale = locale


def page_editions(page: Any) -> list[Edition]:
    """The page's live language versions (itself first), cached like the rest of the shell.

    The head (hreflang links) and the header (language switcher) both need them. The page's
    own locale is filled in from the cached locales, so templates reading `page.locale` cost
    no query either.
    """
    if page is None or not hasattr(page, "translation_key"):
        return []
    page_locale_fill(page)
    key = f"news:editions:{page.translation_key}"
    editions = _local().get(key)
    if editions is None:
        editions = [
            Edition(row.pk, row.locale.language_code, row.url, row.full_url)
            for row in Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .order_by("locale__language_code")
        ]
        _local().set(key, editions, SHELL_CACHE_SECONDS)
    own = [edition for edition in editions if edition.page_id == page.pk]
    if not own:  # a draft being previewed is not among the live versions
        own = [Edition(page.pk, page.locale.language_code, page.url or "", page.full_url or "")]
    return own + [edition for edition in editions if edition.page_id != page.pk]


@register.inclusion_tag("news/includes/language_switcher.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    """Links to the same page in the other editions where it exists, else to their homes."""
    page = context.get("page")
    current = get_language()
    links = []
    translations = {edition.language_code: edition.url for edition in page_editions(page)[1:]}
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = translations.get(code) or (edition_home(code) or (0, "/", "", 0))[1]
        links.append({"code": code, "name": name, "url": url})
    return {"links": links}


@register.simple_tag(takes_context=True)
def site_feed_links(context: dict[str, Any]) -> SafeString:
    home_url = edition_home_url()
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} RSS" href="{}feeds/rss/">'
        '<link rel="alternate" type="application/atom+xml" title="{} Atom" href="{}feeds/atom/">',
        context.get("site_name", ""),
        home_url,
        context.get("site_name", ""),
        home_url,
    )


RECORDING = "article_fragment_recording"


class ArticleFragmentNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist
        self.holes: dict[int, template.Node] = {}  # learnt while recording, per process

    def render(self, context: template.Context) -> SafeString:
        def record(recording: FragmentRecording | None) -> str:
            if recording is None:
                return self.nodelist.render(context)
            with context.push({RECORDING: recording}):
                return self.nodelist.render(context)

        return fragment_render(
            page=context.get("page"),
            request=context.get("request"),
            name=self.name,
            holes=self.holes,
            record=record,
            fill=lambda node: node.nodelist.render(context),
        )


class UncachedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, *, same_for_guests: bool = False) -> None:
        self.nodelist = nodelist
        self.same_for_guests = same_for_guests

    def render(self, context: template.Context) -> str:
        recording = context.get(RECORDING)
        if recording is not None:
            return recording.hole(self)
        return self.nodelist.render(context)


def _block_tag(
    parser: template.base.Parser, token: template.base.Token
) -> tuple[list[str], template.NodeList]:
    bits = token.split_contents()
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return bits, nodelist


@register.tag("article_fragment")
def article_fragment(
    parser: template.base.Parser, token: template.base.Token
) -> ArticleFragmentNode:
    """`{% article_fragment "name" %}…{% endarticle_fragment %}`: cached per page version.

    See `masthead.news.render_cache`. Parts marked `{% uncached %}` inside it (also in
    included templates and parent blocks, but not in inclusion tags) render on every request,
    with the context the fragment tag sees: variables of a `{% with %}` or `{% for %}` around
    an `{% uncached %}` are not there on a cache hit.
    """
    bits, nodelist = _block_tag(parser, token)
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted fragment name")
    return ArticleFragmentNode(bits[1][1:-1], nodelist)


class ListingFragmentNode(template.Node):
    """Renders its content once per publish (and at most every RAILS_SECONDS) per process."""

    def __init__(self, nodelist: template.NodeList, name: str = "") -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        from hashlib import sha1

        from masthead.news.rails import listing_fragment_html

        request = context.get("request")
        page = context.get("page")
        if (
            request is None
            or page is None
            or request.method not in {"GET", "HEAD"}
            or request.META.get("QUERY_STRING")  # later pages: any cursor, rarely read
            or getattr(request, "is_preview", False)
        ):
            return self.nodelist.render(context)
        path = sha1(request.path.encode(), usedforsecurity=False).hexdigest()[:16]
        return listing_fragment_html(
            key_parts=(page.pk, page.live_revision_id, path, *([self.name] if self.name else [])),
            render=lambda: self.nodelist.render(context),
        )


@register.tag("listing_fragment")
def listing_fragment(
    parser: template.base.Parser, token: template.base.Token
) -> ListingFragmentNode:
    """`{% listing_fragment %}…{% endlisting_fragment %}`: a listing's HTML, cached per publish.

    For the home page's grid and the first page of the listings (see `masthead.news.rails`).
    A page with two fragments names the second (`{% listing_fragment "header" %}`), so that
    something rendered on every request (a section's data cards) can sit between them.
    What it shows must come from lazy context (`SimpleLazyObject`), so that a hit reads nothing,
    and must be the same for every reader: nothing of the member, no form with a CSRF token.
    """
    bits, nodelist = _block_tag(parser, token)
    if len(bits) > 2 or (len(bits) == 2 and bits[1][:1] not in {'"', "'"}):
        raise template.TemplateSyntaxError(f"{bits[0]} takes at most a quoted name")
    return ListingFragmentNode(nodelist, bits[1][1:-1] if len(bits) == 2 else "")


@register.tag("uncached")
def uncached(parser: template.base.Parser, token: template.base.Token) -> UncachedNode:
    """`{% uncached %}…{% enduncached %}`: rendered on every request (counters, the userbar).

    `{% uncached same_for_guests %}` marks a part that, for visitors who are not logged in,
    depends only on the request's path and on what the fragment's key holds (the page's
    version, the language, the host): the log-in links and their `?next=`. For guests it is
    rendered once per fragment and path (`masthead.news.render_cache`); for members, on every
    request. Nothing personal to one guest (a message, a form's errors) may go in one.
    """
    bits, nodelist = _block_tag(parser, token)
    if bits[1:] not in ([], ["same_for_guests"]):
        raise template.TemplateSyntaxError(f"{bits[0]} takes no argument but same_for_guests")
    return UncachedNode(nodelist, same_for_guests=len(bits) == 2)


@register.simple_tag(takes_context=True)
def article_json_ld(context: dict[str, Any]) -> SafeString:
    page = context["page"]
    detail = context.get("detail") or {}
    section = detail.get("section")
    home = edition_home(page.locale.language_code)
    data = article_news_json_ld(
        article=page,
        request=context["request"],
        authors=detail.get("authors", []),
        section_title=section.title if section else None,
        home_url=home[1] if home else "/",
    )
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def editions_x_default(editions: list[Edition]) -> Edition | None:
    """The version for readers of no edition's language: the default language's, else the first."""
    default = settings.LANGUAGE_CODE
    return next((e for e in editions if e.language_code == default), None) or (
        editions[0] if editions else None
    )


def path_editions(path: str) -> list[Edition]:
    """The same route in every edition (search, account pages, an author): its path swapped.

    For the views outside the page tree, which every edition serves under its own prefix.
    """
    from masthead.core.origin import public_url

    return [
        Edition(0, code, url, public_url(url))
        for code, url in _path_translations(path, tuple(settings.LANGUAGES), settings.ROOT_URLCONF)
    ]


@functools.lru_cache(maxsize=2048)
def _path_translations(
    path: str, languages: tuple[tuple[str, str], ...], urlconf: str
) -> tuple[tuple[str, str], ...]:
    """`translate_url` of a path into each language, kept per process.

    Each call resolves the path and reverses it again: eight of them were a tenth of an author
    page's or a comments thread's render. A path's translations change only with the URLconf,
    which is part of the key; search paths carry their query, so the cache is bounded.
    """
    from django.urls import translate_url

    return tuple((code, translate_url(path, code)) for code, _name in languages)


@register.simple_tag(takes_context=True)
def hreflang_links(context: dict[str, Any], page: Any = None) -> SafeString:
    """<link rel="alternate" hreflang> for every edition's version, and x-default.

    With a page: its live translations (a story only some editions carry lists only those).
    Without: the request's route in every edition (search, account and legal pages).
    """
    if page is not None:
        editions = page_editions(page)
    else:
        request = context.get("request")
        if request is None or request.resolver_match is None:
            return mark_safe("")
        editions = path_editions(request.get_full_path())
    x_default = editions_x_default(editions)
    if x_default is None:
        return mark_safe("")
    links = sorted((edition.language_code, edition.full_url) for edition in editions)
    return format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}">',
        [*links, ("x-default", x_default.full_url)],
    )


@register.simple_tag(takes_context=True)
def side_rails(context: dict[str, Any]) -> SafeString:
    """The rails beside an article or a section, from their cache (`masthead.news.rails`)."""
    from masthead.news.rails import rails_html

    home = edition_home()
    if home is None:
        return mark_safe("")
    return rails_html(request=context.get("request"), home_id=home[0], home_url=home[1])


@register.simple_tag
def header_date() -> SafeString:
    """Today's date and the time in GMT for the page header ("Sunday 6 December 2026, 13:20 GMT").

    Rendered on every render (an `{% uncached %}` part of a cached article), so a page kept
    by a cache shows the time it was rendered; `clock.js` brings it up to the minute in the
    browser, and keeps it there.
    """
    from django.utils import timezone, translation

    from masthead.core.timefmt import GMT, iso_stamp

    now = timezone.now().astimezone(GMT)
    language = translation.get_language() or settings.LANGUAGE_CODE
    return format_html(
        '<time class="site-date" datetime="{}" data-clock>{}, {}</time>',
        iso_stamp(now),
        _header_day(language, now.date()),
        now.strftime("%H:%M GMT"),
    )


@functools.lru_cache(maxsize=64)
def _header_day(language: str, day: datetime.date) -> str:
    """The day as `header_date` writes it, once per day and language: each article view shows
    it, and formatting it looks up translated day and month names each time."""
    from django.utils.formats import date_format

    return date_format(day, HEADER_DATE_FORMATS.get(language, HEADER_DATE_FORMATS["en"]))


# The header's full date in each edition, as the browser's Intl.DateTimeFormat writes it with
# the weekday (CLDR's full date, Western digits), so that `clock.js` changes nothing but the
# day at midnight. English is the site's own, day first with no comma ("Sunday 6 December
# 2026"), which `clock.js` puts together from the parts; Russian needs the genitive month (E).
HEADER_DATE_FORMATS = {
    "en": "l j F Y",
    "fr": "l j F Y",
    "es": r"l, j \d\e F \d\e Y",
    "pt": r"l, j \d\e F \d\e Y",
    "de": "l, j. F Y",
    "ru": "l, j E Y г.",
    "ar": "l، j F Y",
    "zh-hans": "Y年n月j日l",
}


@register.simple_tag
def rail_title(name: str) -> str:
    titles = {
        "all_news": _("All news"),
        "recommended": _("Recommended"),
        "multimedia": _("Multimedia"),
        "trending": _("Trending"),
    }
    return titles.get(name, name)
