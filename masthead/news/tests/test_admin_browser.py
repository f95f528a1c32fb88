"""An editor publishes a first article in Wagtail's admin, in a real browser.

Debian's Chromium through Playwright against the live server (fixtures in conftest.py); each
step leaves a screenshot in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from masthead.news.models import ArticlePage

from .staff_browser import editor_create, staff_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_publishes_an_article_with_only_the_fields_shown_first(
    browser_page, screenshot, section, author_ana
):
    """Add child › Article, headline, lede, author, Publish: the slug follows the headline."""
    page = browser_page
    editor, secret = editor_create()
    staff_log_in(page, email=editor.email, secret=secret)

    page.goto(f"/admin/pages/add/news/articlepage/{section.pk}/")
    page.get_by_role("textbox", name="Headline").fill("Harbour pilots end their strike")
    page.get_by_role("textbox", name="Lede").fill(
        "Ships moved again on Tuesday after a week at anchor."
    )
    page.get_by_role("button", name="Choose author").click()
    page.get_by_role("dialog").get_by_role("link", name=author_ana.name).click()
    page.locator("#id_bylines-0-author-title").get_by_text(author_ana.name).wait_for()
    screenshot("admin-01-new-article")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    errors = page.locator(".error-message, .help-critical, .messages .error").all_inner_texts()
    assert errors == []
    page.get_by_text("Page 'Harbour pilots end their strike' created and published.").wait_for()
    screenshot("admin-02-published")

    article = ArticlePage.objects.get(title="Harbour pilots end their strike")
    assert article.live and article.slug == "harbour-pilots-end-their-strike"
    response = page.goto(article.url)
    assert response is not None and response.status == 200
    assert article.url == "/world/asia-pacific/harbour-pilots-end-their-strike/"
    assert page.get_by_role("heading", level=1).inner_text() == "Harbour pilots end their strike"
