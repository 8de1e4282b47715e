"""Partial ISO dates as people write them, in one place for every output: the month
names, and a date kept to the precision the data gives (never a day it does not)."""

from __future__ import annotations

import re
from typing import Optional

from civic_accountability.contract.dates import MONTHS  # noqa: F401  (outputs name them from here)

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def human_date(value: Optional[str], long: bool = False) -> str:
    """``2014-03-11`` → ``11 Mar 2014`` (``long``: ``11 March 2014``); ``2018-04`` →
    ``Apr 2018``; ``2018`` as it is; anything that is not a partial date as given."""
    match = _DATE_RE.match(value or "")
    if not match:
        return value or ""
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return value or ""
    name = MONTHS[int(month) - 1] if month else ""
    name = name if long else name[:3]
    if day:
        return f"{int(day)} {name} {year}"
    return f"{name} {year}" if month else year


def long_date(value: Optional[str]) -> str:
    """``2023-07-17`` → ``17 July 2023``: how the site writes a date."""
    return human_date(value, long=True)
