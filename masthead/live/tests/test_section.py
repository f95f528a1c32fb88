"""A data card on a section page: under the section's title, with the figures of the day,
while the section's listing stays cached per publish."""

from __future__ import annotations

import datetime

import pytest

from masthead.live.demo.loader import live_demo_load
from masthead.live.parsers import ParsedSeries
from masthead.live.services import data_source_series_store

from .test_article import card_body

pytestmark = pytest.mark.django_db


def test_a_sections_card_shows_the_figures_and_follows_its_source(
    client, section, article_factory, settings
):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    article_factory(title="Harbour reopens")
    sources = live_demo_load(log=lambda line: None)
    section.cards = [card_body(sources)[1]]
    section.save_revision().publish()

    html = client.get(section.url).content.decode()
    title, card, listing = (
        html.index("<h1>Asia &amp; Pacific</h1>"),
        html.index('class="section-cards"'),
        html.index('class="listing'),
    )
    assert title < card < listing
    assert "676,570,149" in html and '"@type":"Dataset"' in html

    # The card is not frozen with the listing: a refreshed source shows on the next view.
    deaths = sources[1]
    assert deaths.series_start is not None
    values = [*deaths.series_values, deaths.series_values[-1] + 1000]
    data_source_series_store(
        source=deaths,
        series=ParsedSeries(
            start=deaths.series_start,
            values=values,
            file_end=deaths.series_start + datetime.timedelta(days=len(values) - 1),
            row_count=deaths.series_row_count,
        ),
    )
    html = client.get(section.url).content.decode()
    assert "6,882,802" in html and "676,570,149" in html


def test_a_section_without_cards_shows_none(client, section):
    assert 'class="section-cards"' not in client.get(section.url).content.decode()
