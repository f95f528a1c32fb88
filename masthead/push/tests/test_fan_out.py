"""The fan-out against the push-service double: who gets what, expiries, retries, crashes."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from masthead.push import services
from masthead.push.models import PushAlert, PushDelivery, PushSubscription
from masthead.push.vapid import vapid_key_current

from .push_service import PushServiceDouble

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


def test_the_benchmarks_event_loop_double_checks_and_answers_as_the_threaded_one(settings):
    """bench/push_fanout.py runs the double over asyncio: the same checks and answers."""
    settings.MASTHEAD_PUSH_ALLOW_HTTP_ENDPOINTS = True
    double = PushServiceDouble().start_event_loop()
    try:
        readers = [reader(double) for _ in range(5)]
        double.gone(readers[0].endpoint)
        sent = services.push_alert_fan_out(alert_id=alert().pk)
        assert [push.payload["title"] for push in double.received] == [
            "Harbour closes after storm"
        ] * 4
        assert {push.token for push in double.received} == {
            double.token_of(subscription.endpoint) for subscription in readers[1:]
        }
        assert (sent.accepted_count, sent.expired_count) == (4, 1)
    finally:
        double.stop()


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
    assert sent.failed_count == sent.resent_count == 0


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


def held_once_each(double, readers) -> None:
    """Every reader's push service holds the alert once for its browser (RFC 8030 Topic)."""
    for subscription in readers:
        token = double.token_of(subscription.endpoint)
        assert [topic for held_token, topic in double.held if held_token == token] == ["story-42"]


def resent_endpoints(sent: PushAlert) -> set[str]:
    """The readers whose push was in flight at the kill: attempted twice, accepted once."""
    return set(
        PushDelivery.objects.filter(alert=sent, state="accepted", attempts=2).values_list(
            "subscription__endpoint", flat=True
        )
    )


def test_a_fan_out_killed_between_chunks_resumes_and_every_reader_gets_the_alert_once(
    push_service, settings, monkeypatch
):
    """Given a worker killed after 3 chunks, when the fan-out runs again, every reader gets the
    alert: the chunks in flight at the kill are sent again, and their second copy replaces the
    first at the push service (Topic), so every browser gets one."""
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
    # Three chunks recorded; the fourth was handed over while the third's requests travelled.
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
    resent = resent_endpoints(sent)
    counts = {r.endpoint: len(push_service.received_by(r.endpoint)) for r in readers}
    # The fourth chunk (2 rows), if it was handed over before the kill: sent again.
    assert len(resent) in (0, 2)
    assert all(counts[endpoint] in (1, 2) for endpoint in resent)
    assert [count for endpoint, count in counts.items() if endpoint not in resent] == [1] * (
        20 - len(resent)
    )
    assert push_service.replaced == sum(counts.values()) - 20
    held_once_each(push_service, readers)
    assert (sent.state, sent.accepted_count, sent.resent_count) == ("done", 20, len(resent))


def test_the_chunks_in_flight_when_a_worker_dies_are_sent_again_and_held_once(
    push_service, settings, monkeypatch
):
    """Given a worker killed after its requests left but before their outcome was written,
    then the next run sends the chunks in flight again, and every browser gets one copy."""
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

    resent = resent_endpoints(sent)
    counts = {r.endpoint: len(push_service.received_by(r.endpoint)) for r in readers}
    # The chunk being recorded (2 rows: the end of the first batch of 5; its requests all
    # answered, so received twice), and the next one (3 rows, maybe sent) if it was handed
    # over while they travelled.
    assert sent.resent_count == len(resent)
    assert len(resent) in (2, 5)
    assert sum(counts[endpoint] == 2 for endpoint in resent) >= 2
    assert [count for endpoint, count in counts.items() if endpoint not in resent] == [1] * (
        12 - len(resent)
    )
    held_once_each(push_service, readers)
    assert (sent.accepted_count, sent.sent_count) == (12, 12)


# serialized_rollback like every test that commits: each empties the database when it ends.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bookkeeping_thread_records_every_chunk_and_a_kill_in_it_stops_the_fan_out(
    push_service, settings, monkeypatch
):
    """Given a fan-out outside any transaction (as in the task worker), the database work runs
    in its own thread: every push is recorded; a kill there stops the sending, and the next
    run delivers the rest, every browser holding the alert once."""
    settings.MASTHEAD_PUSH_BATCH_SIZE = 7
    settings.MASTHEAD_PUSH_CONCURRENCY = 3
    settings.MASTHEAD_PUSH_CHUNK_SIZE = 4
    readers = [reader(push_service) for _ in range(30)]
    threads = []
    sessions_before = database_sessions()
    # The default on PostgreSQL; on SQLite the work is in this process and runs inline.
    monkeypatch.setattr(services, "_bookkeeping_threaded", lambda: not connection.in_atomic_block)

    def killed_after_two(alert_id: int) -> None:
        threads.append(threading.current_thread().name)
        if len(threads) == 2:
            raise WorkerKilled

    monkeypatch.setattr(services, "fan_out_chunk_sent", killed_after_two)
    pending = alert()
    with pytest.raises(WorkerKilled):
        services.push_alert_fan_out(alert_id=pending.pk)
    assert all(name.startswith("push-books") for name in threads)
    at_kill = len(push_service.received)
    # Two chunks recorded (4 rows, then the first batch's last 3); at most two more handed
    # over (4 rows each).
    assert 7 <= at_kill <= 15
    monkeypatch.setattr(services, "fan_out_chunk_sent", lambda alert_id: None)
    PushAlert.objects.filter(pk=pending.pk).update(lease_until=None)

    sent = services.push_alert_fan_out(alert_id=pending.pk)

    held_once_each(push_service, readers)
    resent = resent_endpoints(sent)
    assert sent.resent_count == len(resent) <= 8
    assert (sent.state, sent.accepted_count, sent.sent_count) == ("done", 30, 30)
    assert not PushDelivery.objects.exclude(state="accepted").exists()
    # The thread and its connection end with each fan-out (a worker runs many).
    assert not [t for t in threading.enumerate() if t.name.startswith("push-books")]
    assert database_sessions() == sessions_before


def database_sessions() -> int | None:
    """Connections open to the test database (PostgreSQL; None elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


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
