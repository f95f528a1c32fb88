"""The anti-robot check in a real browser: the page's own script solves it, or says why not.

Debian's Chromium through Playwright against the live server (fixtures from the news app's
browser conftest). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from masthead.news.tests.conftest import (  # noqa: F401  (fixtures)
    SCREENSHOT_DIR,
    browser_page,
    screenshot,
)

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


def test_the_pages_script_solves_the_check_and_the_reader_registers(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    home,
):
    """The status line announces the check, then that it is done; the sign-up goes through."""
    page = browser_page

    page.goto("/account/signup/")
    status = page.get_by_role("status").filter(has_text="check")
    status.filter(has_text=DONE).wait_for()
    screenshot("captcha-1-check-done")
    assert page.locator("input[name=captcha]").input_value() != ""
    fill_sign_up(page)
    sign_up_button(page).click()

    page.wait_for_url("**/account/confirm-email/**")
    screenshot("captcha-2-signed-up")
    assert get_user_model().objects.filter(email="new@example.org").exists()


def test_a_form_sent_before_the_check_is_done_waits_for_it(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    home,
    settings,
):
    """Pressing the button early says the form will go when the check is done, and it does."""
    settings.MASTHEAD_CAPTCHA_WORK = 10_000  # a couple of seconds of work, as on a slow phone
    page = browser_page

    page.goto("/account/signup/")
    fill_sign_up(page)
    sign_up_button(page).click()

    page.get_by_role("status").filter(has_text="Finishing the check").wait_for()
    screenshot("captcha-3-waiting-for-the-check")
    page.wait_for_url("**/account/confirm-email/**", timeout=90_000)
    assert get_user_model().objects.filter(email="new@example.org").exists()


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


def test_without_javascript_the_form_says_so_and_keeps_what_was_typed(
    browser_page,  # noqa: F811
    live_server,
    home,
):
    """With scripts off the check explains itself; sending anyway keeps the typed fields."""
    context = browser_page.context.browser.new_context(
        base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/account/signup/")
        assert "needs JavaScript" in page.get_by_role("status").inner_text()
        fill_sign_up(page)
        sign_up_button(page).click()

        page.get_by_text("The anti-robot check did not run. It needs JavaScript").wait_for()
        page.screenshot(path=str(SCREENSHOT_DIR / "captcha-5-no-javascript.png"), full_page=True)
        assert page.get_by_label("Email").input_value() == "new@example.org"
        assert page.get_by_label("Display name").input_value() == "New Reader"
        assert page.get_by_label("Password:", exact=True).input_value() == ""
        assert not get_user_model().objects.filter(email="new@example.org").exists()
    finally:
        context.close()
