"""The radio's pages: /radio/ (the player without JavaScript, and the schedule) and
/radio/now.json (what is on air, which the header's player asks every few minutes)."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .blocks import WEEKDAYS
from .selectors import (
    Programme,
    Radio,
    radio_for_site,
    radio_programme_on_air,
    radio_schedule_for,
)

NOW_MAX_AGE = 60


def _radio(request: HttpRequest) -> Radio:
    site = Site.find_for_request(request)
    radio = radio_for_site(site.pk) if site is not None else None
    if radio is None:
        raise Http404("This site has no live stream.")
    return radio


def _edition_language() -> str:
    """The edition's code as programmes name it (WAGTAIL_CONTENT_LANGUAGES: "zh-hans", not "zh")."""
    return get_language() or settings.LANGUAGE_CODE


@require_GET
def radio_page(request: HttpRequest) -> HttpResponse:
    radio = _radio(request)
    language = _edition_language()
    on_air = radio_programme_on_air(radio.programmes, language=language, at=timezone.now())
    return render(
        request,
        "live/radio.html",
        {
            "radio": radio,
            "on_air": on_air,
            "schedule": [
                _schedule_row(programme)
                for programme in radio_schedule_for(radio.programmes, language=language)
            ],
        },
    )


def _schedule_row(programme: Programme) -> dict[str, object]:
    names = dict(WEEKDAYS)
    return {
        "title": programme.title,
        "host": programme.host,
        "days_label": ", ".join(str(names[str(day)]) for day in sorted(programme.days)),
        "starts": programme.starts,
        "ends": programme.ends,
    }


@require_GET
def radio_now(request: HttpRequest) -> HttpResponse:
    """{"station", "stream", "on_air": {"title", "host", "until"} or null}, for a minute."""
    radio = _radio(request)
    on_air = radio_programme_on_air(
        radio.programmes, language=_edition_language(), at=timezone.now()
    )
    body = {
        "station": radio.station_name,
        "stream": radio.stream_url,
        "on_air": None
        if on_air is None
        else {
            "title": on_air.programme.title,
            "host": on_air.programme.host,
            "until": on_air.ends.isoformat(),
        },
    }
    response = HttpResponse(json.dumps(body), content_type="application/json")
    response["Cache-Control"] = f"public, max-age={NOW_MAX_AGE}"
    return response
