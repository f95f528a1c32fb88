"""Subscribing and unsubscribing: the service's checks and the JSON views readers' browsers call."""

from __future__ import annotations

import json

import pytest

from masthead.push import services
from masthead.push.errors import PushError
from masthead.push.models import PushSubscription

pytestmark = pytest.mark.django_db

P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


def body(endpoint="https://push.example.net/send/abc", **extra) -> str:
    return json.dumps({"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": AUTH}} | extra)


@pytest.mark.parametrize(
    ("endpoint", "code"),
    [
        ("http://push.example.net/send/abc", "endpoint_scheme"),
        ("http://127.0.0.1:9/send/abc", "endpoint_scheme"),
        ("https://10.0.0.1/send/abc", "endpoint_address"),
        ("https://[::1]/send/abc", "endpoint_address"),
        ("https://localhost/send", "endpoint_scheme"),
        ("https://push.example.net/" + "a" * 1100, "endpoint_length"),
        ("", "endpoint_length"),
    ],
)
def test_an_endpoint_that_is_not_a_push_service_is_refused(endpoint, code):
    """Given a plain-HTTP, private-address or oversized endpoint, then nothing is stored."""
    with pytest.raises(PushError) as error:
        services.push_subscription_save(
            endpoint=endpoint, p256dh=P256DH, auth=AUTH, language="en", topics=["breaking"]
        )
    assert error.value.code == code
    assert not PushSubscription.objects.exists()


def test_plain_http_to_127_0_0_1_is_allowed_only_when_the_setting_says_so(settings):
    """Given the tests' setting, then the double's http://127.0.0.1 endpoint is accepted."""
    settings.MASTHEAD_PUSH_ALLOW_HTTP_ENDPOINTS = True
    services.push_subscription_save(
        endpoint="http://127.0.0.1:9/push/x", p256dh=P256DH, auth=AUTH, language="en", topics=[]
    )
    assert PushSubscription.objects.get().topics.get().name == "breaking"


def test_the_browser_gets_the_public_key_and_a_csrf_token_then_subscribes(client):
    """Given a page from the cache, when push.js asks, it gets a key and token, then subscribes."""
    client.handler.enforce_csrf_checks = True
    setup = client.get("/push/subscribe/")
    assert setup["Cache-Control"].startswith("max-age=0")
    token, key = setup.json()["csrfToken"], setup.json()["publicKey"]
    assert len(key) == 87

    refused = client.post("/push/subscribe/", body(), content_type="application/json")
    assert refused.status_code == 403

    response = client.post(
        "/push/subscribe/",
        body(topics=["breaking", "section:4"], language="fr"),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201
    stored = PushSubscription.objects.get()
    assert stored.language == "fr"
    assert sorted(stored.topics.values_list("name", flat=True)) == ["breaking", "section:4"]
    assert stored.vapid_key is not None and stored.vapid_key.public_key == key


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("not json", "invalid"),
        (body(endpoint="http://push.example.net/x"), "endpoint_scheme"),
        (body(topics=["everything"]), "topic_invalid"),
        (body(language="xx"), "language"),
        (
            json.dumps({"endpoint": "https://push.example.net/x", "keys": {"auth": AUTH}}),
            "key_invalid",
        ),
    ],
)
def test_a_bad_subscription_gets_a_clear_error_and_stores_nothing(client, payload, code):
    """Given malformed JSON, endpoint, topic, edition or keys, then 400 says which."""
    response = client.post("/push/subscribe/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == code and response.json()["message"]
    assert not PushSubscription.objects.exists()


def test_unsubscribing_is_one_request(client):
    """Given a subscription, when the browser posts its endpoint, then it is gone."""
    client.post("/push/subscribe/", body(), content_type="application/json")
    response = client.post(
        "/push/unsubscribe/",
        json.dumps({"endpoint": "https://push.example.net/send/abc"}),
        content_type="application/json",
    )
    assert response.json() == {"unsubscribed": True}
    assert not PushSubscription.objects.exists()


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    """Given /sw.js, then it is JavaScript allowed to control / and revalidated each time."""
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert b"showNotification" in response.content


def test_the_web_app_manifest_names_the_site(client):
    """Given /manifest.webmanifest, then it is a standalone app scoped to the site."""
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
