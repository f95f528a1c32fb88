"""The demo's data sources: JHU CSSE's final global totals, shipped in this folder (README.md).

`live_demo_load` is called by `manage.py seed`; it creates each source once, with the
derived file as its upload, and loads the series through the same validation as any file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Site

from masthead.live.models import DataSource, DataWidgetSetting
from masthead.live.services import data_source_file_load

TOTALS_FILE = Path(__file__).with_name("jhu_csse_global_totals.csv")
JHU_PAGE = "https://github.com/CSSEGISandData/COVID-19"
ATTRIBUTION = (
    "COVID-19 Data Repository by the Center for Systems Science and Engineering (CSSE) "
    "at Johns Hopkins University"
)
CARD_LABELS = {"confirmed": "Confirmed cases", "deaths": "Deaths", "recovered": "Recoveries"}
DEMO_SOURCES = [
    ("confirmed", "COVID-19 confirmed cases (JHU CSSE, global)"),
    ("deaths", "COVID-19 deaths (JHU CSSE, global)"),
    ("recovered", "COVID-19 recoveries (JHU CSSE, global)"),
]


def live_demo_load(*, log: Callable[[str], object] = print) -> list[DataSource]:
    """Create the three JHU CSSE sources (once) and return them, in DEMO_SOURCES' order."""
    data = TOTALS_FILE.read_bytes()
    sources = []
    for column, name in DEMO_SOURCES:
        with transaction.atomic():
            source = DataSource.objects.filter(name=name).first()
            if source is None:
                source = DataSource(
                    name=name,
                    parser="daily_csv",
                    column=column,
                    link_url=JHU_PAGE,
                    attribution=ATTRIBUTION,
                    licence_name="CC BY 4.0",
                    licence_url="https://creativecommons.org/licenses/by/4.0/",
                )
                source.upload.save(f"jhu_csse_global_{column}.csv", ContentFile(data), save=False)
                source.save()
                data_source_file_load(source=source, data=data)
                log(f"Data source: {name}.")
        sources.append(source)
    live_demo_widget_set(sources=sources, log=log)
    return sources


def live_demo_widget_set(*, sources: list[DataSource], log: Callable[[str], object]) -> None:
    """Put the COVID-19 card in the default site's widget slot, unless one is there."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    setting = DataWidgetSetting.for_site(site)
    if setting.card:
        return
    rows = [{"label": CARD_LABELS[source.column], "source": source} for source in sources]
    setting.card = [("data_card", {"title": "COVID-19 global data", "rows": rows})]
    setting.save()
    log("Home page: the COVID-19 global data card.")
