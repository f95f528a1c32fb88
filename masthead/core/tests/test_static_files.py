"""Static files are served by the app with hashed names and far-future caching (WhiteNoise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
response = Client().get(url)
print(json.dumps({"url": url, "status": response.status_code,
                  "cache_control": response.headers.get("Cache-Control", "")}))
"""


def test_stylesheet_has_a_hashed_name_and_is_cached_for_a_year(tmp_path):
    """After collectstatic, the stylesheet's URL carries its hash and may be kept ~forever."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.base", "MASTHEAD_VAR_DIR": str(tmp_path)}
    )

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    run("manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    probe = json.loads(run("-c", PROBE).strip().splitlines()[-1])

    assert probe["status"] == 200
    assert probe["url"].startswith("/static/css/site.") and probe["url"] != "/static/css/site.css"
    assert "immutable" in probe["cache_control"]
    assert "max-age=315360000" in probe["cache_control"]
