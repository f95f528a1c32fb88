"""Forms of the news app's admin screens: the translation dashboard's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import SectionPage


class TranslationFilterForm(forms.Form):
    """The dashboard's GET filters: a section of the default edition, an edition."""

    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    edition = forms.ChoiceField(label=_("Edition"), required=False)

    def __init__(self, *args: Any, sections: list[SectionPage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            ("", _("All sections")),
            *((section.pk, "— " * (section.depth - 3) + section.title) for section in sections),
        ]
        cast(forms.ChoiceField, self.fields["edition"]).choices = [
            ("", _("All editions")),
            *settings.LANGUAGES,
        ]
