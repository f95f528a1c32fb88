"""`manage.py db_worker`: django-tasks-db's worker, with the moderation rules prepared first.

The same command with the same options (this app comes before `django_tasks_db` in
INSTALLED_APPS, so its command is the one run). The worker loads the rules' models and lists as
it starts rather than in its first moderation task, and logs loudly a rule that cannot be
prepared (`pipeline.moderation_boot`).
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ...pipeline import moderation_boot


class Command(DatabaseWorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        moderation_boot("task worker")
        super().handle(*args, **options)
