"""Layer 1 for the columnar engine: read a file with polars only when polars reads it as
``csvread`` does, else with ``csvread``; either way, a ``Frame`` of typed rows."""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from civic_accountability.contract.errors import ValidationError
from civic_accountability.contract.fieldtypes import TRIMMED_PATTERN
from civic_accountability.contract.specs import ColumnSpec, TableSpec
from civic_accountability.dataset.reader import open_table
from civic_accountability.validation.cells import row_checker
from civic_accountability.validation.csvread import MAX_CELL, read_csv
from civic_accountability.validation.fast.candidates import space_class, spaces
from civic_accountability.validation.fast.parallel import flagged

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


#: Bytes read at a time when scanning a file.
CHUNK = 1 << 20
#: Bytes of CSV parsed at a time (see ``_parse_pieces``).
PIECE = 8 << 20
#: Two blank lines in a row: surely blank rows (or, rarely, a quoted cell's paragraphs),
#: which csvread reads anyway. Polars would first hold every one as a row of nulls (16 MiB
#: of newlines: 1.5 GB), so such a file goes straight to csvread.
BLANK_RUN = b"\n\n\n"
#: A row as the row path gives it: the line it starts on, and column → value (None if empty).
Row = tuple[int, dict]


def scan_ok(data: bytes, header: bytes) -> bool:
    """The exact header line first, no carriage return anywhere (polars drops them), and
    quoting both parsers read alike (``well_quoted``)."""
    return (data.startswith(header + b"\n") or data == header) and b"\r" not in data and well_quoted(data)


def count_byte(path: Path, byte: bytes, root: Optional[Path] = None) -> int:
    total = 0
    with open_table(path, root) as fh:
        while chunk := fh.read(CHUNK):
            total += chunk.count(byte)
    return total


class NotColumnar(Exception):
    """This file must be read by csvread: polars might read it differently."""


class _BadPiece(Exception):
    """A piece did not parse: a cut inside a quoted cell, or a fault polars refuses."""


def _looks_like_a_record(line: bytes, width: int) -> bool:
    """Whether a line read alone is one record of ``width`` cells (a guess, not a proof)."""
    try:
        return len(next(csv.reader([line.decode("utf-8")], strict=True))) == width
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return False


def _cuts(fh, size: int, width: int) -> list[int]:
    """Offsets that likely start a record, about every PIECE bytes: just after a newline
    whose next line reads as a whole record (``_parse_pieces`` proves each one)."""
    cuts, pos = [0], PIECE
    while pos < size:
        fh.seek(pos)
        window = fh.read(1 << 16)
        lines = window.split(b"\n")[1:-1]  # whole lines after the first newline
        offset = window.find(b"\n") + 1
        for line in lines:
            if _looks_like_a_record(line, width):
                break
            offset += len(line) + 1
        else:
            break  # no likely record start nearby: parse the rest in one piece
        cuts.append(pos + offset)
        pos += offset + PIECE
    return cuts + [size]


def _parse_pieces(spec: TableSpec, path: Path, root: Optional[Path]) -> tuple["pl.DataFrame", int]:
    """Parse the file a piece at a time, each cut at a newline: polars needs about 2.5 times
    the bytes it parses at once, so pieces keep a 1M-row package well under 400 MB.

    A cut inside a quoted cell leaves the piece before it with an unclosed quote, which
    polars refuses (``_BadPiece``); a piece that parses therefore ends where a record ends.
    The file is opened once, through the guard (``dataset.reader.open_table``). Returns
    the rows and the file's size.
    """
    import polars as pl

    names = spec.column_names
    header = ",".join(names).encode()
    schema = {name: pl.String for name in names}
    frames = []
    with open_table(path, root) as fh, ThreadPoolExecutor(1) as pool:
        size = os.fstat(fh.fileno()).st_size
        cuts = _cuts(fh, size, len(names))
        for i, (start, end) in enumerate(zip(cuts, cuts[1:])):
            fh.seek(start)
            piece = fh.read(end - start)
            if i == 0 and not (piece.startswith(header + b"\n") or piece == header):
                raise NotColumnar
            if b"\r" in piece or BLANK_RUN in piece:
                raise NotColumnar
            # The quoting is checked on another thread while polars parses (it frees the GIL).
            quoting = pool.submit(well_quoted, piece) if b'"' in piece else None
            options = {"infer_schema": False} if i == 0 else {"has_header": False, "schema": schema}
            try:
                frames.append(pl.read_csv(piece, null_values=[""], raise_if_empty=False, **options))
            except Exception as exc:
                raise _BadPiece from exc
            if quoting is not None and not quoting.result():
                raise _BadPiece  # a cut in a quoted cell, or bad quoting: the whole file decides
    if not frames:
        raise NotColumnar
    return (frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)), size


#: The quoting Python's strict ``csv`` reader accepts, minus quotes inside unquoted cells
#: (which Python keeps as text): a quoted cell opens at the start of a field, doubles every
#: quote inside it, and closes just before a separator, a newline or the end. Polars reads
#: some text outside this (``"He said "hi" to me"`` becomes ``He said hi to me``; Python
#: stops with a format error), so such a file goes to csvread.
#:
#: Every quantifier is possessive and the field boundaries are look-arounds, so ``re`` never
#: backtracks: one pass, linear in the bytes even when the match fails (an earlier,
#: backtracking form took a minute on one stray quote in a 0.7 MB file). ~1 GB/s.
_WELL_QUOTED = re.compile(rb'(?:[^"]*+(?<![^,\n])"[^"]*+(?:""[^"]*+)*+"(?![^,\n]))*+[^"]*+')


def well_quoted(data: bytes) -> bool:
    """Whether every quote in ``data`` (which starts at the start of a record) is where
    Python's csv module and polars read it alike."""
    return b'"' not in data or _WELL_QUOTED.fullmatch(data) is not None


def _parse_whole(spec: TableSpec, path: Path, root: Optional[Path]) -> tuple["pl.DataFrame", int]:
    """Parse the file in one go, scanning its bytes on another thread meanwhile."""
    import polars as pl

    with open_table(path, root) as fh:
        data = fh.read()
    if BLANK_RUN in data:
        raise NotColumnar
    with ThreadPoolExecutor(1) as pool:
        scan = pool.submit(scan_ok, data, ",".join(spec.column_names).encode())
        try:
            df = pl.read_csv(data, infer_schema=False, null_values=[""], raise_if_empty=False)
        except Exception:  # whatever polars cannot read, csvread reports precisely
            df = None
        scanned = scan.result()
    if df is None or not scanned:
        raise NotColumnar
    return df, len(data)


def parse(spec: TableSpec, path: Path, root: Optional[Path] = None) -> "pl.DataFrame":
    """Polars' reading of the file (empty cell → null), checked for what polars hides.

    Polars splits fields as Python's ``csv`` does, except where it refuses the file (extra
    cells, bad UTF-8, most stray quotes: it raises) or reads it differently: it drops
    carriage returns and a BOM, reads some badly quoted cells where Python stops, and pads
    a short row with empty cells. The byte checks here rule out the first three;
    ``structure_flags`` the last. ``root``: the package directory, for the guarded open
    (``dataset.reader.open_table``); a file it refuses goes to csvread, which says why.
    """
    import polars as pl

    names = spec.column_names
    try:
        try:
            df, size = _parse_pieces(spec, path, root)
        except _BadPiece:  # a cut in a quoted cell, or a fault: one piece decides which
            df, size = _parse_whole(spec, path, root)
    except OSError:
        raise NotColumnar from None
    if tuple(df.columns) != names:
        raise NotColumnar
    if df.height and size > MAX_CELL:  # csvread stops at a cell over its limit
        if df.select(pl.max_horizontal(pl.col(c).str.len_bytes().max() for c in names)).item() > MAX_CELL:
            raise NotColumnar
    return df


def flags_blank(col: ColumnSpec) -> bool:
    """Whether ``maybe_bad`` surely flags this column's cell in a blank row (empty or all
    whitespace): a required column whose enum, integer type or trimmed-text pattern
    rejects whitespace."""
    return col.required and (
        (col.enum is not None and all(v.strip() for v in col.enum))
        or col.type == "integer"
        or col.pattern == TRIMMED_PATTERN
    )


def structure_flags(spec: TableSpec, cells_checked: bool = False) -> dict[str, "pl.Expr"]:
    """Cheap row tests that every blank or short row passes (checked precisely when one
    does). With ``cells_checked``, a column flagged by the cell checks covers blank rows."""
    import polars as pl

    flags = {"short": pl.col(spec.column_names[-1]).is_null()}
    if not (cells_checked and any(flags_blank(c) for c in spec.columns)):
        first = pl.col(spec.column_names[0])
        flags["blank"] = first.is_null() | first.str.head(1).is_in(spaces())
    return flags


def check_structure(
    spec: TableSpec, path: Path, df: "pl.DataFrame", flags: set[str], root: Optional[Path] = None
) -> None:
    """Raise NotColumnar when a row is blank (every cell empty or whitespace) or short."""
    import polars as pl

    names = spec.column_names
    if "blank" in flags:
        blank = pl.all_horizontal(pl.col(c).is_null() | pl.col(c).str.contains(f"^{space_class()}*$") for c in names)
        if df.select(blank.any()).item():
            raise NotColumnar
    if "short" in flags:  # a short row is padded with empty cells: count the separators
        inside = df.select(pl.sum_horizontal(pl.col(c).str.count_matches(",", literal=True).sum() for c in names))
        if count_byte(path, b",", root) != (df.height + 1) * (len(names) - 1) + (inside.item() or 0):
            raise NotColumnar


def read_columnar(spec: TableSpec, path: Path, root: Optional[Path] = None) -> Optional["pl.DataFrame"]:
    """The table as polars reads it (empty cell → null), or None when that reading might
    differ from ``csvread``'s (or the file may not be read)."""
    try:
        df = parse(spec, path, root)
        if df.height:
            flags = flagged(df, structure_flags(spec))
            check_structure(spec, path, df, flags, root)
    except (NotColumnar, OSError):
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
    sorted_key: bool = False  # the primary key's values (nulls aside) rise strictly, row after row
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


def frame_from_rows(spec: TableSpec, path: Path, root: Optional[Path] = None, errors: Optional[list] = None) -> Frame:
    """csvread's reading (structural and cell errors), as columns for the later stages.
    ``errors``: where to add them as they are found (the report's bounded log), else the
    frame's own list."""
    import polars as pl

    errors = [] if errors is None else errors
    read = read_csv(spec.name, path, spec.column_names, root, errors)
    if not read.header_ok:
        return Frame(spec, None, read.row_count, errors, columnar=False)
    check_row = row_checker(spec)
    typed, clean = [], []
    for line, cells in read.rows:
        values, cell_errors = check_row(line, cells)
        errors.extend(cell_errors)
        typed.append((line, values))
        clean.append(not cell_errors)
    df = (
        pl.DataFrame([values for _, values in typed], schema={n: pl.String for n in spec.column_names}, orient="row")
        if typed
        else pl.DataFrame(schema={n: pl.String for n in spec.column_names})
    )
    return Frame(
        spec,
        df,
        read.row_count,
        errors,
        columnar=False,
        clean=pl.Series("clean", clean, dtype=pl.Boolean),
        typed=typed,
        _lines=pl.Series("line", [line for line, _ in typed], dtype=pl.Int64),
    )
