"""The captcha's challenge endpoint: the widget (static/js/captcha.js) fetches one per form.

Why an endpoint rather than a challenge printed in the page: each form gets a fresh one, the
widget can fetch another when one expires or was used, and pages stay free of per-visit data.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..captcha import captcha_challenge_create


@never_cache
@require_GET
def captcha_challenge(request: HttpRequest) -> JsonResponse:
    """A new signed proof-of-work challenge, never cached (each one is good once)."""
    return JsonResponse(captcha_challenge_create())
