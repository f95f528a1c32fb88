"""The anti-robot check: its challenges, what it refuses, and the forms that carry it."""

from __future__ import annotations

import base64
import datetime
import json

import altcha
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from ..captcha import captcha_challenge_create
from .captcha_solver import captcha_challenge_solve, captcha_solution, signup_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"
NO_SCRIPT_TEXT = "needs JavaScript"


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user(
        username="reader-ana", email="ana@example.org", password=PASSWORD, display_name="Ana F"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def tampered(payload: str, **solution) -> str:
    decoded = json.loads(base64.b64decode(payload))
    decoded["solution"].update(solution)
    return base64.b64encode(json.dumps(decoded).encode()).decode()


def test_a_challenge_is_signed_fresh_and_never_cached(client):
    """Each fetch gives a new signed PBKDF2 challenge that no cache may keep."""
    first = client.get("/account/captcha/challenge/")
    second = client.get("/account/captcha/challenge/")

    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    challenge = first.json()
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert challenge["parameters"]["expiresAt"]
    assert challenge["signature"]
    assert challenge["signature"] != second.json()["signature"]


def test_the_check_costs_real_work_at_the_sites_settings(settings):
    """With the shipped settings a solver tries thousands of derivations before the answer."""
    settings.MASTHEAD_CAPTCHA_WORK = 2500
    settings.MASTHEAD_CAPTCHA_COST = 1000

    challenge = captcha_challenge_create()
    solution = altcha.solve_challenge(altcha.Challenge.from_dict(challenge))

    assert challenge["parameters"]["cost"] == 1000
    assert solution is not None
    assert 2500 <= solution.counter <= 5000


def test_registration_with_a_solved_check_creates_the_account(client, home):
    """The solution a browser computes is accepted and the account is created."""
    response = client.post(
        "/account/signup/", signup_form_data(client, captcha=captcha_solution(client))
    )

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="new@example.org").exists()


def test_registration_without_javascript_is_refused_and_keeps_what_was_typed(client, home):
    """An empty check (no script ran) is refused; typed fields survive, the password does not."""
    response = client.post("/account/signup/", signup_form_data(client, captcha=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The anti-robot check did not run. It needs JavaScript" in html
    assert 'value="new@example.org"' in html
    assert 'value="New Reader"' in html
    assert PASSWORD not in html
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_the_forms_say_without_javascript_that_the_check_needs_it(client, home):
    """Before any script runs, the check's status line says JavaScript is needed."""
    for path in ("/account/signup/", "/account/password/reset/", "/account/login/code/"):
        html = client.get(path).content.decode()
        assert "data-captcha-status>This form has an automatic anti-robot check" in html
        assert NO_SCRIPT_TEXT in html
        assert "/static/js/captcha.js" in html


def test_a_replayed_solution_is_refused(client, home):
    """A solution is good once: sent again, even to another form, it is refused."""
    payload = captcha_solution(client)
    client.post("/account/signup/", signup_form_data(client, captcha=payload))
    client.logout()

    response = client.post(
        "/account/signup/",
        signup_form_data(
            client, email="second@example.org", display_name="Second", captcha=payload
        ),
    )

    assert response.status_code == 200
    assert "This anti-robot check was already used." in response.content.decode()
    assert not get_user_model().objects.filter(email="second@example.org").exists()


def test_a_tampered_solution_is_refused(client, home):
    """A made-up answer (wrong counter and key) is refused."""
    payload = captcha_solution(client)

    response = client.post(
        "/account/signup/",
        signup_form_data(client, captcha=tampered(payload, counter=1, derivedKey="00" * 32)),
    )

    assert "The anti-robot check failed." in response.content.decode()
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_a_challenge_signed_with_another_key_is_refused(client, home):
    """A challenge the site did not sign, however well solved, is refused."""
    forged = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256", cost=10, counter=3, hmac_secret="not the site's key"
    )

    payload = captcha_challenge_solve(forged.to_dict())
    response = client.post("/account/signup/", signup_form_data(client, captcha=payload))

    assert "The anti-robot check failed." in response.content.decode()


def test_unreadable_or_oversized_input_is_refused_with_a_message(client, home):
    """Garbage in the field gets the same clear message, not an error page."""
    for garbage in ("%%% not base64 %%%", "A" * 100_000):
        response = client.post("/account/signup/", signup_form_data(client, captcha=garbage))

        assert response.status_code == 200
        assert "The anti-robot check failed." in response.content.decode()


def test_an_expired_challenge_is_refused(client, home):
    """A challenge solved but sent after its ten minutes is refused as expired."""
    payload = captcha_solution(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        response = client.post("/account/signup/", signup_form_data(client, captcha=payload))

    assert "The anti-robot check expired." in response.content.decode()


def test_password_recovery_asks_for_the_check(client, home, reader):
    """Without a solution no reset mail goes out; with one it does."""
    refused = client.post("/account/password/reset/", {"email": reader.email, "captcha": ""})
    assert refused.status_code == 200
    assert "The anti-robot check did not run." in refused.content.decode()
    assert 'value="ana@example.org"' in refused.content.decode()
    assert not mail.outbox

    sent = client.post(
        "/account/password/reset/", {"email": reader.email, "captcha": captcha_solution(client)}
    )
    assert sent.status_code == 302
    assert len(mail.outbox) == 1


def test_asking_for_a_log_in_code_needs_the_check(client, home, reader):
    """Without a solution no code is mailed and the address stays typed; with one it is."""
    refused = client.post("/account/login/code/", {"email": reader.email, "captcha": ""})
    assert refused.status_code == 200
    assert "The anti-robot check did not run." in refused.content.decode()
    assert 'value="ana@example.org"' in refused.content.decode()
    assert not mail.outbox

    sent = client.post(
        "/account/login/code/", {"email": reader.email, "captcha": captcha_solution(client)}
    )
    assert sent.status_code == 302
    assert sent["Location"] == "/account/login/code/confirm/"
    assert [message.to for message in mail.outbox] == [[reader.email]]


def test_code_requests_without_the_check_spend_none_of_the_addresses_allowance(
    client, home, reader
):
    """A robot's unsolved requests never use up the owner's three codes a minute."""
    for _attempt in range(5):
        client.post("/account/login/code/", {"email": reader.email, "captcha": ""})

    owner = Client()
    sent = owner.post(
        "/account/login/code/", {"email": reader.email, "captcha": captcha_solution(owner)}
    )

    assert sent.status_code == 302
    assert len(mail.outbox) == 1


def test_log_in_shows_no_check_at_first(client, home):
    """A reader who has not failed logs in with e-mail and password only."""
    html = client.get("/account/login/").content.decode()

    assert "data-captcha" not in html


def test_log_in_asks_for_the_check_after_three_failures_for_an_address(client, home, reader):
    """After three wrong passwords for an address, log-in to it needs the check, from anywhere."""
    for _attempt in range(3):
        client.post(
            "/account/login/",
            {"login": reader.email, "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
        )

    asked = client.post(
        "/account/login/", {"login": reader.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "This form now needs an anti-robot check." in html
    assert "data-captcha" in html
    assert 'value="ana@example.org"' in html
    assert PASSWORD not in html
    assert "_auth_user_id" not in client.session

    solved = client.post(
        "/account/login/",
        {"login": reader.email, "password": PASSWORD, "captcha": captcha_solution(client)},
        REMOTE_ADDR="192.0.2.10",
    )
    assert solved.status_code == 302
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_log_in_asks_for_the_check_from_an_address_with_three_failures(client, home):
    """Three failures from one IP, whatever the addresses, bring the check to that IP's form."""
    for number in range(3):
        client.post(
            "/account/login/",
            {"login": f"guess{number}@example.org", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
        )

    from_there = client.get("/account/login/", REMOTE_ADDR="198.51.100.7").content.decode()
    from_elsewhere = client.get("/account/login/", REMOTE_ADDR="192.0.2.10").content.decode()

    assert "data-captcha" in from_there
    assert "data-captcha" not in from_elsewhere


def test_a_wrong_password_with_a_missing_check_is_not_even_tried(client, home, reader):
    """Once the check is due, a request without it never reaches the password check."""
    for _attempt in range(3):
        client.post("/account/login/", {"login": reader.email, "password": "wrong"})

    response = client.post("/account/login/", {"login": reader.email, "password": "wrong"})

    html = response.content.decode()
    assert "This form now needs an anti-robot check." in html
    assert "The email address and/or password you specified are not correct." not in html
