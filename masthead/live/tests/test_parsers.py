"""The JHU CSSE, daily CSV and daily JSON parsers: sums per day, and every file they refuse."""

from __future__ import annotations

import datetime

import pytest

from masthead.live.error_codes import DataErrorCode, DataFileError
from masthead.live.parsers import (
    daily_csv_parse,
    daily_json_parse,
    jhu_csse_global_parse,
    series_check_growth,
)

from .jhu_files import GOOD, HEADER, jhu_csv


def refused(data: bytes, parse=jhu_csse_global_parse, column: str = "") -> DataErrorCode:
    with pytest.raises(DataFileError) as caught:
        parse(data, column)
    assert caught.value.message
    return caught.value.code


def test_jhu_parser_sums_countries_and_provinces_per_day():
    """Given three rows, each day's total is their sum, from the first date column."""
    series = jhu_csse_global_parse(GOOD)
    assert series.start == datetime.date(2020, 1, 22)
    assert series.values == [3, 7, 12]
    assert series.file_end == datetime.date(2020, 1, 24)
    assert series.row_count == 3


def test_jhu_parser_ends_a_stopped_series_at_its_last_reported_day():
    """Zeros after the last report (JHU recoveries after 2021-08-04) are not counts."""
    series = jhu_csse_global_parse(
        jhu_csv([("", "Chad", [1, 5, 0, 0]), ("", "Mali", [0, 2, 0, 0])])
    )
    assert series.values == [1, 7]
    assert series.last_reported == datetime.date(2020, 1, 23)
    assert series.file_end == datetime.date(2020, 1, 25)


def test_jhu_parser_reads_counts_written_as_decimals():
    assert jhu_csse_global_parse(jhu_csv([("", "Chad", ["1.0", "2", "3"])])).values == [1, 2, 3]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", DataErrorCode.EMPTY),
        (b"\xff\xfe\x00junk", DataErrorCode.ENCODING),
        (b"<html><body>Rate limited</body></html>", DataErrorCode.HEADER),
        (f"{HEADER}\n".encode(), DataErrorCode.HEADER),
        (f"{HEADER},1/22/20,yesterday\n,Chad,1,2,0,1\n".encode(), DataErrorCode.DATE),
        (f"{HEADER},1/22/20,1/24/20\n,Chad,1,2,0,1\n".encode(), DataErrorCode.DATE),
        (f"{HEADER},1/22/20\n".encode(), DataErrorCode.EMPTY),
        (jhu_csv([("", "Chad", [1, -2, 3])]), DataErrorCode.NEGATIVE),
        (jhu_csv([("", "Chad", [1, "-1.5", 3])]), DataErrorCode.VALUE),
        (jhu_csv([("", "Chad", [1, "n/a", 3])]), DataErrorCode.VALUE),
        (jhu_csv([("", "Chad", [1, "2.5", 3])]), DataErrorCode.VALUE),
        (f"{HEADER},1/22/20,1/23/20\n,Chad,1,2,0\n".encode(), DataErrorCode.ROW_LENGTH),
    ],
    ids=[
        "empty",
        "not-utf8",
        "an-error-page",
        "no-date-columns",
        "a-column-not-a-date",
        "a-day-missing",
        "no-rows",
        "negative",
        "negative-fraction",
        "not-a-number",
        "a-fraction",
        "a-short-row",
    ],
)
def test_jhu_parser_refuses_a_file_it_cannot_trust(data, code):
    """Each malformed file is refused with its own code and a message for editors."""
    assert refused(data) == code


def test_jhu_parser_counts_its_unknown_placeholder_as_not_reported():
    """JHU's -1 (Pitcairn Islands' recoveries in September 2022) adds nothing to the day."""
    data = jhu_csv([("", "Chad", [1, 2, 3]), ("Pitcairn Islands", "United Kingdom", [0, "-1", 0])])
    assert jhu_csse_global_parse(data).values == [1, 2, 3]


def test_daily_csv_parser_reads_the_named_column():
    data = b"date,confirmed,deaths\n2020-01-22,5,0\n2020-01-23,9,1\n"
    series = daily_csv_parse(data, "deaths")
    assert (series.start, series.values, series.row_count) == (
        datetime.date(2020, 1, 22),
        [0, 1],
        2,
    )


def test_daily_csv_parser_refuses_a_missing_column_or_a_bad_date():
    assert (
        refused(b"date,confirmed\n2020-01-22,5\n", daily_csv_parse, "deaths")
        == DataErrorCode.HEADER
    )
    assert refused(b"date,deaths\n22/01/2020,5\n", daily_csv_parse, "deaths") == DataErrorCode.DATE


def test_a_file_with_fewer_rows_or_days_than_the_stored_one_is_refused():
    """A series only grows: fewer rows, an earlier last day or another start are refused."""
    stored = jhu_csse_global_parse(GOOD)
    fewer_rows = jhu_csse_global_parse(jhu_csv([("", "Afghanistan", [0, 1, 3])]))
    fewer_days = jhu_csse_global_parse(
        jhu_csv([("", "A", [1, 2]), ("", "B", [1, 2]), ("", "C", [1, 2])])
    )
    moved = jhu_csse_global_parse(jhu_csv([("", "A", [1, 2, 3])] * 3, first_day=23))
    for new, code in [
        (fewer_rows, DataErrorCode.SHRUNK_ROWS),
        (fewer_days, DataErrorCode.SHRUNK_DATES),
        (moved, DataErrorCode.START_MOVED),
    ]:
        with pytest.raises(DataFileError) as caught:
            series_check_growth(
                new, start=stored.start, file_end=stored.file_end, row_count=stored.row_count
            )
        assert caught.value.code == code
    longer = jhu_csse_global_parse(jhu_csv([("", "A", [1, 2, 3, 4])] * 3))
    series_check_growth(  # a new day is accepted
        longer, start=stored.start, file_end=stored.file_end, row_count=stored.row_count
    )


# disease.sh's /v3/covid-19/historical/all, which republishes JHU CSSE's global totals as JSON.
DISEASE_SH = (
    b'{"cases": {"1/22/20": 557, "1/23/20": 657, "1/24/20": 944},'
    b' "deaths": {"1/22/20": 17, "1/23/20": 18, "1/24/20": 26},'
    b' "recovered": {"1/22/20": 30, "1/23/20": 32, "1/24/20": 0}}'
)


def test_daily_json_parser_reads_a_timeline_of_days_to_values():
    """disease.sh's shape: an object per series, days written M/D/YY; a stopped series ends."""
    deaths = daily_json_parse(DISEASE_SH, "deaths")
    assert (deaths.start, deaths.values, deaths.file_end, deaths.row_count) == (
        datetime.date(2020, 1, 22),
        [17, 18, 26],
        datetime.date(2020, 1, 24),
        3,
    )
    recovered = daily_json_parse(DISEASE_SH, "recovered")
    assert recovered.values == [30, 32]
    assert recovered.last_reported == datetime.date(2020, 1, 23)


def test_daily_json_parser_reads_records_under_a_path_in_any_order():
    """Records with a `date` (ISO, a time after it ignored) under `data`; sorted by day;
    null is a day not reported."""
    data = (
        b'{"source": "health ministry", "data": ['
        b'{"date": "2020-01-23T00:00:00Z", "deaths": 1.0, "cases": 9},'
        b'{"date": "2020-01-22", "deaths": 0, "cases": 5},'
        b'{"date": "2020-01-24", "deaths": null, "cases": 12}]}'
    )
    series = daily_json_parse(data, "data.deaths")
    assert (series.start, series.values, series.file_end) == (
        datetime.date(2020, 1, 22),
        [0, 1],
        datetime.date(2020, 1, 24),
    )
    assert daily_json_parse(data, "data.cases").values == [5, 9, 12]
    top_level = b'[{"date": "2020-01-22", "cases": "5"}, {"date": "2020-01-23", "cases": "7"}]'
    assert daily_json_parse(top_level, "cases").values == [5, 7]


@pytest.mark.parametrize(
    ("data", "column", "code"),
    [
        (b"", "deaths", DataErrorCode.EMPTY),
        (b"<html><body>Rate limited</body></html>", "deaths", DataErrorCode.JSON),
        (b'{"cases": {"1/22/20": 5', "cases", DataErrorCode.JSON),
        (DISEASE_SH, "tests", DataErrorCode.HEADER),
        (DISEASE_SH, "deaths.total", DataErrorCode.HEADER),
        (b'{"deaths": {}}', "deaths", DataErrorCode.HEADER),
        (b'{"deaths": 17}', "deaths", DataErrorCode.HEADER),
        (b"[]", "deaths", DataErrorCode.EMPTY),
        (b'[{"day": "2020-01-22", "deaths": 1}]', "deaths", DataErrorCode.COLUMN),
        (b'{"deaths": {"yesterday": 5}}', "deaths", DataErrorCode.DATE),
        (b'{"deaths": {"1/22/20": 5, "1/24/20": 6}}', "deaths", DataErrorCode.DATE),
        (b'{"deaths": {"1/22/20": -5}}', "deaths", DataErrorCode.NEGATIVE),
        (b'{"deaths": {"1/22/20": 2.5}}', "deaths", DataErrorCode.VALUE),
        (b'{"deaths": {"1/22/20": true}}', "deaths", DataErrorCode.VALUE),
        (b'{"deaths": {"1/22/20": "n/a"}}', "deaths", DataErrorCode.VALUE),
        (b'{"deaths": {"1/22/20": "Infinity"}}', "deaths", DataErrorCode.VALUE),
        (b'{"deaths": {"1/22/20": [5]}}', "deaths", DataErrorCode.VALUE),
    ],
    ids=[
        "empty",
        "an-error-page",
        "cut-short",
        "no-such-series",
        "a-path-too-deep",
        "no-days",
        "a-number-not-a-series",
        "no-records",
        "a-record-without-date",
        "a-key-not-a-date",
        "a-day-missing",
        "negative",
        "a-fraction",
        "a-boolean",
        "not-a-number",
        "infinity",
        "a-list",
    ],
)
def test_daily_json_parser_refuses_a_file_it_cannot_trust(data, column, code):
    assert refused(data, daily_json_parse, column) == code


def test_csv_parsers_refuse_an_infinite_count():
    """float("inf") passed the whole-number check and then raised OverflowError, not a
    DataFileError: the refresh task failed instead of keeping the data and telling editors."""
    assert refused(jhu_csv([("", "Chad", [1, "inf", 3])])) == DataErrorCode.VALUE
    assert refused(b"date,deaths\n2020-01-22,inf\n", daily_csv_parse, "deaths") == (
        DataErrorCode.VALUE
    )
