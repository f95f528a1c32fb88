"""The data card: current and stopped figures, sparkline, credit, JSON-LD, cached per version."""

from __future__ import annotations

import datetime
import json
import re

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.live.blocks import DataCardBlock
from masthead.live.demo.loader import live_demo_load
from masthead.live.services import data_source_file_load

pytestmark = pytest.mark.django_db

LABELS = ["Confirmed cases", "Deaths", "Recoveries"]


@pytest.fixture
def covid_card():
    """The demo's card value: JHU's three global series under their labels."""
    caches["local"].clear()
    sources = live_demo_load(log=lambda line: None)
    block = DataCardBlock()
    value = block.to_python(
        {
            "title": "COVID-19 global data",
            "rows": [
                {"label": label, "source": source.pk}
                for label, source in zip(LABELS, sources, strict=True)
            ],
        }
    )
    return block, value, sources


def figure(html: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt>(.*?)</div>", html, re.S)
    assert match, f"no figure {label!r}"
    return match.group(1)


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_the_card_shows_jhus_final_figures_as_last_reported_never_as_current(covid_card):
    """Years after JHU stopped, each figure says when it was last reported; none says 0."""
    block, value, _sources = covid_card
    html = block.render(value)
    confirmed, deaths, recoveries = (figure(html, label) for label in LABELS)
    assert "676,570,149" in confirmed and "Last reported 9 March 2023" in confirmed
    assert "6,881,802" in deaths and "Last reported 9 March 2023" in deaths
    assert "130,899,061" in recoveries and "Last reported 4 August 2021" in recoveries
    assert "more than the day before" not in html
    assert not re.search(r'data-card__value">0<', html)
    assert 'href="https://github.com/CSSEGISandData/COVID-19"' in html
    assert 'rel="license">CC BY 4.0</a>' in html
    credit = re.search(r'<p class="data-card__source">(.*?)</p>', html, re.S)
    assert credit and credit.group(1).count("COVID-19 Data Repository by the Center") == 1


@time_machine.travel(datetime.datetime(2023, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_a_current_figure_shows_its_change_and_a_stopped_one_its_last_day(covid_card):
    """The day after the last report, deaths are current with their change; recoveries stopped."""
    block, value, _sources = covid_card
    html = block.render(value)
    assert "6,881,802" in figure(html, "Deaths")
    assert "more than the day before (9 March 2023)" in figure(html, "Deaths")
    assert "Last reported 4 August 2021" in figure(html, "Recoveries")


def test_the_sparkline_is_inline_svg_with_a_text_alternative(covid_card):
    block, value, _sources = covid_card
    html = figure(block.render(value), "Deaths")
    svg = re.search(
        r'<svg [^>]*role="img" aria-label="([^"]+)"[^>]*><polyline points="([^"]+)"', html
    )
    assert svg, html
    assert svg.group(1) == "From 17 on 22 January 2020 to 6,881,802 on 9 March 2023"
    points = svg.group(2).split()
    assert 2 <= len(points) <= 61
    assert points[0].startswith("0,") and points[-1] == "120,0"  # ends at its highest


def test_the_card_carries_dataset_json_ld(covid_card):
    block, value, _sources = covid_card
    html = block.render(value)
    text = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert text
    graph = json.loads(text.group(1))["@graph"]
    assert [item["@type"] for item in graph] == ["Dataset"] * 3
    assert graph[1]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert graph[1]["temporalCoverage"] == "2020-01-22/2023-03-09"
    assert graph[2]["temporalCoverage"] == "2020-01-22/2021-08-04"


def test_the_card_renders_once_per_version_of_its_sources(covid_card):
    """A second render of the same versions is a cache hit; new data gives a new card."""
    block, value, sources = covid_card
    first = block.render(value)
    with CaptureQueriesContext(connection) as queries:
        assert block.render(value) == first
    assert len(queries) == 0
    deaths = sources[1]
    extended = deaths.upload.open("rb").read().decode()
    deaths.upload.close()
    extended += "2023-03-10,676570149,6881900,0\n"
    data_source_file_load(source=deaths, data=extended.encode())
    value["rows"][1]["source"].refresh_from_db()
    assert "6,881,900" in figure(block.render(value), "Deaths")
