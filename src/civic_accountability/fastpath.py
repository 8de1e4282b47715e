"""The columnar engine: the row path's report, exactly, at columnar speed.

Why it can be exact: no check is restated here. Columnar expressions (polars) only pick
*candidates*, a superset of the rows a check could fail, and the row path's own
functions (``cells.row_checker``, ``keys``, ``rules``) decide on those rows and write
every message. Valid data has next to no candidates, so validating it costs the
columnar scans and little else.

A file is read by polars only when polars provably reads it as ``csvread`` does (see
``read_columnar``); any other file goes through ``csvread``, which reports its structural
faults, and its rows then join the columnar checks. Tables are taken in package order
(referenced tables first), each checked completely and then dropped but for the few
columns later tables need, which keeps memory near one table's worth.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from civic_accountability import rules
from civic_accountability.cells import _INTEGER_RE, row_checker
from civic_accountability.csvread import MAX_CELL, read_csv
from civic_accountability.errors import ValidationError
from civic_accountability.fieldtypes import TRIMMED_PATTERN
from civic_accountability.keys import check_foreign_key, check_primary_key
from civic_accountability.schema import ColumnSpec, TableSpec
from civic_accountability.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl

#: Every character ``str.isspace()`` and ``re``'s ``\s`` accept (a test proves it). Rust's
#: ``\s`` lacks U+001C..U+001F, so patterns are translated with this set.
PY_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
            + "\u2028\u2029\u202f\u205f\u3000")
#: Days in each month of a common year: no valid full date exceeds them but 29 February.
_MONTH_DAYS = {f"{m:02d}": f"{calendar.monthrange(2001, m)[1]:02d}" for m in range(1, 13)}
_CHUNK = 1 << 20


@functools.cache
def _spaces() -> "pl.Expr":
    """Each whitespace character as a one-character string, as an ``is_in`` list."""
    import polars as pl

    return pl.Series(list(PY_SPACE), dtype=pl.String).implode()


@functools.cache
def _leap_years() -> "pl.Expr":
    """Every four-digit year ``calendar`` calls leap, as an ``is_in`` list."""
    import polars as pl

    return pl.Series([f"{y:04d}" for y in range(10_000) if calendar.isleap(y)], dtype=pl.String).implode()
#: Below this many rows a column is checked in one piece; above, in one piece per thread.
_SPLIT_ROWS = 50_000
Row = tuple[int, dict]


# --- patterns: Python ``re`` semantics in Rust regex syntax ------------------------------------

def _space_class(negated: bool = False, inner: bool = False) -> str:
    chars = "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE)
    if inner and not negated:
        return chars
    return f"[{'^' if negated else ''}{chars}]"


def rust_pattern(pattern: str) -> Optional[str]:
    """``pattern`` for polars (Rust regex), matching no string that ``re.match`` rejects.

    ``\\s``/``\\S`` become Python's whitespace set, and the match is anchored at the start
    as ``re.match`` is. Rust's ``$`` is stricter than Python's (which also matches before a
    final newline): the few strings that differ become candidates and Python decides.
    None when the pattern uses syntax this translation does not vouch for.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt in ("s", "S"):
                out.append(_space_class(negated=nxt == "S", inner=in_class))
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
    return f"^(?:{''.join(out)})"


def _surely_matches(c: "pl.Expr", pattern: str) -> Optional["pl.Expr"]:
    """True only where ``re.match(pattern, value)`` surely succeeds (None: cannot tell)."""
    if pattern == TRIMMED_PATTERN:  # the same test, on the first and last character only
        spaces = _spaces()
        return (c.str.len_bytes() > 0) & ~c.str.head(1).is_in(spaces) & ~c.str.tail(1).is_in(spaces)
    translated = rust_pattern(pattern)
    return None if translated is None else c.str.contains(translated)


def maybe_bad(col: ColumnSpec, c: Optional["pl.Expr"] = None) -> "pl.Expr":
    """True for every cell ``cells.compile_column`` could reject (and a few it accepts);
    for an empty cell (null), whether the column is required."""
    import polars as pl

    c = pl.col(col.name) if c is None else c
    conds: list[pl.Expr] = []
    if col.type == "integer":
        conds.append(~_surely_matches(c, _INTEGER_RE.pattern))
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
            ok = _surely_matches(c, col.pattern)
            conds.append(pl.lit(True) if ok is None else ~ok)
        if col.is_partial_date:  # a full date past its month's length (29 February: in a common year)
            day, month = c.str.slice(8, 2), c.str.slice(5, 2)
            leap_day = (month == "02") & (day == "29") & c.str.slice(0, 4).is_in(_leap_years())
            past_end = day > month.replace_strict(_MONTH_DAYS, default="00")
            conds.append((c.str.len_bytes() == 10) & past_end & ~leap_day)
    bad = pl.any_horizontal(conds).fill_null(True) if conds else pl.lit(False)
    return pl.when(c.is_null()).then(pl.lit(col.required)).otherwise(bad)


# --- reading -----------------------------------------------------------------------------------

def _scan_ok(path: Path, header: bytes) -> bool:
    """The exact header line first, and no carriage return anywhere (polars drops them)."""
    buf = bytearray(_CHUNK)
    with open(path, "rb", buffering=0) as fh:
        n = fh.readinto(buf)
        if not (buf.startswith(header + b"\n") or buf[:n] == header):
            return False
        while n:
            if buf.find(b"\r", 0, n) >= 0:
                return False
            n = fh.readinto(buf)
    return True


def _count_byte(path: Path, byte: bytes) -> int:
    total = 0
    with open(path, "rb", buffering=0) as fh:
        while chunk := fh.read(_CHUNK):
            total += chunk.count(byte)
    return total


class NotColumnar(Exception):
    """This file must be read by csvread: polars might read it differently."""


def _parse(spec: TableSpec, path: Path) -> "pl.DataFrame":
    """Polars' reading of the file (empty cell → null), checked for what polars hides.

    Polars splits fields as Python's ``csv`` does, except where it refuses the file (stray
    or unclosed quotes, extra cells, bad UTF-8: it raises) or hides a fault: it drops
    carriage returns and a BOM, and pads a short row with empty cells. The byte scan (run
    while polars parses) rules out the first two; ``_structure_flags`` the rest.
    """
    from concurrent.futures import ThreadPoolExecutor

    import polars as pl

    names = spec.column_names
    with ThreadPoolExecutor(1) as pool:
        scan = pool.submit(_scan_ok, path, ",".join(names).encode())
        try:
            df = pl.read_csv(path, infer_schema=False, null_values=[""], raise_if_empty=False)
        except Exception:  # whatever polars cannot read, csvread reports precisely
            df = None
        try:
            scanned = scan.result()
        except OSError:
            scanned = False
    if df is None or not scanned or tuple(df.columns) != names:
        raise NotColumnar
    if df.height and path.stat().st_size > MAX_CELL:  # csvread stops at a cell over its limit
        if df.select(pl.max_horizontal(pl.col(c).str.len_bytes().max() for c in names)).item() > MAX_CELL:
            raise NotColumnar
    return df


def _flags_blank(col: ColumnSpec) -> bool:
    """Whether ``maybe_bad`` surely flags this column's cell in a blank row (empty or all
    whitespace): a required column whose enum, integer type or trimmed-text pattern
    rejects whitespace."""
    return col.required and (
        (col.enum is not None and all(v.strip() for v in col.enum))
        or col.type == "integer" or col.pattern == TRIMMED_PATTERN
    )


def _structure_flags(spec: TableSpec, cells_checked: bool = False) -> dict[str, "pl.Expr"]:
    """Cheap row tests that every blank or short row passes (checked precisely when one
    does). With ``cells_checked``, a column flagged by the cell checks covers blank rows."""
    import polars as pl

    flags = {"short": pl.col(spec.column_names[-1]).is_null()}
    if not (cells_checked and any(_flags_blank(c) for c in spec.columns)):
        first = pl.col(spec.column_names[0])
        flags["blank"] = first.is_null() | first.str.head(1).is_in(_spaces())
    return flags


def _check_structure(spec: TableSpec, path: Path, df: "pl.DataFrame", flags: set[str]) -> None:
    """Raise NotColumnar when a row is blank (every cell empty or whitespace) or short."""
    import polars as pl

    names = spec.column_names
    if "blank" in flags:
        blank = pl.all_horizontal(pl.col(c).is_null() | pl.col(c).str.contains(f"^{_space_class()}*$") for c in names)
        if df.select(blank.any()).item():
            raise NotColumnar
    if "short" in flags:  # a short row is padded with empty cells: count the separators
        inside = df.select(pl.sum_horizontal(pl.col(c).str.count_matches(",", literal=True).sum() for c in names))
        if _count_byte(path, b",") != (df.height + 1) * (len(names) - 1) + (inside.item() or 0):
            raise NotColumnar


def read_columnar(spec: TableSpec, path: Path) -> Optional["pl.DataFrame"]:
    """The table as polars reads it (empty cell → null), or None when that reading might
    differ from ``csvread``'s."""
    try:
        df = _parse(spec, path)
        if df.height:
            flags = _flagged(df, _structure_flags(spec))
            _check_structure(spec, path, df, flags)
    except NotColumnar:
        return None
    return df


@dataclass
class Frame:
    """One table as columns: typed rows (empty cell → null), which rows are clean (no cell
    errors), and the line each row starts on."""

    spec: TableSpec
    df: Optional["pl.DataFrame"]  # None when the header did not match: no rows to trust
    row_count: int
    errors: list[ValidationError]
    columnar: bool  # read by polars (lines computed on demand) or by csvread (lines kept)
    clean: Optional["pl.Series"] = None  # None: every row is clean
    typed: Optional[list[Row]] = None  # csvread's rows, kept for Report.rows
    unique_key: bool = False  # no primary key value repeats
    _lines: Optional["pl.Series"] = None

    def lines(self) -> "pl.Series":
        """2 + rows before + newlines inside their cells: the line a row starts on."""
        import polars as pl

        if self._lines is None:
            nl = pl.sum_horizontal(
                pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in self.spec.column_names
            )
            self._lines = self.df.select(
                pl.int_range(pl.len(), dtype=pl.Int64) + 2 + nl.cum_sum().shift(1, fill_value=0)
            ).to_series()
        return self._lines

    def rows_at(self, index: "pl.Series") -> list[Row]:
        """(line, {column: value}) of the rows at these positions, in file order."""
        if not index.len():
            return []
        lines = self.lines().gather(index).to_list()
        return list(zip(lines, self.df[index].select(self.spec.column_names).to_dicts()))

    def all_rows(self) -> list[Row]:
        return list(zip(self.lines().to_list(), self.df.select(self.spec.column_names).to_dicts()))

    def clean_where(self, where: "pl.Expr") -> list[Row]:
        """Clean rows matching ``where``, in file order (few, or the check is wasted)."""
        import polars as pl

        if not self.df.height:
            return []
        where = where.fill_null(False)
        if self.clean is not None:
            where = where & pl.lit(self.clean)
        if not self.df.select(where.any()).item():
            return []
        return self.rows_at(self.df.select(pl.arg_where(where)).to_series())


def _frame_from_rows(spec: TableSpec, path: Path) -> Frame:
    """csvread's reading (structural and cell errors), as columns for the later stages."""
    import polars as pl

    read = read_csv(spec.name, path, spec.column_names)
    errors = list(read.errors)
    if not read.header_ok:
        return Frame(spec, None, read.row_count, errors, columnar=False)
    check_row = row_checker(spec)
    typed, clean = [], []
    for line, cells in read.rows:
        values, cell_errors = check_row(line, cells)
        errors.extend(cell_errors)
        typed.append((line, values))
        clean.append(not cell_errors)
    df = pl.DataFrame([values for _, values in typed], schema={n: pl.String for n in spec.column_names},
                      orient="row") if typed else pl.DataFrame(schema={n: pl.String for n in spec.column_names})
    return Frame(spec, df, read.row_count, errors, columnar=False,
                 clean=pl.Series("clean", clean, dtype=pl.Boolean), typed=typed,
                 _lines=pl.Series("line", [line for line, _ in typed], dtype=pl.Int64))


# --- layers 2 to 4 -----------------------------------------------------------------------------

def _parts(height: int, split: Optional[bool] = None) -> list[tuple[int, int]]:
    """Row ranges to work on in parallel (polars runs one expression on one thread)."""
    import polars as pl

    n = pl.thread_pool_size() if (height > _SPLIT_ROWS if split is None else split) else 1
    step = max(1, -(-height // n))
    return [(start, step) for start in range(0, height, step)] or [(0, 0)]


def _in_parallel(df: "pl.DataFrame", build: Callable[["pl.LazyFrame"], "pl.LazyFrame"],
                 split: Optional[bool] = None) -> "pl.DataFrame":
    """``build`` applied to slices of ``df`` on all threads, results in order."""
    import polars as pl

    parts = _parts(df.height, split)
    if len(parts) == 1:
        return build(df.lazy()).collect()
    return pl.concat(pl.collect_all([build(df.lazy().slice(start, n)) for start, n in parts]))


def _flagged(df: "pl.DataFrame", exprs: dict[str, "pl.Expr"], distinct: frozenset = frozenset()) -> set[str]:
    """Names whose expression is true somewhere: all evaluated in one pass, each on one
    slice of rows per thread (polars runs one expression on one thread). A column named
    in ``distinct`` is tested on its distinct values only."""
    if not exprs or not df.height:
        return set()
    import polars as pl

    checks = []
    for name, expr in exprs.items():
        for start, length in _parts(df.height):
            part = df.lazy().slice(start, length)
            if name in distinct:
                part = part.select(pl.col(name).unique())
            checks.append(part.select(expr.any().alias(name)))
    return {frame.columns[0] for frame in pl.collect_all(checks) if frame.item()}


def check_columns(frame: Frame, path: Path, trusted: dict[str, "pl.Series"], parents: dict[str, "pl.Series"]
                  ) -> list[ValidationError]:
    """Layers 2 to 4 of a table polars read: cells, primary key, foreign keys (and the
    structure tests ``read_columnar`` makes, in the same pass; NotColumnar if they fail).

    ``trusted`` maps a foreign-key column to its parent's keys that passed the very checks
    this column has: equal to one, a value needs no check of its own. ``parents`` maps
    each foreign-key column to every key of its parent table.
    """
    import polars as pl

    spec, df = frame.spec, frame.df
    fks = {fk.field: fk for fk in spec.foreign_keys}
    exprs = {f"\x00{name}": expr for name, expr in _structure_flags(spec, cells_checked=True).items()}
    for col in spec.columns:
        c = pl.col(col.name)
        if col.name in trusted:
            exprs[col.name] = pl.when(c.is_null()).then(pl.lit(col.required)).otherwise(
                ~c.is_in(trusted[col.name].implode()))
        else:
            exprs[col.name] = maybe_bad(col)
    # Few distinct dates, many tests each: test each distinct date once.
    flagged = _flagged(df, exprs, distinct={c.name for c in spec.columns if c.is_partial_date} - trusted.keys())
    structure = {f[1:] for f in flagged if f.startswith("\x00")}
    flagged -= {f"\x00{f}" for f in structure}
    if any(_flags_blank(c) and c.name in flagged for c in spec.columns):
        structure.add("blank")
    _check_structure(spec, path, df, structure)
    errors: list[ValidationError] = []

    # Cells: the row checker decides on every row a flagged column may fault.
    cell_cols = [spec.columns[spec.column_names.index(n)] for n in flagged]
    if cell_cols:
        bad = pl.any_horizontal(maybe_bad(col) for col in cell_cols)
        index = df.select(pl.arg_where(bad)).to_series()
        check_row = row_checker(spec)
        candidates = df[index].select(spec.column_names).rows()
        failed = [i for i, cells in zip(index.to_list(), candidates)  # decide first; locate the few that fail
                  if check_row(0, ["" if v is None else v for v in cells])[1]]
        if failed:
            failed_index = pl.Series(failed, dtype=pl.UInt32)
            for line, values in frame.rows_at(failed_index):
                errors += check_row(line, ["" if v is None else v for v in values.values()])[1]
            frame.clean = ~pl.int_range(df.height, eager=True).is_in(failed_index.cast(pl.Int64).implode())

    # Primary key: rows sorted by it (as the contract asks) cannot repeat it.
    key = df[spec.primary_key].drop_nulls()
    frame.unique_key = key.len() < 2 or bool((key.slice(1) > key.slice(0, key.len() - 1)).all())
    if not frame.unique_key:
        column = df[spec.primary_key]
        repeats = pl.arg_where(column.is_duplicated() & column.is_not_null(), eager=True)
        frame.unique_key = not repeats.len()
        if repeats.len():
            errors += check_primary_key(spec.name, spec.primary_key, frame.rows_at(repeats))[1]

    # Foreign keys: only a value that is not a (trusted) parent key can be missing.
    for name, fk in fks.items():
        if name in parents and not (name in trusted and name not in flagged):
            errors += _fk_errors(frame, fk, parents[name])
    return errors


# --- layer 5: meaning ----------------------------------------------------------------------------

@dataclass
class Context:
    """What later tables' checks need from earlier ones, kept to a few columns."""

    root: Path
    today: str
    date_fields: dict[str, tuple[str, ...]]
    all_keys: dict[str, "pl.Series"] = field(default_factory=dict)  # every key of a well-formed row
    valid_keys: dict[str, "pl.Series"] = field(default_factory=dict)  # keys of rows without cell errors
    inspections: Optional["pl.DataFrame"] = None  # clean inspections as the rule's lookup sees them
    later: set[str] = field(default_factory=set)  # tables not read yet
    _archive: dict[str, bytes] = field(default_factory=dict)
    _present: Optional[set[str]] = None

    def archives(self, source_ids: "pl.Series") -> dict[str, bytes]:
        """archive/<source_id>.txt of each id that has one, as ``validate._archives`` finds
        them; each file read once."""
        folder = self.root / "archive"
        if self._present is None:
            names = os.listdir(folder) if folder.is_dir() else []
            self._present = {n[:-4] for n in names if n.endswith(".txt")}
        ids = set(source_ids.drop_nulls().unique().to_list()) & self._present
        for source_id in sorted(ids - self._archive.keys()):
            self._archive[source_id] = _read_file(os.path.join(folder, f"{source_id}.txt"))
        return {i: self._archive[i] for i in sorted(ids)}


def _read_file(path: str) -> bytes:
    """A small file's bytes with the fewest system calls (thousands of archives)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _pair_key(*names: str) -> "pl.Expr":
    """One 64-bit hash per combination of values. Equal combinations hash equal; wherever a
    collision could matter it only adds candidates, never hides one."""
    import polars as pl

    key = pl.col(names[0]).hash(seed=1)
    for seed, name in enumerate(names[1:], start=2):
        key = key ^ pl.col(name).hash(seed=seed)
    return key


def meaning(frame: Frame, ctx: Context) -> list[ValidationError]:
    """The rules ``validate._meaning`` applies to this table, run on candidate rows."""
    import polars as pl

    table, errors = frame.spec.name, []
    fields = ctx.date_fields.get(table)
    if fields:  # as text, a partial or full date not after today's YYYY-MM is not after today
        month = ctx.today[:7]
        errors += rules.check_future_dates(
            table, frame.clean_where(pl.any_horizontal(pl.col(f) > month for f in fields)), fields, ctx.today)
    if table == "inspections":  # two dates in order as text are in order as dates
        dates = [pl.col(f) for f in ("start_date", "end_date", "published_date")]
        later_first = pl.any_horizontal(a > b for i, a in enumerate(dates) for b in dates[i + 1:])
        errors += rules.check_inspection_dates("inspections", frame.clean_where(later_first))
    elif table == "judgements":
        errors += _judgement_errors(frame, ctx.inspections)
    elif table == "recommendations":
        errors += rules.check_recommendation_positions(_in_repeated_groups(frame, ("inspection_id", "position")))
    elif table == "statements":
        clean = frame.df["source_id"] if frame.clean is None else frame.df["source_id"].filter(frame.clean)
        archive = ctx.archives(clean)
        rows = _quote_candidates(frame, archive)
        texts = {sid: rules.normalise_text(archive[sid].decode("utf-8", errors="replace"))
                 for sid in {r["source_id"] for _, r in rows} if sid in archive}
        errors += rules.check_quotes(rows, texts)
    elif table == "sources":
        clean = frame.df["source_id"] if frame.clean is None else frame.df["source_id"].filter(frame.clean)
        hashes = {sid: hashlib.sha256(data).hexdigest() for sid, data in ctx.archives(clean).items()}
        actual = pl.DataFrame({"source_id": list(hashes), "_actual": list(hashes.values())},
                              schema={"source_id": pl.String, "_actual": pl.String})
        differ = (frame.df.select("source_id", "sha256").with_row_index("_i")
                  .join(actual, on="source_id", how="inner")
                  .filter(pl.col("sha256") != pl.col("_actual"))["_i"])
        where = pl.int_range(pl.len(), dtype=pl.UInt32).is_in(differ.implode())
        errors += rules.check_archive_hashes(frame.clean_where(where), hashes)
    return errors


def _clean_frame(frame: Frame) -> "pl.DataFrame":
    """The clean rows, each with its position in the file (``_i``)."""
    df = frame.df.with_row_index("_i")
    return df if frame.clean is None else df.filter(frame.clean)


def _in_repeated_groups(frame: Frame, group: tuple[str, ...]) -> list[Row]:
    """Clean rows whose values in ``group`` recur among clean rows: only they can repeat."""
    import polars as pl

    df = _clean_frame(frame).select("_i", _pair_key(*group).alias("_k"))
    if df["_k"].n_unique() == df.height:
        return []
    return frame.rows_at(df.filter(pl.col("_k").is_duplicated())["_i"])


def _judgement_errors(judgements: Frame, lookup: Optional["pl.DataFrame"]) -> list[ValidationError]:
    """``rules.check_judgements`` on the rows that could fail: graded on a visit, an area
    outside the framework, or in a group (inspection, area) whose grades differ or whose
    sources repeat."""
    import polars as pl

    if not judgements.df.height:
        return []
    if lookup is None:
        lookup = pl.DataFrame(schema={"inspection_id": pl.String, "framework": pl.String,
                                      "inspection_type": pl.String})
    full = lookup
    areas = sorted({a.value for areas in FRAMEWORK_AREAS.values() for a in areas})
    masks = {f.value: sum(1 << areas.index(a.value) for a in allowed) for f, allowed in FRAMEWORK_AREAS.items()}
    ungraded = pl.Series([t.value for t in UNGRADED_TYPES], dtype=pl.String).implode()
    lookup = lookup.select(  # per inspection: the areas it may grade, as bits (none for a visit)
        "inspection_id",
        pl.when(pl.col("inspection_type").is_in(ungraded)).then(pl.lit(0, pl.Int64))
        .otherwise(pl.col("framework").replace_strict(masks, default=0, return_dtype=pl.Int64)).alias("_mask"),
    )
    df = _clean_frame(judgements).select("_i", "inspection_id", "area", "grade", "source_id")
    bit = pl.col("area").replace_strict({a: 1 << i for i, a in enumerate(areas)}, default=0, return_dtype=pl.Int64)
    per_row = (df.select("_i", "inspection_id", "area").join(lookup, on="inspection_id", how="inner")
               .filter((pl.col("_mask") & bit) == 0)["_i"])
    pairs = df.select("_i", "grade", _pair_key("inspection_id", "area").alias("_pair"),
                      _pair_key("inspection_id", "area", "source_id").alias("_triple"))
    risky = pairs.group_by("_pair").agg(
        ((pl.col("grade").n_unique() > 1) | (pl.len() > pl.col("_triple").n_unique())).alias("_risky")
    ).filter(pl.col("_risky"))["_pair"]
    in_risky = pairs.filter(pl.col("_pair").is_in(risky.implode()))["_i"] if risky.len() else per_row.clear()
    picked = pl.concat([per_row, in_risky]).unique().sort()
    if not picked.len():
        return []
    rows = judgements.rows_at(picked)
    wanted = pl.Series(list({values["inspection_id"] for _, values in rows}), dtype=pl.String)
    inspections = {r["inspection_id"]: r for r in full.filter(pl.col("inspection_id").is_in(wanted.implode())).to_dicts()}
    return rules.check_judgements(rows, inspections)


def _fold(c: "pl.Expr") -> "pl.Expr":
    """``rules.normalise_text``'s character mapping (quote marks and dashes folded, each
    whitespace character a space) without collapsing runs or trimming."""
    table = rules._QUOTE_MARKS
    spaces = [ch for ch in PY_SPACE if ch != " "]
    old = [chr(k) for k in table] + spaces
    new = [chr(v) if isinstance(v, int) else v for v in table.values()] + [" "] * len(spaces)
    return c.str.replace_many(old, new)


def _quote_candidates(statements: Frame, archive: dict[str, bytes]) -> list[Row]:
    """Statements ``rules.check_quotes`` could fault: a quote that may be ill-formed, or
    one not surely in its source's archived text.

    Surely in: found after ``_fold`` on both sides. Folding is character by character, and
    collapsing or trimming whitespace keeps a substring a substring, so found folded means
    found normalised; anything else goes to the rule.
    """
    import polars as pl

    quote = pl.col("quote")
    marks = "".join(f"\\x{{{ord(c):x}}}" for c in rules._DOUBLE_MARKS)
    ill_formed = (
        quote.str.contains("...", literal=True) | quote.str.contains("\u2026", literal=True)
        | quote.str.contains(f"^[{marks}]") | quote.str.contains(f"[{marks}]$")
    )
    if not archive:
        return statements.clean_where(ill_formed)
    texts = pl.DataFrame({"source_id": list(archive), "_text": list(archive.values())},
                         schema={"source_id": pl.String, "_text": pl.Binary})
    try:
        texts = texts.with_columns(pl.col("_text").cast(pl.String))
    except Exception:  # not UTF-8: decode as the row path does
        texts = texts.with_columns(pl.Series("_text", [b.decode("utf-8", errors="replace") for b in archive.values()]))
    texts = _in_parallel(texts, lambda lf: lf.with_columns(_fold(pl.col("_text"))), split=len(texts) > 1).rechunk()
    df = (
        _clean_frame(statements).select("_i", "source_id", "quote", ill_formed.alias("_ill"))
        .join(texts, on="source_id", how="left", maintain_order="left")
    )
    found = _in_parallel(df, lambda lf: lf.select(
        "_i", "_ill", pl.col("_text").is_null().alias("_none"),
        pl.col("_text").str.contains(_fold(quote), literal=True).alias("_found")))
    picked = found.filter(pl.col("_ill") | (~pl.col("_none") & ~pl.col("_found").fill_null(False)))["_i"]
    return statements.rows_at(picked)


# --- the engine --------------------------------------------------------------------------------

class LazyRows(Mapping):
    """``Report.rows`` for the columnar engine: a table's rows become Python dicts only when
    a command asks for them (validating a million rows does not need them)."""

    def __init__(self, builders: dict[str, Callable[[], list[Row]]]):
        self._builders = builders
        self._built: dict[str, list[Row]] = {}

    def __getitem__(self, table: str) -> list[Row]:
        if table not in self._built:
            self._built[table] = self._builders[table]()
        return self._built[table]

    def __contains__(self, table: object) -> bool:
        return table in self._builders

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


def _reread(spec: TableSpec, path: Path) -> Callable[[], list[Row]]:
    """Rows of a file polars read: read again when asked for, not held meanwhile."""
    def build() -> list[Row]:
        df = read_columnar(spec, path)
        if df is None:  # the file changed since: read it as the row path does
            read = read_csv(spec.name, path, spec.column_names)
            check = row_checker(spec)
            return [(line, check(line, cells)[0]) for line, cells in read.rows]
        return Frame(spec, df, df.height, [], columnar=True).all_rows()

    return build


def _same_checks(a: ColumnSpec, b: ColumnSpec) -> bool:
    return all(getattr(a, k) == getattr(b, k) for k in ("type", "pattern", "max_length", "minimum", "maximum", "enum"))


def load_frame(spec: TableSpec, path: Path, trusted: dict, parents: dict) -> tuple[Frame, list[ValidationError]]:
    """Layers 1 to 4 of one table: columns when polars reads it as csvread would, else rows."""
    try:
        frame = Frame(spec, _parse(spec, path), 0, [], columnar=True)
        frame.row_count = frame.df.height
        return frame, check_columns(frame, path, trusted, parents)
    except NotColumnar:
        frame = _frame_from_rows(spec, path)
        return frame, (_row_keys(frame, parents) if frame.df is not None else [])


#: Polars' allocator (jemalloc) keeps freed memory for 10 s by default, so a run that reads
#: table after table holds the peak of all of them; returning it after 100 ms keeps a 1M-row
#: validation under 400 MB for ~5% more time. Applied only when this process imports polars
#: here and the variable is not set.
ALLOCATOR_CONF = ("_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:100,muzzy_decay_ms:0")


def _tune_allocator() -> None:
    import sys

    if "polars" not in sys.modules:
        os.environ.setdefault(*ALLOCATOR_CONF)


def validate_columns(report, specs: tuple[TableSpec, ...], today: str, date_fields: dict) -> None:
    """Fill ``report`` (errors, row counts, rows) exactly as ``validate``'s row path would."""
    _tune_allocator()
    package = report.package
    ctx = Context(package.root, today, date_fields, later={s.name for s in specs if s.name in package.paths})
    pending: list[tuple[Frame, object]] = []  # foreign keys to tables read later
    builders: dict[str, Callable[[], list[Row]]] = {}
    for spec in _order(specs, package.paths):
        _validate_table(spec, package.paths[spec.name], specs, ctx, report, pending, builders)
    for frame, fk in pending:
        if fk.table in ctx.all_keys:
            report.errors.extend(_fk_errors(frame, fk, ctx.all_keys[fk.table]))
    order = [s.name for s in specs]  # package order, as the row engine fills them
    report.row_counts = {t: report.row_counts[t] for t in order if t in report.row_counts}
    report.rows = LazyRows({t: builders[t] for t in order if t in builders})


def _order(specs: tuple[TableSpec, ...], paths: dict[str, Path]) -> list[TableSpec]:
    """Referenced tables before the tables that refer to them; otherwise the largest file
    first, so the smaller ones reuse its memory (the report is sorted afterwards)."""
    def size(spec: TableSpec) -> int:
        try:
            return paths[spec.name].stat().st_size
        except OSError:
            return 0

    todo = [s for s in specs if s.name in paths]
    done: set[str] = set()
    ordered = []
    while todo:
        ready = [s for s in todo if all(fk.table in done or fk.table not in paths for fk in s.foreign_keys)] or todo
        spec = max(ready, key=size)
        ordered.append(spec)
        done.add(spec.name)
        todo.remove(spec)
    return ordered


def _validate_table(spec: TableSpec, path: Path, specs, ctx: Context, report, pending: list, builders: dict) -> None:
    """Every layer for one table; its columns are dropped on return but for what ``ctx`` keeps."""
    columns = {s.name: {c.name: c for c in s.columns} for s in specs}
    referenced = {fk.table for s in specs for fk in s.foreign_keys}
    parents = {fk.field: ctx.all_keys[fk.table] for fk in spec.foreign_keys if fk.table in ctx.all_keys}
    trusted = {fk.field: ctx.valid_keys[fk.table] for fk in spec.foreign_keys if fk.table in ctx.valid_keys
               and _same_checks(columns[spec.name][fk.field], columns[fk.table][fk.table_field])}
    frame, key_errors = load_frame(spec, path, trusted, parents)
    report.errors.extend(frame.errors)
    report.row_counts[spec.name] = frame.row_count
    if frame.df is None:
        return
    report.errors.extend(key_errors)
    pending += [(frame, fk) for fk in spec.foreign_keys if fk.table not in ctx.all_keys and fk.table in ctx.later]
    ctx.later.discard(spec.name)
    if spec.name in referenced:
        key = frame.df[spec.primary_key]
        ctx.all_keys[spec.name] = key.drop_nulls()
        ctx.valid_keys[spec.name] = (key if frame.clean is None else key.filter(frame.clean)).drop_nulls()
    if spec.name == "inspections":  # the rule's dict of clean rows: a repeated id keeps the last
        lookup = _clean_frame(frame).select("inspection_id", "framework", "inspection_type")
        ctx.inspections = lookup if frame.unique_key else lookup.unique("inspection_id", keep="last",
                                                                          maintain_order=True)
    report.errors.extend(meaning(frame, ctx))
    builders[spec.name] = _reread(spec, path) if frame.columnar else (lambda rows=frame.typed: rows)


def _fk_errors(frame: Frame, fk, keys: "pl.Series") -> list[ValidationError]:
    """``keys.check_foreign_key`` on the rows whose value is not among ``keys``."""
    import polars as pl

    if not frame.columnar:
        return check_foreign_key(frame.spec.name, fk, frame.typed, frozenset(keys.to_list()))
    column = frame.df[fk.field]
    missing = pl.arg_where(column.is_not_null() & ~column.is_in(keys.implode()), eager=True)
    return check_foreign_key(frame.spec.name, fk, frame.rows_at(missing), frozenset()) if missing.len() else []


def _row_keys(frame: Frame, parents: dict[str, "pl.Series"]) -> list[ValidationError]:
    """Layers 3 and 4 for a table csvread read: its rows are already Python objects."""
    spec = frame.spec
    errors = check_primary_key(spec.name, spec.primary_key, frame.typed)[1]
    for fk in spec.foreign_keys:
        if fk.field in parents:
            errors += _fk_errors(frame, fk, parents[fk.field])
    return errors
