"""Deleting an account closes it at once; the e-mailed link restores it within 30 days."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from masthead.readers.models import AccountClosure
from masthead.readers.selectors.lifecycle import user_profile_is_public
from masthead.readers.services.lifecycle import account_close, account_restore

from .personal_data_scan import sessions_of
from .personas import PASSWORD, log_in, reader_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return reader_create()


@pytest.fixture
def ana_client(client, ana):
    response = log_in(client, email=ana.email)
    assert response.status_code == 302 and SESSION_KEY in client.session
    return client


def delete(client, *, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post("/account/delete/", data)


def restore_path() -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(r"https?://[^/\s]+(/account/restore/\S+/)", body)
    assert found, body
    return found.group(1)


def test_the_delete_page_explains_what_happens_and_asks_for_the_password(ana_client):
    """The page says the account closes now, restorable for 30 days, then deleted."""
    html = ana_client.get("/account/delete/").content.decode()
    assert "within 30 days" in html
    assert 'name="password"' in html and 'name="confirm"' in html
    assert 'href="/account/export/"' in html


def test_guests_are_sent_to_log_in_before_deleting(client):
    """No account, no deletion page."""
    response = client.get("/account/delete/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_a_wrong_password_closes_nothing(ana_client, ana):
    """A wrong password is refused with a clear message; the account stays open."""
    response = delete(ana_client, password="not my passphrase at all")
    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    ana.refresh_from_db()
    assert ana.is_active and not AccountClosure.objects.exists()


def test_an_unticked_confirmation_closes_nothing(ana_client, ana):
    """The reader must tick the confirmation; the page says so."""
    response = delete(ana_client, confirm=False)
    assert "Tick the box to confirm that you want to leave." in response.content.decode()
    ana.refresh_from_db()
    assert ana.is_active


def test_deleting_closes_the_account_at_once_and_mails_a_restore_link(ana_client, ana):
    """Inactive, a closure due for purge in 30 days, logged out, one e-mail with the link."""
    mail.outbox.clear()
    response = delete(ana_client)
    assert response.status_code == 302 and response["Location"] == "/"
    ana.refresh_from_db()
    assert not ana.is_active
    closure = AccountClosure.objects.get(user=ana)
    assert closure.purge_due_at - closure.closed_at == datetime.timedelta(days=30)
    assert SESSION_KEY not in ana_client.session
    assert not user_profile_is_public(ana)
    [message] = mail.outbox
    assert message.to == [ana.email]
    assert "restores everything" in message.body
    assert restore_path().startswith("/account/restore/")
    page = ana_client.get("/").content.decode()
    assert "Your account is closed." in page and "Hello," not in page


def test_a_closed_account_cannot_log_in(ana_client, ana):
    """The right password no longer opens a session (it leads to the closed-account page)."""
    delete(ana_client)
    response = log_in(Client(), email=ana.email)
    assert response.status_code == 302
    assert response["Location"] == "/account/closed/"
    other = Client()
    log_in(other, email=ana.email)
    assert SESSION_KEY not in other.session


def test_deleting_ends_every_session_of_the_account(ana_client, ana, home):
    """Sessions on other devices end too, allauth's tracked ones and any other."""
    phone = Client()
    log_in(phone, email=ana.email, ip="198.51.100.7")
    tablet = Client()
    tablet.force_login(ana)  # a session allauth did not open, so no UserSession lists it
    assert UserSession.objects.filter(user=ana).count() == 2

    delete(ana_client)

    assert not UserSession.objects.filter(user=ana).exists()
    for device in (phone, tablet):
        assert "Hello," not in device.get("/").content.decode()
    assert sessions_of(ana.pk) == []


def test_an_account_without_a_password_reauthenticates_before_deleting(client, home):
    """Readers who log in by code confirm who they are through allauth's flow first."""
    bea = reader_create(email="bea@example.org", display_name="Bea", password=None)
    client.force_login(bea)
    response = client.get("/account/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/reauthenticate/code/")


def test_staff_accounts_are_not_closed_from_the_reader_page(admin_client, admin_user):
    """An administrator closes staff accounts; the page says so and closes nothing."""
    response = admin_client.post("/account/delete/", {"password": "password", "confirm": "on"})
    assert response.status_code == 403
    assert "closed by an administrator" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_restore_link_asks_before_it_restores(ana_client, ana):
    """Following the link shows a button: a mail scanner's visit restores nothing."""
    delete(ana_client)
    response = Client().get(restore_path())
    assert response.status_code == 200
    assert "Restore my account" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.is_active


def test_restoring_reopens_the_account_as_it_was(ana_client, ana):
    """The button restores; the reader is sent to log in, with a message, and can."""
    delete(ana_client)
    browser = Client()
    response = browser.post(restore_path(), follow=True)
    assert response.redirect_chain[0][0] == "/account/login/?next=%2Faccount%2Fprofile%2F"
    assert "Your account is restored." in response.content.decode()
    ana.refresh_from_db()
    assert ana.is_active and ana.display_name == "Ana Ferreira"
    assert not AccountClosure.objects.exists()
    log_in(browser, email=ana.email)
    assert browser.session[SESSION_KEY] == str(ana.pk)


def test_a_restore_link_after_30_days_says_it_expired(ana_client, ana):
    """Past the grace period the link restores nothing and says why (410 Gone)."""
    delete(ana_client)
    path = restore_path()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1)):
        response = Client().post(path)
    assert response.status_code == 410
    assert "This restore link has expired" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.is_active


def test_a_tampered_restore_link_is_refused(ana_client, ana):
    """A link changed by one character is not valid (400) and restores nothing."""
    delete(ana_client)
    path = restore_path()
    token = path.removeprefix("/account/restore/").removesuffix("/")
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for tampered in (f"/account/restore/{forged}/", "/account/restore/not-a-token/"):
        response = Client().post(tampered)
        assert response.status_code == 400
        assert "This restore link is not valid" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.is_active


def test_a_used_restore_link_says_the_account_is_open(ana_client, ana):
    """Clicking the link twice (a double submit) restores once and then explains."""
    delete(ana_client)
    path = restore_path()
    Client().post(path)
    response = Client().post(path)
    assert response.status_code == 409
    assert "It has been restored already." in response.content.decode()


def test_an_old_link_does_not_undo_a_later_closure(ana):
    """After restoring and closing again, only the newest e-mail's link restores."""
    mail.outbox.clear()
    account_close(user=ana)
    first = restore_path()
    Client().post(first)
    account_close(user=ana)
    response = Client().post(first)
    assert response.status_code == 409
    assert "was closed again" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.is_active
    assert Client().post(restore_path()).status_code == 302
    ana.refresh_from_db()
    assert ana.is_active


def test_a_closed_profile_is_hidden_and_a_restored_one_is_shown(ana):
    """Other readers see the profile only while the account is open."""
    assert user_profile_is_public(ana)
    account_close(user=ana)
    assert not user_profile_is_public(get_user_model().objects.get(pk=ana.pk))


def test_restoring_the_same_closure_twice_restores_once(ana):
    """A second restore of a closure already undone (a double click) changes nothing."""
    closure = account_close(user=ana)
    assert account_restore(closure=closure) == ana
    assert account_restore(closure=closure) is None
    ana.refresh_from_db()
    assert ana.is_active
