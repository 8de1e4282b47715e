"""Reusable column types: slugs, partial dates, bounded text.

The regular expressions here are copied into the Table Schema descriptors, so
stock Frictionless tools enforce the same shapes as our own validator.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated

from pydantic import AfterValidator, Field

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
URL_PATTERN = r"^https?://[^\s]+$"
GSS_CODE_PATTERN = r"^[EWSN][0-9]{8}$"
#: Authority ids separated by "; " (predecessors, successors).
SLUG_LIST_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:; [a-z0-9]+(?:-[a-z0-9]+)*)*$"
# No leading or trailing whitespace; at least one character.
TRIMMED_PATTERN = r"^\S(?:[\s\S]*\S)?$"

#: Longest short label (names, titles) and longest free text (quotes, recommendations).
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000

_PARTIAL_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


def calendar_problem(value: str) -> str | None:
    """Why a string that matches the partial-date pattern is still not a real date."""
    if len(value) == 10:
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
        last = calendar.monthrange(year, month)[1]
        if day > last:
            return f"{value} is not a calendar date ({calendar.month_name[month]} {year} has {last} days)"
    return None


def _check_partial_date(value: str) -> str:
    problem = calendar_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest full dates a partial date may stand for, as sortable strings."""
    if len(value) == 4:
        return value + "-01-01", value + "-12-31"
    if len(value) == 7:
        return value + "-01", value + "-31"
    return value, value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]
PartialDate = Annotated[
    str,
    Field(pattern=PARTIAL_DATE_PATTERN, examples=["2023-09-11", "2018-04", "2014"]),
    AfterValidator(_check_partial_date),
]
ShortText = Annotated[str, Field(pattern=TRIMMED_PATTERN, max_length=SHORT_TEXT_MAX)]
LongText = Annotated[str, Field(pattern=TRIMMED_PATTERN, max_length=LONG_TEXT_MAX)]
Url = Annotated[str, Field(pattern=URL_PATTERN, max_length=2000)]
Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]
GssCode = Annotated[str, Field(pattern=GSS_CODE_PATTERN)]
SlugList = Annotated[str, Field(pattern=SLUG_LIST_PATTERN, max_length=2000)]
