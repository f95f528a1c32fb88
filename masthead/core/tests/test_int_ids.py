"""Every address that takes a number answers 404, not 500, for a number no row can have.

Why: SQLite's integers are 64-bit; Python hands it a larger one and the driver raises
`OverflowError` (a 500). The `int64` path converter (`core.converters`) refuses such numbers
before the view runs, so the address simply matches nothing.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from masthead.readers.tests.personas import reader_create

pytestmark = pytest.mark.django_db
TOO_BIG = str(2**63)  # 9223372036854775808: one past the largest 64-bit id


def _numbered_routes() -> list[str]:
    """Every public route with a number in it (the Wagtail admin aside), filled with TOO_BIG."""
    found: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                walk(entry, route)
                continue
            assert isinstance(entry, URLPattern)
            if route.startswith("admin/"):
                continue
            converters = getattr(entry.pattern, "converters", {})
            if not (converters or r"\d+" in route):
                continue
            filled = re.sub(r"<(?:int|int64):\w+>|\(\\d\+\)|\(\\d\{1,19\}\)", TOO_BIG, route)
            filled = re.sub(r"<(?:slug|str|path):\w+>|\(\.\*\)", "terms", filled)
            if TOO_BIG in filled:
                found.append("/" + filled)

    walk(get_resolver(), "")
    return found


def test_the_routes_checked_include_the_comments_and_wagtails_own():
    """The walk finds the numbered routes the finding named, and Wagtail's public ones."""
    routes = _numbered_routes()
    assert f"/comments/article/{TOO_BIG}/" in routes
    assert f"/comments/{TOO_BIG}/delete/" in routes
    assert any(route.startswith(f"/documents/{TOO_BIG}/") for route in routes)
    assert any(route.startswith("/_util/authenticate_with_password/") for route in routes)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_out_of_range_id_is_a_404_in_every_numbered_address(client, home, method):
    """GET and POST, as a member (so login-only views run too): 404 or 405, never 500."""
    client.force_login(reader_create(email="ida.nyberg@example.org", display_name="Ida Nyberg"))
    client.raise_request_exception = True
    answers = {route: getattr(client, method)(route).status_code for route in _numbered_routes()}
    assert {route: code for route, code in answers.items() if code not in (404, 405)} == {}


def test_the_largest_64_bit_id_still_matches():
    """2**63 - 1 is a valid id: the route matches (and the view says whether the row exists)."""
    match = get_resolver().resolve(f"/comments/{2**63 - 1}/")
    assert match.kwargs == {"comment_id": 2**63 - 1}


def test_no_public_route_uses_the_unbounded_int_converter():
    """New routes take `<int64:...>`: a route with Django's `<int:...>` would 500 again."""
    unbounded: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif not route.startswith("admin/") and any(
                type(converter) is IntConverter
                for converter in getattr(entry.pattern, "converters", {}).values()
            ):
                unbounded.append(route)

    walk(get_resolver(), "")
    # Wagtail's own routes are declared again with int64 in front of them (config/urls.py).
    shadowed = {
        "documents/authenticate_with_password/<int:restriction_id>/",
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
    }
    assert [route for route in unbounded if route not in shadowed] == []
