"""Friendly error pages: a reader who hits a wrong address still finds the way home."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader


def _render(request: HttpRequest, template: str, status: int) -> HttpResponse:
    body: str
    try:
        body = loader.render_to_string(template, {"request": request}, request=request)
    except Exception:
        body = "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "404.html", 404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    body: str
    try:
        # Its one inline style carries the response's nonce (the CSP allows nothing else).
        body = loader.render_to_string("500.html", {"csp_nonce": getattr(request, "csp_nonce", "")})
    except Exception:
        body = "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
    return HttpResponse(body, status=500)
