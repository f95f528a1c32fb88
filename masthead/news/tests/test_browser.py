"""A reader's walk through the site in a real browser (acceptance 2 of the newsroom issue).

Debian's Chromium through Playwright against the live server; fixtures in conftest.py.
Each step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

# serialized_rollback like every live-server test: each empties the database when it ends
# without re-running post_migrate, and the next one reloads the migrated data (home page…).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_walks_from_the_home_page_to_a_short_link(
    browser_page, screenshot, article_factory, author_ana
):
    """Home → article → tag → section → search → short link, each page as a reader sees it."""
    page = browser_page
    article_factory(title="Fishing fleet waits out the typhoon", tags=("weather",), hours_ago=6)
    article_factory(title="Ferry timetable returns to normal", tags=("ferries",), hours_ago=3)
    lead = article_factory(
        title="Harbour reopens after the storm",
        tags=("harbours", "shipping"),
        hours_ago=1,
        with_image=True,
        lede="Container ships returned to the port on Monday after a week at anchor.",
    )

    page.goto("/")
    screenshot("01-home")
    page.locator(".home-lead").get_by_role("link", name=lead.title).click()
    page.wait_for_url(re.compile(re.escape(lead.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == lead.title
    screenshot("02-article")

    short_url = page.locator("#short-url-field").input_value()
    assert short_url.endswith(f"/s/{lead.short_code}")
    copy_button = page.get_by_role("button", name="Get short URL")
    copy_button.click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == short_url
    screenshot("03-article-short-url-copied")

    page.locator(".tags").get_by_role("link", name="shipping").click()
    page.wait_for_url("**/tags/shipping/")
    assert page.get_by_role("heading", level=1).inner_text() == "shipping"
    assert page.get_by_role("link", name=lead.title).count() == 1
    screenshot("04-tag")

    page.go_back()
    page.locator(".kicker").get_by_role("link", name="Asia & Pacific").click()
    page.wait_for_url("**/world/asia-pacific/")
    assert page.get_by_role("heading", level=1).inner_text() == "Asia & Pacific"
    listing = page.locator(".listing")
    assert listing.get_by_role("link", name="Ferry timetable returns to normal").count() == 1
    screenshot("05-section")

    search_box = page.get_by_role("search").first.get_by_role("searchbox")
    search_box.fill("harbour")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=harbour"))
    marks = page.locator(".search-results mark")
    assert marks.count() >= 1
    assert marks.first.inner_text().lower().startswith("harbour")
    screenshot("06-search")

    response = page.goto(f"/s/{lead.short_code}")
    assert response is not None and response.ok
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.response().status == 301
    assert page.url.endswith(lead.url)
    assert page.get_by_role("heading", level=1).inner_text() == lead.title
    screenshot("07-short-link")
