"""The Arabic and Russian editions' discussion, sign-up and account pages in Chromium (issue 15).

At a phone's width and a desktop's: an article with a comment, a comment the malware standard
rejects (explained in the edition's language, the text kept), the sign-up page and the member's
profile. Each page is checked for what a screenshot would show wrong: the document's direction,
nothing wider than the window, the comment form's text box and the explanation inside it.
Screenshots go to test-artifacts/screenshots/editions-<language>-*.png.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from masthead.comments import services
from masthead.news.tests.conftest import (  # noqa: F401 - fixtures
    SCREENSHOT_DIR,
    browser_page,
    screenshot,
)
from masthead.news.tests.editions import edition_article

from .conftest import REJECTED
from .test_browser import session_cookie_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORIES = {
    "ar": ("الميناء يعيد فتح أبوابه بعد العاصفة", "عادت العبارات أخيرا."),
    "ru": ("Порт снова открылся после шторма", "Паромы наконец вернулись."),
}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# What sticks out, for the failure message: boxes past the window, or boxes whose content
# overflows them (a long word in a big heading: "Зарегистрируйтесь" at 390 px).
WIDER = """() => { const width = document.documentElement.clientWidth;
    const sticksOut = (e) => e.getBoundingClientRect().right > width + 0.5
        || (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0);
    return [...document.querySelectorAll('body *')].filter(sticksOut).slice(0, 12)
        .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}px: ${e.textContent.trim()}`
            .slice(0, 80)); }"""


def laid_out(page, language: str, what: str) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    assert page.evaluate("document.documentElement.lang") == language, what
    assert page.evaluate("document.documentElement.dir") == direction, what
    assert page.evaluate(OVERFLOW) <= 0, f"{what} is too wide: {page.evaluate(WIDER)}"


def inside(inner, outer, what: str) -> None:
    """`inner` lies wholly within `outer` horizontally: not clipped, not pushed off its box."""
    box, frame = inner.bounding_box(), outer.bounding_box()
    assert box and frame, what
    assert frame["x"] - 1 <= box["x"], what
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, what


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_an_editions_discussion_sign_up_and_account_pages_lay_out_in_its_direction(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    live_server,
    article_factory,
    reader_ana,
    reader_ben,
    language,
):
    page = browser_page
    headline, comment = STORIES[language]
    story = edition_article(
        article_factory(title="Harbour reopens after the storm", with_image=True),
        language=language,
        title=headline,
        lede=headline,
    )
    assert services.comment_post(author=reader_ben, article=story, body=comment).comment
    with translation.override(language):
        standard = translation.gettext("Links to viruses and malware")
    page.context.add_cookies([session_cookie_for(reader_ana, live_server)])

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(story.url + "#comments")
        page.get_by_text(comment).wait_for()
        laid_out(page, language, f"the article at {width} px")
        form = page.locator("[data-comment-form]")
        inside(form.locator("textarea"), form, f"the comment box at {width} px")
        screenshot(f"editions-{language}-comments-{width}")

        form.locator("textarea").fill(REJECTED)
        form.locator("[data-submit]").click()
        feedback = form.locator("[data-feedback]")
        feedback.get_by_text(standard).wait_for()
        assert feedback.locator("a[href$='#standard-malware']").count() == 1
        assert form.locator("textarea").input_value() == REJECTED
        laid_out(page, language, f"the rejection at {width} px")
        inside(feedback, form, f"the explanation at {width} px")
        screenshot(f"editions-{language}-rejected-{width}")

        page.goto(f"/{language}/account/profile/")
        laid_out(page, language, f"the profile at {width} px")
        screenshot(f"editions-{language}-account-{width}")

    guest = page.context.browser.new_page()
    try:
        for width in (390, 1280):
            guest.set_viewport_size({"width": width, "height": 900})
            guest.goto(f"{live_server.url}/{language}/account/signup/")
            laid_out(guest, language, f"the sign-up page at {width} px")
            assert guest.locator("input[type=email]").count() == 1
            shot = SCREENSHOT_DIR / f"editions-{language}-signup-{width}.png"
            guest.screenshot(path=str(shot), full_page=True)
    finally:
        guest.close()
