"""A moderator blocks a reported member in the admin; the member asks to be unlocked; granted.

Debian's Chromium through Playwright against the live server (fixtures in
masthead/news/tests/conftest.py); each step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masthead.comments import services
from masthead.comments.models import MemberBlock, UnlockRequest, UnlockRequestStatus
from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401 - fixtures

from .test_browser import session_cookie_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_moderator_blocks_from_the_reports_queue_and_grants_the_unlock_request(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    live_server,
    article_factory,
    reader_ana,
    reader_ben,
    moderator_mo,
):
    """Reports queue → Block author → the notice → the request → Unlock requests → Grant."""
    page = browser_page
    story = article_factory(title="Harbour reopens after the storm")
    rude = services.comment_post(
        author=reader_ana, article=story, body="Only idiots believe the harbour will reopen."
    ).comment
    assert rude is not None
    services.comment_report(comment=rude, reporter=reader_ben, reason="insult", note="Name-calling")

    # The moderator: the reports queue, then the author's page from "Block author".
    page.context.add_cookies([session_cookie_for(moderator_mo, live_server)])
    page.goto(live_server.url + "/admin/comments/reports/")
    page.get_by_text("Name-calling").wait_for()
    screenshot("blocks-01-reports-queue")
    page.get_by_role("link", name="Block author").click()
    # The page may still be parsing when the click returns: wait for the prefilled value.
    expect(page.get_by_label("Standard broken")).to_have_value("insult")
    page.get_by_label("Message to the member").fill("Please argue without insults.")
    page.get_by_role("button", name="Block", exact=True).click()
    page.get_by_text("The member is blocked and told by e-mail.").wait_for()
    block = MemberBlock.objects.get(member=reader_ana)
    assert block.comment == rude and block.reason == "insult"
    screenshot("blocks-02-member-blocked")

    # The member: the notice instead of the form, then the request.
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie_for(reader_ana, live_server)])
    page.goto(story.url + "#comments")
    notice = page.locator("[data-blocked]")
    notice.get_by_text("blocked your account").wait_for()
    assert page.get_by_label("Your comment").count() == 0
    screenshot("blocks-03-notice")
    notice.get_by_role("link", name="Ask to be unlocked").click()
    expect(page.get_by_label("Your member number")).to_have_value(str(reader_ana.pk))
    page.get_by_label("Subject").fill("I was rude")
    page.get_by_label("Explanation").fill("I was angry about the ferries. I will argue politely.")
    page.get_by_role("button", name="Send my request").click()
    page.get_by_text("is waiting for a moderator").wait_for()
    screenshot("blocks-04-request-sent")

    # The moderator grants it from the Unlock requests queue.
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie_for(moderator_mo, live_server)])
    page.goto(live_server.url + "/admin/comments/unlock-requests/")
    page.get_by_text("I was angry about the ferries.").wait_for()
    page.get_by_label("Message to the member").fill("Welcome back.")
    page.get_by_role("button", name="Grant: lift the block").click()
    page.get_by_text("the block is lifted").wait_for()
    assert UnlockRequest.objects.get().status == UnlockRequestStatus.GRANTED
    screenshot("blocks-05-granted")

    # The member has the form back.
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie_for(reader_ana, live_server)])
    page.goto(story.url + "#comments")
    page.get_by_label("Your comment").wait_for()
    assert page.locator("[data-blocked]").count() == 0
