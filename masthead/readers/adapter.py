"""allauth's hooks for Masthead: private usernames, the site's name, failed log-ins, social sign-up.

allauth identifies readers by e-mail address; Django still needs a unique username. allauth's
default derives it from the e-mail address, which would leak part of it into a column that
is shown in the admin and kept in logs: here it is random.

Failed log-ins are counted (captcha.py) so the log-in form asks for the anti-robot check after
repeated failures. Readers arriving through a social network always see the sign-up form once:
their public display name is theirs to choose, never copied from the provider unasked.

A closed account is not a plain inactive one: its owner, once authenticated, is told when it
will be erased and how to restore it (views/lifecycle.py), and a password reset or log-in
code asked for its address brings the restore link again instead of allauth's "no account
uses this address" e-mail.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from masthead.core.origin import public_origin, public_url_rebase

from .captcha import login_failure_record
from .names import display_name_moderate, display_name_normalise, display_name_validate
from .selectors import display_name_is_taken
from .selectors.lifecycle import account_closure_of
from .services.lifecycle import account_restore_link_resend

UNKNOWN_ACCOUNT_MAIL = "account/email/unknown_account"
# The links in allauth's mails (confirmation, password reset, "no account": sign up).
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def user_display(user: Any) -> str:
    """How allauth names a reader in its pages and messages (ACCOUNT_USER_DISPLAY).

    The public display name, never the random username ("Signed in as reader-3f9a…").
    """
    return str(getattr(user, "public_name", "") or user.get_username())


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's mail templates read as `current_site`: the name and the public host."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    return SiteIdentity(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(public_origin()).netloc)


def mail_language(*, email: str, user: Any = None) -> str:
    """The language of an account mail: the member's chosen one, else the active edition's."""
    if user is None:
        user = (
            get_user_model()
            .objects.filter(emailaddress__email__iexact=email)
            .only("language")
            .first()
        )
    chosen = getattr(user, "language", "") or ""
    if chosen in dict(settings.LANGUAGES):
        return str(chosen)
    return translation.get_language() or settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth: untyped
    def populate_username(self, request: HttpRequest, user: Any) -> None:
        if not user.username:
            user.username = f"reader-{secrets.token_hex(8)}"

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the failure; unknown and known addresses alike (no enumeration)."""
        super().authentication_failed(request, **credentials)
        login_failure_record(request, email=credentials.get("email"))

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        """A closed account's owner gets its own page; other inactive accounts allauth's."""
        if account_closure_of(user) is None:
            response: HttpResponse = super().respond_user_inactive(request, user)
            return response
        from .views.lifecycle import closed_account_remember

        closed_account_remember(request, user)
        return HttpResponseRedirect(reverse("readers_account_closed"))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's mails; its "no account uses this address" one spares closed accounts.

        A password reset or a log-in code asked for a closed account's address finds no open
        account, so allauth would answer "no account uses this address": wrong, and the
        owner most likely wants the account back. They get the restore link again instead.
        """
        if template_prefix == UNKNOWN_ACCOUNT_MAIL and account_restore_link_resend(
            email=email, request=context.get("request") or self.request
        ):
            return
        # allauth greets "from" the request's host ("Hello from 127.0.0.1:8000!"): the site's
        # name instead, in the member's language (their profile's, else the page's edition).
        context = {"current_site": site_identity(), **context}
        # allauth builds its links on the request's host: the public origin's instead.
        for key in MAIL_LINKS:
            if isinstance(context.get(key), str):
                context[key] = public_url_rebase(context[key])
        with translation.override(mail_language(email=email, user=context.get("user"))):
            super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth: untyped
    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        """Never: the sign-up form asks for the display name (and whatever else it asks)."""
        return False

    def get_signup_form_initial_data(self, sociallogin: Any) -> dict[str, Any]:
        """Suggest the provider's name as display name when it is usable and free."""
        initial: dict[str, Any] = super().get_signup_form_initial_data(sociallogin)
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
