"""Listen Live on the server: what is on air, the /radio/ page and its JSON, the header's
link (only with a stream, no query on a page), and the stream allowed by the CSP."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from masthead.live.models import RadioSetting
from masthead.live.selectors import Programme, radio_programme_on_air, radio_schedule_for

UTC = datetime.UTC
EVERY_DAY = frozenset(range(7))


def programme(title: str, starts: str, ends: str, *, days=EVERY_DAY, language: str = ""):
    return Programme(
        title=title,
        host="",
        language=language,
        days=frozenset(days),
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
    )


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


MORNING = programme("Morning Edition", "06:00", "09:00", days=range(5))  # weekdays
NIGHT = programme("Night Shift", "23:00", "01:00", days={0})  # Monday night into Tuesday
FRENCH = programme("Le Journal", "06:00", "07:00", language="fr")


@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        ("2026-12-07T06:00:00", "en", "Morning Edition"),  # a Monday, at the start
        ("2026-12-07T08:59:59", "en", "Morning Edition"),
        ("2026-12-07T09:00:00", "en", None),  # the end is not on air
        ("2026-12-12T07:00:00", "en", None),  # Saturday: weekdays only
        ("2026-12-07T23:30:00", "en", "Night Shift"),
        ("2026-12-08T00:30:00", "en", "Night Shift"),  # Tuesday, after midnight
        ("2026-12-09T00:30:00", "en", None),  # Wednesday: it started on Monday only
        ("2026-12-07T06:30:00", "fr", "Le Journal"),  # the edition's own beats every edition's
        ("2026-12-07T07:30:00", "fr", "Morning Edition"),
        ("2026-12-07T06:30:00", "en", "Morning Edition"),  # not the French programme
    ],
)
def test_what_is_on_air(moment, language, expected):
    found = radio_programme_on_air([MORNING, NIGHT, FRENCH], language=language, at=at(moment))
    assert (found.programme.title if found else None) == expected


def test_a_programme_past_midnight_ends_the_next_day():
    found = radio_programme_on_air([NIGHT], language="en", at=at("2026-12-08T00:30:00"))
    assert found is not None
    assert (found.starts, found.ends) == (at("2026-12-07T23:00:00"), at("2026-12-08T01:00:00"))


def test_the_schedule_of_an_edition_is_in_week_order():
    assert [p.title for p in radio_schedule_for([NIGHT, FRENCH, MORNING], language="en")] == [
        "Morning Edition",
        "Night Shift",
    ]


@pytest.fixture
def radio(db, home):
    setting = RadioSetting.for_site(Site.objects.get(is_default_site=True))
    setting.station_name = "Masthead Radio"
    setting.stream_url = "https://stream.example.org:8443/live.mp3"
    setting.schedule = [
        (
            "programme",
            {
                "title": "The World Tonight",
                "host": "Lee Park",
                "language": "",
                "days": [str(day) for day in range(7)],
                "starts": datetime.time(0, 0),
                "ends": datetime.time(0, 0),  # all day, every day
            },
        )
    ]
    setting.save()
    return setting


def test_without_a_stream_there_is_no_listen_live(client, home):
    html = client.get("/").content.decode()
    assert "Listen Live" not in html and "radio.js" not in html
    assert client.get("/radio/").status_code == 404
    assert client.get("/radio/now.json").status_code == 404


def test_with_a_stream_every_page_links_to_the_player_and_allows_the_stream(client, radio):
    response = client.get("/")
    html = response.content.decode()
    assert 'href="/radio/"' in html and "Listen Live" in html
    assert 'data-stream="https://stream.example.org:8443/live.mp3"' in html
    assert "js/radio.js" in html and "js/radio-player.js" in html  # named, not loaded
    assert '<script src="/static/js/radio-player.js' not in html
    policy = response["Content-Security-Policy"]
    media = next(part for part in policy.split(";") if part.strip().startswith("media-src"))
    assert media.split() == ["media-src", "'self'", "https://stream.example.org:8443"]


def test_the_header_link_costs_no_query_once_read(client, radio, home):
    client.get("/search/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/")
    assert not [q for q in queries.captured_queries if "live_radiosetting" in q["sql"]]


def test_the_radio_page_plays_without_javascript_and_shows_the_schedule(client, radio):
    html = client.get("/radio/").content.decode()
    assert '<audio class="radio-page__audio" controls preload="none"' in html
    assert 'src="https://stream.example.org:8443/live.mp3"' in html
    assert "Now on air" in html and "The World Tonight" in html and "with Lee Park" in html
    assert "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday" in html


def test_now_json_says_what_is_on_air_and_until_when(client, radio):
    response = client.get("/radio/now.json")
    assert response["Cache-Control"] == "public, max-age=60"
    body = json.loads(response.content)
    assert body["station"] == "Masthead Radio"
    assert body["stream"] == "https://stream.example.org:8443/live.mp3"
    assert body["on_air"]["title"] == "The World Tonight"
    assert body["on_air"]["host"] == "Lee Park"
    assert datetime.datetime.fromisoformat(body["on_air"]["until"]) > datetime.datetime.now(UTC)


def test_a_changed_setting_shows_at_once_in_this_process(client, radio):
    """Pages rendered after the change have no Listen Live and no stream in their policy
    (a page already in the page cache keeps its header until it expires or is purged)."""
    assert "Listen Live" in client.get("/search/", {"q": "one"}).content.decode()
    radio.stream_url = ""
    radio.save()
    response = client.get("/search/", {"q": "two"})
    assert "Listen Live" not in response.content.decode()
    assert "stream.example.org" not in response["Content-Security-Policy"]
    assert client.get("/radio/now.json").status_code == 404


def test_the_french_edition_has_its_own_radio_page(client, radio):
    assert client.get("/fr/radio/").status_code == 200


def test_the_chinese_edition_hears_the_programme_made_for_it(client, radio):
    """A programme for zh-hans (the edition's code, not "zh") is on air at /zh-hans/radio/."""
    radio.schedule = [
        (
            "programme",
            {
                "title": "环球新闻",
                "host": "",
                "language": "zh-hans",
                "days": [str(day) for day in range(7)],
                "starts": datetime.time(0, 0),
                "ends": datetime.time(0, 0),
            },
        )
    ]
    radio.save()
    assert json.loads(client.get("/zh-hans/radio/now.json").content)["on_air"]["title"] == (
        "环球新闻"
    )
    assert json.loads(client.get("/radio/now.json").content)["on_air"] is None
