"""The forms readers fill: a comment (or reply), an edit, a report. They validate; services act.

A refused comment keeps what the reader typed: the bound form is shown again with the message.
The moderators' forms (an edit, a block, an unlock decision) and the administrators' one (a
moderator's editions, `ModeratorEditionsForm`) are here too.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from . import app_settings, selectors
from .errors import MESSAGES, CommentErrorCode
from .formatting import comment_text_clean, comment_text_is_blank
from .models import STANDARD_CHOICES, ModeratorEditions

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


# --- Blocks and unlock requests ---------------------------------------------------------------


class MemberBlockForm(forms.Form):
    """A moderator blocks a member: the standard broken and a message the member will read."""

    reason = forms.ChoiceField(
        label=_("Standard broken"),
        choices=[("", _("Choose a standard")), *STANDARD_CHOICES],
        error_messages={"required": _("Choose the standard the member broke.")},
    )
    message = forms.CharField(
        label=_("Message to the member"),
        help_text=_("Sent by e-mail with the standard; say what went wrong."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the member a message: they will read it.")},
    )
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    reject_held = forms.BooleanField(
        label=_("Also reject their comments awaiting moderation"), required=False, initial=True
    )


class MemberBlockLiftForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the member (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnlockRequestForm(forms.Form):
    """A blocked member asks to take part again; their member number is shown, not typed."""

    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        error_messages={"required": _("Give your request a subject.")},
    )
    member_id = forms.IntegerField(
        label=_("Your member number"),
        disabled=True,  # always the logged-in member's: a posted value is ignored
        required=False,
        help_text=_("Moderators find your account with it."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        help_text=_("Why should the block be lifted? What will you do differently?"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Explain why the block should be lifted."),
            "min_length": _(
                "Please explain in a few sentences (at least %(limit_value)d characters)."
            ),
        },
    )


class UnlockDecisionForm(forms.Form):
    """A moderator answers an unlock request; a refusal says why."""

    decision = forms.ChoiceField(choices=[("grant", _("Grant")), ("refuse", _("Refuse"))])
    response = forms.CharField(
        label=_("Message to the member"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "refuse" and not (cleaned.get("response") or "").strip():
            self.add_error(
                "response", _("Say why the request is refused: the member will read it.")
            )
        return cleaned


class ModeratorEditionsForm(WagtailAdminModelForm):  # type: ignore[misc]  # Wagtail: untyped
    """An administrator limits a moderator to the editions they read.

    Only holders of the moderators' role are offered (superusers are never limited). A limit's
    moderator is fixed once it is set: deleting the limit frees them. The view saves through
    `services.moderator_editions_set`.
    """

    class Meta:
        model = ModeratorEditions
        fields = ["moderator", "locales"]
        widgets = {"locales": forms.CheckboxSelectMultiple}
        error_messages = {
            "moderator": {"unique": _("This moderator is limited already: edit that limit.")},
            "locales": {"required": _("Choose at least one edition.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        moderator = self.fields["moderator"]
        if self.instance.pk is not None:
            users = get_user_model()._default_manager.all()
            moderator.queryset = users.filter(pk=self.instance.moderator_id)
            moderator.disabled = True
        else:
            moderator.queryset = selectors.moderators_limitable()
        moderator.label_from_instance = lambda user: user.staff_name
