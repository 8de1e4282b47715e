"""Validation layers 3 and 4: primary keys within a table, foreign keys across tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Optional

from civic_accountability.contract.columns import ForeignKey, key_value
from civic_accountability.contract.errors import ValidationError
from civic_accountability.validation.suggest import KeyIndex, did_you_mean

Row = tuple[int, Mapping[str, Optional[str]]]


def check_primary_key(
    table: str, key: str | tuple[str, ...], rows: Iterable[Row]
) -> tuple[dict[str, int], list[ValidationError]]:
    """First line of each key value, and an error for every repeat (a composite key:
    its values joined by ``KEY_JOIN``, named ``a, b`` in the message)."""
    first: dict[str, int] = {}
    errors = []
    name = key if isinstance(key, str) else ", ".join(key)
    for line, row in rows:
        value = key_value(key, row)
        if value is None:
            continue
        if value in first:
            shown = value if isinstance(key, str) else ", ".join(str(row.get(k)) for k in key)
            errors.append(
                ValidationError(
                    table, line, "primary-key", name, shown, f"{name} {shown!r} is already used on line {first[value]}"
                )
            )
        else:
            first[value] = line
    return first, errors


def check_foreign_key(
    table: str,
    fk: ForeignKey,
    rows: Iterable[Row],
    targets: Mapping[str, object],
    every_key: Optional[Callable[[], Iterable[str]]] = None,
) -> list[ValidationError]:
    """A row per value missing from ``targets``, suggesting the closest existing keys
    (``every_key()``: all of the referenced table's keys, when ``targets`` is not; called
    only if a value is missing)."""
    errors = []
    index: Optional[KeyIndex] = None
    for line, row in rows:
        value = row.get(fk.field)
        if value is not None and value not in targets:
            if index is None:
                index = KeyIndex(targets if every_key is None else every_key())
            hint = did_you_mean(index.close(value))
            fix = f"{hint} If not, add" if hint else "add"
            errors.append(
                ValidationError(
                    table,
                    line,
                    "foreign-key",
                    fk.field,
                    value,
                    f"{fk.field} {value!r} is not in {fk.table} ({fk.table}.{fk.table_field}); "
                    f"{fix} that row to data/{fk.table}.csv or correct the value",
                )
            )
    return errors
