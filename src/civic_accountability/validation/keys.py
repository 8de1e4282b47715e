"""Validation layers 3 and 4: primary keys within a table, foreign keys across tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Optional

from civic_accountability.validation.errors import ValidationError
from civic_accountability.contract.models import ForeignKey

Row = tuple[int, Mapping[str, Optional[str]]]


def check_primary_key(table: str, key: str, rows: Iterable[Row]) -> tuple[dict[str, int], list[ValidationError]]:
    """First line of each key value, and an error for every repeat."""
    first: dict[str, int] = {}
    errors = []
    for line, row in rows:
        value = row.get(key)
        if value is None:
            continue
        if value in first:
            errors.append(ValidationError(table, line, "primary-key", key, value,
                                          f"{key} {value!r} is already used on line {first[value]}"))
        else:
            first[value] = line
    return first, errors


def check_foreign_key(table: str, fk: ForeignKey, rows: Iterable[Row], targets: Mapping[str, object]) -> list[ValidationError]:
    errors = []
    for line, row in rows:
        value = row.get(fk.field)
        if value is not None and value not in targets:
            errors.append(ValidationError(
                table, line, "foreign-key", fk.field, value,
                f"{fk.field} {value!r} is not in {fk.table} ({fk.table}.{fk.table_field}); "
                f"add that row to data/{fk.table}.csv or correct the value"))
    return errors
