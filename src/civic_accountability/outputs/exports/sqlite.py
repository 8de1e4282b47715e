"""SQLite export: one STRICT table per resource with declared types, primary key,
foreign keys and an index on every foreign key; full-text search on the free text;
the views of ``outputs.views``; plus ``<name>.metadata.json`` beside it for Datasette.

``memory_database`` builds the same typed tables and views with the standard library
alone, for ``sql`` (no extra needed)."""

from __future__ import annotations

import errno
import json
from pathlib import Path

from civic_accountability.contract.columns import SEARCH
from civic_accountability.dataset.atomic import atomic_file
from civic_accountability.outputs.exports import ExportError, metadata_path
from civic_accountability.outputs.exports.data import ExportData
from civic_accountability.outputs.exports.datasette import metadata
from civic_accountability.outputs.views import create_views

_BATCH = 1000


def build(db, data: ExportData, progress=lambda n: None) -> None:
    """Create and fill every table of ``data`` in the sqlite-utils Database ``db``."""
    import sqlite3

    for table in data.tables:
        spec = table.spec
        t = db[spec.name]
        t.create(
            {c.name: c.column_type.python for c in spec.columns},
            pk=spec.primary_key,
            not_null={c.name for c in spec.columns if c.required},
            foreign_keys=[(fk.field, fk.table, fk.table_field) for fk in spec.foreign_keys],
            strict=True,
        )
        for start in range(0, len(table.records), _BATCH):
            batch = table.records[start : start + _BATCH]
            try:
                t.insert_all(batch, batch_size=_BATCH)
            except sqlite3.IntegrityError as exc:
                raise ExportError(
                    f"{spec.name} cannot be stored in SQLite: {exc} (run `civic-accountability validate`)"
                ) from None
            progress(len(batch))
        for fk in spec.foreign_keys:
            t.create_index([fk.field])
        searched = spec.with_role(SEARCH)  # indexed for Datasette's ``?_search=`` (FTS5)
        if searched:
            t.enable_fts(list(searched), create_triggers=False)
    create_views(db.conn)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def memory_database(data: ExportData):
    """A private in-memory sqlite3 database holding ``data``'s tables (typed as in the
    export: STRICT, the same column types and primary keys) and the views."""
    import sqlite3

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    for table in data.tables:
        spec = table.spec
        columns = [
            f"{_quoted(c.name)} {c.column_type.sql}"
            + (" PRIMARY KEY" if (c.name,) == spec.key_fields else "")
            + (" NOT NULL" if c.required else "")
            for c in spec.columns
        ]
        if len(spec.key_fields) > 1:
            columns.append(f"PRIMARY KEY ({', '.join(map(_quoted, spec.key_fields))})")
        conn.execute(f"CREATE TABLE {_quoted(spec.name)} ({', '.join(columns)}) STRICT")
        names = [c.name for c in spec.columns]
        insert = (
            f"INSERT INTO {_quoted(spec.name)} ({', '.join(map(_quoted, names))}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        try:
            conn.executemany(insert, ([r[n] for n in names] for r in table.records))
        except sqlite3.Error as exc:  # only with --no-validate: a duplicate key, text in an integer column
            conn.close()
            raise ExportError(
                f"{spec.name} cannot be loaded into SQLite: {exc} (run `civic-accountability validate`)"
            ) from None
        for fk in spec.foreign_keys:  # as the export indexes them: the views join on these
            conn.execute(
                f"CREATE INDEX {_quoted(f'idx_{spec.name}_{fk.field}')} ON {_quoted(spec.name)} ({_quoted(fk.field)})"
            )
    create_views(conn)
    conn.commit()
    return conn


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    import sqlite3

    import sqlite_utils

    sidecar = metadata_path(target)
    doc = metadata(data, target.stem)
    with atomic_file(target) as tmp, atomic_file(sidecar) as tmp_sidecar:
        db = sqlite_utils.Database(tmp)
        try:
            build(db, data, progress)
        except sqlite3.OperationalError as exc:  # "database or disk is full", "disk I/O error"
            raise OSError(errno.ENOSPC if "full" in str(exc) else errno.EIO, f"SQLite: {exc}") from None
        finally:
            db.close()
        tmp_sidecar.write_bytes((json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return [target, sidecar]
