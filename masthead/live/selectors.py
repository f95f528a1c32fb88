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


# --- The radio: Listen Live -------------------------------------------------------------------

RADIO_SECONDS = 30  # how long a process reuses the radio's setting (no query per page)


@dataclass(frozen=True)
class Programme:
    """A weekly slot of the on-air schedule, in GMT; `language` "" is every edition."""

    title: str
    host: str
    language: str
    days: frozenset[int]  # 0 = Monday, as datetime.date.weekday()
    starts: datetime.time
    ends: datetime.time


@dataclass(frozen=True)
class OnAir:
    programme: Programme
    starts: datetime.datetime
    ends: datetime.datetime


@dataclass(frozen=True)
class Radio:
    station_name: str
    stream_url: str
    programmes: tuple[Programme, ...]


def radio_programme_on_air(
    programmes: Sequence[Programme], *, language: str, at: datetime.datetime
) -> OnAir | None:
    """The programme on air at `at` for an edition: its own programme before one for every
    edition, then the one that started last. A slot that ends at or before its start runs
    past midnight into the next day (a Monday 23:00-01:00 slot is on air Tuesday 00:30)."""
    at = at.astimezone(datetime.UTC)
    found: list[tuple[int, datetime.datetime, OnAir]] = []
    for programme in programmes:
        if programme.language and programme.language != language:
            continue
        for day in (at.date() - datetime.timedelta(days=1), at.date()):
            if day.weekday() not in programme.days:
                continue
            starts = datetime.datetime.combine(day, programme.starts, tzinfo=datetime.UTC)
            ends = datetime.datetime.combine(day, programme.ends, tzinfo=datetime.UTC)
            if ends <= starts:
                ends += datetime.timedelta(days=1)
            if starts <= at < ends:
                own = 1 if programme.language else 0
                found.append((own, starts, OnAir(programme=programme, starts=starts, ends=ends)))
    if not found:
        return None
    return max(found, key=lambda item: (item[0], item[1]))[2]


def radio_schedule_for(programmes: Sequence[Programme], *, language: str) -> list[Programme]:
    """The edition's schedule, by first day of the week and start time."""
    own = [p for p in programmes if not p.language or p.language == language]
    return sorted(own, key=lambda p: (min(p.days, default=7), p.starts, p.title))


def radio_for_site(site_id: int) -> Radio | None:
    """The site's radio, or None without a stream; kept in the process-local cache for
    `RADIO_SECONDS`, so the header's Listen Live costs no query on a page."""
    from django.core.cache import caches

    cache = caches["local"]
    key = f"live:radio:v1:{site_id}"
    cached = cache.get(key)
    if cached is None:
        from .models import RadioSetting

        setting = RadioSetting.objects.filter(site_id=site_id).first()
        radio = None
        if setting is not None and setting.stream_url:
            radio = Radio(
                station_name=setting.station_name,
                stream_url=setting.stream_url,
                programmes=tuple(
                    Programme(
                        title=block.value["title"],
                        host=block.value["host"] or "",
                        language=block.value["language"] or "",
                        days=frozenset(int(day) for day in block.value["days"]),
                        starts=block.value["starts"],
                        ends=block.value["ends"],
                    )
                    for block in setting.schedule
                    if block.block_type == "programme"
                ),
            )
        cached = (radio,)
        cache.set(key, cached, RADIO_SECONDS)
    return cached[0]


def radio_forget(site_id: int) -> None:
    """The setting changed: this process reads it again at once (others within seconds)."""
    from django.core.cache import caches

    caches["local"].delete_many([f"live:radio:v1:{site_id}", "live:radio-origins:v1"])


def radio_stream_origins() -> list[str]:
    """Every site's stream origin, for the pages' `media-src` (core/security_headers.py).
    Process-local for `RADIO_SECONDS`: the header costs no query on a cached page."""
    from urllib.parse import urlsplit

    from django.core.cache import caches

    cache = caches["local"]
    key = "live:radio-origins:v1"
    origins = cache.get(key)
    if origins is None:
        from .models import RadioSetting

        origins = sorted(
            {
                f"{parts.scheme}://{parts.netloc}"
                for url in RadioSetting.objects.exclude(stream_url="").values_list(
                    "stream_url", flat=True
                )
                if (parts := urlsplit(url)).scheme in ("http", "https") and parts.netloc
            }
        )
        cache.set(key, origins, RADIO_SECONDS)
    return list(origins)
