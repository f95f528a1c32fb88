"""Reads about readers beyond a single query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

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


def staff_powers_active(user: User | AnonymousUser, *, permission: str | None = None) -> bool:
    """True when `user` may exercise a staff power now: the role and a second factor.

    Why one place: the admin is gated by `middleware.StaffMfaRequiredMiddleware`, but staff
    powers are also exercised on the public pages (deleting another member's comment, seeing
    held comments, featuring) and in services. Each of those asks here, so a moderator who has
    not set up a second factor is an ordinary member everywhere, not only in the admin. With
    `permission`, that permission is the role; without, any staff role or permission.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if permission is not None:
        holds_role = user.has_perm(permission)
    else:
        holds_role = user_is_staff_member(user) or bool(user.get_all_permissions())
    if not holds_role:
        return False
    # Asked several times per request (thread, buttons, services): one query per user object.
    cached: bool | None = user.__dict__.get("_masthead_has_mfa")
    if cached is None:
        cached = user.__dict__["_masthead_has_mfa"] = user_has_mfa(user)
    return cached


def user_has_mfa(user: User) -> bool:
    """True when the user has a second factor (TOTP or a security key) set up."""
    from allauth.mfa.models import Authenticator

    has_mfa: bool = Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    return has_mfa
