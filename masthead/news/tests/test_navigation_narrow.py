"""The section navigation on a phone: every section's name is whole and can be tapped.

At 390 px the demo's five sections did not fit one line: the list scrolled sideways with its
scroll bar hidden under a fading mask, so "Culture" showed as a cut-off "Cul". Measured in
Chromium at a phone's width, as a reader holds it.
"""

from __future__ import annotations

import pytest

from masthead.news.models import SectionPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTIONS = ["World", "Business", "Science", "Sport", "Culture", "Opinion"]


def test_every_section_link_is_whole_and_inside_the_screen_at_390_pixels(
    browser_page, screenshot, home
):
    """Given six sections, at 390 px wide each link lies inside the viewport, none hidden."""
    for title in SECTIONS:
        section = SectionPage(title=title, slug=title.lower())
        home.add_child(instance=section)
        section.save_revision().publish()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/")
    screenshot("navigation-390")

    navigation = page.get_by_role("navigation", name="Sections")
    overflow = navigation.locator("ul").evaluate("list => list.scrollWidth - list.clientWidth")
    assert overflow <= 0, f"the list scrolls sideways by {overflow} px"
    masked = navigation.locator("ul").evaluate(
        "list => getComputedStyle(list).maskImage || getComputedStyle(list).webkitMaskImage"
    )
    assert masked in ("none", ""), f"a mask fades part of the list: {masked}"
    for title in SECTIONS:
        box = navigation.get_by_role("link", name=title, exact=True).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (title, box)
        assert box["height"] >= 24, f"{title} is too small to tap"
