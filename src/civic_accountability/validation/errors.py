"""The error record every check returns, and the catalogue of error codes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

#: Every code the validator can report, its layer, and what it means. Codes that
#: Frictionless also uses keep Frictionless's name. Codes in FATAL_CODES mean the
#: input could not be read at all (exit 2); every other code means invalid data (exit 1).
CODES: dict[str, tuple[int, str]] = {
    "package-error": (1, "datapackage.json is missing, is not JSON, or does not describe the five tables."),
    "unsafe-path": (1, "A resource path is a URL, is absolute, or leaves the package directory."),
    "source-error": (1, "A table's CSV file is missing or cannot be read."),
    "empty-file": (1, "A table's CSV file is empty: not even a header row."),
    "encoding-error": (1, "The file is not UTF-8, or starts with a byte-order mark."),
    "format-error": (1, "The CSV cannot be parsed: an unclosed quote or an oversized cell."),
    "missing-label": (1, "The header lacks a column the schema requires."),
    "extra-label": (1, "The header has a column the schema does not define."),
    "incorrect-label": (1, "A header column is misnamed or out of order."),
    "duplicate-label": (1, "A header column appears twice."),
    "blank-row": (1, "A row with no values."),
    "extra-cell": (1, "A row has more cells than the header."),
    "missing-cell": (1, "A row has fewer cells than the header."),
    "type-error": (2, "A value is not of the column's type (e.g. a non-integer position)."),
    "constraint-error": (2, "A value breaks a column constraint: required, enum, pattern, length, range, calendar date."),
    "primary-key": (3, "Two rows share a primary key."),
    "unique-error": (3, "Two rows share a value that must be unique (e.g. recommendation position per inspection)."),
    "foreign-key": (4, "A value refers to a row that does not exist in the referenced table."),
    "date-order": (5, "An inspection's dates are out of order (start, end, published)."),
    "future-date": (5, "A date lies after today (override today with --now)."),
    "area-not-in-framework": (5, "A judgement's area is not graded under its inspection's framework."),
    "judgement-on-visit": (5, "A focused or monitoring visit has a graded judgement; visits are not graded."),
    "grade-conflict": (5, "Two sources give different grades for the same judgement."),
    "quote-format": (5, "A quote keeps its surrounding quotation marks or contains an ellipsis."),
    "quote-not-found": (5, "A quote is not found verbatim in its source's archived text."),
    "sha256-mismatch": (5, "A source's sha256 differs from the hash of its archived text."),
}

FATAL_CODES = frozenset({"package-error", "unsafe-path", "source-error"})


@dataclass(frozen=True, order=True)
class ValidationError:
    """One problem, located precisely enough for a contributor to fix it."""

    table: str
    line: int
    code: str
    field: Optional[str]
    value: Optional[str]
    message: str

    def to_dict(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("code", "table", "line", "field", "value", "message")}


def shorten(value: Optional[str], limit: int = 120) -> Optional[str]:
    """A value short enough to print: long cells are cut with a note of their length."""
    if value is None or len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"
