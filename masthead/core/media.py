"""Uploaded media served by the app itself (the embedded default, without nginx).

Rendition files are named after their image and filter spec and never rewritten in place,
so browsers may keep them for a month.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.views.static import serve

MEDIA_MAX_AGE = 30 * 24 * 3600


def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
