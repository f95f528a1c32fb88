"""The data card block: a titled list of figures, each from a data source.

Editors place it in an article's body (and the site-wide slot uses the same template). It
renders once per version of its sources and per day (`selectors.data_card_version`) into the
process-local cache, so a refreshed source shows at once and an unchanged one costs no render.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .selectors import data_card_credits, data_card_json_ld, data_card_row, data_card_version

if TYPE_CHECKING:  # models import this module for the site-wide slot's StreamField
    from .models import DataSource

CARD_SECONDS = 3600
LOCAL_CACHE = "local"


class DataCardRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), help_text=_("e.g. 'Confirmed cases'."))
    source = SnippetChooserBlock("live.DataSource", label=_("Data source"))

    class Meta:
        icon = "table"


def data_card_render(*, title: str, rows: list[tuple[str, DataSource]]) -> SafeString:
    """The card's HTML for (label, source) rows, from the local cache when nothing changed."""
    today = timezone.localdate()
    sources = [source for _label, source in rows]
    labels = "\x1f".join(label for label, _source in rows)
    version = f"{title}\x1f{labels}\x1f{data_card_version(sources, today=today)}"
    key = f"live:card:v1:{get_language()}:{hashlib.md5(version.encode()).hexdigest()}"
    cache = caches[LOCAL_CACHE]
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "live/data_card.html",
            {
                "title": title,
                "rows": [
                    data_card_row(label=label, source=source, today=today) for label, source in rows
                ],
                "credits": data_card_credits(sources),
                "json_ld": mark_safe(data_card_json_ld(title=title, sources=sources)),
                "updated_at": max(
                    (source.last_changed_at for source in sources if source.last_changed_at),
                    default=None,
                ),
            },
        )
        cache.set(key, html, CARD_SECONDS)
    return mark_safe(html)


class DataCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), default=_("COVID-19 global data"))
    rows = blocks.ListBlock(DataCardRowBlock(), min_num=1, label=_("Figures"))

    class Meta:
        icon = "table"
        label = _("Data card")

    def render(self, value: Any, context: dict[str, Any] | None = None) -> SafeString:
        rows = [(row["label"], row["source"]) for row in value["rows"] if row["source"]]
        return data_card_render(title=value["title"], rows=rows)


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


def _edition_choices() -> list[tuple[str, Any]]:
    from django.conf import settings

    return [("", _("Every edition")), *settings.WAGTAIL_CONTENT_LANGUAGES]


class ProgrammeBlock(blocks.StructBlock):
    """One programme of the radio's on-air schedule: a weekly slot, in GMT like every time on
    the site, for one edition or all of them (`selectors.radio_programme_on_air`)."""

    title = blocks.CharBlock(label=_("programme"), max_length=120)
    host = blocks.CharBlock(label=_("host"), max_length=120, required=False)
    language = blocks.ChoiceBlock(
        label=_("edition"),
        choices=_edition_choices,
        required=False,
        help_text=_("The edition whose readers hear it; blank for every edition."),
    )
    days = blocks.MultipleChoiceBlock(label=_("days"), choices=WEEKDAYS)
    starts = blocks.TimeBlock(label=_("starts (GMT)"))
    ends = blocks.TimeBlock(
        label=_("ends (GMT)"),
        help_text=_("At or before the start: the programme ends after midnight."),
    )

    class Meta:
        icon = "media"
        label = _("programme")
