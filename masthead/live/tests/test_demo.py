"""The shipped JHU CSSE snapshot: the final totals, the stopped recoveries, and the raw files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from masthead.live.demo.loader import live_demo_load
from masthead.live.parsers import jhu_csse_global_parse

pytestmark = pytest.mark.django_db

RAW_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "jhu_csse_covid19_time_series_global"
FINAL_DAY = datetime.date(2023, 3, 9)


def test_the_demo_sources_hold_jhus_final_totals_and_the_last_reported_recoveries():
    """Confirmed 676,570,149 and deaths 6,881,802 on 2023-03-09; recoveries end 2021-08-04."""
    confirmed, deaths, recovered = live_demo_load(log=lambda line: None)
    assert (confirmed.last_reported, confirmed.series_values[-1]) == (FINAL_DAY, 676_570_149)
    assert (deaths.last_reported, deaths.series_values[-1]) == (FINAL_DAY, 6_881_802)
    assert recovered.last_reported == datetime.date(2021, 8, 4)
    assert recovered.series_values[-1] == 130_899_061
    assert recovered.series_file_end == FINAL_DAY
    assert confirmed.attribution.startswith("COVID-19 Data Repository by the Center for Systems")
    assert confirmed.licence_name == "CC BY 4.0"
    assert [source.pk for source in live_demo_load(log=lambda line: None)] == [
        confirmed.pk,
        deaths.pk,
        recovered.pk,
    ]  # seeding again creates nothing


@pytest.mark.skipif(not RAW_DIR.is_dir(), reason=f"JHU CSSE's raw CSV files are not at {RAW_DIR}")
@pytest.mark.parametrize("series", ["confirmed", "deaths", "recovered"])
def test_the_shipped_totals_are_the_sums_of_jhus_raw_files(series):
    """Every day of the derived file equals the JHU parser's sum over the raw file's rows."""
    raw = jhu_csse_global_parse((RAW_DIR / f"time_series_covid19_{series}_global.csv").read_bytes())
    sources = {source.column: source for source in live_demo_load(log=lambda line: None)}
    shipped = sources[series]
    assert (shipped.series_start, shipped.series_file_end) == (raw.start, raw.file_end)
    assert shipped.series_values == raw.values
    assert raw.row_count == {"confirmed": 289, "deaths": 289, "recovered": 274}[series]
