"""Forms readers fill in; allauth's own forms cover e-mail, password and codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import DISPLAY_NAME_MAX_LENGTH, User
from ..names import display_name_moderate, display_name_normalise, display_name_validate
from ..selectors import display_name_is_taken
from ..services.consent import signup_consent_record
from .consent import legal_acceptance_field, legal_acceptance_field_prepare


class DisplayNameField(forms.CharField):
    """A display name, normalised (NFKC, invisible characters dropped) and validated."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault("max_length", DISPLAY_NAME_MAX_LENGTH * 2)
        kwargs.setdefault(
            "help_text", _("Shown with your comments instead of your e-mail address.")
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return display_name_normalise(super().to_python(value) or "")

    def validate(self, value: str) -> None:
        super().validate(value)
        display_name_validate(value)
        display_name_moderate(value)


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form adds for Masthead (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = DisplayNameField(
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_legal = legal_acceptance_field()

    field_order = ["display_name", "email", "password1", "password2", "accept_legal"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        legal_acceptance_field_prepare(self)

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data["display_name"]
        if display_name_is_taken(name):
            raise forms.ValidationError(
                _("This display name is already taken."), code="display_name_taken"
            )
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        services.reader_signup_complete(user=user, display_name=self.cleaned_data["display_name"])
        if self.cleaned_data.get("accept_legal"):
            signup_consent_record(user=user)
