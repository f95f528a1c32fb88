"""Every page of the site works under its Content-Security-Policy in Chromium: no violation.

The policy has no 'unsafe-inline' for scripts or styles (core/security_headers.py): any
inline script, style attribute or handler a template or script adds would be blocked, and the
browser reports it (a `securitypolicyviolation` event and a console error), which fails here.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from masthead.comments import services
from masthead.comments.tests.conftest import (  # noqa: F401 - fixtures
    moderation_rules,
    reader_ben,
)
from masthead.news.tests.conftest import browser_page  # noqa: F401 - fixtures
from masthead.readers.tests.personas import reader_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def session_cookie_for(user, live_server) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    host = live_server.url.removeprefix("http://").split(":")[0]
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "domain": host,
        "path": "/",
    }


def visit(page, url: str, console: list[str]) -> list[str]:
    """Open `url`, let its scripts run, return what the policy blocked there."""
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    assert "default-src 'none'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    blocked = page.evaluate("window.__violations")
    return [*blocked, *console]


def test_no_page_of_the_site_breaks_its_content_security_policy(
    browser_page,  # noqa: F811
    live_server,
    article_factory,
    section,
    reader_ben,  # noqa: F811
):
    """Guest and member: home, section, article with comments, search, the account pages."""
    page = browser_page
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    story = article_factory(title="Harbour reopens after the storm", with_image=True)
    services.comment_post(author=reader_ben, article=story, body="The ferries are back.")
    guest_pages = [
        "/",
        section.url,
        story.url,
        story.url,  # a page-cache hit: its nonce is the request's own
        "/search/?q=harbour",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/account/login/code/",
        "/comments/standards/",
    ]
    found = {url: visit(page, url, console) for url in guest_pages}
    console.clear()

    member = reader_create(email="ana.ferreira@example.org", display_name="Ana Ferreira")
    page.context.add_cookies([session_cookie_for(member, live_server)])
    member_pages = [
        story.url,
        "/account/profile/",
        "/account/email/",
        "/account/password/change/",
        "/account/2fa/",
        "/account/sessions/",
        "/comments/preferences/",
    ]
    found.update({f"member {url}": visit(page, url, console) for url in member_pages})
    # The member's article: the comment form's script posts through fetch (connect-src).
    page.goto(story.url + "#comments")
    page.get_by_label("Your comment").fill("Good news for the fishermen.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("Your comment is published.").first.wait_for()
    found["member posts a comment"] = [*page.evaluate("window.__violations"), *console]

    assert {url: blocked for url, blocked in found.items() if blocked} == {}


def test_the_wagtail_admin_works_under_its_own_policy(
    browser_page,  # noqa: F811
    live_server,
    article_factory,
):
    """Dashboard, page explorer, the article's editor, images, users, the moderators' queue."""
    from django.contrib.auth import get_user_model

    from conftest import totp_enable

    page = browser_page
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    story = article_factory(title="Harbour reopens after the storm", with_image=True)
    editor = get_user_model().objects.create_superuser(
        username="ed", email="ed@example.org", password="a long harbour passphrase"
    )
    totp_enable(editor)
    page.context.add_cookies([session_cookie_for(editor, live_server)])
    found: dict[str, list[str]] = {}
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{story.pk}/edit/",
        "/admin/images/",
        "/admin/users/",
        "/admin/comments/held/",
    ):
        response = page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        assert "'unsafe-inline'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
        found[url] = [*page.evaluate("window.__violations"), *console]
        console.clear()

    assert {url: blocked for url, blocked in found.items() if blocked} == {}
