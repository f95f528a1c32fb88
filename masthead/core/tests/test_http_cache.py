"""The in-app page cache and the public headers leave out requests that carry messages.

Django keeps a message shown after a redirect ("You have signed out.") in a cookie of its own
once the session is gone. Such a request must render its page (which shows the message and
clears it): a stored copy would show the message a page late, and the page that shows it must
not be kept by any cache, the browser's included.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from masthead.core.messages import messages_cookie_name
from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db

SIGNED_OUT = "You have signed out."


def browser_drops_expired_cookies(client) -> None:
    """Forget the cookies the last response deleted, as a browser does (the test client
    would send them back empty)."""
    for name in [name for name, morsel in client.cookies.items() if morsel["max-age"] == 0]:
        del client.cookies[name]


def sign_out(client) -> None:
    client.force_login(reader_create(email="ana.ferreira@example.org"))
    client.post("/account/logout/")
    browser_drops_expired_cookies(client)


def cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response["Cache-Control"].split(",")}


def test_a_reader_who_signed_out_gets_the_page_with_the_message_not_a_stored_copy(
    client, article_factory
):
    """The stored copy of a page is not served to a request that carries a message."""
    article = article_factory()
    assert client.get(article.url)["X-Page-Cache"] == "miss"  # a guest stored the page
    sign_out(client)
    assert messages_cookie_name() in client.cookies
    assert settings.SESSION_COOKIE_NAME not in client.cookies

    response = client.get(article.url)

    assert SIGNED_OUT in response.content.decode()
    assert "X-Page-Cache" not in response


def test_the_page_that_shows_a_message_is_private_and_not_stored(client, article_factory):
    """No cache keeps the page with the message; the next guest gets the page without it."""
    article = article_factory()
    sign_out(client)

    shown = client.get(article.url)
    browser_drops_expired_cookies(client)
    assert messages_cookie_name() not in client.cookies  # shown once, then cleared
    later = client.get(article.url)

    assert SIGNED_OUT in shown.content.decode()
    assert "private" in cache_directives(shown) and "public" not in cache_directives(shown)
    assert later["X-Page-Cache"] == "miss"
    assert SIGNED_OUT not in later.content.decode()
