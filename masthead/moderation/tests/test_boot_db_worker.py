"""`manage.py db_worker` prepares the rules before it takes a task.

A file of its own, and wholly transactional: the worker closes stale connections as it wakes
(on PostgreSQL that closed the test's own), so the test runs outside a test transaction, and
its flush at the end empties the database. pytest-django runs transactional tests after the
others, but with `--dist loadfile` a file is one unit: in a file with ordinary tests, the flush
came early and took the migrations' data (the default locale, the home page) from the tests
the worker ran next.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command, get_commands

from masthead.moderation.pipeline import moderation_rules

from .test_boot import rules, signals_kept  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_database_task_worker_prepares_the_rules_as_it_starts(settings, signals_kept):  # noqa: F811
    """`manage.py db_worker` is django-tasks-db's worker with the rules prepared first."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert get_commands()["db_worker"] == "masthead.moderation"

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    assert all(configured.rule.is_prepared for configured in moderation_rules())
