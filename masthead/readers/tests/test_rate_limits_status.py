"""A log-in stopped by the per-IP limit says so with HTTP 429, on the same helpful page.

Why: allauth reports its `login_failed` limit as a form error, so the page answered 200, as
for a wrong password. Scripts, proxies and monitoring read the status: 429 tells them the
client is being limited, while the reader still sees the log-in form and the message.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from .captcha_solver import captcha_solution

pytestmark = pytest.mark.django_db
TOO_MANY = "Too many failed login attempts. Try again later."


def test_a_rate_limited_log_in_answers_429_with_the_log_in_page(home):
    """After ten wrong passwords from one IP the eleventh try is a 429 showing the form."""
    user = get_user_model().objects.create_user(
        username="reader-ana", email="ana@example.org", password="a long harbour passphrase"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    statuses = []
    for attempt in range(11):
        data = {"login": user.email, "password": f"guess number {attempt}"}
        if attempt >= 3:  # three failures from one IP bring the check
            data["captcha"] = captcha_solution(attacker)
        statuses.append(attacker.post("/account/login/", data))

    assert [response.status_code for response in statuses[:10]] == [200] * 10
    limited = statuses[10]
    assert limited.status_code == 429
    html = limited.content.decode()
    assert TOO_MANY in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "_auth_user_id" not in attacker.session
