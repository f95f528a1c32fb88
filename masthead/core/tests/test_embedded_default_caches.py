"""The embedded default (`make run`: SQLite and the file cache) keeps hot writes off the disk.

Wagtail writes each rendition it looks up back to the "renditions" cache, or to the default
cache when there is none; on the embedded default that was Django's file cache, which lists
its whole directory on every write: 57 writes a home page, 85% of its render. Read from the
settings exactly as `make run` loads them (config.settings.base, no REDIS_URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = (
    "import json; from django.core.cache import caches; from wagtail.images import "
    "get_image_model; backend = get_image_model().get_rendition_model().cache_backend; "
    "print(json.dumps({'renditions': type(backend).__name__, "
    "'default': type(caches['default']).__name__}))"
)


def embedded_default_caches(tmp_path: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["MASTHEAD_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_wagtail_keeps_renditions_in_process_memory_on_the_embedded_default(tmp_path):
    """Renditions go to a local-memory cache, not the file cache that serves the rest."""
    caches = embedded_default_caches(tmp_path)

    assert caches["default"] == "AtomicFileBasedCache"  # the file cache, add/incr atomic
    assert caches["renditions"] == "LocMemCache"
