"""SQLite export: one STRICT table per resource with declared types, primary key,
foreign keys and an index on every foreign key; full-text search on the free text;
plus ``<name>.metadata.json`` beside it for Datasette."""

from __future__ import annotations

import json
from pathlib import Path

from civic_accountability.outputs.exports import ExportError, metadata_path
from civic_accountability.outputs.exports.atomic import atomic_file
from civic_accountability.outputs.exports.data import ExportData
from civic_accountability.outputs.exports.datasette import metadata
from civic_accountability.outputs.generate import write_atomic

#: Columns indexed for Datasette's ``?_search=`` (sqlite-utils FTS5 tables).
SEARCH_COLUMNS = {"sources": ("title",), "recommendations": ("text",), "statements": ("quote",)}
_BATCH = 1000


def build(db, data: ExportData, progress=lambda n: None) -> None:
    """Create and fill every table of ``data`` in the sqlite-utils Database ``db``."""
    import sqlite3

    for table in data.tables:
        spec = table.spec
        t = db[spec.name]
        t.create(
            {c.name: int if c.type == "integer" else str for c in spec.columns},
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
        if spec.name in SEARCH_COLUMNS:
            t.enable_fts(list(SEARCH_COLUMNS[spec.name]), create_triggers=False)


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    import sqlite_utils

    sidecar = metadata_path(target)
    with atomic_file(target) as tmp:
        db = sqlite_utils.Database(tmp)
        try:
            build(db, data, progress)
        finally:
            db.close()
        doc = metadata(data, target.stem)
        write_atomic(sidecar, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return [target, sidecar]
