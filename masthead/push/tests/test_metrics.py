"""A fan-out's requests and final outcomes are counted on /metrics."""

from __future__ import annotations

import pytest

from masthead.core.tests.metrics_reader import metrics_read, sample
from masthead.push import services

from .test_fan_out import alert, reader

pytestmark = pytest.mark.django_db
SENT = "masthead_push_sent_total"
DELIVERIES = "masthead_push_deliveries_total"


def test_accepted_expired_and_failed_pushes_are_counted(push_service, client, settings):
    """Three accepted, one gone (410), one failing twice: 6 requests, 3 + 1 + 1 outcomes."""
    settings.MASTHEAD_PUSH_MAX_ATTEMPTS = 2
    fine = [reader(push_service) for _ in range(3)]
    gone, broken = reader(push_service), reader(push_service)
    push_service.gone(gone.endpoint)
    push_service.answer(broken.endpoint, 500, times=5)
    before = metrics_read(client)

    sent = services.push_alert_fan_out(alert_id=alert().pk)

    after = metrics_read(client)

    def counted(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert (sent.accepted_count, sent.expired_count, sent.failed_count) == (len(fine), 1, 1)
    assert (counted(SENT, status="2xx"), counted(SENT, status="4xx")) == (3, 1)
    assert counted(SENT, status="5xx") == 2  # the first attempt and the retry
    assert counted(DELIVERIES, outcome="accepted") == 3
    assert counted(DELIVERIES, outcome="expired") == 1
    assert counted(DELIVERIES, outcome="failed") == 1
