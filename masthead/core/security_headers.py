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

import http.client
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

ADMIN_PREFIX = "/admin/"
SITE_POLICY_SETTING = "CONTENT_SECURITY_POLICY"
ACCOUNT_PREFIX = "/account/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's and the account pages' policies.

    Each policy is built once per process (`policy_text`) rather than on every response:
    django-csp builds both headers from the settings each time, which was a quarter of a
    page-cache hit's time in the process.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # django-csp's process_response, with the policies built by `policy_text`.
        debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if settings.DEBUG and response.status_code in debug_codes:
            return response
        for report_only, header in ((False, HEADER), (True, HEADER_REPORT_ONLY)):
            parts = self.get_policy_parts(request, response, report_only=report_only)
            policy = policy_text(parts, report_only=report_only)
            if not policy or header in response:
                continue
            suffix = "_ro" if report_only else ""
            exempt = getattr(response, f"_csp_exempt{suffix}", False)
            setting = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else SITE_POLICY_SETTING
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if exempt is False and not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        # As django-csp: a nonce first asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

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


# Where the response's nonce goes in a policy built once (base64 never holds "!").
NONCE_PLACEHOLDER = "!nonce!"
POLICY_TEXTS_MAX = 256
_policy_texts: dict[tuple[Any, ...], str] = {}


def policy_text(parts: PolicyParts, *, report_only: bool) -> str:
    """The header `build_policy` would write for these parts, built once per process.

    Parts that differ only by their nonce share one text, built with a placeholder that the
    request's nonce replaces. Dropped when a CSP setting changes (`setting_changed`).
    """
    key = (
        report_only,
        _frozen(parts.config),
        _frozen(parts.update),
        _frozen(parts.replace),
        parts.nonce is not None,
    )
    text = _policy_texts.get(key)
    if text is None:
        text = build_policy(
            config=parts.config,
            update=parts.update,
            replace=parts.replace,
            nonce=NONCE_PLACEHOLDER if parts.nonce is not None else None,
            report_only=report_only,
        )
        if len(_policy_texts) >= POLICY_TEXTS_MAX:
            _policy_texts.clear()
        _policy_texts[key] = text
    if parts.nonce is not None:
        return text.replace(NONCE_PLACEHOLDER, parts.nonce)
    return text


def _frozen(directives: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """The directives as a key: a set in them becomes its sorted tuple."""
    if directives is None:
        return None
    return tuple(
        (
            name,
            tuple(sorted(value))
            if isinstance(value, (set, frozenset))
            else tuple(value)
            if isinstance(value, (list, tuple))
            else value,
        )
        for name, value in sorted(directives.items())
    )


def _policy_texts_forget(*, setting: str, **kwargs: object) -> None:
    # The other settings the policies read (the admin's, the account pages') are in the parts,
    # so in the key: only the site's own policies, read by `build_policy`, need this.
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy_texts.clear()


setting_changed.connect(_policy_texts_forget, dispatch_uid="csp_policy_texts_forget")


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
