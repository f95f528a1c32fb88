"""Why a data file was refused: one closed set of codes, stored with the source's last error."""

from __future__ import annotations

from enum import StrEnum


class DataErrorCode(StrEnum):
    EMPTY = "empty"
    ENCODING = "encoding"
    JSON = "json"
    HEADER = "header"
    DATE = "date"
    VALUE = "value"
    NEGATIVE = "negative"
    ROW_LENGTH = "row_length"
    COLUMN = "column"
    SHRUNK_ROWS = "shrunk_rows"
    SHRUNK_DATES = "shrunk_dates"
    START_MOVED = "start_moved"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    HTTP = "http"
    NO_ORIGIN = "no_origin"


class DataFileError(Exception):
    """A file that cannot replace a source's data, with a code and a message for editors."""

    def __init__(self, code: DataErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
