"""allauth's hooks for Masthead: usernames that carry no personal data, the site's name.

allauth identifies readers by e-mail address; Django still needs a unique username. allauth's
default derives it from the e-mail address, which would leak part of it into a column that
is shown in the admin and kept in logs: here it is random.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: Any) -> None:
        if not user.username:
            user.username = f"reader-{secrets.token_hex(8)}"

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"
