"""Writes about the privacy policy, the terms and members' acceptances of them.

Entry points: `legal_version_record` (a document was published in the admin: freeze the new
version; called from signal_handlers.py on Wagtail's `published` signal, so scheduled
publishing counts too), `legal_document_withdrawn` (unpublished), `legal_consent_give` (the
gate's page and sign-up). Reads live in selectors/consent.py, the gate in consent_gate.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from masthead.core.origin import public_origin

from ..models import LegalConsent, LegalDocument, LegalDocumentVersion
from ..selectors.consent import BINDING_CACHE_KEY, legal_versions_of_record

if TYPE_CHECKING:
    from wagtail.models import Revision

    from ..models import User


def legal_version_record(
    *, document: LegalDocument, revision: Revision
) -> LegalDocumentVersion | None:
    """Freeze what was just published into the document's next version.

    A revision scheduled for later is not a version yet: Wagtail sends `published` again when
    it goes live. The gate's cache is dropped and the public pages purged once committed.
    """
    if not document.live or document.live_revision_id != revision.pk:
        return None
    last_number = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = LegalDocumentVersion.objects.create(
        document=document,
        number=last_number + 1,
        title=document.title,
        body=document.body,
        change_summary=document.change_summary,
        requires_consent=document.requires_consent,
        published_at=document.last_published_at or timezone.now(),
        revision=revision,
    )
    kind = document.kind
    transaction.on_commit(lambda: _legal_pages_refresh(kind=kind))
    return version


def legal_document_withdrawn(*, document: LegalDocument) -> None:
    """An editor unpublished a document: the gate and the public pages forget it."""
    kind = document.kind
    transaction.on_commit(lambda: _legal_pages_refresh(kind=kind))


def legal_consent_give(
    *, user: User, versions: Iterable[LegalDocumentVersion]
) -> list[LegalConsent]:
    """Record that `user` accepted `versions` now; accepting one twice keeps the first time."""
    now = timezone.now()
    return [
        LegalConsent.objects.get_or_create(
            user=user, version=version, defaults={"accepted_at": now}
        )[0]
        for version in versions
    ]


def signup_consent_record(*, user: User) -> list[LegalConsent]:
    """A new member ticked the sign-up box: they accepted the current terms and policy."""
    return legal_consent_give(user=user, versions=legal_versions_of_record())


def _legal_pages_refresh(*, kind: str) -> None:
    """Drop the gate's cached versions and purge the document's public page in each edition."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    cache.delete(BINDING_CACHE_KEY)
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else public_origin()
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(root + reverse("legal_document", kwargs={"kind": kind}))
    purge_urls_from_cache(urls)
