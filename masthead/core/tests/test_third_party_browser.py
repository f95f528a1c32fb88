"""No page of Masthead, public or admin, makes the browser call a host other than the site.

A third-party request leaks who reads what (and, for gravatar.com, a hash of each staff
member's e-mail address) and breaks offline. Debian's Chromium through Playwright records
every request while a reader and a staff member (logged in with TOTP) walk the site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401 - fixtures
from masthead.news.tests.staff_browser import editor_create, staff_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_no_public_or_admin_page_requests_a_third_party_host(
    browser_page,  # noqa: F811
    live_server,
    article_factory,
    section,
):
    """Home, section, article, search, log-in, then the admin's main pages: own host only."""
    page = browser_page
    article = article_factory(title="Harbour reopens after the storm", with_image=True)
    own = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != own:
            foreign.append(f"{page.url} → {request.url}")

    page.on("request", record)
    for path in ("/", "/world/", article.url, "/search/?q=harbour", "/account/login/", "/fr/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")

    editor, secret = editor_create()
    staff_log_in(page, email=editor.email, secret=secret)
    for path in (
        "/admin/",
        f"/admin/pages/{section.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/images/",
        "/admin/snippets/news/author/",
        "/admin/users/",
        "/admin/account/",
        "/admin/comments/reports/",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")

    assert foreign == []
