"""A closed account's owner who comes back is told what happens and can get the link again.

Logging in to a closed account (the right password) leads to a page that says when the account
will be erased and that the restore link was e-mailed. The link can be sent again: with the
anti-robot check, rate limited, and with the same answer whatever the address typed.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import dateformat, timezone

from masthead.readers.services.lifecycle import account_close

from .captcha_solver import captcha_solution
from .personas import log_in, reader_create

pytestmark = pytest.mark.django_db

SENT = "If a closed account uses this address, a new link to restore it is on its way."
TOO_OFTEN = "You have asked for this link several times already."


@pytest.fixture
def ana_closed(db):
    ana = reader_create(email="ana.ferreira@example.org")
    account_close(user=ana)
    mail.outbox.clear()
    return ana


def ask_again(client: Client, email: str, *, captcha: str | None = None):
    solution = captcha_solution(client) if captcha is None else captcha
    return client.post("/account/closed/", {"email": email, "captcha": solution})


def restore_links_sent_to(email: str) -> list[str]:
    links = []
    for message in mail.outbox:
        if message.to == [email]:
            found = re.search(r"https?://[^/\s]+(/account/restore/\S+/)", str(message.body))
            assert found, message.body
            links.append(found.group(1))
    return links


def test_logging_in_to_a_closed_account_says_when_it_is_erased_and_where_the_link_is(
    ana_closed,
):
    """The right password leads to the account's page: erase date, the e-mailed link."""
    browser = Client()
    response = log_in(browser, email=ana_closed.email)
    page = browser.get(response["Location"])

    html = page.content.decode()
    erased = dateformat.format(timezone.localtime(ana_closed.closure.purge_due_at), "j F Y")
    assert page.status_code == 200
    assert "This account is closed" in html
    assert f"It will be erased for good on {erased}" in html
    assert "we e-mailed you a link that restores it" in html
    assert f'value="{ana_closed.email}"' in html  # the form to send it again, ready
    assert "no-cache" in page["Cache-Control"]


def test_the_page_tells_a_stranger_nothing_about_any_account(ana_closed):
    """Without a log-in to a closed account first, the page is the same general one."""
    html = Client().get("/account/closed/").content.decode()

    assert "It will be erased for good" not in html
    assert ana_closed.email not in html
    assert "can be restored for 30 days" in html


def test_the_link_is_sent_again_and_restores_the_account(ana_closed):
    """Asking again mails a new link to the account's address, and that link works."""
    browser = Client()
    response = ask_again(browser, ana_closed.email.upper())

    assert response.status_code == 302
    assert SENT in browser.get(response["Location"]).content.decode()
    [link] = restore_links_sent_to(ana_closed.email)
    assert "restore it within 30 days" in mail.outbox[0].subject
    Client().post(link)
    ana_closed.refresh_from_db()
    assert ana_closed.is_active


def test_asking_again_answers_the_same_whatever_the_address(ana_closed):
    """A closed account, an open one and no account at all: one answer, one mail at most."""
    reader_create(email="ben.okafor@example.org", display_name="Ben Okafor")
    pages = []
    for email in (ana_closed.email, "ben.okafor@example.org", "nobody@example.org"):
        browser = Client()
        response = ask_again(browser, email)
        assert response.status_code == 302
        page = browser.get(response["Location"]).content.decode()
        # What differs by nature: the CSRF token and the header's clock (the second it rendered).
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        page = re.sub(r'<time class="site-date"[^>]*>[^<]*</time>', "", page)
        pages.append((response["Location"], page))

    assert pages[0] == pages[1] == pages[2]
    assert [message.to for message in mail.outbox] == [[ana_closed.email]]


def test_asking_without_the_check_sends_nothing_and_keeps_the_address(ana_closed):
    """No solved check (no JavaScript): refused with a reason, the typed address kept."""
    response = ask_again(Client(), ana_closed.email, captcha="")

    html = response.content.decode()
    assert response.status_code == 400
    assert "The anti-robot check did not run." in html
    assert f'value="{ana_closed.email}"' in html
    assert mail.outbox == []


def test_asking_again_and_again_is_limited_for_any_address(ana_closed):
    """The fourth request in an hour for one address is refused, known or not alike."""
    for email in (ana_closed.email, "nobody@example.org"):
        for _attempt in range(3):
            assert ask_again(Client(), email).status_code == 302

        refused = ask_again(Client(), email)

        html = refused.content.decode()
        assert refused.status_code == 429
        assert TOO_OFTEN in html
        assert f'value="{email}"' in html
    assert len(restore_links_sent_to(ana_closed.email)) == 3


def test_a_password_reset_for_a_closed_account_brings_the_restore_link(ana_closed, home):
    """Not allauth's "no account uses this address": the owner gets the restore link."""
    visitor = Client()
    visitor.post(
        "/account/password/reset/",
        {"email": ana_closed.email, "captcha": captcha_solution(visitor)},
    )

    [message] = mail.outbox
    assert message.to == [ana_closed.email]
    assert "/account/restore/" in message.body
    assert "/account/password/reset/key/" not in message.body
