"""`manage.py tick`: enqueue the periodic jobs on time, forever (or once with --once)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand

from masthead.core.periodic import periodic_jobs, periodic_jobs_enqueue_due


class Command(BaseCommand):
    help = "Enqueue Masthead's periodic tasks (scheduled publishing, view counts) on time."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every job once, then exit."
        )

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        jobs = periodic_jobs()
        if once:
            for path in periodic_jobs_enqueue_due(jobs):
                self.stdout.write(f"enqueued {path}")
            return
        running = True

        def stop(*_: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"ticker: {len(jobs)} periodic jobs")
        while running:
            periodic_jobs_enqueue_due(jobs)
            time.sleep(1)
