"""The file formats a data source can hold, each turned into one daily series of totals.

A parser is a pure function `(data: bytes, column: str) -> ParsedSeries` that reads no
database and raises `DataFileError` with a code for anything it cannot trust; `PARSERS` maps
the choice stored on `DataSource.parser` to it. Comparing a new file with the stored one
(never fewer rows or days) is `series_check_growth`, used by `services.data_source_refresh`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .error_codes import DataErrorCode, DataFileError

JHU_FIXED_COLUMNS = ["Province/State", "Country/Region", "Lat", "Long"]
# JHU writes -1 for a count it does not know (the recovered file's Pitcairn Islands row,
# 13-20 September 2022, after recoveries stopped): not reported, not a negative count.
JHU_NOT_REPORTED = "-1"


@dataclass(frozen=True)
class ParsedSeries:
    """Daily totals from `start`, one per day, up to the last day the series was reported.

    `file_end` is the file's last day and `row_count` how many rows were summed: a series
    that stopped (JHU recoveries: zeros after 2021-08-04) ends before `file_end`.
    """

    start: datetime.date
    values: list[int]
    file_end: datetime.date
    row_count: int

    @property
    def last_reported(self) -> datetime.date | None:
        if not self.values:
            return None
        return self.start + datetime.timedelta(days=len(self.values) - 1)


def _text(data: bytes) -> str:
    if not data.strip():
        raise DataFileError(DataErrorCode.EMPTY, _("The file is empty."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            DataErrorCode.ENCODING,
            _("The file is not UTF-8 text (byte %(position)d).") % {"position": error.start},
        ) from error


def _count(cell: str, *, row: int, column: str, unknown: str = "") -> int:
    """A count as an integer; JHU cells are whole numbers, occasionally written as '12.0'.

    `unknown` is a format's placeholder for "not reported", counted as nothing.
    """
    text = cell.strip()
    if unknown and text == unknown:
        return 0
    try:
        number = float(text) if text else 0.0
    except ValueError:
        number = float("nan")
    if not math.isfinite(number) or number != int(number):  # NaN, infinity, or a fraction
        raise DataFileError(
            DataErrorCode.VALUE,
            _("Row %(row)d, column %(column)s: %(value)r is not a whole number.")
            % {"row": row, "column": column, "value": cell},
        )
    if number < 0:
        raise DataFileError(
            DataErrorCode.NEGATIVE,
            _("Row %(row)d, column %(column)s: %(value)s is negative.")
            % {"row": row, "column": column, "value": cell},
        )
    return int(number)


def _trim_stopped(values: list[int]) -> list[int]:
    """Drop the zeros a series reports after it stopped, so they never show as a count."""
    end = len(values)
    while end and values[end - 1] == 0:
        end -= 1
    return values[:end]


def _consecutive(dates: list[datetime.date]) -> None:
    for before, after in itertools.pairwise(dates):
        if after - before != datetime.timedelta(days=1):
            raise DataFileError(
                DataErrorCode.DATE,
                _("The dates jump from %(before)s to %(after)s: one column per day is expected.")
                % {"before": before.isoformat(), "after": after.isoformat()},
            )


def jhu_csse_global_parse(data: bytes, column: str = "") -> ParsedSeries:
    """JHU CSSE's global wide time series: summed over countries and provinces, per day.

    Header `Province/State,Country/Region,Lat,Long,1/22/20,...` (one cumulative column per day,
    M/D/YY), one row per country or province. `column` is unused (one series per file).
    A cell of -1 is JHU's "unknown" and counts as nothing; any other negative is refused.
    """
    reader = csv.reader(io.StringIO(_text(data)))
    header = next(reader, [])
    if [name.strip() for name in header[:4]] != JHU_FIXED_COLUMNS or len(header) < 5:
        raise DataFileError(
            DataErrorCode.HEADER,
            _("The header does not start with %(expected)s followed by one column per day.")
            % {"expected": ",".join(JHU_FIXED_COLUMNS)},
        )
    dates = []
    for name in header[4:]:
        try:
            dates.append(datetime.datetime.strptime(name.strip(), "%m/%d/%y").date())
        except ValueError as error:
            raise DataFileError(
                DataErrorCode.DATE,
                _("The column %(name)r is not a date written M/D/YY.") % {"name": name},
            ) from error
    _consecutive(dates)
    totals = [0] * len(dates)
    row_count = 0
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataFileError(
                DataErrorCode.ROW_LENGTH,
                _("Row %(row)d has %(found)d cells where the header has %(expected)d.")
                % {"row": number, "found": len(row), "expected": len(header)},
            )
        for index, cell in enumerate(row[4:]):
            totals[index] += _count(
                cell, row=number, column=header[4 + index], unknown=JHU_NOT_REPORTED
            )
        row_count += 1
    if not row_count:
        raise DataFileError(DataErrorCode.EMPTY, _("The file has a header but no rows."))
    return ParsedSeries(
        start=dates[0], values=_trim_stopped(totals), file_end=dates[-1], row_count=row_count
    )


def daily_csv_parse(data: bytes, column: str = "") -> ParsedSeries:
    """A long CSV: a `date` column (YYYY-MM-DD), one row per day, the values in `column`."""
    reader = csv.DictReader(io.StringIO(_text(data)))
    fields = [name.strip() for name in reader.fieldnames or []]
    if "date" not in fields or column not in fields:
        raise DataFileError(
            DataErrorCode.HEADER,
            _("The header must have a 'date' column and the column %(column)r.")
            % {"column": column},
        )
    dates: list[datetime.date] = []
    values: list[int] = []
    for number, row in enumerate(reader, start=2):
        try:
            dates.append(datetime.date.fromisoformat((row.get("date") or "").strip()))
        except ValueError as error:
            raise DataFileError(
                DataErrorCode.DATE,
                _("Row %(row)d: %(value)r is not a date written YYYY-MM-DD.")
                % {"row": number, "value": row.get("date")},
            ) from error
        values.append(_count(row.get(column) or "", row=number, column=column))
    if not dates:
        raise DataFileError(DataErrorCode.EMPTY, _("The file has a header but no rows."))
    _consecutive(dates)
    return ParsedSeries(
        start=dates[0], values=_trim_stopped(values), file_end=dates[-1], row_count=len(dates)
    )


def _json_date(text: object, *, where: str) -> datetime.date:
    """A day written YYYY-MM-DD (ISO, a time after it ignored) or M/D/YY (JHU's own, as
    JSON services that republish JHU write it)."""
    if isinstance(text, str):
        for form in ("%Y-%m-%d", "%m/%d/%y"):
            try:
                return datetime.datetime.strptime(text.strip()[:10], form).date()
            except ValueError:
                continue
    raise DataFileError(
        DataErrorCode.DATE,
        _("%(where)s: %(value)r is not a date written YYYY-MM-DD or M/D/YY.")
        % {"where": where, "value": text},
    )


def _json_count(value: object, *, where: str) -> int:
    """A JSON count: a whole number (12, 12.0 or "12"), or null for a day not reported."""
    if value is None:
        return 0
    number = float("nan")
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value.strip())
    if not math.isfinite(number) or number != int(number):  # not a number at all, or a fraction
        raise DataFileError(
            DataErrorCode.VALUE,
            _("%(where)s: %(value)r is not a whole number.") % {"where": where, "value": value},
        )
    if number < 0:
        raise DataFileError(
            DataErrorCode.NEGATIVE,
            _("%(where)s: %(value)s is negative.") % {"where": where, "value": value},
        )
    return int(number)


def daily_json_parse(data: bytes, column: str = "") -> ParsedSeries:
    """A daily series in JSON, in either of the two shapes public data services use:

    * records: a list of objects, each with a `date` and the value named by the last part of
      `column`: `[{"date": "2020-01-22", "deaths": 17}, ...]`;
    * a timeline: an object of days to values, `{"1/22/20": 17, "1/23/20": 18, ...}`
      (disease.sh's JHU series: `{"cases": {...}, "deaths": {...}, "recovered": {...}}`).

    `column` is a dotted path from the top of the document to the list or the timeline
    (`data.deaths` for `{"data": [{"date": ..., "deaths": ...}]}`; `deaths` for disease.sh's
    file). The days must follow each other, as in a daily CSV; null is "not reported".
    """
    try:
        document = json.loads(_text(data))
    except json.JSONDecodeError as error:
        raise DataFileError(
            DataErrorCode.JSON,
            _("The file is not valid JSON (line %(line)d, column %(column)d: %(problem)s).")
            % {"line": error.lineno, "column": error.colno, "problem": error.msg},
        ) from error
    keys = [key for key in column.split(".") if key] if column else []
    node: object = document
    walked: list[str] = []
    while keys and isinstance(node, dict) and keys[0] in node:
        walked.append(keys.pop(0))
        node = node[walked[-1]]
    pairs: list[tuple[datetime.date, int]] = []
    if isinstance(node, list) and len(keys) == 1:
        field = keys[0]
        for number, record in enumerate(node, start=1):
            where = _("Record %(number)d") % {"number": number}
            if not isinstance(record, dict) or "date" not in record or field not in record:
                raise DataFileError(
                    DataErrorCode.COLUMN,
                    _("%(where)s has no 'date' and %(field)r.") % {"where": where, "field": field},
                )
            pairs.append(
                (
                    _json_date(record["date"], where=where),
                    _json_count(record[field], where=where),
                )
            )
    elif isinstance(node, dict) and not keys and node:
        for key, value in node.items():
            pairs.append((_json_date(key, where=repr(key)), _json_count(value, where=repr(key))))
    else:
        found = ".".join(walked) or _("the top of the file")
        raise DataFileError(
            DataErrorCode.HEADER,
            _(
                "%(column)r does not lead to a list of records with a 'date' or to an object "
                "of days (it stops at %(found)s)."
            )
            % {"column": column, "found": found},
        )
    if not pairs:
        raise DataFileError(DataErrorCode.EMPTY, _("The series has no days."))
    pairs.sort()
    dates = [day for day, _value in pairs]
    _consecutive(dates)
    return ParsedSeries(
        start=dates[0],
        values=_trim_stopped([value for _day, value in pairs]),
        file_end=dates[-1],
        row_count=len(pairs),
    )


Parser = Callable[[bytes, str], ParsedSeries]

PARSERS: dict[str, Parser] = {
    "jhu_csse_global": jhu_csse_global_parse,
    "daily_csv": daily_csv_parse,
    "daily_json": daily_json_parse,
}


def series_check_growth(
    new: ParsedSeries,
    *,
    start: datetime.date | None,
    file_end: datetime.date | None,
    row_count: int,
) -> None:
    """Refuse a file that covers less than the stored one: fewer rows, fewer days, a new start.

    Why: a truncated download or a broken export upstream parses cleanly but would replace
    years of good data with less; time series only grow.
    """
    if start is None or file_end is None:
        return
    if new.start != start:
        raise DataFileError(
            DataErrorCode.START_MOVED,
            _("The series now starts on %(new)s instead of %(old)s.")
            % {"new": new.start.isoformat(), "old": start.isoformat()},
        )
    if new.file_end < file_end:
        raise DataFileError(
            DataErrorCode.SHRUNK_DATES,
            _("The file ends on %(new)s, before the stored data (%(old)s).")
            % {"new": new.file_end.isoformat(), "old": file_end.isoformat()},
        )
    if new.row_count < row_count:
        raise DataFileError(
            DataErrorCode.SHRUNK_ROWS,
            _("The file has %(new)d rows where the stored data had %(old)d.")
            % {"new": new.row_count, "old": row_count},
        )
