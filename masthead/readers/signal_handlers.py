"""Receivers that hand framework signals to the services; imported by `apps.ReadersConfig`.

Each receiver connects itself with `@receiver`, so adding one edits nothing else.
Django's `user_logged_in` rather than allauth's records log-ins: it fires for every log-in,
allauth's own (password, code, social account, after a second factor) and any other.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from wagtail.signals import published, unpublished

from .models import LegalDocument
from .services.consent import legal_document_withdrawn, legal_version_record
from .services.lifecycle import login_record_add


@receiver(user_logged_in, dispatch_uid="readers_login_record")
def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    login_record_add(user=user, request=request)


# Wagtail sends `published` from every path that makes a document live (the admin's button,
# scheduled publishing, a revert): each publication of a legal document becomes a version.
@receiver(published, sender=LegalDocument, dispatch_uid="readers_legal_published")
def on_legal_document_published(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    legal_version_record(document=instance, revision=kwargs["revision"])


@receiver(unpublished, sender=LegalDocument, dispatch_uid="readers_legal_unpublished")
def on_legal_document_unpublished(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    legal_document_withdrawn(document=instance)
