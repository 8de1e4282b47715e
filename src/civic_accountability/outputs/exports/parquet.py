"""Parquet export: a directory with one typed ``<table>.parquet`` per table (pyarrow).

Integer columns are int64, everything else UTF-8 strings (partial dates stay
strings); required columns are declared non-nullable. Column and table
descriptions travel in the Arrow field and schema metadata.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from civic_accountability.dataset.atomic import atomic_dir
from civic_accountability.outputs.exports import ExportError
from civic_accountability.outputs.exports.data import ExportData, Table


def arrow_table(table: Table):
    import pyarrow as pa

    spec = table.spec
    fields, arrays = [], []
    for c in spec.columns:
        kind = getattr(pa, c.column_type.arrow)()
        values = [r[c.name] for r in table.records]
        if c.required and any(v is None for v in values):
            raise ExportError(
                f"{spec.name}.{c.name} is required but has empty cells (run `civic-accountability validate`)"
            )
        try:
            arrays.append(pa.array(values, type=kind))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise ExportError(
                f"{spec.name}.{c.name} cannot be stored as {kind}: {exc} (run `civic-accountability validate`)"
            ) from None
        fields.append(pa.field(c.name, kind, nullable=not c.required, metadata={"description": c.description}))
    metadata = {
        "title": spec.title,
        "description": spec.description,
        "primary_key": spec.key_label,
        "foreign_keys": json.dumps([asdict(fk) for fk in spec.foreign_keys]),
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    import pyarrow.parquet as pq

    with atomic_dir(target) as tmp:
        for table in data.tables:
            pq.write_table(arrow_table(table), tmp / f"{table.name}.parquet", compression="zstd")
            progress(len(table.records))
    return [target / f"{t.name}.parquet" for t in data.tables]
