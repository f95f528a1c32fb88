"""The site-wide slot: the demo home page shows the COVID-19 card, cached per site and language."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from masthead.live.demo.loader import live_demo_load

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_the_demo_home_page_shows_the_covid_card_with_jhus_final_figures(client, home, settings):
    """Confirmed 676,570,149, deaths 6,881,802 (2023-03-09) and recoveries (2021-08-04)."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    live_demo_load(log=lambda line: None)
    html = client.get("/").content.decode()
    card = re.search(r'<section class="data-card".*?</section>', html, re.S)
    assert card, "no data card on the home page"
    text = card.group(0)
    assert "COVID-19 global data" in text
    assert re.search(
        r"<dt>Confirmed cases</dt>.*?676,570,149.*?Last reported 9 March 2023", text, re.S
    )
    assert re.search(r"<dt>Deaths</dt>.*?6,881,802.*?Last reported 9 March 2023", text, re.S)
    assert re.search(r"<dt>Recoveries</dt>.*?130,899,061.*?Last reported 4 August 2021", text, re.S)
    assert 'rel="license">CC BY 4.0</a>' in text
    assert "<script src" not in text


def test_the_slot_runs_no_query_once_rendered(home):
    """The widget's HTML comes from the local cache for the next requests of the site."""
    live_demo_load(log=lambda line: None)
    template = Template("{% load live_tags %}{% data_widget %}")
    request = RequestFactory().get("/")
    # As Wagtail's serve leaves it: the site found once per request.
    setattr(request, "_wagtail_site", Site.objects.get(is_default_site=True))  # noqa: B010
    first = template.render(Context({"request": request}))
    assert "676,570,149" in first
    with CaptureQueriesContext(connection) as queries:
        assert template.render(Context({"request": request})) == first
    assert len(queries) == 0


def test_a_site_without_a_card_shows_nothing(home):
    request = RequestFactory().get("/")
    html = Template("{% load live_tags %}{% data_widget %}").render(Context({"request": request}))
    assert html == ""
