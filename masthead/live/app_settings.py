"""The live app's settings with their defaults, read when used (never at import)."""

from __future__ import annotations

from django.conf import settings


def fetch_max_bytes() -> int:
    """The largest data file a refresh downloads (JHU's confirmed file is 1.8 MB)."""
    return int(getattr(settings, "MASTHEAD_LIVE_FETCH_MAX_BYTES", 20 * 1024 * 1024))


def fetch_timeout_seconds() -> float:
    """How long one refresh may take to connect and download, in all."""
    return float(getattr(settings, "MASTHEAD_LIVE_FETCH_TIMEOUT_SECONDS", 30))
