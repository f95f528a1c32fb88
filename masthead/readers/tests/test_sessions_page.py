"""The "Sessions" page of the account menu opens: a member sees where they are logged in.

Why: allauth's sessions list loads Django's `humanize` template tags, which were not
installed, so the link in every member's account menu answered 500.
"""

from __future__ import annotations

import pytest

from .personas import reader_create

pytestmark = pytest.mark.django_db


def test_a_member_opens_the_sessions_page_from_the_account_menu(client, home):
    """The menu links to it, and it answers 200 with allauth's table of sessions."""
    member = reader_create(email="ana.ferreira@example.org")
    client.force_login(member)

    profile = client.get("/account/profile/").content.decode()
    response = client.get("/account/sessions/")

    assert 'href="/account/sessions/"' in profile
    assert response.status_code == 200
    assert "IP Address" in response.content.decode()
