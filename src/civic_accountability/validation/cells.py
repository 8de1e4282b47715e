"""Validation layer 2: each cell against its column spec (type, required, enum,
pattern, length, range, calendar date). Compiled once per table from the generated
cell specs; the models accept exactly the values these checks accept (tests/test_contract_cells.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Optional

from civic_accountability.contract import fieldtypes
from civic_accountability.contract.columns import INTEGER_PATTERN, ColumnSpec, TableSpec, whole_number
from civic_accountability.contract.errors import ValidationError, shorten
from civic_accountability.contract.fieldtypes import calendar_problem
from civic_accountability.validation.suggest import closest_allowed, did_you_mean, slug_form

#: Anchored for the columnar engine's polars filter (Rust regex: ``$`` is the end of the text).
_INTEGER_RE = re.compile(f"^{INTEGER_PATTERN}$")


# A cell check returns (code, message) for a bad non-empty value, else None.
CellCheck = Callable[[str], Optional[tuple[str, str]]]


#: What each shared pattern asks for, in words a contributor can act on.
PATTERN_WORDS = {
    fieldtypes.PARTIAL_DATE_PATTERN: "is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
    fieldtypes.SLUG_PATTERN: "is not an identifier: use lowercase letters and digits joined by single hyphens",
    fieldtypes.SHA256_PATTERN: "is not a SHA-256: use its 64 lowercase hexadecimal characters",
    fieldtypes.URL_PATTERN: "is not a web address: use one http:// or https:// URL without spaces or control characters",
    fieldtypes.GSS_CODE_PATTERN: "is not an ONS GSS code: use E, W, S or N and eight digits",
    fieldtypes.TRIMMED_PATTERN: (
        "starts or ends with whitespace, or holds a control character (ESC, BEL and the "
        "like; tab and line breaks are fine): remove it"
    ),
}


def pattern_problem(col: ColumnSpec, value: str) -> str:
    """Why ``value`` fails ``col``'s pattern, in words, with the likely intended identifier."""
    shown = repr(shorten(value, 40))
    words = PATTERN_WORDS.get(col.pattern)
    if words is None:
        return f"{col.name} {shown} does not match the pattern {col.pattern}"
    message = f"{col.name} {shown} {words}"
    if col.pattern == fieldtypes.SLUG_PATTERN:
        slug = slug_form(value)
        if slug and re.fullmatch(col.pattern, slug):
            message += f"; {did_you_mean([slug])}"
    elif col.example and col.pattern != fieldtypes.TRIMMED_PATTERN:
        message += f" (e.g. {col.example!r})"
    return message


def enum_problem(col: ColumnSpec, value: str) -> str:
    """Not an allowed value: the ones it most likely meant, else the whole list."""
    hint = did_you_mean(closest_allowed(value, col.enum))
    return f"{value!r} is not an allowed {col.name}; " + (hint or f"allowed: {', '.join(col.enum)}")


def compile_column(col: ColumnSpec) -> CellCheck:
    """One function checking a non-empty cell of this column (the column's facts are read
    once here, not per cell: the row engine calls it for every cell)."""
    name, minimum, maximum, max_length = col.name, col.minimum, col.maximum, col.max_length
    fullmatch = re.compile(col.pattern).fullmatch if col.pattern else None
    allowed = frozenset(col.enum) if col.enum else None
    partial_date = col.is_partial_date

    if col.type == "integer":

        def check_number(value: str) -> Optional[tuple[str, str]]:
            number = whole_number(value)
            if number is None:
                return "type-error", f"{name} must be a whole number"
            if minimum is not None and number < minimum:
                return "constraint-error", f"{name} must be at least {minimum}"
            if maximum is not None and number > maximum:
                return "constraint-error", f"{name} must be at most {maximum}"
            return None

        return check_number

    def check(value: str) -> Optional[tuple[str, str]]:
        if allowed is not None and value not in allowed:
            return "constraint-error", enum_problem(col, value)
        if max_length is not None and len(value) > max_length:
            return "constraint-error", f"{name} is {len(value):,} characters; the limit is {max_length:,}"
        if fullmatch is not None and not fullmatch(value):
            return "constraint-error", pattern_problem(col, value)
        if partial_date:
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
                    errors.append(
                        ValidationError(
                            table, line, "constraint-error", name, None, f"{name} is required and may not be empty"
                        )
                    )
                continue
            values[name] = cell
            problem = check(cell)
            if problem:
                errors.append(ValidationError(table, line, problem[0], name, shorten(cell), problem[1]))
        return values, errors

    return check_row
