"""Readers for the profile, export and life-cycle tests, made the way the site makes them.

`reader_create` gives an account with a verified address (allauth's `EmailAddress`), as after
sign-up and confirmation; `log_in` posts allauth's log-in form from a given address and browser.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "a long harbour passphrase"
READER_IP = "203.0.113.45"  # TEST-NET-3: an address nothing else in the database holds
READER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) HarbourBrowser/7.1"


def reader_create(
    *,
    email: str = "ana.ferreira@example.org",
    display_name: str = "Ana Ferreira",
    password: str | None = PASSWORD,
    **fields: Any,
):
    user = get_user_model().objects.create_user(
        username=f"reader-{secrets.token_hex(8)}",
        email=email,
        password=password,
        display_name=display_name,
        **fields,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(client, *, email: str, password: str = PASSWORD, ip: str = READER_IP):
    """allauth's log-in form, posted from `ip` with a recognisable browser."""
    return client.post(
        "/account/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=READER_BROWSER,
    )
