"""The header's account menu is personal: never served from a cache to someone else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def member(name: str):
    return get_user_model().objects.create_user(
        username=f"reader-{name.lower()}", email=f"{name.lower()}@example.org", display_name=name
    )


def test_each_member_sees_their_own_name_on_an_article_a_guest_opened_first(
    client, article_factory
):
    """The article's cached fragments leave the account menu out: guest, Ana, Bo each see theirs."""
    article = article_factory(title="Harbour reopens")
    guest_html = client.get(article.url).content.decode()
    assert "Log in" in guest_html and "Hello," not in guest_html

    client.force_login(member("Ana"))
    ana_html = client.get(article.url).content.decode()
    assert "Hello, Ana!" in ana_html and "/account/login/?next=" not in ana_html

    client.force_login(member("Bo"))
    bo_html = client.get(article.url).content.decode()
    assert "Hello, Bo!" in bo_html and "Hello, Ana!" not in bo_html

    client.logout()
    again = client.get(article.url).content.decode()
    assert "Hello," not in again and "Log in" in again
