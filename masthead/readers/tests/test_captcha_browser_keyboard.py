"""The anti-robot check in a real browser: a failed check is run again from the keyboard."""

from __future__ import annotations

import re

import pytest

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401  (fixtures)

from .test_captcha_browser import DONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_failed_check_can_be_run_again_from_the_keyboard(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    home,
):
    """When the challenge cannot be fetched, a button offers a new try; Enter on it works."""
    page = browser_page
    page.route("**/account/captcha/challenge/", lambda route: route.abort())

    page.goto("/account/password/reset/")
    page.get_by_role("status").filter(has_text="could not run").wait_for()
    page.unroute("**/account/captcha/challenge/")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Email").press("Enter")  # sending now moves the focus to the retry
    retry = page.get_by_role("button", name="Run the check again")
    assert retry.evaluate("button => button === document.activeElement")
    screenshot("captcha-4-retry")
    page.keyboard.press("Enter")

    page.get_by_role("status").filter(has_text=DONE).wait_for()
    page.get_by_role("button", name=re.compile("Reset My Password", re.I)).click()
    page.wait_for_url("**/account/password/reset/done/**")
