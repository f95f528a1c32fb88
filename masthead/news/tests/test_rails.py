"""The rails beside articles and sections, and the date and GMT time in the page header."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.news.models import HomeRecommendation

pytestmark = pytest.mark.django_db

RAIL_TITLES = ("All news", "Recommended", "Multimedia", "Trending")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0  # every request renders


def aside_of(html: str) -> str:
    match = re.search(r'<aside class="side-rails".*?</aside>', html, flags=re.DOTALL)
    assert match, "no rails beside the page"
    return match.group()


@pytest.fixture
def stories(article_factory, home):
    """A multimedia story, an editors' pick and the story being read."""
    video = article_factory(title="Watch: the harbour at dawn", is_multimedia=True, hours_ago=5)
    pick = article_factory(title="Editors pick this explainer", hours_ago=30)
    HomeRecommendation.objects.create(home=home, article=pick, sort_order=0)
    story = article_factory(title="Harbour reopens after the storm", hours_ago=1)
    return {"video": video, "pick": pick, "story": story}


def test_an_article_has_the_four_rails_beside_it_in_a_complementary_landmark(client, stories):
    """An article page carries All news, Recommended, Multimedia and Trending in an <aside>
    outside <main>, each rail a labelled section with a heading."""
    html = client.get(stories["story"].url).content.decode()

    aside = aside_of(html)
    assert html.index("</main>") < html.index('<aside class="side-rails"')
    assert 'aria-labelledby="side-rails-title"' in aside
    for title in RAIL_TITLES:
        assert re.search(rf'<h3 id="side-rail-\w+" class="rail__title">(<a [^>]+>)?{title}', aside)
    assert "Watch: the harbour at dawn" in aside  # Multimedia
    assert "Editors pick this explainer" in aside  # Recommended
    assert "Harbour reopens after the storm" in aside  # All news


def test_a_section_has_the_rails_beside_its_listing(client, stories, section):
    """A section page carries the same rails."""
    html = client.get(section.url).content.decode()

    aside = aside_of(html)
    for title in RAIL_TITLES:
        assert title in aside


def test_the_home_page_keeps_its_own_rails_grid_only(client, stories):
    """The home page shows the rails in its grid, not a second time beside it."""
    html = client.get("/").content.decode()

    assert '<aside class="side-rails"' not in html
    assert "rail--recommended" in html


def test_the_rails_cost_no_query_once_rendered(client, stories, article_factory):
    """A second article read after the first costs no query for the rails."""
    other = article_factory(title="Ferry timetable returns to normal", hours_ago=2)
    client.get(stories["story"].url)
    client.get(other.url)  # its own route and fragments are learnt

    with CaptureQueriesContext(connection) as queries:
        client.get(other.url)

    assert not [q for q in queries.captured_queries if "news_homerecommendation" in q["sql"]]
    assert not [q for q in queries.captured_queries if "news_articleviewtally" in q["sql"]]


def test_publishing_a_story_puts_it_in_the_rails_at_once(
    client, stories, article_factory, django_capture_on_commit_callbacks
):
    """The rails are cached, but publishing a story drops them: the next view lists it."""
    url = stories["story"].url
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article_factory(title="Breaking: parliament votes", hours_ago=0)

    assert "Breaking: parliament votes" in aside_of(client.get(url).content.decode())


def test_the_header_shows_the_date_and_the_gmt_time(client, stories):
    """The header says "Sunday 6 December 2026, 01:41 GMT" with a machine-readable datetime."""
    moment = datetime.datetime(2026, 12, 6, 1, 41, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        html = client.get(stories["story"].url).content.decode()

    assert (
        '<time class="site-date" datetime="2026-12-06T01:41:30+00:00" data-clock>'
        "Sunday 6 December 2026, 01:41 GMT</time>"
    ) in html
    assert "/static/js/clock.js" in html


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("fr", "dimanche 6 décembre 2026"),
        ("es", "domingo, 6 de diciembre de 2026"),
        ("de", "Sonntag, 6. Dezember 2026"),
        ("ru", "воскресенье, 6 декабря 2026 г."),
        ("ar", "الأحد، 6 ديسمبر 2026"),
        ("zh-hans", "2026年12月6日星期日"),
    ],
)
def test_each_edition_writes_the_header_date_its_own_way(language, date):
    """The month in the genitive in Russian, year first in Chinese; the GMT time as everywhere."""
    from django.utils import translation

    from masthead.news.templatetags.news_tags import header_date

    moment = datetime.datetime(2026, 12, 6, 1, 41, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False), translation.override(language):
        assert f">{date}, 01:41 GMT</time>" in header_date()


def test_a_cached_article_shows_the_time_of_the_request_not_of_its_first_render(client, stories):
    """The article's cached fragments leave the header time out: each render prints its own."""
    url = stories["story"].url
    start = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.get(url)
        client.get(url)
    with time_machine.travel(start + datetime.timedelta(seconds=20), tick=False):
        assert ", 09:00 GMT</time>" in client.get(url).content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=1, seconds=20), tick=False):
        later = client.get(url).content.decode()

    assert ", 09:01 GMT</time>" in later


def test_the_french_edition_dates_the_header_in_french(client, home):
    """/fr/ pages print the day and month in French."""
    moment = datetime.datetime(2026, 12, 6, 13, 5, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        html = client.get("/fr/search/").content.decode()

    assert "dimanche 6 décembre 2026, 13:05 GMT</time>" in html
