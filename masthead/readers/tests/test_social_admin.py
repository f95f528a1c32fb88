"""Social log-in providers are set up in the Wagtail admin and listed on the entrance pages."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/social_apps/new/"


def provider_form(**overrides: str) -> dict[str, str]:
    data = {
        "provider": "openid_connect",
        "name": "Newsroom SSO",
        "provider_id": "newsroom-sso",
        "server_url": "https://id.example.org/realms/news",
        "client_id": "masthead",
        "secret": "a client secret",
        "key": "",
        "certificate_key": "",
        "settings": "{}",
    }
    data.update(overrides)
    return data


def test_the_settings_menu_offers_social_log_in(admin_client):
    """Operators find the providers under Settings."""
    html = admin_client.get("/admin/").content.decode()

    assert "Social log-in" in html
    assert "/admin/social_apps/" in html


def test_the_form_names_the_callback_address_for_each_provider(admin_client):
    """The address to give the provider is printed on the form."""
    html = admin_client.get(ADD_URL).content.decode()

    assert "http://testserver/account/google/login/callback/" in html
    assert "http://testserver/account/oidc/ID/login/callback/" in html
    assert "OpenID Connect" in html and "Apple" in html and "VK" in html


def test_an_operator_adds_an_openid_connect_provider_that_the_entrance_pages_list(
    admin_client, client, home
):
    """Saved from the admin, the provider's button appears on log-in and sign-up."""
    response = admin_client.post(ADD_URL, provider_form())

    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert app.provider_id == "newsroom-sso"
    assert app.settings == {"server_url": "https://id.example.org/realms/news"}
    for page in ("/account/login/", "/account/signup/"):
        html = client.get(page).content.decode()
        assert "Newsroom SSO" in html
        assert "/account/oidc/newsroom-sso/login/" in html


def test_an_openid_connect_provider_needs_its_server_address(admin_client):
    """Without the server's address the form says what is missing and keeps the rest."""
    response = admin_client.post(ADD_URL, provider_form(server_url=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert "OpenID Connect needs this field." in html
    assert 'value="newsroom-sso"' in html
    assert not SocialApp.objects.exists()


def test_apple_needs_its_team_id_and_private_key(admin_client):
    """Apple's extra values are asked for by name; the OpenID Connect ones are dropped."""
    refused = admin_client.post(
        ADD_URL, provider_form(provider="apple", name="Apple", provider_id="")
    )
    assert "Apple needs this field." in refused.content.decode()

    saved = admin_client.post(
        ADD_URL,
        provider_form(
            provider="apple",
            name="Apple",
            provider_id="",
            client_id="org.example.news.web",
            secret="KEY123",
            key="TEAM456",
            certificate_key="-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
        ),
    )
    assert saved.status_code == 302
    app = SocialApp.objects.get(provider="apple")
    assert app.settings == {
        "certificate_key": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"
    }


def test_a_provider_other_than_openid_connect_is_set_up_once(admin_client):
    """A second Google app is refused: allauth could not tell which one to use."""
    google = provider_form(provider="google", name="Google", provider_id="", server_url="")
    admin_client.post(ADD_URL, google)

    response = admin_client.post(ADD_URL, google)

    assert "Google is already set up: edit that one instead." in response.content.decode()
    assert SocialApp.objects.filter(provider="google").count() == 1


def test_two_openid_connect_providers_need_different_identifiers(admin_client):
    """The identifier is part of the callback address, so it is unique."""
    admin_client.post(ADD_URL, provider_form())

    response = admin_client.post(ADD_URL, provider_form(name="Other SSO"))

    assert "Another provider already uses this identifier." in response.content.decode()


def test_editing_keeps_the_server_address_in_its_own_field(admin_client):
    """On the edit form the server address is shown in its field, not in the JSON."""
    admin_client.post(ADD_URL, provider_form(settings='{"scope": ["openid", "email"]}'))
    app = SocialApp.objects.get()

    html = admin_client.get(f"/admin/social_apps/edit/{app.pk}/").content.decode()

    assert 'value="https://id.example.org/realms/news"' in html
    assert app.settings["scope"] == ["openid", "email"]


def test_readers_cannot_reach_the_provider_settings(client, django_user_model):
    """A reader (no admin access) is turned away."""
    reader = django_user_model.objects.create_user(username="r", email="r@example.org")
    client.force_login(reader)

    response = client.get(ADD_URL)

    assert response.status_code in (302, 403)
    assert not SocialApp.objects.exists()
