"""Reader-facing account views beyond allauth's own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def admin_login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's own log-in form is replaced by allauth's (rate limits, captcha, MFA)."""
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
