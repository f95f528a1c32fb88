"""Reads for the data card: a source's latest figure, its change, its sparkline, its status.

`data_card_rows` turns sources into what the card shows; pure arithmetic on the stored
snapshot, no query. A series past its source's staleness threshold (or one that stopped
inside its file, like JHU's recoveries) is shown as "last reported <date>", never as current.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # models import the card block, which reads these selectors
    from .models import DataSource

SPARKLINE_WIDTH = 120
SPARKLINE_HEIGHT = 28
SPARKLINE_POINTS = 60


@dataclass(frozen=True)
class CardRow:
    label: str
    value: int | None
    change: int | None
    reported_on: datetime.date | None
    is_current: bool
    sparkline: str
    first_value: int | None
    first_day: datetime.date | None


@dataclass(frozen=True)
class CardCredit:
    attribution: str
    link_url: str
    licence_name: str
    licence_url: str


def sparkline_points(values: Sequence[int]) -> str:
    """SVG polyline points for a series, at most SPARKLINE_POINTS of them, scaled to the box."""
    if len(values) < 2:
        return ""
    step = max(1, -(-len(values) // SPARKLINE_POINTS))
    sampled = list(values[::step])
    if sampled[-1] != values[-1] or len(values) % step != 1:
        sampled.append(values[-1])
    low, high = min(sampled), max(sampled)
    span = (high - low) or 1
    last = len(sampled) - 1
    return " ".join(
        f"{round(index * SPARKLINE_WIDTH / last, 1):g},"
        f"{round(SPARKLINE_HEIGHT - (value - low) * SPARKLINE_HEIGHT / span, 1):g}"
        for index, value in enumerate(sampled)
    )


def data_card_row(*, label: str, source: DataSource, today: datetime.date) -> CardRow:
    values = source.series_values or []
    last = source.last_reported
    return CardRow(
        label=label,
        value=values[-1] if values else None,
        change=values[-1] - values[-2] if len(values) >= 2 else None,
        reported_on=last,
        is_current=not source.is_stale(today=today),
        sparkline=sparkline_points(values),
        first_value=values[0] if values else None,
        first_day=source.series_start,
    )


def data_card_credits(sources: Sequence[DataSource]) -> list[CardCredit]:
    """Each distinct attribution once (three JHU files share one)."""
    credits: list[CardCredit] = []
    for source in sources:
        credit = CardCredit(
            source.attribution, source.link_url, source.licence_name, source.licence_url
        )
        if credit not in credits:
            credits.append(credit)
    return credits


def data_card_version(sources: Sequence[DataSource], *, today: datetime.date) -> str:
    """What the rendered card depends on: each source's id and version, and the day."""
    return ",".join(f"{source.pk}.{source.version}" for source in sources) + f"@{today}"


def data_card_json_ld(*, title: str, sources: Sequence[DataSource]) -> str:
    """schema.org `Dataset` for the card's sources, as text safe inside a script element."""
    datasets = [
        {
            "@type": "Dataset",
            "name": source.name,
            "description": f"{title}: {source.name}",
            "creditText": source.attribution,
            **({"url": source.link_url} if source.link_url else {}),
            **({"license": source.licence_url} if source.licence_url else {}),
            **(
                {"temporalCoverage": f"{source.series_start}/{source.last_reported}"}
                if source.series_start and source.last_reported
                else {}
            ),
            **(
                {"dateModified": source.last_changed_at.isoformat()}
                if source.last_changed_at
                else {}
            ),
        }
        for source in sources
    ]
    document = {"@context": "https://schema.org", "@graph": datasets}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class SourceAttention:
    source: DataSource
    is_stale: bool
    error: str


def data_sources_needing_attention(*, today: datetime.date) -> list[SourceAttention]:
    """Sources editors should look at: failing (last refresh refused) or stale."""
    from .models import DataSource

    found = []
    for source in DataSource.objects.order_by("name"):
        is_stale = source.is_stale(today=today)
        if is_stale or source.last_error:
            found.append(SourceAttention(source, is_stale, source.last_error))
    return found
