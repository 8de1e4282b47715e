"""Reusable column types: slugs, partial dates, bounded text, as patterns and pure checks.

The regular expressions here are copied into the Table Schema descriptors, so
stock Frictionless tools enforce the same shapes as our own validator. This module
imports no Pydantic (the validator reads it); the annotated types the models use
(``Slug``, ``PartialDate``...) live in ``modeltypes``, which imports this module.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Year 0001 to 9999 (the years a Python ``date`` has; there is no year 0000), then an
#: optional month and day. Plain alternation, no lookahead: Python's ``re`` (our row
#: engine, stock Frictionless) and Rust's regex (polars, the fast engine) accept the same.
PARTIAL_DATE_PATTERN = (
    r"^(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
    r"(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
)
#: A theme's id: lowercase words joined by underscores (themes.theme_id).
THEME_ID_PATTERN = r"^[a-z0-9]+(?:_[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$"
GSS_CODE_PATTERN = r"^[EWSN][0-9]{8}$"
#: Authority ids separated by "; " (predecessors, successors).
SLUG_LIST_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:; [a-z0-9]+(?:-[a-z0-9]+)*)*$"
#: C0 and C1 control characters and DEL, but tab, LF and CR: ESC and BEL make a terminal
#: change its title, clear the screen or write the clipboard when a value is printed.
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# No leading or trailing whitespace; at least one character; no control character.
TRIMMED_PATTERN = rf"^[^\s{CONTROL_CLASS}](?:[^{CONTROL_CLASS}]*[^\s{CONTROL_CLASS}])?$"

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


def date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest full dates a partial date may stand for, as sortable strings."""
    if len(value) == 4:
        return value + "-01-01", value + "-12-31"
    if len(value) == 7:
        return value + "-01", value + "-31"
    return value, value


def date_order_problem(start: str | None, end: str | None, published: str | None) -> tuple[str, str] | None:
    """(field, message) when start ≤ end ≤ published is impossible, else None.

    Partial dates stand for a range; the order only fails when the earlier
    date's earliest reading is after the later date's latest reading.
    """
    seq = [("start_date", start), ("end_date", end), ("published_date", published)]
    known = [(name, value) for name, value in seq if value]
    for i, (name_a, a) in enumerate(known):
        for name_b, b in known[i + 1 :]:
            if date_bounds(a)[0] > date_bounds(b)[1]:
                return name_b, f"{name_b} {b} is before {name_a} {a}"
    return None


def slugify(text: str | None) -> str:
    """The one rule turning a name into an identifier's slug, as every published id has it:
    accents folded to ASCII, lowercase, each run of other characters one hyphen, so
    "Brighton and Hove" → ``brighton-and-hove`` and "Telford & Wrekin" → ``telford-wrekin``.
    Ids are forever: changing this rule would change ids, so it never changes."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
