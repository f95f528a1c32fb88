"""Staff reach the Wagtail admin only with a second factor (allauth MFA).

Why a middleware: Wagtail decides admin access by permission, and allauth checks the second
factor only at log-in for accounts that have one. A member who becomes an editor, or a staff
account created on the command line, is sent to set up TOTP before the admin opens.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .selectors import user_has_mfa, user_is_staff_member

ADMIN_PREFIX = "/admin/"


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PREFIX):
            user = request.user
            if user_is_staff_member(user) and not user_has_mfa(user):  # type: ignore[arg-type]
                messages.warning(
                    request,
                    _("Staff accounts need two-factor authentication. Set it up to continue."),
                )
                target = reverse("mfa_activate_totp")
                return HttpResponseRedirect(f"{target}?{urlencode({'next': request.path})}")
        return self.get_response(request)
