"""Times print in the newsroom's GMT style."""

from __future__ import annotations

import datetime
import zoneinfo

from masthead.core.timefmt import gmt_stamp, iso_stamp


def test_gmt_stamp_prints_hours_minutes_gmt_and_the_date():
    """An aware time prints as "01:41 GMT 26.08.2021"."""
    moment = datetime.datetime(2021, 8, 26, 1, 41, tzinfo=datetime.UTC)

    assert gmt_stamp(moment) == "01:41 GMT 26.08.2021"


def test_gmt_stamp_converts_other_zones_to_gmt():
    """A Paris summer time is shown two hours earlier, in GMT."""
    moment = datetime.datetime(2021, 8, 26, 3, 41, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))

    assert gmt_stamp(moment) == "01:41 GMT 26.08.2021"


def test_missing_times_print_nothing():
    """A page that was never published has no time to show."""
    assert gmt_stamp(None) == "" and iso_stamp(None) == ""
