"""The editors' alert form (admin): validates what `services.push_alert_create` takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import PushAlert


class PushAlertForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Text"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(label=_("Article URL"), max_length=500, assume_scheme="https")
    image_url = forms.URLField(
        label=_("Image URL"), max_length=500, required=False, assume_scheme="https"
    )
    language = forms.ChoiceField(label=_("Edition"), choices=())
    is_breaking = forms.BooleanField(
        label=_("Breaking news subscribers"), required=False, initial=True
    )
    section_ids = forms.CharField(
        label=_("Section page ids"), required=False, help_text=_("Comma-separated, optional.")
    )
    story_ids = forms.CharField(
        label=_("Followers of story page ids"), required=False, help_text=_("Comma-separated.")
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=PushAlert.Urgency.choices, initial=PushAlert.Urgency.HIGH
    )
    ttl_seconds = forms.IntegerField(
        label=_("Time to live (seconds)"), min_value=0, max_value=28 * 86400, initial=3600
    )
    replace_topic = forms.RegexField(
        label=_("Replaces an undelivered alert of the same story (Topic)"),
        regex=r"^[A-Za-z0-9_-]{0,32}$",
        required=False,
        error_messages={"invalid": _("At most 32 letters, digits, '-' or '_'.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]

    @staticmethod
    def _ids(value: str, field: str) -> list[int]:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Page ids are whole numbers separated by commas."))
        return [int(part) for part in parts]

    def clean_section_ids(self) -> list[int]:
        return self._ids(self.cleaned_data["section_ids"], "section_ids")

    def clean_story_ids(self) -> list[int]:
        return self._ids(self.cleaned_data["story_ids"], "story_ids")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        topics = (
            (["breaking"] if data.get("is_breaking") else [])
            + [f"section:{pk}" for pk in data.get("section_ids") or []]
            + [f"story:{pk}" for pk in data.get("story_ids") or []]
        )
        if not topics and not self.errors:
            raise forms.ValidationError(
                _("Choose at least one audience: breaking, a section or a story.")
            )
        data["topics"] = topics
        return data
