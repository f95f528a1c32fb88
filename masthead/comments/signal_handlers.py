"""Receivers that hand framework signals to the services; imported by `apps.CommentsConfig`.

A purged account (`readers.services.lifecycle.account_purge` deletes the user row) first has
its comments emptied and its likes taken off the counts (`services.author_comments_erase`):
`pre_delete` is the one moment the rows still say whose they are.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .services import author_comments_erase


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="comments_author_erase")
def on_user_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    author_comments_erase(user=instance)
