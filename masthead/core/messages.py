"""Django's message storage, with the cookie named by a setting (`__Host-messages` in production).

Why: `CookieStorage` names its cookie `messages` in a class attribute, so the `__Host-` prefix
the session and CSRF cookies carry in production could not be given to it. This storage is
Django's default (`FallbackStorage`: the cookie, then the session for what does not fit)
with the cookie's name read from `MASTHEAD_MESSAGES_COOKIE_NAME` at request time. The cookie's
other attributes follow the session cookie's settings, as in Django (Secure, HttpOnly,
SameSite, no Domain in production). The page cache and nginx bypass on the same name
(`core.http_cache.request_is_anonymous`, docs/self-hosting/scaling.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpRequest


def messages_cookie_name() -> str:
    """The messages cookie's name: `messages` by default, `__Host-messages` in production."""
    name: str = getattr(settings, "MASTHEAD_MESSAGES_COOKIE_NAME", CookieStorage.cookie_name)
    return name


class NamedCookieStorage(CookieStorage):
    """Django's cookie storage under the configured name."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.cookie_name = messages_cookie_name()
        super().__init__(request, *args, **kwargs)


class MessageStorage(FallbackStorage):
    """Django's default storage (cookie first, then the session), cookie named by the setting."""

    storage_classes = (NamedCookieStorage, SessionStorage)
