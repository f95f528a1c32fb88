"""The Arabic edition right to left and the Russian one, at a phone's width and a desktop's.

Checks what a screenshot would show: the document's direction, the header's order mirrored by
the direction alone (the wordmark at the start: right in Arabic, left in Russian), and nothing
wider than the window. Screenshots go to test-artifacts/screenshots/editions-*.png.
"""

from __future__ import annotations

import pytest

from masthead.news.tests.editions import edition_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINES = {
    "ar": "الميناء يعيد فتح أبوابه بعد العاصفة",
    "ru": "Порт снова открылся после шторма",
}


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_an_edition_lays_out_in_its_direction_on_a_phone_and_a_desktop(
    browser_page, screenshot, article_factory, language
):
    """Home and article: the language's direction, a layout that fits, the brand at the start."""
    page = browser_page
    article = article_factory(title="Harbour reopens after the storm", with_image=True)
    story = edition_article(
        article, language=language, title=HEADLINES[language], lede=HEADLINES[language]
    )
    is_rtl = language == "ar"
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in (("home", f"/{language}/"), ("article", story.url)):
            page.goto(url)
            screenshot(f"editions-{language}-{name}-{width}")
            assert page.evaluate("document.documentElement.dir") == ("rtl" if is_rtl else "ltr")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"
            brand = page.locator(".brand").bounding_box()
            assert brand is not None
            brand_centre = brand["x"] + brand["width"] / 2
            assert (brand_centre > width / 2) == is_rtl, f"{name} at {width} px"
        assert page.get_by_role("heading", level=1).inner_text() == HEADLINES[language]
