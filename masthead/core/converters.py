"""Path converters: `<int64:...>` for every id in a URL.

Why: Django's `<int:...>` matches any run of digits, and a number past 64 bits reaches the
database, where SQLite's driver raises `OverflowError` (a 500) and PostgreSQL an error of its
own. Ids are 64-bit (`BigAutoField`), so a larger number names nothing: `to_python` refuses
it, and Django then treats the address as unmatched (a 404). Registered in `CoreConfig.ready`,
before any URLconf is read.
"""

from __future__ import annotations

INT64_MAX = 2**63 - 1


class Int64Converter:
    """A non-negative integer that fits a 64-bit signed column."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > INT64_MAX:
            raise ValueError(f"{value} is out of range for a 64-bit id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
