"""A member reports a comment and sees it was received; reporting again keeps the first note.

Debian's Chromium through Playwright against the live server (fixtures in
masthead/news/tests/conftest.py), with JavaScript and without; screenshots in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from masthead.comments import services
from masthead.comments.models import CommentReport
from masthead.news.tests.conftest import (  # noqa: F401 - fixtures
    browser_page,
    screenshot,
)

from .test_browser import session_cookie_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THANKS = "Thank you. A moderator will look at this comment."
AGAIN = "You already reported this comment: your report was received."
NOTE = "He mocks the fishermen in every thread."


def assert_shown(page, text: str) -> None:
    """The text is on screen at a readable size, not only in a visually hidden live region."""
    shown = page.get_by_text(text).first
    shown.wait_for(state="visible")
    box = shown.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 8, box


def report_open(page, comment_id: int) -> None:
    comment = page.locator(f"#comment-{comment_id}")
    comment.locator("summary", has_text="More").click()
    comment.get_by_role("link", name="Report").click()


def test_a_report_is_confirmed_on_the_page_and_a_second_one_keeps_the_note(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    live_server,
    article_factory,
    reader_ana,
    reader_ben,
):
    """With JavaScript: the thanks are shown; again: "already received", the note kept."""
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm")
    bens = services.comment_post(
        author=reader_ben, article=story, body="Only fools fish in this weather."
    ).comment
    assert bens is not None
    page.context.add_cookies([session_cookie_for(reader_ana, live_server)])
    page.goto(story.url + "#comments")

    report_open(page, bens.pk)
    page.get_by_label("Which standard does it break?").select_option("trolling")
    page.get_by_label("Anything a moderator should know (optional)").fill(NOTE)
    page.get_by_role("button", name="Send report").click()
    assert_shown(page, THANKS)
    screenshot("report-01-thanks")

    report_open(page, bens.pk)
    page.get_by_role("button", name="Send report").click()
    assert_shown(page, AGAIN)
    screenshot("report-02-again")
    report = CommentReport.objects.get()
    assert (report.reason, report.note) == ("trolling", NOTE)


def test_without_javascript_the_report_is_confirmed_and_kept(
    browser_page,  # noqa: F811
    live_server,
    article_factory,
    reader_ana,
    reader_ben,
):
    """The report page's form, then the article with the confirmation; again: the same."""
    story = article_factory(title="Harbour reopens after the storm")
    bens = services.comment_post(
        author=reader_ben, article=story, body="Only fools fish in this weather."
    ).comment
    assert bens is not None
    browser = browser_page.context.browser
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        context.add_cookies([session_cookie_for(reader_ana, live_server)])
        page = context.new_page()
        page.goto(f"/comments/{bens.pk}/report/")
        page.get_by_label("Which standard does it break?").select_option("trolling")
        page.get_by_label("Anything a moderator should know (optional)").fill(NOTE)
        page.get_by_role("button", name="Send report").click()
        assert_shown(page, THANKS)

        page.goto(f"/comments/{bens.pk}/report/")
        page.get_by_role("button", name="Send report").click()
        assert_shown(page, AGAIN)
    finally:
        context.close()
    report = CommentReport.objects.get()
    assert (report.reason, report.note) == ("trolling", NOTE)
