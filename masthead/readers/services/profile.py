"""Writes on a reader's own profile: display name, avatar, language, time zone.

The form (forms/profile.py) validates and has already re-drawn an uploaded avatar
(avatars.py); this stores it under a random name and deletes the picture it replaces, once the
database has committed the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction

if TYPE_CHECKING:
    from ..models import User


def user_profile_update(
    *,
    user: User,
    display_name: str,
    language: str,
    time_zone: str,
    avatar: ContentFile[bytes] | None = None,
    avatar_remove: bool = False,
) -> User:
    """Save the profile. `avatar` replaces the picture; `avatar_remove` drops it."""
    old_avatar = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    user.display_name = display_name
    user.language = language
    user.time_zone = time_zone
    fields = ["display_name", "language", "time_zone"]
    with transaction.atomic():
        if avatar is not None:
            user.avatar.save(avatar.name or "avatar.webp", avatar, save=False)
            fields.append("avatar")
        elif avatar_remove and old_avatar:
            user.avatar = ""
            fields.append("avatar")
        user.save(update_fields=fields)
        if "avatar" in fields and old_avatar:
            transaction.on_commit(lambda: storage.delete(old_avatar))
    return user
