"""The anti-robot check in a browser with JavaScript off: the form says what is needed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from masthead.news.tests.conftest import SCREENSHOT_DIR, browser_page  # noqa: F401  (fixtures)

from .test_captcha_browser import fill_sign_up, sign_up_button

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
