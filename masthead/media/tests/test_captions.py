"""A file photo's "(FILES)" note is composed once, from the image's fields, with a separator."""

from __future__ import annotations

import datetime
import html
import json
import re
from pathlib import Path

import pytest

from conftest import make_image

pytestmark = pytest.mark.django_db

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "news" / "demo" / "content.json"


def figcaption(client, article) -> str:
    page = client.get(article.url).content.decode()
    found = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert found, "no caption under the lead image"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_an_editors_file_photo_gets_the_note_then_a_separator_then_the_caption(
    client, article_factory
):
    """Note, separator, caption, credit: "… on Sep. 14, 2019: Volunteers stack sandbags."""
    image = make_image(
        caption="Volunteers stack sandbags along the river.",
        credit="© Masthead Photo / Lee Park",
        is_archive=True,
        archive_date=datetime.date(2019, 9, 14),
    )
    article = article_factory(lead_image=image)

    assert figcaption(client, article) == (
        "(FILES) In this file photo taken on Sept. 14, 2019: "
        "Volunteers stack sandbags along the river. © Masthead Photo / Lee Park"
    )


def test_a_caption_that_already_carries_the_note_prints_it_once(client, article_factory):
    """Agency captions (and demos loaded before) open with "(FILES) …": not a second note."""
    image = make_image(
        caption="(FILES) In this file photo taken on August 21, 2009, the glacier's tongue.",
        is_archive=True,
        archive_date=datetime.date(2009, 8, 21),
    )
    article = article_factory(lead_image=image)

    caption = figcaption(client, article)
    assert caption.count("(FILES)") == 1
    assert caption == "(FILES) In this file photo taken on August 21, 2009, the glacier's tongue."


def test_a_file_photo_without_a_caption_prints_the_note_alone(client, article_factory):
    """No dangling separator when there is nothing after the note."""
    image = make_image(caption="", is_archive=True, archive_date=None)
    article = article_factory(lead_image=image)

    assert figcaption(client, article) == "(FILES) File photo"


def test_the_demo_captions_leave_the_note_to_the_image_fields():
    """The demo's file photos say when they were taken in their fields, not in the caption."""
    captions: list[tuple[str, bool]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("caption"), str):
                captions.append((node["caption"], bool(node.get("is_archive"))))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(DEMO_CONTENT.read_text()))
    assert sum(is_archive for _caption, is_archive in captions) >= 4
    assert [caption for caption, _ in captions if "(FILES)" in caption] == []
