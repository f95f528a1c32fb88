"""What the page shell (header, navigation, footer) needs on every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_shell(request: HttpRequest) -> dict[str, object]:
    """The site's name; navigation is read lazily by the shell's template tag."""
    return {"site_name": settings.WAGTAIL_SITE_NAME}
