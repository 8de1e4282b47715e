"""The error record every check returns, and the catalogue of error codes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import NamedTuple, Optional

ERROR, WARNING = "error", "warning"


class Code(NamedTuple):
    """One finding's kind. ``error``: the data breaks the contract (exit 1). ``warning``:
    the data is valid but a person should look (exit 0, or 1 with ``--strict``)."""

    layer: int
    meaning: str
    severity: str = ERROR


#: Every code the validator can report, its layer, what it means and its severity. Codes
#: that Frictionless also uses keep Frictionless's name. Codes in FATAL_CODES mean the
#: input could not be read at all (exit 2).
CODES: dict[str, Code] = {
    "package-error": Code(1, "datapackage.json is missing, is not JSON, or does not describe the five tables."),
    "unsafe-path": Code(1, "A resource path is a URL, is absolute, or leaves the package directory."),
    "source-error": Code(1, "A table's CSV file is missing or cannot be read."),
    "empty-file": Code(1, "A table's CSV file is empty: not even a header row."),
    "encoding-error": Code(1, "The file is not UTF-8, or starts with a byte-order mark."),
    "format-error": Code(1, "The CSV cannot be parsed: an unclosed quote or an oversized cell."),
    "missing-label": Code(1, "The header lacks a column the schema requires."),
    "extra-label": Code(1, "The header has a column the schema does not define."),
    "incorrect-label": Code(1, "A header column is misnamed or out of order."),
    "duplicate-label": Code(1, "A header column appears twice."),
    "blank-row": Code(1, "A row with no values."),
    "extra-cell": Code(1, "A row has more cells than the header."),
    "missing-cell": Code(1, "A row has fewer cells than the header."),
    "type-error": Code(2, "A value is not of the column's type (e.g. a non-integer position)."),
    "constraint-error": Code(
        2, "A value breaks a column constraint: required, enum, pattern, length, range, calendar date."
    ),
    "primary-key": Code(3, "Two rows share a primary key."),
    "unique-error": Code(
        3, "Two rows share a value that must be unique (e.g. recommendation position per inspection)."
    ),
    "row-order": Code(
        3,
        "A table's rows are not sorted by its primary key (one finding per table, at the "
        "first row out of order); sorted files keep diffs small.",
        WARNING,
    ),
    "foreign-key": Code(4, "A value refers to a row that does not exist in the referenced table."),
    "date-order": Code(5, "An inspection's dates are out of order (start, end, published)."),
    "future-date": Code(5, "A date lies after today (override today with --now)."),
    "area-not-in-framework": Code(5, "A judgement's area is not graded under its inspection's framework."),
    "judgement-on-visit": Code(5, "A focused or monitoring visit has a graded judgement; visits are not graded."),
    "grade-conflict": Code(
        5,
        "Two sources give different grades for the same judgement; both rows stay, for a person to check the sources.",
        WARNING,
    ),
    "quote-format": Code(5, "A quote keeps its surrounding quotation marks or contains an ellipsis."),
    "quote-not-found": Code(5, "A quote is not found verbatim in its source's archived text."),
    "quote-unverified": Code(
        5,
        "A source's quotes could not be checked: archive/<source_id>.txt is absent "
        "(one finding per source, with the number of its quotes).",
        WARNING,
    ),
    "sha256-mismatch": Code(5, "A source's sha256 differs from the hash of its archived text."),
    "theme-vocabulary": Code(5, "The themes table differs from the contract's 25 themes (contract/themes.py)."),
    "theme-rank": Code(5, "A recommendation's themes are not ranked 1 to n, each once (1 = its main subject)."),
    "repeat-link": Code(5, "A recommendation is linked as a repeat of itself."),
    "self-neighbour": Code(5, "A council is given as its own statistical neighbour."),
}

FATAL_CODES = frozenset({"package-error", "unsafe-path", "source-error"})


def severity(code: str) -> str:
    """``error`` or ``warning``; a code missing from the catalogue counts as an error."""
    entry = CODES.get(code)
    return entry.severity if isinstance(entry, Code) else ERROR


@dataclass(frozen=True, order=True)
class ValidationError:
    """One problem, located precisely enough for a contributor to fix it."""

    table: str
    line: int
    code: str
    field: Optional[str]
    value: Optional[str]
    message: str

    @property
    def severity(self) -> str:
        return severity(self.code)

    def to_dict(self) -> dict:
        d = asdict(self)
        return {"severity": self.severity, **{k: d[k] for k in ("code", "table", "line", "field", "value", "message")}}


def shorten(value: Optional[str], limit: int = 120) -> Optional[str]:
    """A value short enough to print: long cells are cut with a note of their length."""
    if value is None or len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"
