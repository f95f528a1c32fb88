"""Staff reach the admin only with a second factor; the admin log-in is allauth's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_a_staff_member_without_a_second_factor_is_sent_to_set_one_up(client):
    """An editor without TOTP is redirected from the admin to the TOTP set-up page."""
    editor = get_user_model().objects.create_superuser(username="ed", email="ed@example.org")
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/totp/activate/")


def test_a_staff_member_with_a_second_factor_opens_the_admin(admin_client):
    """With TOTP set up the admin opens."""
    assert admin_client.get("/admin/").status_code == 200


def test_a_reader_is_not_asked_for_a_second_factor_outside_the_admin(client, home):
    """Readers without staff rights browse the site and their account without MFA."""
    reader = get_user_model().objects.create_user(username="r", email="r@example.org")
    client.force_login(reader)
    assert client.get("/").status_code == 200
    assert client.get("/account/email/").status_code == 200


def test_the_admin_log_in_page_is_allauths(client):
    """Wagtail's log-in form is replaced, so every log-in goes through allauth's limits."""
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/").url.startswith("/account/login/")


def test_the_admin_log_in_redirect_refuses_an_outside_next_url(client):
    """An open redirect through ?next= is refused."""
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/account/login/?next=%2Fadmin%2F"
