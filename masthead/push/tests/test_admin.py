"""The editors' side: an alert sent from the admin reaches its audience; the report counts it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import totp_enable
from masthead.push import services
from masthead.push.models import PushAlert, PushSubscription
from masthead.push.vapid import vapid_key_current
from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser(
        username="ed", email="ed.north@example.org", password="x"
    )
    totp_enable(editor)
    client.force_login(editor)
    return client


def reader(double, *, language="en", topics=("breaking",), member=None) -> PushSubscription:
    """A browser subscribed on the double with the site's key, stored as push.js stores it."""
    browser = double.subscribe(application_server_key=vapid_key_current().public_key)
    return services.push_subscription_save(
        endpoint=browser["endpoint"],
        p256dh=browser["p256dh"],
        auth=browser["auth"],
        language=language,
        topics=topics,
        member=member,
    )


def test_an_alert_sent_from_the_admin_reaches_its_audience_and_the_report_matches(
    editor_client, push_service, django_capture_on_commit_callbacks
):
    """Given readers of several topics and one expired, when an editor sends a breaking alert
    for the fr edition, only its audience gets it and the report's numbers match the double."""
    audience = [reader(push_service, language="fr") for _ in range(3)]
    story_follower = reader(push_service, language="fr", topics=("story:7",))
    expired = reader(push_service, language="fr")
    push_service.gone(expired.endpoint)
    others = [
        reader(push_service, language="en"),
        reader(push_service, language="fr", topics=("section:2",)),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("push_alert_send"),
            {
                "title": "Le port ferme",
                "text": "Les ferries sont annulés.",
                "url": "https://news.example/fr/port/",
                "language": "fr",
                "is_breaking": "on",
                "story_ids": "7",
                "urgency": "high",
                "ttl_seconds": "900",
                "replace_topic": "story-7",
            },
        )
    assert response.status_code == 302

    for subscription in [*audience, story_follower]:
        (push,) = push_service.received_by(subscription.endpoint)
        assert (push.payload["title"], push.payload["body"]) == (
            "Le port ferme",
            "Les ferries sont annulés.",
        )
        assert (push.ttl, push.urgency, push.topic) == (900, "high", "story-7")
    for subscription in others:
        assert push_service.received_by(subscription.endpoint) == []
    assert not PushSubscription.objects.filter(pk=expired.pk).exists()

    alert = PushAlert.objects.get()
    assert alert.accepted_count == len(push_service.received) == 4
    assert alert.expired_count == len([r for r in push_service.refused if r[1] == 410]) == 1
    assert alert.sent_count == 5 and alert.failed_count == 0
    report = editor_client.get(reverse("push_alerts"))
    assert "Le port ferme" in report.content.decode()


def test_the_form_explains_what_is_wrong_and_sends_nothing(editor_client):
    """Given no audience and a bad Topic, then the form says so and no alert is recorded."""
    response = editor_client.post(
        reverse("push_alert_send"),
        {
            "title": "x",
            "text": "y",
            "url": "https://n.example/",
            "language": "en",
            "urgency": "high",
            "ttl_seconds": "60",
            "replace_topic": "not valid!",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "At most 32 letters" in body
    assert not PushAlert.objects.exists()


def test_a_reader_without_the_permission_is_refused(client):
    """Given a member with no admin rights, then the alert screens are closed to them."""
    member = reader_create(email="ana@example.org", display_name="Ana")
    client.force_login(member)
    assert client.get(reverse("push_alerts")).status_code in (302, 403)
