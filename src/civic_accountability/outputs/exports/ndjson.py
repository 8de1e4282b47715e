"""NDJSON export: a directory with one ``<table>.ndjson`` per table, one JSON object
per line in the CSV's order (integers as numbers, an empty cell as null)."""

from __future__ import annotations

import json
from pathlib import Path

from civic_accountability.dataset.atomic import atomic_dir
from civic_accountability.outputs.exports.data import ExportData

#: Characters some readers treat as line breaks (Python's str.splitlines, JavaScript
#: before ES2019): escaped so that one record is always exactly one line.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def lines(records: list[dict]) -> bytes:
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    return text.translate(_LINE_BREAKS).encode("utf-8")


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    with atomic_dir(target) as tmp:
        for table in data.tables:
            (tmp / f"{table.name}.ndjson").write_bytes(lines(table.records))
            progress(len(table.records))
    return [target / f"{t.name}.ndjson" for t in data.tables]
