"""A member discusses a story in a real browser: posts, replies, edits, reports, is refused.

Debian's Chromium through Playwright against the live server (fixtures in
masthead/news/tests/conftest.py); each step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Comment, CommentReport
from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401 - fixtures

from .conftest import REJECTED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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


def title_text(page) -> str:
    return " ".join(page.locator("#comments-title").text_content().split())


def test_a_member_posts_replies_edits_reports_and_sees_a_rejection_explained(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    live_server,
    settings,
    article_factory,
    reader_ana,
    reader_ben,
):
    """The whole discussion from the article page, without a reload."""
    settings.COMMENTS_POLL_SECONDS = 5
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm")
    bens = services.comment_post(
        author=reader_ben, article=story, body="The ferries are back, finally."
    ).comment
    assert bens is not None
    page.context.add_cookies([session_cookie_for(reader_ana, live_server)])

    page.goto(story.url + "#comments")
    page.get_by_text("The ferries are back, finally.").wait_for()
    assert page.get_by_role("link", name="Our community standards").first.is_visible()
    screenshot("comments-01-thread")

    # Post.
    page.get_by_label("Your comment").fill("Good news for the fishermen.\n\nAnd for the town.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("Your comment is published.").first.wait_for()
    mine = page.locator("article.comment", has_text="Good news for the fishermen.")
    assert mine.locator("p").nth(1).inner_text() == "And for the town."
    assert title_text(page) == "Comments (2)"
    assert page.get_by_label("Your comment").input_value() == ""
    screenshot("comments-02-posted")

    # Reply to Ben.
    bens_comment = page.locator(f"#comment-{bens.pk}")
    bens_comment.get_by_role("link", name="Reply").click()
    page.get_by_label("Reply · Ben Okafor").fill("Agreed, Ben.")
    page.locator("[data-inline-reply]").get_by_role("button", name="Post comment").click()
    page.locator(f"[data-replies='{bens.pk}']").get_by_text("Agreed, Ben.").wait_for()
    assert Comment.objects.get(body="Agreed, Ben.").parent == bens
    screenshot("comments-03-replied")

    # Edit her first comment.
    mine.locator("summary", has_text="More").click()
    mine.get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your comment").fill("Good news for the fishermen and the ferries.")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Good news for the fishermen and the ferries.").wait_for()
    assert page.locator("article.comment", has_text="and the ferries").get_by_text("edited").count()
    screenshot("comments-04-edited")

    # Report Ben's comment.
    bens_comment.locator("summary", has_text="More").click()
    bens_comment.get_by_role("link", name="Report").click()
    page.get_by_label("Which standard does it break?").select_option("trolling")
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("A moderator will look at this comment.").wait_for(state="attached")
    assert CommentReport.objects.get().reason == "trolling"
    screenshot("comments-05-reported")

    # A comment the malware check rejects: explained, the text kept to change.
    page.get_by_label("Your comment").fill(REJECTED)
    page.get_by_role("button", name="Post comment").click()
    feedback = page.locator("[data-comment-form] [data-feedback]")
    feedback.get_by_text("Links to viruses and malware").wait_for()
    assert "known to spread viruses or malware" in feedback.inner_text()
    assert (
        feedback.get_by_role("link", name="Read this standard")
        .get_attribute("href")
        .endswith("#standard-malware")
    )
    assert page.get_by_label("Your comment").input_value() == REJECTED
    assert title_text(page) == "Comments (3)"
    screenshot("comments-06-rejected")

    # Someone else comments meanwhile: offered without a reload, the counter follows.
    services.comment_post(author=reader_ben, article=story, body="See you on the quay.")
    page.get_by_role("button", name="Show 1 new comment").click(timeout=20_000)
    page.get_by_text("See you on the quay.").wait_for()
    assert title_text(page) == "Comments (4)"
    screenshot("comments-07-live")
