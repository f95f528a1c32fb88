"""The custom image model: every photo carries its caption, credit, agency and archive date.

Swapping Wagtail's image model later is painful, so it exists from day one.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.images.models import AbstractImage, AbstractRendition, Image

ARCHIVE_MARK = "(FILES)"


class NewsImage(AbstractImage):
    """A photo with the editorial data a news page prints under it."""

    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("For example: © AP Photo / Jane Doe")
    )
    agency = models.CharField(_("source agency"), max_length=120, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    is_archive = models.BooleanField(
        _("file photo"), default=False, help_text=_("A photo taken earlier than the story.")
    )
    archive_date = models.DateField(
        _("date taken"),
        null=True,
        blank=True,
        help_text=_("For a file photo: the day it was originally taken."),
    )

    admin_form_fields = (
        *Image.admin_form_fields,
        "caption",
        "alt_text",
        "credit",
        "agency",
        "is_archive",
        "archive_date",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def default_alt_text(self) -> str:
        return self.alt_text or self.caption or self.title

    @property
    def archive_note(self) -> str:
        """The "(FILES)" note printed before a file photo's caption, or "" for a fresh photo."""
        if not self.is_archive:
            return ""
        if self.archive_date:
            taken: datetime.date = self.archive_date
            return str(
                _("(FILES) In this file photo taken on %(date)s")
                % {"date": formats.date_format(taken, _wire_date_format())}
            )
        return str(_("(FILES) File photo"))

    def caption_parts(self, caption: str = "") -> tuple[str, str, str]:
        """(note, separator, caption) as printed under the photo; `caption` overrides the image's.

        The note comes from the file-photo fields only: a caption that already opens with
        "(FILES)" (an agency's, or a demo loaded before) keeps its own and gets no second one.
        """
        text = (caption or self.caption).strip()
        note = self.archive_note
        if not note or text.startswith(ARCHIVE_MARK):
            return "", "", text
        # Translatable: French typography puts a space before the colon.
        separator = pgettext("between a file photo's note and its caption", ": ")
        return note, separator if text else "", text


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def _wire_date_format() -> str:
    """The note's date as the agencies write it: "Sept. 14, 2019" in English (their style,
    not the site's day-first dates), the edition's own date elsewhere."""
    language = translation.get_language() or ""
    return "N j, Y" if language.split("-")[0] == "en" else "DATE_FORMAT"
