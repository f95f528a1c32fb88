"""A data card in an article's body: shown with its figures, and no query added to the page."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.live.demo.loader import live_demo_load
from masthead.news.tests.test_query_counts import MAX_QUERIES

pytestmark = pytest.mark.django_db


def card_body(sources):
    rows = [
        {"label": label, "source": source}
        for label, source in zip(["Confirmed cases", "Deaths", "Recoveries"], sources, strict=True)
    ]
    return [
        ("paragraph", "<p>The figures JHU last published.</p>"),
        ("data_card", {"title": "COVID-19 global data", "rows": rows}),
    ]


def test_a_card_in_an_article_adds_no_query_to_the_page(client, article_factory, settings):
    """Given two stories, one with a card, once rendered both cost the same queries."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    sources = live_demo_load(log=lambda line: None)
    plain = article_factory(title="Harbour reopens")
    with_card = article_factory(title="Pandemic, in figures")
    with_card.body = card_body(sources)
    with_card.save_revision().publish()

    with time_machine.travel(timezone.now(), tick=False):
        with CaptureQueriesContext(connection) as plain_first_render:
            client.get(plain.url)
        with CaptureQueriesContext(connection) as first_render:
            html = client.get(with_card.url).content.decode()
        assert "676,570,149" in html and "Last reported 4 August 2021" in html
        assert '"@type":"Dataset"' in html
        counts = []
        for article in (plain, with_card):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(article.url).status_code == 200
            counts.append(len(queries))
    assert counts[1] == counts[0]
    # Rendering the story's fragments the first time: one query reads the card's sources.
    assert len(first_render) <= len(plain_first_render) + 1, "\n".join(
        query["sql"] for query in first_render.captured_queries
    )
    assert len(first_render) <= MAX_QUERIES
