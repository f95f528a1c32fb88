"""Sessions and account notices: a new session key at log-in, mail after a security change."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"
NEW_PASSWORD = "another long harbour passphrase"


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user(
        username="reader-ana", email="ana@example.org", password=PASSWORD, display_name="Ana F"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def logged_in(home, reader) -> Client:
    """A reader logged in through the form (a fresh log-in, so no re-authentication asked)."""
    client = Client()
    response = client.post("/account/login/", {"login": reader.email, "password": PASSWORD})
    assert response.status_code == 302
    mail.outbox.clear()
    return client


def test_logging_in_gives_the_browser_a_new_session_key(home, reader):
    """The session a visitor had before logging in is replaced (no session fixation)."""
    client = Client()
    session = client.session
    session["seen_front_page"] = True
    session.save()
    before = session.session_key
    assert before is not None

    client.post("/account/login/", {"login": reader.email, "password": PASSWORD})

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.session["_auth_user_id"] == str(reader.pk)
    assert not client.session.exists(before)


def test_the_welcome_message_uses_the_display_name_not_the_username(home, reader):
    """allauth's messages name the reader as others see them, never "reader-3f9a…"."""
    response = Client().post(
        "/account/login/", {"login": reader.email, "password": PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert "Successfully signed in as Ana F." in html
    assert reader.username not in html


def test_logging_out_ends_the_session_on_the_server(logged_in):
    """After log-out the old session key no longer opens anything."""
    key = logged_in.session.session_key

    logged_in.post("/account/logout/")

    assert not logged_in.session.exists(key)


def test_a_password_change_is_notified_by_mail(logged_in, reader):
    """Changing the password sends the owner a notice (in case it was not them)."""
    response = logged_in.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert "Password Changed" in mail.outbox[0].subject


def test_an_email_change_is_notified_to_the_old_address(logged_in, reader):
    """The password is asked again; once the new address is confirmed, the old one is told."""
    asked = logged_in.post("/account/email/", {"action_add": "", "email": "ana.new@example.org"})
    assert asked["Location"].startswith("/account/reauthenticate/")
    logged_in.post("/account/reauthenticate/", {"password": PASSWORD})
    logged_in.post("/account/email/", {"action_add": "", "email": "ana.new@example.org"})
    assert mail.outbox[-1].to == ["ana.new@example.org"]
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    mail.outbox.clear()

    logged_in.post(link.group(1))

    reader.refresh_from_db()
    assert reader.email == "ana.new@example.org"
    notices = [message for message in mail.outbox if message.to == ["ana@example.org"]]
    assert len(notices) == 1
    assert "Email Changed" in notices[0].subject
    assert "ana.new@example.org" in notices[0].body
