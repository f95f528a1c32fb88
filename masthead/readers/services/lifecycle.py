"""An account's life: log-ins recorded, closed at the reader's request, restored, purged.

Entry points:
- `login_record_add` (from the `user_logged_in` signal) and `login_records_prune` (periodic);
- `account_close`: the account cannot log in from this moment, its profile is hidden, every
  session ends, and an e-mail carries a signed link that restores it within 30 days;
- `account_restore`: the link's other end (`selectors.lifecycle.account_restore_link_read`);
- `account_restore_link_resend`: the restore e-mail again, for whoever asks with the address
  (the closed-account page, a password reset or log-in code asked for a closed account);
- `accounts_purge_due` (periodic, `tasks.accounts_purge_due_task`) and `account_purge`: after
  the grace period the person's data is deleted irreversibly. What survives is only a keyed
  hash of the address when `READERS_TOMBSTONE_REASONS` says the community rules need it.
- `user_sessions_end`: every session of a person ends, whatever the session engine.

Why the purge deletes the user row rather than blanking it: every table that points at the
account (allauth's addresses, social accounts, authenticators, user sessions, log-ins,
Wagtail's profile, and whatever later apps add) goes with it by its foreign key, so a new app
cannot forget its part. Content that must outlive its author says so with `on_delete=SET_NULL`.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import caches
from django.core.mail import send_mail
from django.db import models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from masthead.core.origin import public_url

from ..models import AccountClosure, LoginRecord, Tombstone
from ..selectors.lifecycle import (
    RESTORE_GRACE,
    account_closure_for_email,
    account_restore_token,
    closures_due_for_purge,
    email_tombstone_hash,
    user_needs_tombstone,
)

if TYPE_CHECKING:
    from django.core.files.storage import Storage

    from ..models import User

logger = logging.getLogger(__name__)

LOGIN_HISTORY_KEPT = datetime.timedelta(days=90)
_ONE_DAY = datetime.timedelta(days=1)
_USER_AGENT_MAX = LoginRecord._meta.get_field("user_agent").max_length or 300
_METHOD_MAX = LoginRecord._meta.get_field("method").max_length or 40


# --- Log-in history -----------------------------------------------------------------------------


def login_record_add(*, user: User, request: HttpRequest | None) -> LoginRecord:
    """Record a successful log-in: when, from which address and browser, and how.

    The method comes from allauth's record of this session's authentication steps
    ("password", "code", "socialaccount", "mfa", …); a log-in with a second factor reads
    "password+mfa". Log-ins that allauth did not drive (a test client's) have none.
    """
    ip_address = None
    user_agent = ""
    method = ""
    if request is not None:
        ip_address = _client_ip(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:_USER_AGENT_MAX]
        method = _login_method(request, user)
    return LoginRecord.objects.create(
        user=user,
        at=timezone.now(),
        ip_address=ip_address,
        user_agent=user_agent,
        method=method[:_METHOD_MAX],
    )


def _client_ip(request: HttpRequest) -> str | None:
    from allauth.account.adapter import get_adapter

    try:
        address: str | None = get_adapter().get_client_ip(request)  # ALLAUTH_TRUSTED_PROXY_COUNT
        return address
    except Exception:
        return None


def _login_method(request: HttpRequest, user: User) -> str:
    from allauth.account.internal.flows.login import get_authentication_records

    if not hasattr(request, "session"):
        return ""
    steps: list[str] = []
    for record in get_authentication_records(request, user):
        method = str(record.get("method", ""))
        if method and method not in steps and not record.get("reauthenticated"):
            steps.append(method)
    return "+".join(steps)


def login_records_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete log-in records older than 90 days; returns how many went."""
    cutoff = (now or timezone.now()) - LOGIN_HISTORY_KEPT
    deleted, _ = LoginRecord.objects.filter(at__lt=cutoff).delete()
    return deleted


# --- Sessions -----------------------------------------------------------------------------------


def user_sessions_end(*, user_ids: Iterable[int]) -> int:
    """End every session of these accounts; returns how many ended.

    allauth's `UserSession` lists the sessions it opened; a session opened another way (a
    test client's `force_login`, a future API) is found in the session store itself: every
    row of the database engines, every key of the cache engine on Redis or local memory.
    Reading every session is slow on a huge store, which is why it happens once per closure
    or purge run, never per request. Whatever engine is used, a closed account is inactive,
    so Django's authentication refuses any session that might remain.
    """
    from allauth.usersessions.models import UserSession

    wanted = {str(pk) for pk in user_ids}
    if not wanted:
        return 0
    ended = 0
    for user_session in UserSession.objects.filter(user_id__in=wanted):
        user_session.end()
        ended += 1
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in _session_keys_of(store_class, wanted):
        store_class(session_key).delete()
        ended += 1
    return ended


def _session_keys_of(store_class: Any, user_ids: set[str]) -> list[str]:
    if issubclass(store_class, DatabaseSessionStore):  # db and cached_db
        model = store_class.get_model_class()
        keys = []
        for row in model.objects.only("session_key", "session_data").iterator(chunk_size=500):
            data = store_class().decode(row.session_data)
            if str(data.get(SESSION_KEY)) in user_ids:
                keys.append(row.session_key)
        return keys
    if issubclass(store_class, CacheSessionStore):
        cache = caches[settings.SESSION_CACHE_ALIAS]
        prefix = cache.make_key(store_class.cache_key_prefix)
        keys = []
        for full_key in _cache_keys_starting_with(cache, prefix):
            session_key = full_key.removeprefix(prefix)
            data = store_class(session_key).load()
            if str(data.get(SESSION_KEY)) in user_ids:
                keys.append(session_key)
        return keys
    return []  # signed cookies cannot be ended server-side; is_active=False refuses them


def _cache_keys_starting_with(cache: Any, prefix: str) -> list[str]:
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=False)
        return [
            key.decode() if isinstance(key, bytes) else key
            for key in client.scan_iter(match=f"{prefix}*", count=1000)
        ]
    if isinstance(cache, LocMemCache):
        # Private, and not in the stubs: the process's dict behind this cache.
        keys = list(cache._cache)  # type: ignore[attr-defined]
        return [key for key in keys if key.startswith(prefix)]
    logger.warning("Cannot list the sessions of cache %r: relying on is_active", cache)
    return []


# --- Closing and restoring ----------------------------------------------------------------------


def account_close(*, user: User, request: HttpRequest | None = None) -> AccountClosure:
    """Close the account now: no log-in, profile hidden, sessions ended, a restore e-mail.

    The caller logs the current request out afterwards (its session is gone from the store).
    """
    now = timezone.now()
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        AccountClosure.objects.filter(user=user).delete()
        closure = AccountClosure.objects.create(
            user=user, closed_at=now, purge_due_at=now + RESTORE_GRACE
        )
        _restore_email_send(closure=closure, request=request)
    user_sessions_end(user_ids=[user.pk])
    return closure


def _restore_email_send(*, closure: AccountClosure, request: HttpRequest | None) -> None:
    user = closure.user
    path = reverse(
        "readers_account_restore", kwargs={"token": account_restore_token(closure=closure)}
    )
    restore_url = public_url(path)
    context = {
        "user": user,
        "restore_url": restore_url,
        "purge_due_at": closure.purge_due_at,
        # Days left: the whole grace period at closing, fewer when the link is sent again.
        "grace_days": max(1, math.ceil((closure.purge_due_at - timezone.now()) / _ONE_DAY)),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("readers/email/account_closed_subject.txt", context)
        body = render_to_string("readers/email/account_closed_message.txt", context)
    send_mail(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {' '.join(subject.split())}",
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )


def account_restore_link_resend(*, email: str, request: HttpRequest | None = None) -> bool:
    """Send the restore e-mail again if `email` belongs to a closed account; True if sent.

    Callers answer the same whatever this returns (no enumeration) and limit how often it
    runs (the closed-account page has a rate limit and the anti-robot check). The new link
    undoes the same closure: it stops working at the same purge as the first one.
    """
    closure = account_closure_for_email(email)
    if closure is None:
        return False
    _restore_email_send(closure=closure, request=request)
    return True


def account_restore(*, closure: AccountClosure) -> User | None:
    """Open a closed account again, exactly as it was; the reader logs in afresh.

    None when the closure is gone meanwhile (restored by a double click, or purged).
    """
    with transaction.atomic():
        if not AccountClosure.objects.select_for_update().filter(pk=closure.pk).exists():
            return None
        user = closure.user
        user.is_active = True
        user.save(update_fields=["is_active"])
        closure.delete()
    return user


# --- Purging ------------------------------------------------------------------------------------


def accounts_purge_due(*, now: datetime.datetime | None = None) -> int:
    """Purge every account whose grace period is over; returns how many were purged.

    One account's failure (a row that protects it, say) is logged and does not stop the rest.
    """
    due = list(closures_due_for_purge(now=now or timezone.now()).select_related("user"))
    if not due:
        return 0
    user_sessions_end(user_ids=[closure.user_id for closure in due])
    purged = 0
    for closure in due:
        try:
            purged += account_purge(user=closure.user, now=now)
        except Exception:
            logger.exception("Could not purge closed account %s", closure.user_id)
    return purged


def account_purge(*, user: User, now: datetime.datetime | None = None) -> bool:
    """Delete the person's data irreversibly, if the account is still closed and due.

    The closure is re-read under a lock: an account restored a moment ago is left alone.
    Files are deleted once the database agrees (after commit): a failed purge keeps them.
    """
    reason = user_needs_tombstone(user)
    addresses = _addresses_of(user)
    files = _files_of(user)
    with transaction.atomic():
        closure = AccountClosure.objects.select_for_update().filter(
            user_id=user.pk, purge_due_at__lte=now or timezone.now()
        )
        if not closure.exists():
            return False
        if reason:
            for address in sorted(addresses):
                Tombstone.objects.get_or_create(
                    email_hash=email_tombstone_hash(address), defaults={"reason": reason}
                )
        _outgoing_emails_delete(addresses)
        _generic_references_delete(user)
        _unconstrained_references_clear(user)
        user_id = user.pk
        user.delete()
        transaction.on_commit(lambda: _files_delete(files))
    logger.info("Purged closed account %s%s", user_id, " (tombstone kept)" if reason else "")
    return True


def _addresses_of(user: User) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _outgoing_emails_delete(addresses: set[str]) -> None:
    """Messages to the person still waiting in the mail queue (the restore e-mail, say)."""
    from masthead.core.models import OutgoingEmail

    if not addresses:
        return
    doomed = [
        message.pk
        for message in OutgoingEmail.objects.only("pk", "recipients").iterator()
        if any(_address_part(recipient) in addresses for recipient in message.recipients)
    ]
    OutgoingEmail.objects.filter(pk__in=doomed).delete()


def _address_part(recipient: str) -> str:
    from email.utils import parseaddr

    return parseaddr(recipient)[1].lower()


def _files_of(user: User) -> list[tuple[Storage, str]]:
    """The stored files that are the person's: their avatar, their Wagtail admin avatar."""
    files: list[tuple[Storage, str]] = []
    if user.avatar.name:  # what `if user.avatar` tests
        files.append((user.avatar.storage, user.avatar.name))
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and getattr(profile, "avatar", None):
        files.append((profile.avatar.storage, profile.avatar.name))
    return files


def _files_delete(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete the purged file %s", name)


def _generic_references_delete(user: User) -> None:
    """Rows about the account through a generic relation: Wagtail's log of edits to it (its
    label is the person's name) and any model's `GenericForeignKey` pointing at it."""
    from wagtail.models import ModelLogEntry

    user_type = ContentType.objects.get_for_model(get_user_model(), for_concrete_model=False)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    for model in _all_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                model._default_manager.filter(
                    **{field.ct_field: user_type, field.fk_field: str(user.pk)}
                ).delete()


def _unconstrained_references_clear(user: User) -> None:
    """Foreign keys the database does not enforce (`DO_NOTHING`, Wagtail's audit log): null them.

    A row that keeps the account's id after the account is gone would still say who did it.
    """
    user_model = get_user_model()
    for model in _all_models():
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.related_model is user_model):
                continue
            if field.remote_field is None or field.remote_field.on_delete is not models.DO_NOTHING:
                continue
            rows = model._default_manager.filter(**{field.name: user.pk})
            if field.null:
                rows.update(**{field.name: None})
            else:
                rows.delete()


def _all_models() -> list[type[models.Model]]:
    from django.apps import apps

    return list(apps.get_models())
