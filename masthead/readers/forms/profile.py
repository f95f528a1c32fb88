"""The reader's profile form, the account deletion form and the restore link's request.

They validate everything the services assume: a display name that is valid and free, an
avatar that is a real picture of an accepted size (re-drawn here, see avatars.py), a language
of the site, a time zone of the IANA database, for deletion the reader's own password, and
for a new restore link an address and the anti-robot check (it sends e-mail).
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from ..avatars import AVATAR_MAX_BYTES, avatar_image_open, avatar_render
from ..models import User
from ..selectors import display_name_is_taken
from . import DisplayNameField
from .security import CaptchaField

# IANA's legacy aliases ("US/Pacific", "Etc/GMT+5", "posix/…") are left out of the list.
_TIME_ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def time_zone_choices() -> list[tuple[str, Any]]:
    """Time zones grouped by region, labelled by city ("America/Sao_Paulo" → "Sao Paulo")."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        region, _slash, place = name.partition("/")
        if region in _TIME_ZONE_REGIONS and place:
            groups.setdefault(region, []).append(
                (name, place.replace("_", " ").replace("/", " / "))
            )
    return [("", _("The site's time (GMT)")), ("UTC", "UTC"), *groups.items()]


def language_choices() -> list[tuple[str, Any]]:
    return [("", _("The site's language")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = DisplayNameField(widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
    avatar = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to %(limit)d MB. It is shown as a small square.")
        % {"limit": AVATAR_MAX_BYTES // 1024 // 1024},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    avatar_remove = forms.BooleanField(label=_("Remove my picture"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=language_choices,
        help_text=_("The language of the e-mails we send you."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=time_zone_choices,
        help_text=_("Used for the times in the e-mails we send you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "display_name": user.display_name,
                "language": user.language,
                "time_zone": user.time_zone,
            },
        )
        super().__init__(*args, **kwargs)
        if not user.avatar:
            del self.fields["avatar_remove"]

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data["display_name"]
        if display_name_is_taken(name, exclude_user=self.user):
            raise forms.ValidationError(
                _("This display name is already taken."), code="display_name_taken"
            )
        return name

    def clean_avatar(self) -> ContentFile[bytes] | None:
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        image = avatar_image_open(upload, size=upload.size)
        return avatar_render(image)


class AccountDeleteForm(forms.Form):
    """Asks for the password (when the account has one) and an explicit confirmation.

    Accounts without a password (log-in by code or a social network) reauthenticate through
    allauth's own flow before they see this form (views/lifecycle.py).
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account closes now and is deleted after 30 days."),
        error_messages={"required": _("Tick the box to confirm that you want to leave.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        from allauth.account.adapter import get_adapter

        password: str = self.cleaned_data["password"]
        # allauth's check, with its rate limit on failed attempts.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                _("This is not your password. Try again."), code="incorrect_password"
            )
        return password


class RestoreLinkRequestForm(forms.Form):
    """Ask for the restore e-mail again: the address, and the check, as for a password reset."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address of the closed account."),
    )
    captcha = CaptchaField()
