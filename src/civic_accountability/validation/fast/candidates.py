"""Columnar tests that pick candidates: true for every value a row-path check rejects.

Each is a *superset* of the check it stands for (derived from the ``ColumnSpec`` or the
rule's own constants, never restating a message); the row path's function then decides
on the candidates. ``tests/test_fastpath.py`` proves each superset property.
"""

from __future__ import annotations

import calendar
import functools
import re
from typing import TYPE_CHECKING, Optional

from civic_accountability.contract import text
from civic_accountability.contract.fieldtypes import CONTROL_CLASS, TRIMMED_PATTERN
from civic_accountability.contract.specs import ColumnSpec
from civic_accountability.validation.cells import _INTEGER_RE

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


#: Every character ``str.isspace()`` and ``re``'s ``\s`` accept (a test proves it). Rust's
#: ``\s`` lacks U+001C..U+001F, so patterns are translated with this set.
PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)

#: Days in each month of a common year: no valid full date exceeds them but 29 February.
MONTH_DAYS = {f"{m:02d}": f"{calendar.monthrange(2001, m)[1]:02d}" for m in range(1, 13)}


@functools.cache
def spaces() -> "pl.Expr":
    """Each whitespace character as a one-character string, as an ``is_in`` list."""
    import polars as pl

    return pl.Series(list(PY_SPACE), dtype=pl.String).implode()


@functools.cache
def leap_years() -> "pl.Expr":
    """Every four-digit year ``calendar`` calls leap, as an ``is_in`` list."""
    import polars as pl

    return pl.Series([f"{y:04d}" for y in range(10_000) if calendar.isleap(y)], dtype=pl.String).implode()


def space_class(negated: bool = False, inner: bool = False) -> str:
    chars = "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE)
    if inner and not negated:
        return chars
    return f"[{'^' if negated else ''}{chars}]"


def rust_pattern(pattern: str) -> Optional[str]:
    """``pattern`` for polars (Rust regex), matching no string that ``re.fullmatch`` (the row
    path's test) rejects.

    ``\\s``/``\\S`` become Python's whitespace set (Rust's lacks U+001C..U+001F), and the
    match is anchored at both ends as ``re.fullmatch`` is. None when the pattern uses syntax
    this translation does not vouch for.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt in ("s", "S"):
                out.append(space_class(negated=nxt == "S", inner=in_class))
            elif nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", pattern[i + 2 : i + 4]):  # \xHH: Rust's too
                out.append(f"\\x{{{pattern[i + 2 : i + 4]}}}")
                i += 4
                continue
            elif nxt and not nxt.isalnum() and nxt.isascii():
                out.append("\\" + nxt)
            else:
                return None
            i += 2
            continue
        if ch == "[":
            if in_class:
                return None
            in_class = True
            if pattern.startswith("[^]", i) or pattern.startswith("[]", i):
                return None
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return f"^(?:{''.join(out)})$"


def surely_matches(c: "pl.Expr", pattern: str) -> Optional["pl.Expr"]:
    """True only where ``re.fullmatch(pattern, value)`` surely succeeds (None: cannot tell)."""
    if pattern == TRIMMED_PATTERN:  # the same test: first and last character, and no control character
        ws = spaces()
        return (
            (c.str.len_bytes() > 0)
            & ~c.str.head(1).is_in(ws)
            & ~c.str.tail(1).is_in(ws)
            & ~c.str.contains(f"[{rust_pattern(CONTROL_CLASS)[4:-2]}]")
        )
    translated = rust_pattern(pattern)
    return None if translated is None else c.str.contains(translated)


def maybe_bad(col: ColumnSpec, c: Optional["pl.Expr"] = None) -> "pl.Expr":
    """True for every cell ``cells.compile_column`` could reject (and a few it accepts);
    for an empty cell (null), whether the column is required."""
    import polars as pl

    c = pl.col(col.name) if c is None else c
    conds: list[pl.Expr] = []
    if col.type == "integer":
        conds.append(~surely_matches(c, _INTEGER_RE.pattern))
        number = c.cast(pl.Int64, strict=False)
        conds.append(number.is_null())
        if col.minimum is not None:
            conds.append(number < col.minimum)
        if col.maximum is not None:
            conds.append(number > col.maximum)
    else:
        if col.enum:
            conds.append(~c.is_in(pl.Series(col.enum, dtype=pl.String).implode()))
        if col.max_length is not None:  # bytes ≥ characters: only a long one can be too long
            conds.append(c.str.len_bytes() > col.max_length)
        if col.pattern:
            ok = surely_matches(c, col.pattern)
            conds.append(pl.lit(True) if ok is None else ~ok)
        if col.is_partial_date:  # a full date past its month's length (29 February: in a common year)
            day, month = c.str.slice(8, 2), c.str.slice(5, 2)
            leap_day = (month == "02") & (day == "29") & c.str.slice(0, 4).is_in(leap_years())
            past_end = day > month.replace_strict(MONTH_DAYS, default="00")
            conds.append((c.str.len_bytes() == 10) & past_end & ~leap_day)
    bad = pl.any_horizontal(conds).fill_null(True) if conds else pl.lit(False)
    return pl.when(c.is_null()).then(pl.lit(col.required)).otherwise(bad)


def fold(c: "pl.Expr") -> "pl.Expr":
    """``text.normalise_text``'s character mapping (quote marks and dashes folded, each
    whitespace character a space) without collapsing runs or trimming."""
    table = text.QUOTE_MARKS
    spaces = [ch for ch in PY_SPACE if ch != " "]
    old = [chr(k) for k in table] + spaces
    new = [chr(v) if isinstance(v, int) else v for v in table.values()] + [" "] * len(spaces)
    return c.str.replace_many(old, new)
