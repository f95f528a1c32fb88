"""Rate limits and the anti-robot check hold against password guessing (acceptance 3).

The attacker here does the proof-of-work whenever asked, as a determined one would: the
check slows guessing down, the per-IP limit stops it, and neither locks the owner out.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from .captcha_solver import captcha_solution, signup_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"
ATTACKER_IP = "198.51.100.66"
OWNER_IP = "192.0.2.10"
TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."


@pytest.fixture
def owner(db):
    user = get_user_model().objects.create_user(
        username="reader-ana", email="ana@example.org", password=PASSWORD, display_name="Ana F"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client: Client, email: str, password: str, *, with_check: bool) -> str:
    """Post the log-in form, solving the check first when asked to; returns the page."""
    data = {"login": email, "password": password}
    if with_check:
        data["captcha"] = captcha_solution(client)
    response = client.post("/account/login/", data)
    return response.content.decode() if response.status_code in (200, 429) else ""


def test_twenty_wrong_passwords_log_no_one_in_and_the_owner_still_gets_in(home, owner):
    """Twenty wrong passwords in a row fail, the IP is stopped, the owner passes the check."""
    attacker = Client(REMOTE_ADDR=ATTACKER_IP)
    answers = []
    for attempt in range(20):
        needs_check = attempt >= 3  # three failures from one IP bring the check
        answers.append(
            log_in(attacker, owner.email, f"guess number {attempt}", with_check=needs_check)
        )

    assert "_auth_user_id" not in attacker.session
    assert all(WRONG in page for page in answers[:10])
    assert all(TOO_MANY in page for page in answers[10:])
    right_but_stopped = log_in(attacker, owner.email, PASSWORD, with_check=True)
    assert TOO_MANY in right_but_stopped
    assert "_auth_user_id" not in attacker.session

    reader = Client(REMOTE_ADDR=OWNER_IP)
    asked = log_in(reader, owner.email, PASSWORD, with_check=False)
    assert "This form now needs an anti-robot check." in asked
    assert "_auth_user_id" not in reader.session
    response = reader.post(
        "/account/login/",
        {"login": owner.email, "password": PASSWORD, "captcha": captcha_solution(reader)},
    )
    assert response.status_code == 302
    assert reader.session["_auth_user_id"] == str(owner.pk)


def test_guesses_without_the_check_never_reach_the_password(home, owner):
    """A script that will not do the work gets the same refusal for right and wrong passwords."""
    attacker = Client(REMOTE_ADDR=ATTACKER_IP)
    for attempt in range(3):
        log_in(attacker, owner.email, f"guess number {attempt}", with_check=False)

    wrong = log_in(attacker, owner.email, "another guess", with_check=False)
    right = log_in(attacker, owner.email, PASSWORD, with_check=False)

    assert "This form now needs an anti-robot check." in wrong
    assert "This form now needs an anti-robot check." in right
    assert WRONG not in wrong
    assert "_auth_user_id" not in attacker.session


def test_the_admins_old_log_in_address_cannot_try_passwords(client, admin_user):
    """A POST to Wagtail's log-in URL is sent to allauth's form and logs no one in."""
    response = client.post(
        "/admin/login/", {"username": "admin", "password": "password", "login": "admin@example.com"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_sign_ups_from_one_address_are_limited(home):
    """The 21st sign-up from one IP within a minute is refused with HTTP 429."""
    visitor = Client(REMOTE_ADDR=ATTACKER_IP)
    for number in range(20):
        data = signup_form_data(visitor, email=f"bot{number}@example.org", captcha="")
        assert visitor.post("/account/signup/", data).status_code == 200

    refused = visitor.post("/account/signup/", signup_form_data(visitor, captcha=""))

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR=OWNER_IP)
    assert elsewhere.post("/account/signup/", signup_form_data(elsewhere)).status_code == 302


def test_password_reset_mails_to_one_address_are_limited(home, owner):
    """Five reset requests a minute for one address send mail; the sixth is refused."""
    visitor = Client(REMOTE_ADDR=OWNER_IP)

    statuses = [
        visitor.post(
            "/account/password/reset/",
            {"email": owner.email, "captcha": captcha_solution(visitor)},
        ).status_code
        for _request in range(6)
    ]

    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


def test_confirmation_mails_are_not_resent_within_the_cool_down(home):
    """Logging in to an unconfirmed account sends no second link within three minutes."""
    visitor = Client(REMOTE_ADDR=OWNER_IP)
    visitor.post("/account/signup/", signup_form_data(visitor, email="new@example.org"))
    visitor.logout()
    assert len(mail.outbox) == 1

    for _attempt in range(2):
        visitor.post("/account/login/", {"login": "new@example.org", "password": PASSWORD})
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)):
        visitor.post("/account/login/", {"login": "new@example.org", "password": PASSWORD})
    assert len(mail.outbox) == 2
