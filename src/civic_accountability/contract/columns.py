"""Column specs as plain data, and the one map from a column type to SQL, Arrow, Excel and text.

No Pydantic here: the validator, the exports and the docs read these classes (filled in
by the generated ``cellspecs`` module) without paying for the models' import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from civic_accountability.contract.fieldtypes import PARTIAL_DATE_PATTERN

#: Column roles, declared on the models: what a column is for beyond its type.
DATE = "date"  # a partial ISO date: date rules (future dates) apply; shown as a date
FACET = "facet"  # worth grouping and filtering by (Datasette facets)
SEARCH = "search"  # free text worth full-text search
LABEL = "label"  # how a row is named where a foreign key points at it
ROLES = (DATE, FACET, SEARCH, LABEL)

#: A whole number as a cell holds it: optional sign, ASCII digits, nothing else
#: (no spaces, underscores, decimal point or exponent). Used with fullmatch.
INTEGER_PATTERN = r"[+-]?[0-9]+"
_INTEGER_RE = re.compile(INTEGER_PATTERN)
#: Python refuses int() of more digits than this; such a number is out of any range we use.
_MAX_DIGITS = 4000

Value = Union[str, int, None]


def whole_number(text: str) -> Optional[int]:
    """The integer a cell's text spells, or None when it is not exactly a whole number."""
    if not _INTEGER_RE.fullmatch(text):
        return None
    digits = text.lstrip("+-").lstrip("0") or "0"
    sign = -1 if text[0] == "-" else 1
    if len(digits) > _MAX_DIGITS:  # beyond int()'s limit; far beyond any column's maximum
        return sign * 10**_MAX_DIGITS
    return sign * int(digits)


@dataclass(frozen=True)
class ColumnType:
    """How one Table Schema type is stored in each output format."""

    name: str  # the Table Schema type
    python: type  # the Python type of a typed value (sqlite-utils reads it as the SQL type)
    sql: str  # SQLite column type (STRICT tables)
    arrow: str  # pyarrow type factory name: getattr(pyarrow, arrow)()
    excel_number: bool  # stored as an Excel number, not a text cell

    def typed(self, text: Optional[str]) -> Value:
        """A cell's text as this type's value; text that is not one stays text (for
        --no-validate exports, whose formats then store or refuse it)."""
        if text is None or self.python is str:
            return text
        number = whole_number(text)
        return text if number is None else number


#: The one place a column type maps to its storage in every format.
COLUMN_TYPES: dict[str, ColumnType] = {
    "string": ColumnType("string", str, "TEXT", "string", False),
    "integer": ColumnType("integer", int, "INTEGER", "int64", True),
}


#: Joins a composite key's values into one sortable text: it sorts below every printable
#: character, so joined keys sort as their tuples do.
KEY_JOIN = "\x1f"


def key_value(key: Union[str, tuple[str, ...]], row) -> Optional[str]:
    """A row's primary key as one text (a composite key's values joined by ``KEY_JOIN``);
    None when any of its columns is empty."""
    if isinstance(key, str):
        return row.get(key)
    values = [row.get(k) for k in key]
    if any(v is None for v in values):
        return None
    return KEY_JOIN.join(str(v) for v in values)


@dataclass(frozen=True)
class ForeignKey:
    """A column whose value must be the primary key of a row in another table."""

    field: str
    table: str
    table_field: str


@dataclass(frozen=True)
class ColumnSpec:
    """Everything the models say about one column, in plain data."""

    name: str
    type: str  # Table Schema type: a key of COLUMN_TYPES
    required: bool
    description: str
    enum: Optional[tuple[str, ...]] = None
    enum_name: Optional[str] = None
    pattern: Optional[str] = None
    max_length: Optional[int] = None
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    example: Optional[str] = None
    roles: tuple[str, ...] = ()

    @property
    def column_type(self) -> ColumnType:
        return COLUMN_TYPES[self.type]

    @property
    def is_partial_date(self) -> bool:
        return self.pattern == PARTIAL_DATE_PATTERN

    def has(self, role: str) -> bool:
        return role in self.roles

    def typed(self, text: Optional[str]) -> Value:
        return self.column_type.typed(text)

    def enum_meanings(self) -> dict[str, str]:
        if not self.enum_name:
            return {}
        from civic_accountability.contract.vocab import meanings_of

        meanings = meanings_of(self.enum_name)
        return {value: meanings.get(value, "") for value in self.enum}


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    primary_key: Union[str, tuple[str, ...]]  # one column, or the columns that together identify a row
    foreign_keys: tuple[ForeignKey, ...]
    columns: tuple[ColumnSpec, ...] = field(default=())

    @property
    def key_fields(self) -> tuple[str, ...]:
        """The primary key's columns, in order."""
        return (self.primary_key,) if isinstance(self.primary_key, str) else tuple(self.primary_key)

    @property
    def key_label(self) -> str:
        """The primary key as messages and documents name it: ``a`` or ``a, b``."""
        return ", ".join(self.key_fields)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def with_role(self, role: str) -> tuple[str, ...]:
        """Names of the columns carrying ``role``, in column order."""
        return tuple(c.name for c in self.columns if role in c.roles)
