"""Reads about an account's life cycle: restore links, tombstones, log-in history.

The writes (closing, restoring, purging, recording log-ins) are in `services.lifecycle`; the
views in `views.lifecycle`. A restore link is a `TimestampSigner` token, salted for this one
use, naming the account and the closure it undoes: it expires with the 30-day grace period,
and a link from an earlier closure of the same account restores nothing.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import QuerySet
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from ..models import AccountClosure, LoginRecord, Tombstone

if TYPE_CHECKING:
    from ..models import User

RESTORE_GRACE = datetime.timedelta(days=30)
RESTORE_TOKEN_SALT = "masthead.readers.account-restore"
TOMBSTONE_HASH_SALT = "masthead.readers.tombstone"


class RestoreLinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"  # past the grace period, or the account is purged already
    TAMPERED = "tampered"  # not a link the site signed
    USED = "used"  # the account is open again (restored by this or another link)
    SUPERSEDED = "superseded"  # the account was closed again: the newer e-mail's link counts


@dataclass(frozen=True)
class RestoreLink:
    state: RestoreLinkState
    closure: AccountClosure | None = None


def account_restore_token(*, closure: AccountClosure) -> str:
    """The signed token of a closure's restore link (valid for the grace period)."""
    signer = signing.TimestampSigner(salt=RESTORE_TOKEN_SALT)
    return signer.sign_object({"user": closure.user_id, "closure": closure.pk})


def account_restore_link_read(*, token: str) -> RestoreLink:
    """What a restore link is worth now: the closure it undoes, or why it undoes nothing."""
    signer = signing.TimestampSigner(salt=RESTORE_TOKEN_SALT)
    try:
        value = signer.unsign_object(token, max_age=RESTORE_GRACE)
    except signing.SignatureExpired:
        return RestoreLink(RestoreLinkState.EXPIRED)
    except signing.BadSignature:
        return RestoreLink(RestoreLinkState.TAMPERED)
    if not isinstance(value, dict) or not {"user", "closure"} <= value.keys():
        return RestoreLink(RestoreLinkState.TAMPERED)
    closure = (
        AccountClosure.objects.select_related("user")
        .filter(pk=value["closure"], user_id=value["user"])
        .first()
    )
    if closure is not None:
        return RestoreLink(RestoreLinkState.VALID, closure)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=value["user"]).first()
    if user is None:
        return RestoreLink(RestoreLinkState.EXPIRED)
    if user.is_active:
        return RestoreLink(RestoreLinkState.USED)
    return RestoreLink(RestoreLinkState.SUPERSEDED)


def account_closure_of(user: User) -> AccountClosure | None:
    """The account's pending closure, if it is inside its grace period."""
    return AccountClosure.objects.filter(user_id=user.pk).first()


def account_closure_for_email(email: str) -> AccountClosure | None:
    """The pending closure of the account that uses `email` (any of its addresses), or None.

    Addresses compare case-insensitively, as allauth compares them at log-in.
    """
    from allauth.account.models import EmailAddress

    address = email.strip()
    if not address:
        return None
    owners = EmailAddress.objects.filter(email__iexact=address).values("user_id")
    return (
        AccountClosure.objects.select_related("user")
        .filter(models.Q(user__email__iexact=address) | models.Q(user_id__in=owners))
        .first()
    )


def user_profile_is_public(user: User) -> bool:
    """Whether other readers may see this reader's name and picture (not while closed)."""
    return bool(user.is_active) and not AccountClosure.objects.filter(user_id=user.pk).exists()


def closures_due_for_purge(*, now: datetime.datetime) -> QuerySet[AccountClosure]:
    """Closures whose grace period is over, oldest first."""
    return AccountClosure.objects.filter(purge_due_at__lte=now).order_by("purge_due_at", "pk")


def email_tombstone_hash(email: str) -> str:
    """The keyed hash a tombstone keeps of an address (HMAC-SHA256 with SECRET_KEY).

    Addresses are compared case-insensitively, as allauth does. Rotating SECRET_KEY makes old
    tombstones unrecognisable: list the old key in SECRET_KEY_FALLBACKS only if that matters.
    """
    return salted_hmac(TOMBSTONE_HASH_SALT, email.strip().lower(), algorithm="sha256").hexdigest()


def email_tombstone_reason(email: str) -> str | None:
    """Why an address was tombstoned (for example "blocked"), or None: for sign-up checks."""
    return (
        Tombstone.objects.filter(email_hash=email_tombstone_hash(email))
        .values_list("reason", flat=True)
        .first()
    )


def user_needs_tombstone(user: User) -> str | None:
    """The reason the community rules keep a trace of this account after its purge, or None.

    Asks each callable listed in `READERS_TOMBSTONE_REASONS` (dotted paths, in order, like
    Django's password validators): `callable(user) -> str | None`. The first reason wins. The
    moderation app adds its own ("blocked") when blocking lands.
    """
    for path in getattr(settings, "READERS_TOMBSTONE_REASONS", []):
        reason = import_string(path)(user)
        if reason:
            return str(reason)
    return None


def login_history(user: User) -> QuerySet[LoginRecord]:
    """The reader's successful log-ins, newest first (kept 90 days)."""
    return LoginRecord.objects.filter(user_id=user.pk).order_by("-at", "-pk")
