"""The forms readers fill: a comment (or reply), an edit, a report. They validate; services act.

A refused comment keeps what the reader typed: the bound form is shown again with the message.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import app_settings
from .errors import MESSAGES, CommentErrorCode
from .formatting import comment_text_clean, comment_text_is_blank
from .models import STANDARD_CHOICES

KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def post_key_new() -> str:
    """A fresh idempotency key for a comment form: the same key twice is one comment."""
    return uuid.uuid4().hex


class CommentBodyField(forms.CharField):
    """The text: not blank (zero-width characters do not count) and not over the limit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Your comment"))
        kwargs.setdefault("required", False)  # our own message, also for zero-width-only text
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = comment_text_clean(super().clean(value) or "")
        if comment_text_is_blank(text):
            raise forms.ValidationError(MESSAGES[CommentErrorCode.EMPTY], code="empty")
        limit = app_settings.max_characters()
        if len(text) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Comments are limited to %(limit)s characters; this one has %(count)s. "
                    "Please shorten it.",
                    "Comments are limited to %(limit)s characters; this one has %(count)s. "
                    "Please shorten it.",
                    limit,
                )
                % {"limit": f"{limit:,}", "count": f"{len(text):,}"},
                code="too_long",
            )
        return text


class CommentForm(forms.Form):
    body = CommentBodyField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_key(self) -> str:
        key = self.cleaned_data.get("key") or ""
        return key if KEY.match(key) else ""


class CommentEditForm(forms.Form):
    body = CommentBodyField(label=_("Edit your comment"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CommentReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Which standard does it break?"),
        choices=[("", _("Choose a standard")), *STANDARD_CHOICES],
        error_messages={"required": _("Choose the standard this comment breaks.")},
    )
    note = forms.CharField(
        label=_("Anything a moderator should know (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModeratorEditForm(forms.Form):
    body = CommentBodyField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
