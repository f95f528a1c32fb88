"""In Chromium, a guest who logs in and opens the same article again sees it logged in.

Why: a guest's article is public (`max-age=60`), so the browser may keep it; only
`Vary: Cookie` tells it the copy is not for a request carrying the new session cookie. The
in-app page cache used to drop that header on a hit, and the reader got the logged-out copy.
"""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.news.tests.conftest import browser_page  # noqa: F401 - fixtures
from masthead.readers.tests.personas import PASSWORD, reader_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_guest_who_logs_in_sees_the_article_logged_in_not_the_browsers_copy(
    browser_page,  # noqa: F811
    article_factory,
):
    """The in-app cache serves the guest's copy (a hit); log in; open the article again."""
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm")
    reader_create(email="ana.ferreira@example.org", display_name="Ana Ferreira")
    answers: list[str] = []
    page.on(
        "response",
        lambda response: (
            answers.append(response.headers.get("x-page-cache", ""))
            if response.url.endswith(story.url)
            else None
        ),
    )

    Client().get(story.url)  # another guest's visit stores the page in the in-app cache

    page.goto(story.url)  # a hit: the copy the browser keeps is the one the cache replayed
    assert page.get_by_role("link", name="Log in").first.is_visible()
    assert answers == ["hit"]

    page.goto("/account/login/")
    page.get_by_label("Email").fill("ana.ferreira@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    page.goto(story.url)

    assert page.get_by_label("Your comment").is_visible()
    assert not page.get_by_role("link", name="Log in").first.is_visible()
