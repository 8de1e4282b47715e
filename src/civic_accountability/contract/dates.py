"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): the one home of their ordering
and arithmetic, shared by validation, the record, the timeline, the site and the importers.
A partial date stands for every day it may mean; nothing here invents a day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Optional

from civic_accountability.contract.fieldtypes import PARTIAL_DATE_PATTERN, date_bounds

#: The month names, as outputs print them and as the quotes rules know them (never a name).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

__all__ = ["MONTHS", "date_bounds", "date_key", "date_range", "days_apart", "gap_days", "inspection_date"]

_PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


def date_key(value: Optional[str]) -> tuple:
    """Sort key for a partial date, the one ordering every command uses: by the first day
    it may stand for, a year before the dated events within it and a month before the days
    in it; missing or malformed dates last."""
    if not value or not _PARTIAL_DATE_RE.fullmatch(value):
        return (1, value or "", 0)
    return (0, date_bounds(value)[0], len(value))


def inspection_date(row: Mapping[str, Optional[str]]) -> Optional[str]:
    """The date an inspection sorts by: its start, else its end, else its publication."""
    return row.get("start_date") or row.get("end_date") or row.get("published_date")


def date_range(value: Optional[str]) -> Optional[tuple[dt.date, dt.date]]:
    """Earliest and latest day a (possibly partial) ISO date stands for; None if unknown."""
    if not value:
        return None
    try:
        if len(value) == 4:
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        return (dt.date.fromisoformat(value),) * 2
    except ValueError:
        return None


def gap_days(a: Optional[str], b: Optional[str]) -> Optional[int]:
    """Days between two (partial) dates: 0 when their ranges overlap; None if either is unknown."""
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        return None
    if ra[1] < rb[0]:
        return (rb[0] - ra[1]).days
    if rb[1] < ra[0]:
        return (ra[0] - rb[1]).days
    return 0


def days_apart(a: str, b: str) -> Optional[int]:
    """Days between two full dates; None when either is partial (no day to count from)."""
    if len(a) != 10 or len(b) != 10:
        return None
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
