"""The captcha's challenge endpoint, and the log-in page that answers 429 when rate-limited.

The widget (static/js/captcha.js) fetches one challenge per form.

Why an endpoint rather than a challenge printed in the page: each form gets a fresh one, the
widget can fetch another when one expires or was used, and pages stay free of per-visit data.
"""

from __future__ import annotations

from allauth.account.views import LoginView as AllauthLoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..captcha import captcha_challenge_create


@never_cache
@require_GET
def captcha_challenge(request: HttpRequest) -> JsonResponse:
    """A new signed proof-of-work challenge, never cached (each one is good once)."""
    return JsonResponse(captcha_challenge_create())


class LoginView(AllauthLoginView):  # type: ignore[misc]  # allauth: untyped
    """allauth's log-in page; when its per-IP `login_failed` limit stops a try, HTTP 429.

    allauth reports that limit as a form error and the page answered 200, as for a wrong
    password: the status is what scripts and monitoring read. The reader sees the same page,
    the form and the message saying to try again later. Mounted over allauth's own route.
    """

    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = 429
        return response


login = LoginView.as_view()
