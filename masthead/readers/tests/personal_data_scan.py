"""Looking for what the site still knows about a purged person, in every table.

Two nets, so that a new app cannot slip through:
1. `PERSONAL_DATA_TABLES`: every table and column known to hold personal data, checked by the
   person's id (or, for the mail queue and the session store, by address and by decoding).
2. `leftovers_anywhere`: every foreign key, generic relation and many-to-many table of every
   installed model that can point at a user, and every text, JSON or address column of every
   installed model, searched for the person's e-mail address, display name and IP address.

Both return readable findings ("readers.LoginRecord.user = 7"); an empty list means clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast, Lower
from wagtail.models import BaseLogEntry, PageLogEntry


@dataclass(frozen=True)
class PersonalTable:
    model: str  # app_label.ModelName
    user_path: str  # the lookup from the row to the user's id
    columns: tuple[str, ...]  # what in it is personal


# Every table that holds personal data today. A new app with personal data adds its row here
# (and the generic net below catches it in the meantime).
PERSONAL_DATA_TABLES = [
    PersonalTable(
        "readers.User",
        "pk",
        (
            "email",
            "display_name",
            "first_name",
            "last_name",
            "avatar",
            "language",
            "time_zone",
            "password",
            "last_login",
            "date_joined",
        ),
    ),
    PersonalTable("readers.LoginRecord", "user_id", ("at", "ip_address", "user_agent", "method")),
    PersonalTable("readers.AccountClosure", "user_id", ("closed_at", "purge_due_at")),
    PersonalTable("readers.LegalConsent", "user_id", ("version", "accepted_at")),
    PersonalTable("account.EmailAddress", "user_id", ("email", "verified", "primary")),
    PersonalTable("account.EmailConfirmation", "email_address__user_id", ("key", "sent")),
    PersonalTable("socialaccount.SocialAccount", "user_id", ("uid", "extra_data", "last_login")),
    PersonalTable("socialaccount.SocialToken", "account__user_id", ("token", "token_secret")),
    PersonalTable("mfa.Authenticator", "user_id", ("type", "data", "last_used_at")),
    PersonalTable("usersessions.UserSession", "user_id", ("ip", "user_agent", "session_key")),
    PersonalTable("wagtailusers.UserProfile", "user_id", ("avatar", "preferred_language")),
    PersonalTable("auth.User_groups", "user_id", ("group",)),
    PersonalTable("auth.User_user_permissions", "user_id", ("permission",)),
    # Comments: the text stays as a "deleted" placeholder without an author (Comment.author is
    # SET_NULL, emptied by the comments app before the purge); what is the member's own goes.
    PersonalTable("comments.Comment", "author_id", ("author", "body")),
    PersonalTable("comments.CommentLike", "member_id", ("member", "created_at")),
    PersonalTable("comments.CommentReport", "reporter_id", ("reporter", "reason", "note")),
    PersonalTable("comments.MemberMute", "member_id", ("member", "muted")),
    PersonalTable("comments.MemberMute", "muted_id", ("member", "muted")),
    PersonalTable("comments.CommentPreferences", "member_id", ("reply_emails",)),
    # Community blocks and unlock requests are the member's own and go with the account; what
    # outlives a permanent block is only the readers' keyed hash of the address (Tombstone).
    PersonalTable("comments.MemberBlock", "member_id", ("reason", "message", "blocked_at")),
    PersonalTable("comments.UnlockRequest", "member_id", ("subject", "explanation")),
    # The editions an administrator limited a moderator to: the moderator's, gone with them.
    PersonalTable("comments.ModeratorEditions", "moderator_id", ("locales",)),
]


def _model(label: str) -> type[models.Model] | None:
    app_label, _dot, name = label.partition(".")
    if label == "auth.User_groups":
        return get_user_model().groups.through
    if label == "auth.User_user_permissions":
        return get_user_model().user_permissions.through
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None  # an app not installed (yet): nothing of it to check


def leftovers_in_personal_tables(*, user_id: int, emails: list[str]) -> list[str]:
    """Net 1: the known tables, the mail queue, the session store."""
    findings = []
    for table in PERSONAL_DATA_TABLES:
        model = _model(table.model)
        if model is None:
            continue
        count = model._default_manager.filter(**{table.user_path: user_id}).count()
        if count:
            findings.append(f"{table.model} ({', '.join(table.columns)}): {count} row(s)")
    findings += _outgoing_mail_to(emails)
    findings += sessions_of(user_id)
    return findings


def _outgoing_mail_to(emails: list[str]) -> list[str]:
    from masthead.core.models import OutgoingEmail

    wanted = {email.lower() for email in emails}
    return [
        f"core.OutgoingEmail {message.pk} to {message.recipients}"
        for message in OutgoingEmail.objects.all()
        if any(
            any(email in recipient.lower() for email in wanted) for recipient in message.recipients
        )
    ]


def sessions_of(user_id: int) -> list[str]:
    """Every session in the store (database rows or cache keys), decoded."""
    from django.contrib.sessions.backends.cache import SessionStore as CacheStore
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    from masthead.readers.services.lifecycle import _cache_keys_starting_with

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    findings = []
    if issubclass(store_class, DatabaseStore):
        for row in store_class.get_model_class().objects.all():
            if str(store_class().decode(row.session_data).get(SESSION_KEY)) == str(user_id):
                findings.append(f"sessions.Session {row.session_key[:6]}… is theirs")
    elif issubclass(store_class, CacheStore):
        from django.core.cache import caches

        cache = caches[settings.SESSION_CACHE_ALIAS]
        prefix = cache.make_key(store_class.cache_key_prefix)
        for key in _cache_keys_starting_with(cache, prefix):
            data = store_class(key.removeprefix(prefix)).load()
            if str(data.get(SESSION_KEY)) == str(user_id):
                findings.append(f"cached session {key[-6:]} is theirs")
    return findings


def leftovers_anywhere(*, user_id: int, needles: list[str]) -> list[str]:
    """Net 2: every reference to the id, every text column holding one of `needles`."""
    findings = _references_to(user_id)
    wanted = [needle.lower() for needle in needles]
    for model in apps.get_models(include_auto_created=True):
        text_fields = [field for field in model._meta.concrete_fields if _is_text(field)]
        if not text_fields:
            continue
        # One query per table: each text column lowered to text, any needle in any of them.
        annotations = {
            f"_scan_{index}": Lower(Cast(field.attname, models.TextField()))
            for index, field in enumerate(text_fields)
        }
        matches = models.Q()
        for name in annotations:
            for needle in wanted:
                matches |= models.Q(**{f"{name}__contains": needle})
        rows = model._default_manager.annotate(**annotations).filter(matches)
        for row in rows.values(*annotations):
            for index, field in enumerate(text_fields):
                value = row[f"_scan_{index}"] or ""
                findings += [
                    f"{model._meta.label}.{field.name} holds {needle!r}"
                    for needle in wanted
                    if needle in value
                ]
    return findings


def _is_text(field: models.Field[Any, Any]) -> bool:
    return field.get_internal_type() in {
        "CharField",
        "TextField",
        "EmailField",
        "SlugField",
        "URLField",
        "JSONField",
        "GenericIPAddressField",
        "IPAddressField",
        "FileField",
        "ImageField",
        "FilePathField",
    }


def _references_to(user_id: int) -> list[str]:
    """Foreign keys (enforced or not), many-to-many tables and generic relations."""
    user_model = get_user_model()
    user_type = ContentType.objects.get_for_model(user_model)
    findings = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            points_at_user = field.is_relation and field.related_model is user_model
            if (
                points_at_user
                and model._default_manager.filter(**{field.attname: user_id}).exists()
            ):
                findings.append(f"{model._meta.label}.{field.name} = {user_id}")
        is_log_of_objects = issubclass(model, BaseLogEntry) and model is not PageLogEntry
        about_user = {"content_type": user_type, "object_id": str(user_id)}
        if is_log_of_objects and model._default_manager.filter(**about_user).exists():
            findings.append(f"{model._meta.label} about user {user_id}")
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                rows = model._default_manager.filter(
                    **{field.ct_field: user_type, field.fk_field: str(user_id)}
                )
                if rows.exists():
                    findings.append(f"{model._meta.label}.{field.name} points at user {user_id}")
    return findings


def files_left(paths: list[str | None]) -> list[str]:
    """The person's files (paths relative to MEDIA_ROOT) still on disk."""
    return [path for path in paths if path and (Path(settings.MEDIA_ROOT) / path).exists()]
