"""The fan-out against the push-service double: who gets what, expiries, retries, crashes."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from masthead.push import services
from masthead.push.models import PushAlert, PushDelivery, PushSubscription
from masthead.push.vapid import vapid_key_current

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it in the worker runs (not even `except Exception`)."""


def reader(double, *, language="en", topics=("breaking",)) -> PushSubscription:
    """A browser subscribed through the double, as `push.js` would store it."""
    browser = double.subscribe(application_server_key=vapid_key_current().public_key)
    return services.push_subscription_save(
        endpoint=browser["endpoint"],
        p256dh=browser["p256dh"],
        auth=browser["auth"],
        language=language,
        topics=topics,
    )


def alert(**fields) -> PushAlert:
    values = {
        "title": "Harbour closes after storm",
        "text": "Ferries are cancelled until Monday.",
        "url": "http://testserver/news/harbour-closes/",
        "image_url": "http://testserver/media/harbour.jpg",
        "language": "en",
        "topics": ["breaking"],
        "urgency": "high",
        "ttl_seconds": 600,
        "replace_topic": "story-42",
    } | fields
    return PushAlert.objects.create(**values)


def test_every_matching_subscription_gets_the_alert_and_no_other(push_service):
    """Given readers of two editions and topics, only the alert's audience gets it."""
    audience = [reader(push_service) for _ in range(5)]
    audience.append(reader(push_service, topics=("breaking", "section:3")))
    others = [
        reader(push_service, topics=("section:3",)),
        reader(push_service, language="fr"),
    ]
    sent = services.push_alert_fan_out(alert_id=alert().pk)

    for subscription in audience:
        (push,) = push_service.received_by(subscription.endpoint)
        assert push.payload["title"] == "Harbour closes after storm"
        assert push.payload["body"] == "Ferries are cancelled until Monday."
        assert push.payload["url"] == "http://testserver/news/harbour-closes/"
        assert push.payload["image"] == "http://testserver/media/harbour.jpg"
        assert push.payload["tag"] == f"alert-{sent.pk}"
        assert "/push/click/" in push.payload["click"]
        assert (push.ttl, push.urgency, push.topic) == (600, "high", "story-42")
        assert push.claims["aud"] == push_service.origin
    for subscription in others:
        assert push_service.received_by(subscription.endpoint) == []
    assert (sent.state, sent.sent_count, sent.accepted_count) == ("done", 6, 6)


def test_expired_subscriptions_are_removed_and_the_report_matches_the_double(push_service):
    """Given one 410 and one 404 subscription, then both are deleted and counted as expired."""
    kept = [reader(push_service) for _ in range(4)]
    gone, unknown = reader(push_service), reader(push_service)
    push_service.gone(gone.endpoint)
    del push_service.subscribers[push_service.token_of(unknown.endpoint)]

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert set(PushSubscription.objects.values_list("pk", flat=True)) == {s.pk for s in kept}
    assert sent.accepted_count == len(push_service.received) == 4
    assert sent.expired_count == len([r for r in push_service.refused if r[1] in (404, 410)]) == 2
    assert sent.sent_count == 6
    assert sent.failed_count == sent.uncertain_count == 0


def test_429_and_5xx_are_retried_after_the_time_the_push_service_asks(push_service, settings):
    """Given a 429 with Retry-After: 1 and a 503, then both pushes arrive on a later attempt."""
    throttled, failing, fine = reader(push_service), reader(push_service), reader(push_service)
    push_service.answer(throttled.endpoint, 429, retry_after=1)
    push_service.answer(failing.endpoint, 503)
    started = time.monotonic()

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert time.monotonic() - started >= 1.0
    for subscription in (throttled, failing, fine):
        assert len(push_service.received_by(subscription.endpoint)) == 1
    attempts = dict(PushDelivery.objects.values_list("subscription_id", "attempts"))
    assert attempts == {throttled.pk: 2, failing.pk: 2, fine.pk: 1}
    assert sent.accepted_count == 3


def test_a_push_that_keeps_failing_counts_as_failed_after_the_last_attempt(push_service, settings):
    """Given a push service answering 500 to every attempt, then the delivery ends failed."""
    settings.MASTHEAD_PUSH_MAX_ATTEMPTS = 2
    broken = reader(push_service)
    push_service.answer(broken.endpoint, 500, times=5)

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert (sent.failed_count, sent.accepted_count, sent.sent_count) == (1, 0, 1)
    broken.refresh_from_db()
    assert broken.failure_count == 1
    # The push service is back: the next alert gets through and the count starts again.
    push_service.answers.clear()
    healthy = reader(push_service)

    again = services.push_alert_fan_out(alert_id=alert(replace_topic="story-43").pk)

    assert again.accepted_count == 2
    broken.refresh_from_db()
    healthy.refresh_from_db()
    assert (broken.failure_count, healthy.failure_count) == (0, 0)


def test_a_long_retry_after_hands_the_rest_to_a_later_task(push_service, settings):
    """Given Retry-After: 3600, then the fan-out does not sleep an hour: it ends for now."""
    settings.MASTHEAD_PUSH_MAX_WAIT_SECONDS = 5
    throttled = reader(push_service)
    push_service.answer(throttled.endpoint, 429, retry_after=3600)

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    assert sent.state == "sending" and sent.lease_until is None
    delivery = PushDelivery.objects.get()
    assert delivery.state == "pending" and delivery.next_attempt_at is not None


def test_a_fan_out_killed_between_chunks_resumes_and_sends_each_remaining_push_once(
    push_service, settings, monkeypatch
):
    """Given a worker killed after 3 chunks, when the fan-out runs again, each reader gets one,
    except those of the chunk that was in flight at the kill, who get at most one."""
    settings.MASTHEAD_PUSH_BATCH_SIZE = 4
    settings.MASTHEAD_PUSH_CONCURRENCY = 2
    settings.MASTHEAD_PUSH_CHUNK_SIZE = 2
    readers = [reader(push_service) for _ in range(20)]
    chunks = []

    def killed_after_three(alert_id: int) -> None:
        chunks.append(alert_id)
        if len(chunks) == 3:
            raise WorkerKilled

    monkeypatch.setattr(services, "fan_out_chunk_sent", killed_after_three)
    pending = alert()
    with pytest.raises(WorkerKilled):
        services.push_alert_fan_out(alert_id=pending.pk)
    # Three chunks recorded; the fourth was claimed while the third's requests travelled.
    at_kill = len(push_service.received)
    assert 6 <= at_kill <= 8
    # A second worker while the dead one's lease holds does nothing.
    assert services.push_alert_fan_out(alert_id=pending.pk).state == "sending"
    assert len(push_service.received) == at_kill
    # The lease runs out; the periodic resume hands the alert to a new worker.
    PushAlert.objects.filter(pk=pending.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
        created_at=timezone.now() - datetime.timedelta(minutes=5),
    )

    assert services.push_alerts_resume() == 1

    sent = PushAlert.objects.get(pk=pending.pk)
    uncertain = set(
        PushDelivery.objects.filter(alert=sent, state="uncertain").values_list(
            "subscription__endpoint", flat=True
        )
    )
    counts = {r.endpoint: len(push_service.received_by(r.endpoint)) for r in readers}
    # The fourth chunk, if it was claimed before the kill (it depends on when the third's
    # answers came): never sent again.
    assert len(uncertain) in (0, 2)
    assert all(counts[endpoint] <= 1 for endpoint in uncertain)
    others = [count for endpoint, count in counts.items() if endpoint not in uncertain]
    assert others == [1] * (20 - len(uncertain))
    assert (sent.state, sent.accepted_count, sent.uncertain_count) == (
        "done",
        20 - len(uncertain),
        len(uncertain),
    )


def test_the_chunk_in_flight_when_a_worker_dies_is_never_sent_twice(
    push_service, settings, monkeypatch
):
    """Given a worker killed after its requests left but before their outcome was written,
    then the next run marks the chunks in flight uncertain and delivers every other push
    exactly once."""
    settings.MASTHEAD_PUSH_BATCH_SIZE = 5
    settings.MASTHEAD_PUSH_CONCURRENCY = 3
    settings.MASTHEAD_PUSH_CHUNK_SIZE = 3
    readers = [reader(push_service) for _ in range(12)]
    original = services._Sender.record
    calls = []

    def killed_while_recording(self, chunk, outcomes):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise WorkerKilled
        original(self, chunk, outcomes)

    monkeypatch.setattr(services._Sender, "record", killed_while_recording)
    pending = alert()
    with pytest.raises(WorkerKilled):
        services.push_alert_fan_out(alert_id=pending.pk)
    monkeypatch.setattr(services._Sender, "record", original)
    PushAlert.objects.filter(pk=pending.pk).update(lease_until=None)

    sent = services.push_alert_fan_out(alert_id=pending.pk)

    uncertain = set(
        PushDelivery.objects.filter(alert=sent, state="uncertain").values_list(
            "subscription__endpoint", flat=True
        )
    )
    counts = {r.endpoint: len(push_service.received_by(r.endpoint)) for r in readers}
    # The chunk being recorded (2 rows, its requests all answered), and the next one (3 rows,
    # maybe sent) if it was claimed while they travelled: never sent again.
    assert sent.uncertain_count == len(uncertain)
    assert len(uncertain) in (2, 5)
    assert all(counts[endpoint] <= 1 for endpoint in uncertain)
    others = [count for endpoint, count in counts.items() if endpoint not in uncertain]
    assert others == [1] * (12 - len(uncertain))
    assert (sent.accepted_count, sent.sent_count) == (12 - len(uncertain), 12)


def test_an_alert_created_by_the_service_fans_out_after_commit(
    push_service, django_capture_on_commit_callbacks
):
    """Given a reader, when an editor's alert is created, then the task delivers it."""
    subscription = reader(push_service)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.push_alert_create(
            title="Polls close",
            text="Results from 22:00.",
            url="http://testserver/",
            language="en",
            topics=["breaking"],
        )
    assert len(push_service.received_by(subscription.endpoint)) == 1
    created.refresh_from_db()
    assert created.state == "done" and created.accepted_count == 1


def test_the_click_on_a_notification_is_counted_once(push_service, client):
    """Given a delivered alert, when the service worker reports its click twice, one counts."""
    reader(push_service)
    sent = services.push_alert_fan_out(alert_id=alert().pk)
    click_url = push_service.received[0].payload["click"].removeprefix("http://testserver")
    assert client.post(click_url).status_code == 204
    assert client.post(click_url).status_code == 204
    assert client.post(click_url[:-3] + "xx/").status_code == 404
    sent.refresh_from_db()
    assert sent.click_count == 1
