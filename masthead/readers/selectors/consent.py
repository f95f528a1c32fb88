"""Reads about the privacy policy, the terms and members' acceptances of them.

Entry points: `legal_version_current` and `legal_versions_older` for the public pages,
`consent_binding_versions` (cached) and `consent_unsatisfied_version_ids` for the consent gate
(consent_gate.py), `consent_pending_versions` for the gate's page, `legal_versions_of_record`
for sign-up, `consent_export` for the personal-data archive. Writes live in services/consent.py.

The versions of record are those of the documents in the default language: a member accepts
them once, whichever edition they read; a translation is what the other editions show.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from wagtail.coreutils import get_supported_content_language_variant

from ..models import LegalConsent, LegalDocumentKind, LegalDocumentVersion, PrivacyContact

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ..models import User

# The gate reads this on every request of a logged-in member; publishing a version deletes it.
BINDING_CACHE_KEY = "readers:consent:binding:v1"
BINDING_CACHE_SECONDS = 600


@dataclass(frozen=True)
class BindingVersion:
    """The latest version of a document that members must have accepted (or a later one)."""

    version_id: int
    document_id: int
    number: int
    kind: str


def _default_language() -> str:
    """The language of the documents of record, read from settings (no query)."""
    language: str = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return language


def consent_binding_versions() -> tuple[BindingVersion, ...]:
    """For each live document of record, its latest version that requires consent (cached)."""
    binding: tuple[BindingVersion, ...] | None = cache.get(BINDING_CACHE_KEY)
    if binding is None:
        rows = (
            LegalDocumentVersion.objects.filter(
                requires_consent=True,
                document__live=True,
                document__locale__language_code=_default_language(),
            )
            .order_by("document_id", "-number")
            .values_list("id", "document_id", "number", "document__kind")
        )
        latest: dict[int, BindingVersion] = {}
        for version_id, document_id, number, kind in rows:
            latest.setdefault(document_id, BindingVersion(version_id, document_id, number, kind))
        binding = tuple(sorted(latest.values(), key=lambda item: item.kind))
        cache.set(BINDING_CACHE_KEY, binding, BINDING_CACHE_SECONDS)
    return binding


def consent_unsatisfied_version_ids(
    *, user: User, binding: tuple[BindingVersion, ...] | None = None
) -> set[int]:
    """The binding versions `user` has not accepted, nor any later version of (one query)."""
    binding = consent_binding_versions() if binding is None else binding
    if not binding:
        return set()
    accepted = dict(
        LegalConsent.objects.filter(
            user=user, version__document_id__in=[item.document_id for item in binding]
        )
        .values("version__document_id")
        .annotate(highest=Max("version__number"))
        .values_list("version__document_id", "highest")
    )
    return {item.version_id for item in binding if accepted.get(item.document_id, 0) < item.number}


def consent_pending_versions(*, user: User) -> list[LegalDocumentVersion]:
    """The versions of record `user` must accept before going on, privacy policy first."""
    pending_ids = consent_unsatisfied_version_ids(user=user)
    if not pending_ids:
        return []
    versions = LegalDocumentVersion.objects.filter(id__in=pending_ids).select_related(
        "document__locale"
    )
    order = list(LegalDocumentKind.values)
    return sorted(versions, key=lambda version: order.index(version.document.kind))


def legal_version_current(*, kind: str, language: str) -> LegalDocumentVersion | None:
    """The version readers of `language` read now: their edition's, else the one of record."""
    for code in dict.fromkeys([language, _default_language()]):
        version = (
            LegalDocumentVersion.objects.filter(
                document__kind=kind, document__live=True, document__locale__language_code=code
            )
            .select_related("document__locale")
            .order_by("-number")
            .first()
        )
        if version is not None:
            return version
    return None


def legal_version_numbered(
    *, current: LegalDocumentVersion, number: int
) -> LegalDocumentVersion | None:
    """Version `number` of the document whose current version is `current`."""
    if current.number == number:
        return current
    return (
        LegalDocumentVersion.objects.filter(document_id=current.document_id, number=number)
        .select_related("document__locale")
        .first()
    )


def legal_versions_older(*, version: LegalDocumentVersion) -> list[LegalDocumentVersion]:
    """The versions published before `version`, newest first, for the list under the text."""
    return list(
        LegalDocumentVersion.objects.filter(
            document_id=version.document_id, number__lt=version.number
        )
        .only("id", "number", "title", "published_at")
        .order_by("-number")
    )


def legal_version_in_language(
    *, version: LegalDocumentVersion, language: str
) -> LegalDocumentVersion:
    """What a reader of `language` reads for `version`: the current translation, if any."""
    if version.document.locale.language_code == language:
        return version
    translated = (
        LegalDocumentVersion.objects.filter(
            document__translation_key=version.document.translation_key,
            document__locale__language_code=language,
            document__live=True,
        )
        .select_related("document__locale")
        .order_by("-number")
        .first()
    )
    return translated or version


def legal_versions_of_record() -> list[LegalDocumentVersion]:
    """The current version of each live document in the default language (what sign-up accepts)."""
    versions = []
    for kind in LegalDocumentKind.values:
        version = (
            LegalDocumentVersion.objects.filter(
                document__kind=kind,
                document__live=True,
                document__locale__language_code=_default_language(),
            )
            .select_related("document")
            .order_by("-number")
            .first()
        )
        if version is not None:
            versions.append(version)
    return versions


def consent_export(*, user: User) -> list[dict[str, Any]]:
    """The member's acceptances for the personal-data archive: which version, when."""
    return [
        {
            "document": consent.version.document.kind,
            "title": consent.version.title,
            "version": consent.version.number,
            "language": consent.version.document.locale.language_code,
            "published_at": consent.version.published_at,
            "accepted_at": consent.accepted_at,
        }
        for consent in LegalConsent.objects.filter(user=user)
        .select_related("version__document__locale")
        .order_by("accepted_at", "id")
    ]


@dataclass(frozen=True)
class ContactDetails:
    """The address readers write to about their data, shown under the privacy policy."""

    email: str
    postal_address: str


def privacy_contact(*, request: HttpRequest) -> ContactDetails:
    """The site's privacy contact (Settings › Privacy contact), else DEFAULT_FROM_EMAIL's address.

    The policy page always gives an address: "write to the newsroom" with none is no contact.
    """
    contact = PrivacyContact.for_request(request)
    email = contact.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return ContactDetails(email=email, postal_address=contact.postal_address.strip())
