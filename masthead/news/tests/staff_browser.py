"""Staff in the browser: an editor account with TOTP, logged in through allauth's real forms.

Shared by the admin browser tests (publishing, third-party requests): the log-in page, then
the second-factor page with a code computed from the account's TOTP secret, as an
authenticator app would show it.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from conftest import totp_enable
from masthead.readers.tests.personas import PASSWORD, reader_create


def editor_create(*, email: str = "eve.editor@example.org") -> tuple[Any, str]:
    """An editor-in-chief as `createsuperuser` makes one, with TOTP; returns (user, secret).

    A superuser, as on a fresh install: Wagtail's own "Editors" group may not publish.
    """
    editor = reader_create(email=email, display_name="Eve Editor", is_staff=True, is_superuser=True)
    return editor, totp_enable(editor)


def staff_log_in(page: Any, *, email: str, secret: str, next_path: str = "/admin/") -> None:
    """Log in with the password, then the current TOTP code; ends on `next_path`."""
    import time

    page.goto(f"/account/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").wait_for()
    # A code read in the last seconds of its 30-second window reaches the server in the next
    # one, where allauth (no tolerance) refuses it: wait for a fresh window instead.
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.5)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{next_path}", timeout=30_000)
