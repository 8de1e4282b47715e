"""SQLite export: one STRICT table per resource with declared types, primary key,
foreign keys and an index on every foreign key; full-text search on the free text;
plus ``<name>.metadata.json`` beside it for Datasette."""

from __future__ import annotations

import errno
import json
from pathlib import Path

from civic_accountability.contract.columns import SEARCH
from civic_accountability.outputs.exports import ExportError, metadata_path
from civic_accountability.outputs.atomic import atomic_file
from civic_accountability.outputs.exports.data import ExportData
from civic_accountability.outputs.exports.datasette import metadata

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
            batch = table.records[start:start + _BATCH]
            try:
                t.insert_all(batch, batch_size=_BATCH)
            except sqlite3.IntegrityError as exc:
                raise ExportError(f"{spec.name} cannot be stored in SQLite: {exc} "
                                  f"(run `civic-accountability validate`)") from None
            progress(len(batch))
        for fk in spec.foreign_keys:
            t.create_index([fk.field])
        searched = spec.with_role(SEARCH)  # indexed for Datasette's ``?_search=`` (FTS5)
        if searched:
            t.enable_fts(list(searched), create_triggers=False)


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
