"""The messages cookie is `__Host-` prefixed in production, like the session's and CSRF's.

Why: Django's cookie message storage names its cookie `messages` whatever the settings say,
so a sibling sub-domain or plain HTTP could plant one ("Your password was changed."). The
prefix makes the browser refuse it unless it is Secure, Path=/ and without a Domain.
"""

from __future__ import annotations

import secrets

import pytest
from django.contrib.messages import constants
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core.http_cache import request_is_anonymous
from masthead.core.messages import MessageStorage

from .test_settings import run_manage

SCRIPT = """
from importlib import import_module
from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.http import HttpResponse
from django.test import RequestFactory
request = RequestFactory().get("/", secure=True)
request.session = import_module(settings.SESSION_ENGINE).SessionStore()
storage = default_storage(request)
storage.add(20, "You have signed out.")
response = HttpResponse()
storage.update(response)
print(response.cookies.output())
"""


def test_production_sets_the_messages_cookie_with_the_host_prefix(tmp_path):
    """With production settings, a message is stored in `__Host-messages`, Secure, Path=/."""
    result = run_manage(
        "shell",
        "-c",
        SCRIPT,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
        MASTHEAD_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    cookie = result.stdout.strip().splitlines()[-1]
    assert cookie.startswith("Set-Cookie: __Host-messages="), cookie
    assert "Secure" in cookie and "Path=/" in cookie and "HttpOnly" in cookie
    assert "Domain" not in cookie


def test_the_storage_reads_the_cookie_back_under_its_configured_name(settings):
    """A message set under the configured name is shown on the next request, then cleared."""
    settings.MASTHEAD_MESSAGES_COOKIE_NAME = "__Host-messages"
    factory = RequestFactory()
    first = factory.get("/")
    first.session = SessionStore()
    storage = MessageStorage(first)
    storage.add(constants.INFO, "You have signed out.")
    response = HttpResponse()
    storage.update(response)
    value = response.cookies["__Host-messages"].value

    second = factory.get("/", HTTP_COOKIE=f"__Host-messages={value}")
    second.session = SessionStore()
    assert [str(message) for message in MessageStorage(second)] == ["You have signed out."]


@pytest.mark.parametrize("name", ["messages", "__Host-messages"])
def test_a_request_carrying_the_messages_cookie_is_not_served_from_the_page_cache(settings, name):
    """The page cache bypasses whichever name the settings give the cookie."""
    settings.MASTHEAD_MESSAGES_COOKIE_NAME = name
    request = RequestFactory().get("/", HTTP_COOKIE=f"{name}=x")
    assert not request_is_anonymous(request)
