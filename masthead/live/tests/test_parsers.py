"""The JHU CSSE and daily CSV parsers: sums per day, and every file they must refuse."""

from __future__ import annotations

import datetime

import pytest

from masthead.live.error_codes import DataErrorCode, DataFileError
from masthead.live.parsers import (
    daily_csv_parse,
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
