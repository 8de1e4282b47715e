"""Layers 2 to 4 for a table polars read: cells, primary key, foreign keys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from civic_accountability.validation.cells import row_checker
from civic_accountability.validation.errors import ValidationError
from civic_accountability.validation.fast.candidates import maybe_bad
from civic_accountability.validation.fast.parallel import flagged
from civic_accountability.validation.fast.reading import Frame, check_structure, flags_blank, structure_flags
from civic_accountability.validation.keys import check_foreign_key, check_primary_key

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


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
    exprs = {f"\x00{name}": expr for name, expr in structure_flags(spec, cells_checked=True).items()}
    for col in spec.columns:
        c = pl.col(col.name)
        if col.name in trusted:
            exprs[col.name] = pl.when(c.is_null()).then(pl.lit(col.required)).otherwise(
                ~c.is_in(trusted[col.name].implode()))
        else:
            exprs[col.name] = maybe_bad(col)
    # Few distinct dates, many tests each: test each distinct date once.
    hits = flagged(df, exprs, distinct={c.name for c in spec.columns if c.is_partial_date} - trusted.keys())
    structure = {f[1:] for f in hits if f.startswith("\x00")}
    hits -= {f"\x00{f}" for f in structure}
    if any(flags_blank(c) and c.name in hits for c in spec.columns):
        structure.add("blank")
    check_structure(spec, path, df, structure)
    errors: list[ValidationError] = []

    # Cells: the row checker decides on every row a flagged column may fault.
    cell_cols = [spec.columns[spec.column_names.index(n)] for n in hits]
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
        if name in parents and not (name in trusted and name not in hits):
            errors += fk_errors(frame, fk, parents[name])
    return errors


def fk_errors(frame: Frame, fk, keys: "pl.Series") -> list[ValidationError]:
    """``keys.check_foreign_key`` on the rows whose value is not among ``keys``."""
    import polars as pl

    if not frame.columnar:
        return check_foreign_key(frame.spec.name, fk, frame.typed, frozenset(keys.to_list()))
    column = frame.df[fk.field]
    missing = pl.arg_where(column.is_not_null() & ~column.is_in(keys.implode()), eager=True)
    if not missing.len():
        return []
    return check_foreign_key(frame.spec.name, fk, frame.rows_at(missing), frozenset(), every_key=keys.to_list)


def row_keys(frame: Frame, parents: dict[str, "pl.Series"]) -> list[ValidationError]:
    """Layers 3 and 4 for a table csvread read: its rows are already Python objects."""
    spec = frame.spec
    errors = check_primary_key(spec.name, spec.primary_key, frame.typed)[1]
    for fk in spec.foreign_keys:
        if fk.field in parents:
            errors += fk_errors(frame, fk, parents[fk.field])
    return errors
