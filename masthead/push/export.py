"""The push section of a member's personal-data archive (see masthead/readers/export.py).

Each browser subscribed while the member was logged in: its push service address, edition,
dates and what it follows, and the alerts sent to it with whether they were opened. The
subscription's keys are left out, as the other apps leave out tokens and secrets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from masthead.readers.export import personal_data_section

from .models import PushDelivery
from .selectors import push_subscriptions_of_member

if TYPE_CHECKING:
    from masthead.readers.models import User


@personal_data_section("push_notifications", title=_("Your browsers' push notifications"), order=85)
def push_section(user: User) -> list[dict[str, Any]]:
    subscriptions = list(push_subscriptions_of_member(user))
    deliveries = (
        PushDelivery.objects.filter(subscription__in=subscriptions)
        .select_related("alert")
        .order_by("alert__created_at", "pk")
    )
    sent: dict[int, list[dict[str, Any]]] = {}
    last_delivered: dict[int, Any] = {}
    for delivery in deliveries:
        assert delivery.subscription_id is not None
        if delivery.state == PushDelivery.State.ACCEPTED:
            # In the order of the alerts: the last one accepted for the browser wins.
            last_delivered[delivery.subscription_id] = delivery.alert.created_at
        sent.setdefault(delivery.subscription_id, []).append(
            {
                "alert": delivery.alert.title,
                "url": delivery.alert.url,
                "sent_at": delivery.alert.created_at,
                "state": delivery.state,
                "opened_at": delivery.clicked_at,
            }
        )
    return [
        {
            "endpoint": subscription.endpoint,
            "edition": subscription.language,
            "subscribed_at": subscription.created_at,
            "last_delivered_at": last_delivered.get(subscription.pk),
            "follows": [topic.name for topic in subscription.topics.all()],
            "alerts": sent.get(subscription.pk, []),
        }
        for subscription in subscriptions
    ]
