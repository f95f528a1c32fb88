"""Listen Live in Debian's Chromium: the stream keeps playing across page navigations.

The stream is the tests' own (radio_stream.py: an endless WAV tone, served in real time like
Icecast). A press on Listen Live starts it and opens the player; three navigations follow
(from an article, a section from the section bar, another article from it, a search from
the header); after each, the page shows the new content and address, its own scripts work
again (the second article's "Get short URL", though the first article loaded the same
script), and the same <audio> element is still playing, further along. Stop ends it.
"""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import Site

from masthead.live.models import RadioSetting
from masthead.news.tests.conftest import browser_page  # noqa: F401 (fixture)

from .radio_stream import radio_stream

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUDIO = ".radio-player audio"


def playing_at(page) -> float:
    """The player's position once it is playing and has moved on (seconds)."""
    page.wait_for_function(
        f"() => {{ const a = document.querySelector('{AUDIO}');"
        " return a && !a.paused && a.currentTime > (window.__lastTime || 0) + 0.3; }",
        timeout=20_000,
    )
    position = page.evaluate(f"() => document.querySelector('{AUDIO}').currentTime")
    page.evaluate("(t) => { window.__lastTime = t; }", position)
    return position


def test_the_radio_keeps_playing_across_three_navigations_and_stops_on_demand(
    browser_page,  # noqa: F811
    article_factory,
    section,
):
    page = browser_page
    first = article_factory(title="Ferries run again on the northern route")
    article = article_factory(title="Harbour reopens after the storm")
    with radio_stream() as stream:
        setting = RadioSetting.for_site(Site.objects.get(is_default_site=True))
        setting.station_name = "Masthead Radio"
        setting.stream_url = stream.url
        now = datetime.datetime.now(datetime.UTC)
        setting.schedule = [
            (
                "programme",
                {
                    "title": "The World Tonight",
                    "host": "Lee Park",
                    "language": "",
                    "days": [str(day) for day in range(7)],
                    "starts": (now - datetime.timedelta(minutes=30)).time().replace(microsecond=0),
                    "ends": (now + datetime.timedelta(minutes=30)).time().replace(microsecond=0),
                },
            )
        ]
        setting.save()

        page.goto(first.url)  # an article: its own script (article.js) is on the first page
        assert page.locator(".radio-player").count() == 0  # nothing loaded before the press
        page.get_by_role("link", name="Listen Live").click()
        player = page.get_by_role("region", name="Radio player")
        player.wait_for()
        on_air = player.locator(".radio-player__on-air")
        on_air.filter(has_text="The World Tonight").wait_for()
        assert on_air.inner_text() == "Now on air: The World Tonight (Lee Park)"
        page.evaluate(f"() => {{ window.__radioAudio = document.querySelector('{AUDIO}'); }}")
        positions = [playing_at(page)]

        world = section.get_parent().specific
        page.locator(".site-nav").get_by_role("link", name=world.title).click()
        page.wait_for_url(f"**{world.url}")
        page.get_by_role("heading", name=world.title).first.wait_for()
        positions.append(playing_at(page))

        page.locator("main").get_by_role("link", name=article.title).first.click()
        page.wait_for_url(f"**{article.url}")
        page.get_by_role("heading", name=article.title, level=1).wait_for()
        positions.append(playing_at(page))
        # The new page's own script ran again for it: its "Get short URL" works.
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.get_by_role("button", name="Get short URL").click()
        page.get_by_role("button", name="Copied").wait_for()

        page.locator("#site-search-q").fill("harbour")
        page.locator("#site-search-q").press("Enter")
        page.wait_for_url("**/search/?q=harbour")
        page.locator("main").get_by_role("link", name=article.title).first.wait_for()
        positions.append(playing_at(page))

        # The same element all along (a page load would have made a new window and player),
        # playing further at each step, from one connection to the stream.
        assert page.evaluate(f"() => window.__radioAudio === document.querySelector('{AUDIO}')")
        assert positions == sorted(positions) and positions[-1] > positions[0]
        assert len(stream.connections) == 1
        assert page.evaluate("() => document.activeElement.id") == "main"

        page.get_by_role("button", name="Stop the radio").click()
        assert page.evaluate(f"() => document.querySelector('{AUDIO}').paused")
        assert player.is_hidden()
        page.go_back()  # an ordinary page again: the article, loaded by the browser
        page.wait_for_url(f"**{article.url}")
        page.get_by_role("heading", name=article.title, level=1).wait_for()
