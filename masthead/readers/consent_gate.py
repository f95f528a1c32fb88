"""The consent gate: a member goes on only once they accept the new terms or privacy policy.

When an editor publishes a version marked as needing consent, every logged-in member is sent
to the consent page (views/consent.py) before any other page, where they accept it, delete
their account or log out.

Why it costs almost nothing: a request without a session cookie returns at once (the
anonymous page cache and its benchmark depend on it); a member's request reads the binding
version ids from the cache and compares them with what their session remembers having
checked, so the database is read once per session and per new version.

Pages that must stay open (log-out, the consent page and the documents, account deletion and
restore, e-mail confirmation, re-authentication) are listed by URL name below, or decorated
with `consent_gate_exempt`. The admin is not gated: editors publish the documents there.
Requests that cannot follow a redirect to a page (fetch, XHR, htmx) get a 403 saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .selectors.consent import consent_binding_versions, consent_unsatisfied_version_ids

SESSION_KEY = "readers_consent_checked"

EXEMPT_URL_NAMES = frozenset(
    {
        "readers_consent",
        "legal_document",
        "legal_document_version",
        "account_logout",
        "account_login",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "readers_account_delete",
        "readers_account_restore",
        "readers_export",
    }
)

View = TypeVar("View", bound=Callable[..., Any])


def consent_gate_exempt(view: View) -> View:
    """Keep a view open to members who have not accepted the current documents yet."""
    view.consent_gate_exempt = True  # type: ignore[attr-defined]
    return view


def consent_gate_remember(request: HttpRequest, version_ids: Iterable[int]) -> None:
    """Note in the session that these binding versions are accepted: no query next time."""
    request.session[SESSION_KEY] = sorted(set(version_ids))


def consent_next_url(request: HttpRequest, candidate: str | None) -> str:
    """Where to send the member afterwards: a local address, never back to the gate."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        try:
            match = resolve(urlsplit(candidate).path)
        except Resolver404:
            return candidate  # a page that does not exist answers for itself
        if match.url_name != "readers_consent":
            return candidate
    return "/"


class ConsentGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt_prefixes = ("/admin/", settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # a guest: no session to read, nothing to check
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if (
            getattr(view_func, "consent_gate_exempt", False)
            or (match is not None and match.url_name in EXEMPT_URL_NAMES)
            or request.path.startswith(self.exempt_prefixes)
        ):
            return None
        binding = consent_binding_versions()
        if not binding:
            return None
        binding_ids = {item.version_id for item in binding}
        if binding_ids.issubset(request.session.get(SESSION_KEY, ())):
            return None
        if not consent_unsatisfied_version_ids(user=user, binding=binding):
            consent_gate_remember(request, binding_ids)
            return None
        return self._stop(request)

    def _stop(self, request: HttpRequest) -> HttpResponse:
        gate = reverse("readers_consent")
        if _is_navigation(request):
            if request.method in ("GET", "HEAD"):
                next_url = request.get_full_path()
            else:  # a form sent from a page: come back to that page afterwards
                next_url = consent_next_url(request, request.headers.get("Referer"))
            target = f"{gate}?{urlencode({'next': next_url})}"
            return HttpResponseRedirect(
                target, status=302 if request.method in ("GET", "HEAD") else 303
            )
        message = _(
            "The terms or the privacy policy have changed. Accept them on the consent page "
            "before going on."
        )
        if "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse(
                {"error": "consent_required", "message": message, "consent_url": gate},
                status=403,
            )
        else:
            response = HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = gate  # htmx takes the whole page to the gate
        return response


def _is_navigation(request: HttpRequest) -> bool:
    """True for a page the browser navigates to (a link, a form), not fetch, XHR or htmx."""
    if request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    if mode is not None:
        return mode in ("navigate", "nested-navigate")
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept or "*/*" in accept
