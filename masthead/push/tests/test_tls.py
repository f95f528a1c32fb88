"""Pushes go over HTTPS with the push service's certificate verified, as they do in production.

Every real push service (FCM, Mozilla's autopush, Apple's) is HTTPS; the other tests' double
speaks plain HTTP on 127.0.0.1. Here it speaks TLS with a certificate for "localhost".
"""

from __future__ import annotations

import pytest

from masthead.push import services
from masthead.push.models import PushAlert, PushSubscription, PushTopic
from masthead.push.tests.push_service import PushServiceDouble, tls_context_new
from masthead.push.vapid import vapid_key_current

pytestmark = pytest.mark.django_db


@pytest.fixture
def tls_double(tmp_path):
    context, certificate = tls_context_new(tmp_path)
    double = PushServiceDouble(tls=context).start()
    try:
        yield double, certificate
    finally:
        double.stop()


def browser_on(double: PushServiceDouble) -> PushSubscription:
    """Stored directly: the subscribe view refuses "localhost" endpoints, as it should."""
    browser = double.subscribe(application_server_key=vapid_key_current().public_key)
    subscription = PushSubscription.objects.create(
        endpoint=browser["endpoint"],
        p256dh=browser["p256dh"],
        auth=browser["auth"],
        language="en",
        vapid_key=vapid_key_current(),
    )
    PushTopic.objects.create(subscription=subscription, name="breaking")
    return subscription


def alert() -> PushAlert:
    return PushAlert.objects.create(
        title="Harbour closes after storm",
        text="Ferries are cancelled until Monday.",
        url="https://news.example/harbour/",
        language="en",
        topics=["breaking"],
    )


def test_a_push_reaches_a_push_service_whose_certificate_verifies(tls_double, settings):
    double, certificate = tls_double
    settings.MASTHEAD_PUSH_CA_BUNDLE = str(certificate)
    subscription = browser_on(double)

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert double.origin.startswith("https://localhost:")
    received = double.received_by(subscription.endpoint)
    assert [push.payload["title"] for push in received] == ["Harbour closes after storm"]
    assert (sent.state, sent.accepted_count) == ("done", 1)


def test_a_push_service_with_a_certificate_nobody_vouches_for_gets_nothing(tls_double, settings):
    """The default CA list (certifi) does not know the double's self-signed certificate."""
    double, _certificate = tls_double
    settings.MASTHEAD_PUSH_MAX_ATTEMPTS = 1
    subscription = browser_on(double)

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert double.received_by(subscription.endpoint) == []
    assert (sent.state, sent.accepted_count, sent.failed_count) == ("done", 0, 1)
