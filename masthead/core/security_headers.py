"""Security headers on every response: the Content-Security-Policy and the browser policies.

Entry points: `ContentSecurityPolicyMiddleware` (django-csp's, choosing the policy by path)
and `BrowserPoliciesMiddleware` (Permissions-Policy, Cross-Origin-Resource-Policy). Django's
`SecurityMiddleware` sets the others (nosniff, Referrer-Policy, Cross-Origin-Opener-Policy,
HSTS in production), `XFrameOptionsMiddleware` X-Frame-Options.

Both sit outside the in-app page cache (`core.middleware`) in `MIDDLEWARE`, so cache hits get
them exactly as misses do. The site's policy (`CONTENT_SECURITY_POLICY` in settings) has
`default-src 'none'`, scripts from the site itself or carrying the response's nonce, no
`'unsafe-inline'` or `'unsafe-eval'`, `object-src 'none'`, `base-uri 'none'`,
`frame-ancestors 'none'` and `form-action 'self'`. Two places differ, both in settings:

* the Wagtail admin (`/admin/`): Wagtail 8 still writes inline scripts and styles and its
  choosers evaluate code (wagtail/wagtail#1288), so it gets `MASTHEAD_ADMIN_CSP`, which
  allows them there only; staff reach it with a second factor.
* the account pages (`/account/`): a social log-in form posts here and is redirected to the
  provider the operator set up in the admin, and browsers check `form-action` on redirects,
  so `MASTHEAD_ACCOUNT_FORM_ACTION` adds HTTPS origins to `form-action` there, and the
  origin of an OpenID Connect server the operator set up on plain HTTP, by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

ADMIN_PREFIX = "/admin/"
ACCOUNT_PREFIX = "/account/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's and the account pages' policies."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts: PolicyParts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        path = request.path_info
        if path.startswith(ADMIN_PREFIX) and parts.config is None:
            # A nonce would make browsers ignore the admin's 'unsafe-inline'.
            parts.config = settings.MASTHEAD_ADMIN_CSP
            parts.nonce = None
        else:
            _radio_stream_allow(parts)
        if path.startswith(ACCOUNT_PREFIX):
            replace: dict[str, Any] = dict(parts.replace or {})
            replace.setdefault(
                "form-action",
                [*settings.MASTHEAD_ACCOUNT_FORM_ACTION, *_identity_provider_origins()],
            )
            parts.replace = replace
        return parts


def _radio_stream_allow(parts: PolicyParts) -> None:
    """The site's live radio stream (Settings › Radio) may play on every public page: the
    player in the header keeps playing as the reader moves from page to page."""
    from masthead.live.selectors import radio_stream_origins

    origins = radio_stream_origins()
    if origins:
        update: dict[str, Any] = dict(parts.update or {})
        update["media-src"] = [*update.get("media-src", []), *origins]
        parts.update = update


def _identity_provider_origins() -> list[str]:
    """The origins of the OpenID Connect servers set up in the admin (Settings › Social log-in).

    The HTTPS ones are already allowed; this adds a provider an operator runs on plain HTTP
    (a local identity server, as in the tests), named exactly rather than allowing `http:`.
    """
    from allauth.socialaccount.models import SocialApp

    origins = []
    for app_settings in SocialApp.objects.filter(provider="openid_connect").values_list(
        "settings", flat=True
    ):
        parts = urlsplit(str((app_settings or {}).get("server_url", "")))
        if parts.scheme == "http" and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


class BrowserPoliciesMiddleware:
    """Permissions-Policy (features the site never uses are off) and Cross-Origin-Resource-Policy.

    Django has no setting for either. CORP `same-origin` keeps other sites from embedding the
    pages' responses; the public images and files nginx serves carry their own headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.MASTHEAD_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.MASTHEAD_PERMISSIONS_POLICY)
        if settings.MASTHEAD_CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.MASTHEAD_CROSS_ORIGIN_RESOURCE_POLICY
            )
        return response
