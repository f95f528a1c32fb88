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


@pytest.mark.parametrize("language", ["ru", "ar", "zh-hans", "de", "es"])
def test_the_header_clock_writes_the_editions_date_as_the_server_does(
    browser_page, article_factory, language
):
    """A stale header (a cached copy from another day) is rewritten by clock.js in the
    edition's own form, the same text the server prints for that day (HEADER_DATE_FORMATS).
    Portuguese is left out: Django's Portuguese capitalises the month, Intl does not."""
    import datetime
    import re

    from django.utils import translation
    from django.utils.formats import date_format

    from masthead.news.templatetags.news_tags import HEADER_DATE_FORMATS

    page = browser_page
    edition_article(article_factory(title="Harbour reopens"), language=language, title="—")
    page.route(
        re.compile(rf".*/{language}/$"),
        lambda route: route.fulfill(
            response=(fetched := route.fetch()),
            body=re.sub(
                r'datetime="[^"]*" data-clock>[^<]*GMT</time>',
                'datetime="2001-01-01T00:00:00+00:00" data-clock>2001, 00:00 GMT</time>',
                fetched.text(),
                count=1,
            ),
        ),
    )
    page.goto(f"/{language}/")
    shown = page.locator("time.site-date").inner_text()
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    with translation.override(language):
        expected = date_format(datetime.date.fromisoformat(today), HEADER_DATE_FORMATS[language])
    assert shown.rsplit(", ", 1)[0] == expected, shown
