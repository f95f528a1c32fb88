"""The anti-robot check in a real browser: the page's own script solves it, or says why not.

Debian's Chromium through Playwright against the live server (fixtures from the news app's
browser conftest). Screenshots go to test-artifacts/screenshots/. One test per file, like the
other browser tests: the suite hands whole files to its workers, largest first, and a file of
live-server tests empties the database when it ends, so it must not run before small files
of ordinary tests. The keyboard and no-JavaScript cases are in test_captcha_browser_*.py.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long harbour passphrase"
DONE = "Check done: you can send the form."


def fill_sign_up(page, *, email: str = "new@example.org", name: str = "New Reader") -> None:
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    for box in page.locator("main form input[type=checkbox][required]").all():
        box.check()


def sign_up_button(page):
    return page.locator("main form").get_by_role("button", name=re.compile("Sign Up", re.I))


def test_the_pages_script_solves_the_check_and_a_form_sent_early_waits_for_it(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    home,
):
    """The status line says the check runs; sent early, the form waits for it, then goes."""
    page = browser_page
    held = []  # the challenge request, held back until the form has been sent
    page.route("**/account/captcha/challenge/", lambda route: held.append(route))

    page.goto("/account/signup/")
    page.get_by_role("status").filter(has_text="Checking that you are not a robot").wait_for()
    screenshot("captcha-1-checking")
    fill_sign_up(page)
    sign_up_button(page).click()
    page.get_by_role("status").filter(has_text="Finishing the check").wait_for()
    screenshot("captcha-2-waiting-for-the-check")
    assert page.url.endswith("/account/signup/")
    held[0].continue_()

    page.wait_for_url("**/account/confirm-email/**")
    screenshot("captcha-3-signed-up")
    assert get_user_model().objects.filter(email="new@example.org").exists()
