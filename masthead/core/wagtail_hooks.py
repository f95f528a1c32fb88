"""Core's Wagtail hooks: a served page names its type for the request-latency metric.

Wagtail serves every page through one URL (`wagtail_serve`), so the URL name alone would put
the home page, sections and articles in one series; `request_view_label` (core/metrics.py)
reads the page type recorded here instead.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from .metrics import PAGE_TYPE_ATTRIBUTE


@hooks.register("before_serve_page")
def page_type_remember(page: Any, request: HttpRequest, *args: Any) -> None:
    setattr(request, PAGE_TYPE_ATTRIBUTE, page._meta.label_lower)
