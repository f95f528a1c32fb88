"""The consent gate's form and the sign-up form's acceptance checkbox.

One checkbox per pending version, named after the version: a form opened before a newer
version was published cannot accept that newer version unseen (its box is missing, so the
form comes back with the new text and an error).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import LegalDocumentKind, LegalDocumentVersion
from ..selectors.consent import legal_versions_of_record

ACCEPT_LABELS = {
    LegalDocumentKind.PRIVACY: _("I have read and accept the new privacy policy."),
    LegalDocumentKind.TERMS: _("I have read and accept the new terms of use."),
}
REFUSED_MESSAGES = {
    LegalDocumentKind.PRIVACY: _(
        "Tick the box to accept the new privacy policy, or delete your account or log out."
    ),
    LegalDocumentKind.TERMS: _(
        "Tick the box to accept the new terms of use, or delete your account or log out."
    ),
}


class ConsentForm(forms.Form):
    """A checkbox for each version the member has yet to accept."""

    def __init__(self, *args: Any, versions: list[LegalDocumentVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            kind = version.document.kind
            self.fields[self.field_name(version)] = forms.BooleanField(
                label=ACCEPT_LABELS[kind],  # type: ignore[index]
                error_messages={"required": REFUSED_MESSAGES[kind]},  # type: ignore[index]
            )

    @staticmethod
    def field_name(version: LegalDocumentVersion) -> str:
        return f"accept_{version.pk}"

    def bound_field_for(self, version: LegalDocumentVersion) -> forms.BoundField:
        return self[self.field_name(version)]


def legal_acceptance_field() -> forms.BooleanField:
    """The sign-up form's "I accept the terms and the privacy policy" box."""
    return forms.BooleanField(
        label=_("I accept the terms of use and the privacy policy."),
        error_messages={
            "required": _(
                "Please accept the terms of use and the privacy policy to create an account."
            )
        },
    )


def legal_acceptance_field_prepare(form: forms.Form, name: str = "accept_legal") -> None:
    """Link the box's label to the documents, or drop the box while none is published."""
    versions = legal_versions_of_record()
    if not versions:
        del form.fields[name]
        return
    links = {
        version.document.kind: reverse("legal_document", kwargs={"kind": version.document.kind})
        for version in versions
    }
    parts = []
    for kind, label in (
        (LegalDocumentKind.TERMS, gettext("terms of use")),
        (LegalDocumentKind.PRIVACY, gettext("privacy policy")),
    ):
        if kind in links:
            parts.append(format_html('<a href="{}" target="_blank">{}</a>', links[kind], label))
    if len(parts) == 2:
        label = format_html(gettext("I accept the {} and the {}."), parts[0], parts[1])
    else:
        label = format_html(gettext("I accept the {}."), parts[0])
    form.fields[name].label = label


class LegalDocumentAdminForm(WagtailAdminModelForm):  # type: ignore[misc]  # Wagtail: untyped
    """The editors' form: "readers must accept" starts unticked on each new edit.

    Left ticked from the last publication, the box would make a typo fix ask every member
    to accept the text again; a draft saved with the box ticked keeps it ticked.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document = self.instance
        if document.pk and document.live and not document.has_unpublished_changes:
            self.initial["requires_consent"] = False
