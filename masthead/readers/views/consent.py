"""The consent page members meet at the gate, and the public privacy policy and terms.

`consent` shows what changed, takes the member's acceptance and sends them on to the page
they wanted; from there they may also delete their account or log out. `legal_document` and
`legal_document_version` are public pages (cached for guests like any other page).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from masthead.core.http_cache import public_page

from ..consent_gate import consent_gate_exempt, consent_gate_remember, consent_next_url
from ..forms.consent import ConsentForm
from ..models import LegalDocumentKind
from ..selectors.consent import (
    ContactDetails,
    consent_binding_versions,
    consent_pending_versions,
    legal_version_current,
    legal_version_in_language,
    legal_version_numbered,
    legal_versions_older,
    privacy_contact,
)
from ..services.consent import legal_consent_give


@never_cache
@consent_gate_exempt
@login_required
def consent(request: HttpRequest) -> HttpResponse:
    """Accept the new versions (a checkbox each), then go on to the page asked for."""
    next_url = consent_next_url(request, request.POST.get("next") or request.GET.get("next"))
    pending = consent_pending_versions(user=request.user)  # type: ignore[arg-type]
    if not pending:
        consent_gate_remember(request, (item.version_id for item in consent_binding_versions()))
        return HttpResponseRedirect(next_url)
    form = ConsentForm(request.POST or None, versions=pending)
    if request.method == "POST" and form.is_valid():
        legal_consent_give(user=request.user, versions=pending)  # type: ignore[arg-type]
        consent_gate_remember(request, (item.version_id for item in consent_binding_versions()))
        messages.success(request, _("Thank you. You can carry on where you were."))
        return HttpResponseRedirect(next_url)
    language = get_language()
    documents = [
        {
            "version": version,
            "shown": legal_version_in_language(version=version, language=language),
            "field": form.bound_field_for(version),
        }
        for version in pending
    ]
    return render(
        request,
        "readers/consent.html",
        {"form": form, "documents": documents, "next_url": next_url},
    )


def _contact_of(request: HttpRequest, kind: str) -> ContactDetails | None:
    """The privacy policy ends with where to write about one's data; the terms do not."""
    return privacy_contact(request=request) if kind == LegalDocumentKind.PRIVACY else None


def _kind_checked(kind: str) -> str:
    if kind not in LegalDocumentKind.values:
        raise Http404
    return kind


@public_page
def legal_document(request: HttpRequest, kind: str) -> HttpResponse:
    """The current privacy policy or terms, with the list of earlier versions."""
    current = legal_version_current(kind=_kind_checked(kind), language=get_language())
    if current is None:
        raise Http404
    return render(
        request,
        "readers/legal_document.html",
        {
            "version": current,
            "current": current,
            "older": legal_versions_older(version=current),
            "contact": _contact_of(request, kind),
        },
    )


@public_page
def legal_document_version(request: HttpRequest, kind: str, number: int) -> HttpResponse:
    """An earlier version, as it was published, with a link to the current one."""
    current = legal_version_current(kind=_kind_checked(kind), language=get_language())
    if current is None:
        raise Http404
    version = legal_version_numbered(current=current, number=number)
    if version is None:
        raise Http404
    return render(
        request,
        "readers/legal_document.html",
        {
            "version": version,
            "current": current,
            "older": legal_versions_older(version=current),
            "contact": _contact_of(request, kind),
        },
    )
