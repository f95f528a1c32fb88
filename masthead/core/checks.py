"""System checks: a misconfigured site fails at start-up, not on the first request.

`core.E001`: a periodic task in MASTHEAD_PERIODIC_TASKS cannot be imported or is not a task.
`core.E002`: a periodic interval is not a positive number of seconds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def periodic_tasks_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for entry in getattr(settings, "MASTHEAD_PERIODIC_TASKS", []):
        path, seconds = entry
        try:
            task = import_string(path)
        except ImportError:
            task = None
        if task is None or not hasattr(task, "enqueue"):
            errors.append(
                Error(
                    f"Periodic task {path!r} is not an importable django-tasks task.",
                    hint="Fix or remove the entry in MASTHEAD_PERIODIC_TASKS.",
                    id="core.E001",
                )
            )
        if not isinstance(seconds, int) or seconds <= 0:
            errors.append(
                Error(
                    f"Periodic task {path!r} has interval {seconds!r}; expected seconds > 0.",
                    id="core.E002",
                )
            )
    return errors
