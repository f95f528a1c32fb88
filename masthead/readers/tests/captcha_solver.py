"""Solving the anti-robot check in tests, as a reader's browser does (never by switching it off).

`captcha_solution(client)` fetches a challenge from the site's own endpoint and solves it with
altcha-lib's reference solver: the algorithm static/js/captcha.js runs in the browser (ALTCHA
PoW v2, PBKDF2/SHA-256, big-endian uint32 counter). Test settings keep the work small.

Use it for every form that carries the check:
    client.post("/account/signup/", {..., "captcha": captcha_solution(client)})
"""

from __future__ import annotations

from typing import Any

import altcha

CAPTCHA_FIELD = "captcha"


def captcha_challenge_solve(challenge: dict[str, Any]) -> str:
    """The payload a browser would send for `challenge` (a dict as the endpoint returns it)."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed, timeout=60)
    assert solution is not None, "the proof-of-work found no answer in time"
    return altcha.Payload(parsed, solution).to_base64()


def captcha_solution(client) -> str:
    """Fetch a fresh challenge through `client` (a Django test client) and solve it."""
    response = client.get("/account/captcha/challenge/")
    assert response.status_code == 200, response.status_code
    return captcha_challenge_solve(response.json())


def signup_form_data(client, **overrides: str) -> dict[str, str]:
    """Everything the sign-up form asks, as a browser would send it, check solved.

    Reads the form's fields, so a field another part of the site adds (a required consent
    box, say) is filled in too: required boxes ticked.
    """
    from django import forms
    from django.conf import settings
    from django.utils.module_loading import import_string

    data = {
        "email": "new@example.org",
        "display_name": "New Reader",
        "password1": "a long harbour passphrase",
        "password2": "a long harbour passphrase",
    }
    form = import_string(settings.ACCOUNT_FORMS["signup"])()
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField) and field.required:
            data[name] = "on"
    if CAPTCHA_FIELD not in overrides:
        data[CAPTCHA_FIELD] = captcha_solution(client)
    data.update(overrides)
    return data
