"""`manage.py push_vapid_keys_rotate`: a new VAPID key for new subscriptions (see `vapid`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masthead.push.vapid import vapid_keys_rotate


class Command(BaseCommand):
    help = (
        "Create a new current VAPID key; existing subscriptions keep the key they were made with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = vapid_keys_rotate()
        self.stdout.write(f"New VAPID public key: {key.public_key}")
