"""The rails and the header clock in Chromium: beside the story on a wide screen, under it at
390 px with nothing wider than the screen, and the clock brought up to the browser's minute."""

from __future__ import annotations

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_rails_sit_beside_the_story_and_under_it_on_a_phone(
    browser_page, screenshot, article_factory, settings
):
    """1280 px: the rails' column starts level with the story, to its right. 390 px: they
    follow the story, and the page never scrolls sideways."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    page = browser_page
    article_factory(title="Ferry timetable returns to normal", is_multimedia=True, hours_ago=3)
    story = article_factory(
        title="Harbour reopens after the storm with a very long headline that has to wrap"
    )

    page.goto(story.url)
    rails = page.get_by_role("complementary", name="More news")
    article = page.locator("article.article")
    wide_rails, wide_story = rails.bounding_box(), article.bounding_box()
    assert wide_rails and wide_story
    assert wide_rails["x"] >= wide_story["x"] + wide_story["width"]
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot("rails-article-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(story.url)
    narrow_rails, narrow_story = rails.bounding_box(), article.bounding_box()
    assert narrow_rails and narrow_story
    assert narrow_rails["y"] >= narrow_story["y"] + narrow_story["height"]
    assert narrow_rails["x"] + narrow_rails["width"] <= 390
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    for name in ("All news", "Multimedia", "Trending"):
        assert rails.get_by_role("heading", name=name, level=3).is_visible()
    screenshot("rails-article-390")

    page.goto("/world/asia-pacific/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert page.get_by_role("complementary", name="More news").is_visible()
    screenshot("rails-section-390")


def test_the_header_clock_shows_the_browsers_minute_in_gmt(browser_page, article_factory):
    """With the page's time set an hour back (a stale cached copy), clock.js corrects it."""
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm")

    page.route(
        re.compile(r".*/world/asia-pacific/.*"),
        lambda route: route.fulfill(
            response=(fetched := route.fetch()),
            body=re.sub(
                r'datetime="[^"]*" data-clock>[^<]*GMT</time>',
                'datetime="2001-01-01T00:00:00+00:00" data-clock>'
                "Monday 1 January 2001, 00:00 GMT</time>",
                fetched.text(),
                count=1,
            ),
        ),
    )
    page.goto(story.url)

    now_in_gmt = """() => { const now = new Date();
        const pad = (n) => String(n).padStart(2, "0");
        return `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())} GMT`; }"""
    before = page.evaluate(now_in_gmt)
    shown = page.locator("time.site-date").inner_text()
    after = page.evaluate(now_in_gmt)

    assert re.fullmatch(r"\w+ \d{1,2} \w+ \d{4}, \d\d:\d\d GMT", shown), shown
    assert shown.endswith((before, after)), shown
    assert "2001" not in shown, shown  # the day too, not only the time
