"""Sign-up asks new members to accept the current terms and privacy policy, and records it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from masthead.readers.models import LegalConsent

from .captcha_solver import captcha_solution
from .legal import legal_publish

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"


def signup(client, **extra):
    return client.post(
        "/account/signup/",
        {
            "email": "ana@example.org",
            "display_name": "Ana F",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "captcha": captcha_solution(client),
            **extra,
        },
    )


@pytest.fixture
def documents(home):
    return legal_publish(kind="privacy"), legal_publish(kind="terms")


def test_the_sign_up_form_links_to_the_terms_and_the_privacy_policy(client, documents):
    """The box's label leads to both documents, opened beside the form."""
    html = client.get("/account/signup/").content.decode()
    assert 'name="accept_legal"' in html
    assert re.search(r'<a href="/legal/terms/" target="_blank">terms of use</a>', html)
    assert re.search(r'<a href="/legal/privacy/" target="_blank">privacy policy</a>', html)
    assert html.index('name="password1"') < html.index('name="accept_legal"')


def test_signing_up_without_ticking_the_box_is_refused_and_keeps_what_was_typed(client, documents):
    """No account without accepting; the form explains and keeps the address."""
    response = signup(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please accept the terms of use and the privacy policy" in html
    assert 'value="ana@example.org"' in html
    assert not get_user_model().objects.exists()


def test_signing_up_records_the_acceptance_of_the_current_versions(client, documents):
    """The new member's consents point at today's policy and terms."""
    response = signup(client, accept_legal="on")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    accepted = {consent.version for consent in LegalConsent.objects.filter(user=user)}
    assert accepted == set(documents)


def test_a_new_member_goes_straight_in_after_confirming_the_address(client, documents):
    """Accepted at sign-up means no gate at the first visit."""
    signup(client, accept_legal="on")
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    client.post(link.group(1))
    response = client.get("/")
    assert response.status_code == 200
    assert "Hello, Ana F!" in response.content.decode()


def test_without_published_documents_there_is_nothing_to_accept(client, home):
    """A site that has not published its terms yet does not show an empty box."""
    assert 'name="accept_legal"' not in client.get("/account/signup/").content.decode()
