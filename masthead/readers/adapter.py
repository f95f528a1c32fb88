"""allauth's hooks for Masthead: private usernames, the site's name, failed log-ins, social sign-up.

allauth identifies readers by e-mail address; Django still needs a unique username. allauth's
default derives it from the e-mail address, which would leak part of it into a column that
is shown in the admin and kept in logs: here it is random.

Failed log-ins are counted (captcha.py) so the log-in form asks for the anti-robot check after
repeated failures. Readers arriving through a social network always see the sign-up form once:
their public display name is theirs to choose, never copied from the provider unasked.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .captcha import login_failure_record
from .names import display_name_moderate, display_name_normalise, display_name_validate
from .selectors import display_name_is_taken


def user_display(user: Any) -> str:
    """How allauth names a reader in its pages and messages (ACCOUNT_USER_DISPLAY).

    The public display name, never the random username ("Signed in as reader-3f9a…").
    """
    return str(getattr(user, "public_name", "") or user.get_username())


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: Any) -> None:
        if not user.username:
            user.username = f"reader-{secrets.token_hex(8)}"

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the failure; unknown and known addresses alike (no enumeration)."""
        super().authentication_failed(request, **credentials)
        login_failure_record(request, email=credentials.get("email"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        """Never: the sign-up form asks for the display name (and whatever else it asks)."""
        return False

    def get_signup_form_initial_data(self, sociallogin: Any) -> dict[str, Any]:
        """Suggest the provider's name as display name when it is usable and free."""
        initial = super().get_signup_form_initial_data(sociallogin)
        full_name = f"{initial.get('first_name', '')} {initial.get('last_name', '')}"
        suggestion = display_name_normalise(full_name)
        try:
            display_name_validate(suggestion)
            display_name_moderate(suggestion)
        except ValidationError:
            return initial
        if not display_name_is_taken(suggestion):
            initial["display_name"] = suggestion
        return initial
