"""Sign-up, e-mail confirmation, log-in and the header's greeting, through allauth."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from .captcha_solver import captcha_solution

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"


def signup(client, *, email="ana@example.org", display_name="Ana F", password=PASSWORD):
    return client.post(
        "/account/signup/",
        {
            "email": email,
            "display_name": display_name,
            "password1": password,
            "password2": password,
            "captcha": captcha_solution(client),
        },
    )


def confirmation_link() -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", body)
    assert found, body
    return found.group(1)


def test_a_guest_sees_log_in_and_register_in_the_header(client, home):
    """The header offers log-in and registration to guests."""
    html = client.get("/").content.decode()
    assert "/account/login/?next=/" in html
    assert "/account/signup/?next=/" in html
    assert "Hello," not in html


def test_a_reader_registers_confirms_the_address_and_is_greeted_by_name(client, home):
    """Registering sends a confirmation link; following it logs the reader in."""
    response = signup(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    assert user.display_name == "Ana F"
    assert user.username.startswith("reader-") and "ana" not in user.username
    assert user.password.startswith("md5$") or user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified

    link = confirmation_link()
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    html = client.get("/").content.decode()
    assert "Hello, Ana F!" in html


def test_an_unconfirmed_reader_cannot_log_in_with_a_password(client, home):
    """Verification is mandatory: log-in before confirming sends another link instead."""
    signup(client)
    client.logout()
    mail.outbox.clear()
    response = client.post("/account/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "/account/confirm-email/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_taken_display_name_is_refused_and_the_form_keeps_what_was_typed(client, home):
    """Display names are unique whatever their case; the typed e-mail survives the error."""
    signup(client)
    client.logout()
    response = signup(client, email="other@example.org", display_name="ANA f")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This display name is already taken." in html
    assert 'value="other@example.org"' in html


def test_a_name_the_community_standards_refuse_is_refused_at_sign_up(client, home):
    """No account for a slur as a name; the form says why and keeps what was typed."""
    response = signup(client, display_name="F4ggot")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This display name breaks our community standards." in html
    assert 'value="F4ggot"' in html and 'value="ana@example.org"' in html
    assert not get_user_model().objects.filter(email="ana@example.org").exists()


def test_a_password_is_optional_for_readers_who_log_in_by_code(client, home):
    """Without a password the account signs in with a one-time code by e-mail."""
    response = signup(client, password="")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    assert not user.has_usable_password()


def test_a_common_password_is_refused(client, home):
    """Django's password validators run at sign-up: common passwords are refused."""
    response = signup(client, password="password123")
    assert response.status_code == 200
    assert not get_user_model().objects.exists()


def test_the_registration_of_a_known_address_does_not_reveal_it(client, home):
    """Signing up with an address that has an account looks the same (no enumeration)."""
    signup(client)
    client.logout()
    cache.clear()  # past the confirmation mail's cool-down
    mail.outbox.clear()
    response = signup(client, display_name="Someone Else")
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    assert get_user_model().objects.count() == 1
    assert "already" in mail.outbox[-1].body.lower()
