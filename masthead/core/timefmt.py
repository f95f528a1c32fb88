"""The newsroom's time style: "01:41 GMT 26.08.2021", always in GMT whatever the reader's zone.

An international site prints one unambiguous time; the reader's own zone can come later as
progressive enhancement.
"""

from __future__ import annotations

import datetime

GMT = datetime.UTC


def gmt_stamp(moment: datetime.datetime | None) -> str:
    """Format an aware datetime as "HH:MM GMT DD.MM.YYYY" ("" for None)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=GMT)
    return moment.astimezone(GMT).strftime("%H:%M GMT %d.%m.%Y")


def iso_stamp(moment: datetime.datetime | None) -> str:
    """Format as ISO 8601 with the offset, for `<time datetime>` and structured data."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=GMT)
    return moment.astimezone(GMT).isoformat(timespec="seconds")
