"""Loading a file into a source: a good file replaces the series, a bad one changes nothing."""

from __future__ import annotations

import datetime

import pytest

from masthead.live.error_codes import DataErrorCode, DataFileError
from masthead.live.models import DataSource
from masthead.live.services import data_source_file_load

from .jhu_files import GOOD, jhu_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def deaths_source() -> DataSource:
    return DataSource.objects.create(
        name="Deaths",
        url="http://127.0.0.1:1/deaths.csv",
        parser="jhu_csse_global",
        attribution="JHU CSSE COVID-19 Data",
        licence_name="CC BY 4.0",
    )


def test_a_valid_file_becomes_the_sources_series_and_a_new_version(deaths_source):
    """Given an empty source, when a valid file loads, its totals and a new version are stored."""
    assert data_source_file_load(source=deaths_source, data=GOOD) is True
    deaths_source.refresh_from_db()
    assert deaths_source.series_values == [3, 7, 12]
    assert deaths_source.series_start == datetime.date(2020, 1, 22)
    assert deaths_source.last_reported == datetime.date(2020, 1, 24)
    assert deaths_source.version == 1
    assert data_source_file_load(source=deaths_source, data=GOOD) is False  # same data
    deaths_source.refresh_from_db()
    assert deaths_source.version == 1


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (b"<html>Service unavailable</html>", DataErrorCode.HEADER),
        (jhu_csv([("", "Afghanistan", [0, 1, 3])]), DataErrorCode.SHRUNK_ROWS),
    ],
    ids=["malformed", "shrunken"],
)
def test_a_refused_file_keeps_the_old_series_and_tells_the_editors(deaths_source, bad, code):
    """Given good data, a malformed or shrunken file leaves it as it was and notes the error."""
    data_source_file_load(source=deaths_source, data=GOOD)
    with pytest.raises(DataFileError):
        data_source_file_load(source=deaths_source, data=bad)
    deaths_source.refresh_from_db()
    assert deaths_source.series_values == [3, 7, 12]
    assert deaths_source.version == 1
    assert deaths_source.last_error_code == code
    assert deaths_source.last_error
    data_source_file_load(source=deaths_source, data=jhu_csv([("", "A", [1, 2, 3, 4])] * 3))
    deaths_source.refresh_from_db()
    assert deaths_source.last_error == ""  # a good file clears it
    assert deaths_source.series_values == [3, 6, 9, 12]


def test_a_source_without_days_of_data_past_its_threshold_is_stale(deaths_source):
    data_source_file_load(source=deaths_source, data=GOOD)
    deaths_source.refresh_from_db()
    assert not deaths_source.is_stale(today=datetime.date(2020, 1, 26))
    assert deaths_source.is_stale(today=datetime.date(2020, 1, 27))
