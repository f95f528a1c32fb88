"""`{% data_widget %}`: the site-wide data card slot, from the site's data widget setting;
`{% listen_live %}`: the header's Listen Live, when the site has a live stream.

The slot's HTML is kept in the process-local cache per site and language for
`WIDGET_SECONDS`, so a page showing it runs no query on a hit; like the shell's other
caches, a change (a new setting, a refreshed source) shows within that time.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from masthead.live.models import DataWidgetSetting
from masthead.live.selectors import radio_for_site

register = template.Library()

WIDGET_SECONDS = 30


@register.simple_tag(takes_context=True)
def data_widget(context: dict[str, Any]) -> SafeString:
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return SafeString("")
    cache = caches["local"]
    key = f"live:widget:v1:{site.pk}:{get_language()}"
    html = cache.get(key)
    if html is None:
        setting = DataWidgetSetting.for_site(site)
        html = "".join(str(block.render()) for block in setting.card)
        cache.set(key, html, WIDGET_SECONDS)
    return mark_safe(html)


@register.inclusion_tag("live/_listen_live.html", takes_context=True)
def listen_live(context: dict[str, Any]) -> dict[str, Any]:
    """The Listen Live link (to /radio/, the player without JavaScript) and the small script
    that, on a press, loads the player that keeps playing across pages. Nothing without a
    stream. The radio's setting comes from the process-local cache: no query on a page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    radio = radio_for_site(site.pk) if site is not None else None
    return {"radio": radio}
