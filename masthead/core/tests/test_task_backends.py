"""Every task module loads, and its helpers enqueue, under each backend the site runs on.

The test settings run tasks at once (`ImmediateBackend`), which accepts anything; the site
runs the database backend (embedded) or RQ (scaled out), which refuse what they do not
support. A task declared with a priority imported fine in the tests and stopped the scaled-out
site at start-up: "Backend does not support setting priority of tasks" (RQ). So each module is
imported in a fresh process with the site's own settings for each stack.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TASK_MODULES = sorted(
    f"masthead.{path.parent.name}.tasks" for path in (ROOT / "masthead").glob("*/tasks.py")
)
IMPORT_AND_ENQUEUE = """
import importlib, django
django.setup()
from django.conf import settings
modules = {modules!r}
for name in modules:
    importlib.import_module(name)
from masthead.news.tasks import low_priority, page_warm_task
print(settings.TASKS["default"]["BACKEND"], low_priority(page_warm_task).priority)
"""


@pytest.mark.parametrize(
    ("stack", "environment", "backend"),
    [
        ("embedded", {}, "django_tasks_db.DatabaseBackend -50"),
        ("scaled", {"REDIS_URL": "redis://127.0.0.1:1/0"}, "django_tasks_rq.RQBackend 0"),
    ],
)
def test_every_task_module_loads_with_the_sites_backend(tmp_path, stack, environment, backend):
    assert "masthead.news.tasks" in TASK_MODULES
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "MASTHEAD_VAR_DIR": str(tmp_path),
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_ENQUEUE.format(modules=TASK_MODULES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == backend
