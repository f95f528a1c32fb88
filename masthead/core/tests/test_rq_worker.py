"""The scaled-out task worker runs jobs when started exactly as `bin/serve` and the docs say.

The first wave's only test of `rqworker` ran it in burst mode on an empty queue, so nobody saw
that every real job failed (`'Task' object is not callable`): django-rq's default job class
cannot run a django-tasks job. Here a job is enqueued through the RQ backend and the documented
command (`manage.py rqworker default`, in burst mode so it stops) runs it in its own process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="RQ needs REDIS_URL")

BASE_DIR = Path(settings.BASE_DIR)


def test_the_documented_rq_worker_runs_an_enqueued_task(tmp_path, settings):
    """Given a task enqueued on Redis, `manage.py rqworker default` runs it to success."""
    from django_tasks.base import TaskResultStatus

    from .worker_tasks import marker_write

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    marker = tmp_path / "ran.txt"
    result = marker_write.enqueue(str(marker), "done in the worker")

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "MASTHEAD_VAR_DIR": str(tmp_path / "var"),
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "default", "--burst"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert worker.returncode == 0, worker.stderr[-3000:]
    assert marker.exists(), worker.stderr[-3000:]
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, worker.stderr[-3000:]
    assert result.return_value == "done in the worker"
