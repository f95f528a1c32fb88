"""Small files in JHU CSSE's global wide format, for the parser and refresh tests."""

from __future__ import annotations

HEADER = "Province/State,Country/Region,Lat,Long"


def jhu_csv(rows: list[tuple[str, str, list[int | str]]], *, first_day: int = 22) -> bytes:
    """A JHU-style file: `(province, country, counts)` rows, one column per day from 1/<day>/20."""
    days = len(rows[0][2]) if rows else 3
    dates = ",".join(f"1/{first_day + day}/20" for day in range(days))
    lines = [f"{HEADER},{dates}"]
    lines += [
        f"{province},{country},1.0,2.0," + ",".join(map(str, counts))
        for province, country, counts in rows
    ]
    return ("\n".join(lines) + "\n").encode()


GOOD = jhu_csv(
    [
        ("", "Afghanistan", [0, 1, 3]),
        ("Quebec", "Canada", [2, 2, 5]),
        ("Ontario", "Canada", [1, 4, 4]),
    ]
)
