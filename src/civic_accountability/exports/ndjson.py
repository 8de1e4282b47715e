"""NDJSON export: a directory with one ``<table>.ndjson`` per table, one JSON object
per line in the CSV's order (integers as numbers, an empty cell as null)."""

from __future__ import annotations

import json
from pathlib import Path

from civic_accountability.exports.atomic import atomic_dir
from civic_accountability.exports.data import ExportData


def lines(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    with atomic_dir(target) as tmp:
        for table in data.tables:
            (tmp / f"{table.name}.ndjson").write_bytes(lines(table.records))
            progress(len(table.records))
    return [target / f"{t.name}.ndjson" for t in data.tables]
