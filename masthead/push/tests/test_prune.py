"""A finished alert's delivery rows go after the retention; its report stays."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from masthead.push import services
from masthead.push.models import PushAlert, PushDelivery, PushSubscription

pytestmark = pytest.mark.django_db


def alert_with_deliveries(*, finished_days_ago: float | None, clicked: int = 0) -> PushAlert:
    now = timezone.now()
    alert = PushAlert.objects.create(
        title="Harbour closes after storm",
        text="Ferries are cancelled until Monday.",
        url="https://news.example/harbour/",
        language="en",
        topics=["breaking"],
        state=PushAlert.State.SENDING if finished_days_ago is None else PushAlert.State.DONE,
        finished_at=None
        if finished_days_ago is None
        else now - datetime.timedelta(days=finished_days_ago),
    )
    for n in range(3):
        subscription = PushSubscription.objects.create(
            endpoint=f"https://push.example/{alert.pk}-{n}",
            p256dh="p" * 87,
            auth="a" * 22,
            language="en",
        )
        PushDelivery.objects.create(
            alert=alert,
            subscription=subscription,
            state=PushDelivery.State.ACCEPTED,
            attempts=1,
            clicked_at=now if n < clicked else None,
        )
    return services.push_alert_counters_update(alert)


def test_old_alerts_lose_their_delivery_rows_and_keep_their_report(settings):
    settings.MASTHEAD_PUSH_DELIVERY_RETENTION_DAYS = 30
    old = alert_with_deliveries(finished_days_ago=31)
    PushDelivery.objects.filter(alert=old).update(clicked_at=timezone.now())  # clicked since
    recent = alert_with_deliveries(finished_days_ago=5)
    unfinished = alert_with_deliveries(finished_days_ago=None)

    assert services.push_deliveries_prune() == 3

    assert not PushDelivery.objects.filter(alert=old).exists()
    assert PushDelivery.objects.filter(alert=recent).count() == 3
    assert PushDelivery.objects.filter(alert=unfinished).count() == 3
    old.refresh_from_db()
    assert (old.sent_count, old.accepted_count, old.click_count) == (3, 3, 3)
    # Nothing left to do the next day.
    assert services.push_deliveries_prune() == 0


def test_a_click_on_a_pruned_notification_is_not_an_error(settings, client):
    settings.MASTHEAD_PUSH_DELIVERY_RETENTION_DAYS = 30
    old = alert_with_deliveries(finished_days_ago=40)
    delivery_id = PushDelivery.objects.filter(alert=old).values_list("pk", flat=True)[0]
    services.push_deliveries_prune()

    assert services.push_delivery_click(
        delivery_id=delivery_id, token=services.click_token(delivery_id)
    )
    old.refresh_from_db()
    assert old.click_count == 0
