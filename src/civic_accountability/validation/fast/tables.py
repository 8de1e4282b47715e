"""Layers 2 to 4 for a table polars read: cells, primary key, foreign keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from civic_accountability.contract.errors import ValidationError
from civic_accountability.validation.cells import row_checker
from civic_accountability.validation.fast.candidates import maybe_bad
from civic_accountability.validation.fast.parallel import flagged
from civic_accountability.validation.fast.reading import Frame, check_structure, flags_blank, structure_flags
from civic_accountability.validation.keys import check_foreign_key, check_primary_key

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


#: Rows taken to Python at a time when deciding candidates or wording errors: an avalanche
#: (every row bad) then holds one batch of rows, not a million, while errors go to a
#: bounded ``ErrorLog``.
BATCH = 20_000


def key_series(df: "pl.DataFrame", spec) -> "pl.Series":
    """The primary key as one column: a composite key's values joined by ``KEY_JOIN``
    (null when any is), so it sorts and repeats as the row engine's ``key_value``."""
    import polars as pl

    from civic_accountability.contract.columns import KEY_JOIN

    if isinstance(spec.primary_key, str):
        return df[spec.primary_key]
    return df.select(
        pl.concat_str([pl.col(k).cast(pl.String) for k in spec.key_fields], separator=KEY_JOIN).alias("_key")
    ).to_series()


def _batches(index: "pl.Series") -> Iterator["pl.Series"]:
    for start in range(0, index.len(), BATCH):
        yield index.slice(start, BATCH)


def check_columns(
    frame: Frame,
    path: Path,
    trusted: dict[str, "pl.Series"],
    parents: dict[str, "pl.Series"],
    errors: Optional[list] = None,
    root: Optional[Path] = None,
) -> list[ValidationError]:
    """Layers 2 to 4 of a table polars read: cells, primary key, foreign keys (and the
    structure tests ``read_columnar`` makes, in the same pass; NotColumnar if they fail,
    before any error is added). Errors are added to ``errors`` (returned).

    ``trusted`` maps a foreign-key column to its parent's keys that passed the very checks
    this column has: equal to one, a value needs no check of its own. ``parents`` maps
    each foreign-key column to every key of its parent table.
    """
    import polars as pl

    errors = [] if errors is None else errors
    spec, df = frame.spec, frame.df
    fks = {fk.field: fk for fk in spec.foreign_keys}
    exprs = {f"\x00{name}": expr for name, expr in structure_flags(spec, cells_checked=True).items()}
    for col in spec.columns:
        c = pl.col(col.name)
        if col.name in trusted:
            exprs[col.name] = (
                pl.when(c.is_null()).then(pl.lit(col.required)).otherwise(~c.is_in(trusted[col.name].implode()))
            )
        else:
            exprs[col.name] = maybe_bad(col)
    # Few distinct dates, many tests each: test each distinct date once.
    hits = flagged(df, exprs, distinct={c.name for c in spec.columns if c.is_partial_date} - trusted.keys())
    structure = {f[1:] for f in hits if f.startswith("\x00")}
    hits -= {f"\x00{f}" for f in structure}
    if any(flags_blank(c) and c.name in hits for c in spec.columns):
        structure.add("blank")
    check_structure(spec, path, df, structure, root)

    # Cells: the row checker decides on every row a flagged column may fault.
    cell_cols = [spec.columns[spec.column_names.index(n)] for n in hits]
    if cell_cols:
        bad = pl.any_horizontal(maybe_bad(col) for col in cell_cols)
        failed = _check_cells(frame, df.select(pl.arg_where(bad)).to_series(), errors)
        if failed is not None and failed.len():
            frame.clean = ~pl.int_range(df.height, eager=True).is_in(failed.cast(pl.Int64).implode())

    # Primary key: rows sorted by it (as the contract asks) cannot repeat it.
    column = key_series(df, spec)
    key = column.drop_nulls()
    frame.unique_key = frame.sorted_key = key.len() < 2 or bool((key.slice(1) > key.slice(0, key.len() - 1)).all())
    if not frame.unique_key:
        repeats = pl.arg_where(column.is_duplicated() & column.is_not_null(), eager=True)
        frame.unique_key = not repeats.len()
        if repeats.len():
            rows = (row for batch in _batches(repeats) for row in frame.rows_at(batch))
            errors.extend(check_primary_key(spec.name, spec.primary_key, rows)[1])

    # Foreign keys: only a value that is not a (trusted) parent key can be missing.
    for name, fk in fks.items():
        if name in parents and not (name in trusted and name not in hits):
            errors.extend(fk_errors(frame, fk, parents[name]))
    return errors


def _check_cells(frame: Frame, index: "pl.Series", errors: list) -> Optional["pl.Series"]:
    """``row_checker`` on the candidate rows at ``index``, a batch at a time, their errors
    added to ``errors``; the positions of the rows that fail (None if none does). Lines are
    computed only once a row fails: valid data has candidates but rarely needs a line."""
    import polars as pl

    spec, df = frame.spec, frame.df
    check_row = row_checker(spec)
    failed: list["pl.Series"] = []
    lines = None
    for batch in _batches(index):
        positions = batch.to_list()
        rows = [["" if v is None else v for v in row] for row in df[batch].select(spec.column_names).rows()]
        batch_errors, batch_failed = [], []
        if lines is None:  # decide first, with no line: most candidates of valid data pass
            found = [(i, row_errors) for i, cells in zip(positions, rows) if (row_errors := check_row(0, cells)[1])]
            if not found:
                continue
            lines = frame.lines()
            for (i, row_errors), line in zip(found, lines.gather([i for i, _ in found]).to_list()):
                batch_failed.append(i)
                batch_errors += [
                    ValidationError(e.table, line, e.code, e.field, e.value, e.message) for e in row_errors
                ]
        else:
            for i, line, cells in zip(positions, lines.gather(positions).to_list(), rows):
                row_errors = check_row(line, cells)[1]
                if row_errors:
                    batch_failed.append(i)
                    batch_errors += row_errors
        errors.extend(batch_errors)
        failed.append(pl.Series(batch_failed, dtype=pl.UInt32))
    return pl.concat(failed) if failed else None


def fk_errors(frame: Frame, fk, keys: "pl.Series") -> Iterator[ValidationError]:
    """``keys.check_foreign_key`` on the rows whose value is not among ``keys``, a batch
    of rows at a time."""
    import polars as pl

    if not frame.columnar:
        yield from check_foreign_key(frame.spec.name, fk, frame.typed, frozenset(keys.to_list()))
        return
    column = frame.df[fk.field]
    missing = pl.arg_where(column.is_not_null() & ~column.is_in(keys.implode()), eager=True)
    for batch in _batches(missing):
        yield from check_foreign_key(frame.spec.name, fk, frame.rows_at(batch), frozenset(), every_key=keys.to_list)


def row_keys(frame: Frame, parents: dict[str, "pl.Series"]) -> list[ValidationError]:
    """Layers 3 and 4 for a table csvread read: its rows are already Python objects."""
    spec = frame.spec
    errors = check_primary_key(spec.name, spec.primary_key, frame.typed)[1]
    for fk in spec.foreign_keys:
        if fk.field in parents:
            errors += fk_errors(frame, fk, parents[fk.field])
    return errors
