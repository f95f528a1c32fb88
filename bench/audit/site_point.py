"""Point Wagtail's default Site at the audit server, so canonical and og:url links match it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

if __name__ == "__main__":
    import django

    django.setup()
    from wagtail.models import Site

    host, port = sys.argv[1], int(sys.argv[2])
    Site.objects.filter(is_default_site=True).update(hostname=host, port=port)
