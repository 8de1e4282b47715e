"""The importers' table I/O: data/*.csv read as dicts, written in canonical form only
when it changes, and compared cell by cell with what an import gives (``--check``).

Both importers (``statistics`` and ``reports``) read and write through here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional


def _table_columns() -> dict[str, tuple[str, ...]]:
    from civic_accountability.contract.models import MODELS

    return {m.table_name: tuple(m.model_fields) for m in MODELS if not m.derived}


#: Every cited table's columns in schema order, from the models (the one source of truth);
#: the derived tables (themes, repeats) are written by ``civic_accountability.themes.tables``.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = _table_columns()
TABLES = tuple(TABLE_COLUMNS)


class UnreadableTable(Exception):
    """A table in the package that the guarded reader refuses (a link out of the package,
    a FIFO, over the size cap) or that is not UTF-8; the message says which and why."""


def _read_bytes(path: Path) -> bytes:
    """The table's bytes through the one guarded reader (``dataset.reader``)."""
    from civic_accountability.dataset.reader import UnsafeFile, read_regular

    try:
        return read_regular(path, str(path), "data")
    except UnsafeFile as exc:
        raise UnreadableTable(str(exc)) from None


def read_table(path: Path) -> tuple[Optional[list[str]], list[dict[str, str]]]:
    """A CSV's header and its non-blank rows as dicts; (None, []) when it is absent or empty."""
    if not path.exists() and not path.is_symlink():
        return None, []
    try:
        text = _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableTable(f"{path} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return None, []
    header, body = rows[0], rows[1:]
    out = []
    for r in body:
        if not any(c.strip() for c in r):
            continue
        out.append({h: (r[i] if i < len(r) else "") for i, h in enumerate(header)})
    return header, out


def read_package_tables(package: Path) -> tuple[dict[str, list[dict[str, str]]], dict[str, list[str]]]:
    """The package's rows per cited table (curated and imported alike), and each table's
    columns: the contract's, then any extra the file has. Both importers start here."""
    existing: dict[str, list[dict[str, str]]] = {}
    columns: dict[str, list[str]] = {}
    for table, cols in TABLE_COLUMNS.items():
        header, rows = read_table(package / "data" / f"{table}.csv")
        extra = [h for h in (header or []) if h not in cols]
        columns[table] = list(cols) + extra
        existing[table] = rows
    return existing, columns


def render_table(columns: list[str], rows: Iterable[dict[str, str]]) -> bytes:
    """The table as canonical CSV (the form ``civic-accountability fmt`` writes)."""
    from civic_accountability.dataset.fmt import write_rows

    return write_rows([list(columns), *([r.get(c, "") or "" for c in columns] for r in rows)])


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` with the one atomic writer; False (nothing written) when
    the file already holds exactly ``data``, so a re-run leaves modification times alone."""
    from civic_accountability.dataset.atomic import write_atomic

    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


#: The name the importers first gave ``write_if_changed``.
write_atomic = write_if_changed


def write_tables(
    out_dir: Path, tables: dict[str, list[dict[str, str]]], columns: dict[str, list[str]], check: bool
) -> list[str]:
    """Write every table to ``out_dir`` (with ``check``: write nothing); the paths that change."""
    changed = []
    for table in tables:
        data = render_table(columns[table], tables[table])
        path = out_dir / f"{table}.csv"
        if check:
            if not path.is_file() or path.read_bytes() != data:
                changed.append(str(path))
        elif write_if_changed(path, data):
            changed.append(str(path))
    return changed


@dataclass(frozen=True)
class Difference:
    """One way a committed table differs from what the import gives."""

    path: str
    #: The row's primary key (``judgement_id=…``); None for the file as a whole.
    key: Optional[str]
    #: The column that differs; None when a whole row is missing on one side.
    field: Optional[str]
    committed: Optional[str]
    imported: Optional[str]

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else self.path
        if self.field is None and self.key:
            if self.imported is None:
                return f"{where}: committed, but the sources give no such row (an imported row edited or added?)"
            return f"{where}: the sources give this row, but it is not committed"
        if self.field is None:
            return f"{where}: {self.committed}"
        return f"{where}, {self.field}: committed {self.committed!r}, the sources give {self.imported!r}"


def differences(
    out_dir: Path, tables: dict[str, list[dict[str, str]]], columns: dict[str, list[str]]
) -> list[Difference]:
    """Each cell, row or file of ``out_dir`` that differs from ``tables``, table by table
    in key order: what ``import --check`` names when it fails."""
    found: list[Difference] = []
    for table in tables:
        path = out_dir / f"{table}.csv"
        shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        data = render_table(columns[table], tables[table])
        if path.is_file() and _read_bytes(path) == data:
            continue
        if not path.is_file():
            found.append(Difference(shown, None, None, "missing", None))
            continue
        header, rows = read_table(path)
        if header != list(columns[table]):
            found.append(Difference(shown, None, "header", ",".join(header or []), ",".join(columns[table])))
            continue
        pk = key_columns(table, columns[table])
        committed = {tuple(r.get(c, "") for c in pk): r for r in rows}
        imported = {tuple(r.get(c, "") for c in pk): r for r in tables[table]}
        before = len(found)
        for key in sorted(committed.keys() | imported.keys()):
            label = ", ".join(f"{c}={v}" for c, v in zip(pk, key))
            if key not in imported:
                found.append(Difference(shown, label, None, "present", None))
            elif key not in committed:
                found.append(Difference(shown, label, None, None, "present"))
            else:
                for column in columns[table]:
                    a, b = committed[key].get(column, "") or "", imported[key].get(column, "") or ""
                    if a != b:
                        found.append(Difference(shown, label, column, a, b))
        if len(found) == before:  # same cells, other bytes: order, quoting, line endings
            found.append(
                Difference(shown, None, None, "same rows, not in canonical form (run `civic-accountability fmt`)", None)
            )
    return found


def key_columns(table: str, columns) -> tuple[str, ...]:
    """The table's primary-key columns (one or several), else its first column."""
    from civic_accountability.contract.models import MODELS_BY_TABLE

    model = MODELS_BY_TABLE.get(table)
    key = model.primary_key if model is not None else columns[0]
    return (key,) if isinstance(key, str) else tuple(key)


def check_report(found: list[Difference], quiet: bool, limit: int = 20) -> list[str]:
    """The lines ``import --check`` prints when data/ is out of date: with ``quiet`` one line
    (the first difference and how many more), else up to ``limit`` differences."""
    if not found:
        return []
    more = len(found) - 1
    if quiet:
        tail = f" (and {more} more: run without --quiet to list them)" if more else ""
        return [f"Error: data/ differs from what the sources give: {found[0]}{tail}"]
    lines = [
        f"Error: data/ differs from what the sources give ({len(found)} difference{'' if len(found) == 1 else 's'}):"
    ]
    lines += [f"  {d}" for d in found[:limit]]
    if len(found) > limit:
        lines.append(f"  … and {len(found) - limit} more")
    return lines
