"""No form tells whether an address has an account: not by its answer, not by its timing.

Timing is checked by counting password-hash computations (the one slow step, Argon2 in
production) rather than by a stopwatch: a known and an unknown address must cost the same.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client

from .captcha_solver import captcha_solution, signup_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"
KNOWN = "ana@example.org"
UNKNOWN = "nobody@example.org"


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting each hash it computes (checks included)."""

    computed: list[str] = []

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.computed.append(salt)
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings) -> list[str]:
    settings.PASSWORD_HASHERS = ["masthead.readers.tests.test_enumeration.CountingHasher"]
    CountingHasher.computed = []
    return CountingHasher.computed


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user(
        username="reader-ana", email=KNOWN, password=PASSWORD, display_name="Ana F"
    )
    EmailAddress.objects.create(user=user, email=KNOWN, verified=True, primary=True)
    return user


def page_without(response, typed: str) -> str:
    """The page with what differs by nature removed: the CSRF token, the typed address and the
    header's clock (the second it was rendered, which two requests need not share)."""
    html = response.content.decode().replace(typed, "TYPED")
    html = re.sub(r'<time class="site-date"[^>]*>[^<]*</time>', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_log_in_answers_an_unknown_address_like_a_wrong_password(home, reader):
    """The same page, word for word, for an unknown address and a known one."""
    known = Client().post("/account/login/", {"login": KNOWN, "password": "wrong guess"})
    unknown = Client().post("/account/login/", {"login": UNKNOWN, "password": "wrong guess"})

    assert known.status_code == unknown.status_code == 200
    assert "password you specified are not correct" in known.content.decode()
    assert page_without(known, KNOWN) == page_without(unknown, UNKNOWN)


def test_log_in_hashes_once_for_an_unknown_address_as_for_a_known_one(home, reader, hashes):
    """allauth's backend hashes the password for an unknown address too (no timing gap)."""
    Client().post("/account/login/", {"login": KNOWN, "password": "wrong guess"})
    for_known = len(hashes)
    Client().post("/account/login/", {"login": UNKNOWN, "password": "wrong guess"})

    assert for_known == 1
    assert len(hashes) - for_known == 1


def test_log_in_hashes_once_for_an_account_without_a_password(home, hashes):
    """A reader who logs in by code has no password; a guess still costs one hash."""
    user = get_user_model().objects.create_user(username="reader-code", email="code@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    Client().post("/account/login/", {"login": "code@example.org", "password": "wrong guess"})

    assert len(hashes) == 1


def test_failures_for_an_unknown_address_bring_the_check_like_a_known_ones(home, reader):
    """The check appears after three failures whether or not the address has an account."""
    for email in (KNOWN, UNKNOWN):
        for number in range(3):
            Client(REMOTE_ADDR=f"198.51.100.{number + 1}").post(
                "/account/login/", {"login": email, "password": "wrong guess"}
            )

    pages = [
        Client(REMOTE_ADDR="192.0.2.10").post(
            "/account/login/", {"login": email, "password": "wrong guess"}
        )
        for email in (KNOWN, UNKNOWN)
    ]

    assert "This form now needs an anti-robot check." in pages[0].content.decode()
    assert page_without(pages[0], KNOWN) == page_without(pages[1], UNKNOWN)


def test_sign_up_with_a_taken_address_answers_and_hashes_like_a_new_one(home, reader, hashes):
    """Same redirect, one mail, one password hash: for a taken address as for a new one."""
    visitor = Client()
    taken = visitor.post(
        "/account/signup/", signup_form_data(visitor, email=KNOWN, display_name="Someone")
    )
    hashes_for_taken = len(hashes)
    mails_for_taken = len(mail.outbox)
    visitor = Client()
    new = visitor.post(
        "/account/signup/", signup_form_data(visitor, email=UNKNOWN, display_name="Newcomer")
    )

    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert hashes_for_taken == 1
    assert len(hashes) - hashes_for_taken == 1
    assert mails_for_taken == 1
    assert len(mail.outbox) == 2
    assert get_user_model().objects.filter(email=KNOWN).count() == 1


def test_password_reset_answers_an_unknown_address_like_a_known_one(home, reader):
    """Both go to the same page and both send one mail (the unknown one says so, privately)."""
    answers = {}
    for email in (KNOWN, UNKNOWN):
        visitor = Client()
        answers[email] = visitor.post(
            "/account/password/reset/", {"email": email, "captcha": captcha_solution(visitor)}
        )

    assert answers[KNOWN].status_code == answers[UNKNOWN].status_code == 302
    assert answers[KNOWN]["Location"] == answers[UNKNOWN]["Location"]
    assert [message.to for message in mail.outbox] == [[KNOWN], [UNKNOWN]]
    assert "/account/password/reset/key/" in mail.outbox[0].body
    assert "/account/password/reset/key/" not in mail.outbox[1].body


def test_asking_for_a_log_in_code_answers_an_unknown_address_like_a_known_one(home, reader):
    """The code request goes to the same next page for any address."""
    answers = []
    for email in (KNOWN, UNKNOWN):
        visitor = Client()
        answers.append(
            visitor.post(
                "/account/login/code/", {"email": email, "captcha": captcha_solution(visitor)}
            )
        )

    assert answers[0].status_code == answers[1].status_code == 302
    assert answers[0]["Location"] == answers[1]["Location"]
