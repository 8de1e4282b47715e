"""Regions, only where a committed reference table gives them.

The data tables carry no region, and the site never invents one: it reads the
region of an ``la_code`` from a CSV in the ``civic_accountability.reference``
package (a column ``la_code`` and one of ``ofsted_region`` / ``region``) when
such a table is present, and otherwise shows no region at all.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Iterable

REGION_COLUMNS = ("ofsted_region", "region")


def regions_from_csv(text: str) -> dict[str, str]:
    """la_code → region from one reference CSV; {} when it has no such columns."""
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    column = next((c for c in REGION_COLUMNS if c in fields), None)
    if "la_code" not in fields or column is None:
        return {}
    out = {}
    for row in reader:
        code, region = (row.get("la_code") or "").strip(), (row.get(column) or "").strip()
        if code and region:
            out[code] = region
    return out


def merge(tables: Iterable[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for table in tables:
        for code, region in table.items():
            out.setdefault(code, region)
    return out


def bundled_regions() -> dict[str, str]:
    """Regions from the package's reference tables, in file-name order; {} if there are none."""
    try:
        root = resources.files("civic_accountability.reference")
    except ModuleNotFoundError:
        return {}
    try:
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    return merge(regions_from_csv(e.read_text(encoding="utf-8")) for e in entries)
