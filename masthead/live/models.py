"""Data sources: a public time series by address or uploaded file, and the series it holds.

A source keeps one compact snapshot, its daily totals (`series_values` from `series_start`),
small enough to render a card from (JHU's 1,143 days are about 12 kB of JSON). Only
`services` writes it, after `parsers` has validated a file; `version` goes up whenever the
data changes, and the card is cached per version (`blocks`).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import DataCardBlock, ProgrammeBlock

PARSER_CHOICES = [
    ("jhu_csse_global", _("JHU CSSE global time series (wide: one column per day)")),
    ("daily_csv", _("Daily CSV (a 'date' column and a column of values)")),
    ("daily_json", _("Daily JSON (records with a 'date', or an object of days to values)")),
]


class DataSource(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("For editors, e.g. 'Deaths'."))
    url = models.URLField(
        _("file address"),
        max_length=500,
        blank=True,
        help_text=_("Fetched on a schedule. Leave blank to use an uploaded file."),
    )
    upload = models.FileField(_("uploaded file"), upload_to="live/", blank=True)
    parser = models.CharField(_("format"), max_length=40, choices=PARSER_CHOICES)
    column = models.CharField(
        _("column"),
        max_length=100,
        blank=True,
        help_text=_(
            "The column of values (daily CSV), or the path to the series (daily JSON: "
            "'deaths', 'data.deaths')."
        ),
    )
    link_url = models.URLField(
        _("source page"), max_length=500, blank=True, help_text=_("Where readers learn more.")
    )
    attribution = models.CharField(_("attribution"), max_length=300)
    licence_name = models.CharField(_("licence"), max_length=100)
    licence_url = models.URLField(_("licence address"), max_length=500, blank=True)
    stale_after_days = models.PositiveIntegerField(
        _("stale after (days)"),
        default=2,
        help_text=_(
            "Past this many days without a new day of data, the card says 'last reported'."
        ),
    )
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, editable=False)
    last_changed_at = models.DateTimeField(_("last changed"), null=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_code = models.CharField(max_length=40, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, editable=False)
    series_start = models.DateField(null=True, editable=False)
    series_values = models.JSONField(default=list, editable=False)
    series_file_end = models.DateField(null=True, editable=False)
    series_row_count = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.url and not self.upload:
            raise ValidationError(_("Give the file's address or upload the file."), code="origin")
        if self.parser == "daily_csv" and not self.column:
            raise ValidationError(
                {"column": _("Name the column of values for a daily CSV.")}, code="column"
            )
        if self.parser == "daily_json" and not self.column:
            raise ValidationError(
                {"column": _("Name the path to the series in the JSON file, e.g. 'deaths'.")},
                code="column",
            )

    @property
    def last_reported(self) -> datetime.date | None:
        """The last day with data (a stopped series ends before its file does)."""
        if self.series_start is None or not self.series_values:
            return None
        return self.series_start + datetime.timedelta(days=len(self.series_values) - 1)

    def is_stale(self, *, today: datetime.date) -> bool:
        """No new day of data for longer than the source's threshold, or none at all."""
        last = self.last_reported
        return last is None or (today - last).days > self.stale_after_days


@register_setting(icon="table")
class DataWidgetSetting(BaseSiteSetting):
    """The site-wide widget slot: one data card shown beside the home page's rails."""

    card = StreamField(
        [("data_card", DataCardBlock())],
        verbose_name=_("data card"),
        blank=True,
        max_num=1,
        help_text=_("Shown on the home page; leave empty for none."),
    )

    class Meta:
        verbose_name = _("data widget")


@register_setting(icon="media")
class RadioSetting(BaseSiteSetting):
    """The station's live stream and its weekly on-air schedule: the header's Listen Live.

    Empty stream address: no Listen Live anywhere. The stream's origin is added to the pages'
    Content-Security-Policy (`media-src`) so that the browser may play it.
    """

    station_name = models.CharField(
        _("station name"), max_length=120, blank=True, help_text=_("e.g. 'Masthead Radio'.")
    )
    stream_url = models.URLField(
        _("live stream address"),
        max_length=500,
        blank=True,
        help_text=_(
            "An Icecast or Shoutcast stream (MP3, AAC, Ogg), or an HLS playlist (.m3u8) for "
            "the browsers that play HLS. Blank: no Listen Live."
        ),
    )
    schedule = StreamField(
        [("programme", ProgrammeBlock())],
        verbose_name=_("on-air schedule"),
        blank=True,
        help_text=_("What is on air, shown as 'Now on air' beside the player."),
    )

    class Meta:
        verbose_name = _("radio")
