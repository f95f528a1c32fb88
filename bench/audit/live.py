"""Put the live features on the audited pages: the radio (Listen Live in every header, /radio/)
and a data card on the first section (the home page has the demo's COVID-19 card already).

Run with the audit's settings (bench/audit.sh sets them), after `manage.py seed`, with the
site's origin as the argument. The stream's address is on the audited site itself and serves
nothing: the audit checks the pages, the player's markup and what is requested, not audio (the
test suite plays a real stream: masthead/live/tests/test_radio_browser.py).
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def main(origin: str) -> None:
    import django

    django.setup()
    from wagtail.models import Locale, Site

    from masthead.live.models import DataSource, RadioSetting
    from masthead.news.models import SectionPage

    setting = RadioSetting.for_site(Site.objects.get(is_default_site=True))
    setting.station_name = "Masthead Radio"
    setting.stream_url = f"{origin}/audit-stream.mp3"
    setting.schedule = [
        (
            "programme",
            {
                "title": "The World Today",
                "host": "Lee Park",
                "language": "",
                "days": [str(day) for day in range(7)],
                "starts": datetime.time(0, 0),
                "ends": datetime.time(0, 0),
            },
        )
    ]
    setting.save()

    section = SectionPage.objects.live().filter(locale=Locale.get_default()).order_by("path")[0]
    sources = list(DataSource.objects.order_by("pk")[:3])
    if not sources:
        sys.exit("audit: the seed made no data source")
    labels = ["Confirmed cases", "Deaths", "Recoveries"]
    section.cards = [
        (
            "data_card",
            {
                "title": "COVID-19 global data",
                "rows": [
                    {"label": label, "source": source}
                    for label, source in zip(labels, sources, strict=False)
                ],
            },
        )
    ]
    section.save_revision().publish()


if __name__ == "__main__":
    main(sys.argv[1])
