"""`manage.py rqworker`: django-rq's worker (with REDIS_URL), with the moderation rules prepared.

The same command with the same options (this app comes before `django_rq` in INSTALLED_APPS,
so its command is the one run). The rules are prepared in the worker before it listens; RQ forks
a process per job from it, so every job starts with the models already loaded.
"""

from __future__ import annotations

from typing import Any

from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from ...pipeline import moderation_boot


class Command(RQWorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        moderation_boot("task worker")
        super().handle(*args, **options)  # type: ignore[no-untyped-call]  # django-rq: unannotated
