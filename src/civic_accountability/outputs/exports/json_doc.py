"""JSON export: one document that is itself a Frictionless Data Package with the
data inline: the package metadata, and per table its title, description, Table
Schema and records (``resources[i].data``). Integers are JSON numbers, an empty
cell is null, dates are the CSV's strings. ``frictionless validate out.json`` works.

A table without rows is written as its header row alone (``[["col", ...]]``, Frictionless's
array form): Frictionless refuses an empty inline ``data`` array."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civic_accountability.contract.specs import table_schema
from civic_accountability.dataset.atomic import write_atomic
from civic_accountability.outputs.exports.data import ExportData


def document(data: ExportData) -> dict[str, Any]:
    resources = [
        {
            "name": t.spec.name,
            "title": t.spec.title,
            "description": t.spec.description,
            "profile": "tabular-data-resource",
            "schema": table_schema(t.spec),
            "data": t.records or [list(t.spec.column_names)],
        }
        for t in data.tables
    ]
    return {**data.metadata, "resources": resources}


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    body = json.dumps(document(data), indent=1, ensure_ascii=False) + "\n"
    write_atomic(target, body.encode("utf-8"))
    progress(data.row_count)
    return [target]
