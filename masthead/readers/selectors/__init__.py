"""Reads about readers beyond a single query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

if TYPE_CHECKING:
    from ..models import User


def display_name_is_taken(name: str, *, exclude_user: User | None = None) -> bool:
    """True when another account already uses `name`, compared case-insensitively."""
    users = get_user_model().objects.filter(display_name__iexact=name)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


def user_is_staff_member(user: User) -> bool:
    """Editors, moderators and admins: whoever can reach the Wagtail admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def user_has_mfa(user: User) -> bool:
    """True when the user has a second factor (TOTP or a security key) set up."""
    from allauth.mfa.models import Authenticator

    has_mfa: bool = Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    return has_mfa
