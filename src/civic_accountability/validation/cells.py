"""Validation layer 2: each cell against its column spec (type, required, enum,
pattern, length, range, calendar date). Compiled once per table from the models."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Optional

from civic_accountability.validation.errors import ValidationError, shorten
from civic_accountability.contract.fieldtypes import calendar_problem
from civic_accountability.contract.specs import ColumnSpec, TableSpec

_INTEGER_RE = re.compile(r"^[+-]?[0-9]+$")

# A cell check returns (code, message) for a bad non-empty value, else None.
CellCheck = Callable[[str], Optional[tuple[str, str]]]


def compile_column(col: ColumnSpec) -> CellCheck:
    """One function checking a non-empty cell of this column."""
    pattern = re.compile(col.pattern) if col.pattern else None
    allowed = frozenset(col.enum) if col.enum else None
    allowed_text = ", ".join(col.enum) if col.enum else ""

    def check(value: str) -> Optional[tuple[str, str]]:
        if col.type == "integer":
            if not _INTEGER_RE.fullmatch(value):
                return "type-error", f"{col.name} must be a whole number"
            number = int(value)
            if col.minimum is not None and number < col.minimum:
                return "constraint-error", f"{col.name} must be at least {col.minimum}"
            if col.maximum is not None and number > col.maximum:
                return "constraint-error", f"{col.name} must be at most {col.maximum}"
            return None
        if allowed is not None and value not in allowed:
            return "constraint-error", f"{value!r} is not an allowed {col.name}; allowed: {allowed_text}"
        if col.max_length is not None and len(value) > col.max_length:
            return "constraint-error", f"{col.name} is {len(value):,} characters; the limit is {col.max_length:,}"
        if pattern is not None and not pattern.fullmatch(value):
            return "constraint-error", f"{col.name} {shorten(value, 40)!r} does not match the pattern {col.pattern}"
        if col.is_partial_date:
            problem = calendar_problem(value)
            if problem:
                return "constraint-error", problem
        return None

    return check


def row_checker(spec: TableSpec) -> Callable[[int, list[str]], tuple[dict[str, Optional[str]], list[ValidationError]]]:
    """A function turning one row's cells into values (None for empty) plus its cell errors."""
    checks = [(c.name, c.required, compile_column(c)) for c in spec.columns]
    table = spec.name

    def check_row(line: int, cells: list[str]) -> tuple[dict[str, Optional[str]], list[ValidationError]]:
        errors = []
        values: dict[str, Optional[str]] = {}
        for (name, required, check), cell in zip(checks, cells):
            if cell == "":
                values[name] = None
                if required:
                    errors.append(ValidationError(table, line, "constraint-error", name, None,
                                                  f"{name} is required and may not be empty"))
                continue
            values[name] = cell
            problem = check(cell)
            if problem:
                errors.append(ValidationError(table, line, problem[0], name, shorten(cell), problem[1]))
        return values, errors

    return check_row
