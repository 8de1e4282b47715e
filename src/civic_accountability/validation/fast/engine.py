"""The columnar engine's order of work: each table through every layer, then dropped."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Optional

from civic_accountability.contract.specs import ColumnSpec, TableSpec
from civic_accountability.validation.cells import row_checker
from civic_accountability.validation.csvread import read_csv
from civic_accountability.validation.fast.meaning import ARCHIVE_TABLES, Context, meaning
from civic_accountability.validation.fast.reading import Frame, NotColumnar, Row, frame_from_rows, parse, read_columnar
from civic_accountability.validation.fast.selectors import clean_frame
from civic_accountability.validation.fast.tables import check_columns, fk_errors, row_keys


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


def _reread(spec: TableSpec, path: Path, root: Path) -> Callable[[], list[Row]]:
    """Rows of a file polars read: read again (through the guard) when asked for, not held meanwhile."""

    def build() -> list[Row]:
        df = read_columnar(spec, path, root)
        if df is None:  # the file changed since: read it as the row path does
            read = read_csv(spec.name, path, spec.column_names, root)
            check = row_checker(spec)
            return [(line, check(line, cells)[0]) for line, cells in read.rows]
        return Frame(spec, df, df.height, [], columnar=True).all_rows()

    return build


def _same_checks(a: ColumnSpec, b: ColumnSpec) -> bool:
    return all(getattr(a, k) == getattr(b, k) for k in ("type", "pattern", "max_length", "minimum", "maximum", "enum"))


def load_frame(
    spec: TableSpec, path: Path, trusted: dict, parents: dict, errors: list, root: Optional[Path] = None
) -> Frame:
    """Layers 1 to 4 of one table, their errors added to ``errors``: columns when polars
    reads it as csvread would, else rows. ``root``: the package directory, so every read
    goes through the guarded open (``dataset.reader``)."""
    try:
        frame = Frame(spec, parse(spec, path, root), 0, [], columnar=True)
        frame.row_count = frame.df.height
        check_columns(frame, path, trusted, parents, errors, root)
    except NotColumnar:
        frame = frame_from_rows(spec, path, root, errors)
        if frame.df is not None:
            errors.extend(row_keys(frame, parents))
    return frame


#: Polars' allocator (jemalloc) keeps freed memory for 10 s by default, so a run that reads
#: table after table holds the peaks of several; returning it after 100 ms keeps a 1M-row
#: validation at ~370 MB instead of ~460 MB, in the same time. Applied only when this
#: process imports polars here and the variable is not set.
ALLOCATOR_CONF = ("_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:100,muzzy_decay_ms:0")


def _tune_allocator() -> None:
    if "polars" not in sys.modules:
        os.environ.setdefault(*ALLOCATOR_CONF)


def validate_columns(report, specs: tuple[TableSpec, ...], today: str, date_fields: dict) -> None:
    """Fill ``report`` (errors, row counts, rows) exactly as ``validate``'s row path would."""
    _tune_allocator()
    package = report.package
    ctx = Context(
        package.root,
        today,
        date_fields,
        later={s.name for s in specs if s.name in package.paths},
        members=package.archive,
    )
    pending: list[tuple[Frame, object]] = []  # foreign keys to tables read later
    builders: dict[str, Callable[[], list[Row]]] = {}
    waiting: list[Frame] = []  # tables whose rules wait for the archive
    with ThreadPoolExecutor(1) as pool:
        ctx.prefetch_archives(pool)
        for spec in _order(specs, package.paths):
            # No frame is named here: one held while the next table parses would double the peak.
            waiting += _validate_table(spec, package.paths[spec.name], specs, ctx, report, pending, builders)
            _run_rules(waiting, ctx, report)
    for frame, fk in pending:
        if fk.table in ctx.all_keys:
            report.errors.extend(fk_errors(frame, fk, ctx.all_keys[fk.table]))
    order = [s.name for s in specs]  # package order, as the row engine fills them
    report.row_counts = {t: report.row_counts[t] for t in order if t in report.row_counts}
    report.rows = LazyRows({t: builders[t] for t in order if t in builders})


def _order(specs: tuple[TableSpec, ...], paths: dict[str, Path]) -> list[TableSpec]:
    """Referenced tables before the tables that refer to them; then the tables that read the
    archive (so it can be dropped); then the largest file first, so the smaller ones reuse its
    memory. The report is sorted afterwards, so the order changes nothing else."""

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
        spec = max(ready, key=lambda s: (s.name in ARCHIVE_TABLES, size(s)))
        ordered.append(spec)
        done.add(spec.name)
        todo.remove(spec)
    return ordered


def _validate_table(
    spec: TableSpec, path: Path, specs, ctx: Context, report, pending: list, builders: dict
) -> list[Frame]:
    """Layers 1 to 4 for one table; its frame for its rules (``_run_rules``), none if it
    has no rows to trust. Its columns are dropped after its rules but for what ``ctx`` keeps."""
    columns = {s.name: {c.name: c for c in s.columns} for s in specs}
    referenced = {fk.table for s in specs for fk in s.foreign_keys}
    parents = {fk.field: ctx.all_keys[fk.table] for fk in spec.foreign_keys if fk.table in ctx.all_keys}
    trusted = {
        fk.field: ctx.valid_keys[fk.table]
        for fk in spec.foreign_keys
        if fk.table in ctx.valid_keys and _same_checks(columns[spec.name][fk.field], columns[fk.table][fk.table_field])
    }
    frame = load_frame(spec, path, trusted, parents, report.errors, ctx.root)
    report.row_counts[spec.name] = frame.row_count
    if frame.df is None:
        return []
    pending += [(frame, fk) for fk in spec.foreign_keys if fk.table not in ctx.all_keys and fk.table in ctx.later]
    ctx.later.discard(spec.name)
    if spec.name in referenced:
        key = frame.df[spec.key_fields[0]]  # a referenced table has a one-column key
        ctx.all_keys[spec.name] = key.drop_nulls()
        ctx.valid_keys[spec.name] = (key if frame.clean is None else key.filter(frame.clean)).drop_nulls()
    if spec.name == "inspections":  # the rule's dict of clean rows: a repeated id keeps the last
        lookup = clean_frame(frame).select("inspection_id", "framework", "inspection_type")
        ctx.inspection_lookup = (
            lookup if frame.unique_key else lookup.unique("inspection_id", keep="last", maintain_order=True)
        )
    builders[spec.name] = _reread(spec, path, ctx.root) if frame.columnar else (lambda rows=frame.typed: rows)
    return [frame]


def _run_rules(waiting: list[Frame], ctx: Context, report) -> None:
    """Layer 5 of the tables in ``waiting``, but for a table whose rules read the archive
    while it is still being read and another such table is still to come: its rules wait
    (holding its frame, a small one) instead of the main thread, and run with the next's.
    The sources come first (every table refers to them) and would otherwise wait for the
    whole archive to be read and hashed."""
    wait = not ctx.archive_ready() and bool(ctx.later & ARCHIVE_TABLES)
    for frame in [f for f in waiting if not (wait and f.spec.name in ARCHIVE_TABLES)]:
        waiting.remove(frame)
        report.errors.extend(meaning(frame, ctx))
    if not ctx.later & ARCHIVE_TABLES and not waiting:
        ctx.drop_archives()
