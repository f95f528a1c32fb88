"""Legal documents for the consent tests, published the way an editor publishes them.

`legal_publish` saves a revision of the privacy policy or the terms and publishes it, which is
what the admin's "Publish" button does; Wagtail's `published` signal then freezes the version.
Callbacks deferred to the end of the transaction run at once, as they would after a request.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.models import Locale

from masthead.readers.models import LegalDocument, LegalDocumentVersion

TEXTS = {
    "privacy": ("Privacy policy", "<p>We keep your e-mail address to let you log in.</p>"),
    "terms": ("Terms of use", "<p>Be kind in the comments.</p>"),
}


def legal_publish(
    *,
    kind: str = "privacy",
    title: str | None = None,
    body: str | None = None,
    requires_consent: bool = True,
    change_summary: str = "",
    language: str | None = None,
) -> LegalDocumentVersion:
    """Publish a new version of `kind` (created on first use) in `language`; return it."""
    locale = Locale.objects.get_or_create(language_code=language)[0] if language else None
    locale = locale or Locale.get_default()
    default_title, default_body = TEXTS[kind]
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = LegalDocument.objects.filter(kind=kind, locale=locale).first()
        if document is None:
            source = LegalDocument.objects.filter(kind=kind).first()
            if source is not None:
                document = source.copy_for_translation(locale)
            else:
                document = LegalDocument(kind=kind, locale=locale, live=False)
            document.title, document.body = default_title, default_body
            document.live, document.live_revision = False, None
            document.save()
        document.title = title or document.title
        document.body = body or document.body
        document.change_summary = change_summary
        document.requires_consent = requires_consent
        document.save_revision().publish()
    version = LegalDocumentVersion.objects.filter(document=document).order_by("-number").first()
    assert version is not None, "publishing froze no version"
    return version


def member_create(*, email: str = "ana@example.org", display_name: str = "Ana F"):
    return get_user_model().objects.create_user(
        username=f"reader-{display_name.lower().replace(' ', '-')}",
        email=email,
        password="a long harbour passphrase",
        display_name=display_name,
    )
