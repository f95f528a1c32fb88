"""`manage.py site_follow_origin`: the Wagtail Site takes BASE_URL's host and port (bin/serve)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masthead.core.origin import public_origin
from masthead.core.services import site_follow_origin


class Command(BaseCommand):
    help = "Set the default Wagtail Site's hostname and port from BASE_URL."

    def handle(self, *args: Any, **options: Any) -> None:
        if site_follow_origin():
            self.stdout.write(f"The site's address is now {public_origin()}.")
