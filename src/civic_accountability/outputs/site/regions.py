"""Regions and status (current or former), only where a committed reference table gives them.

The data tables carry no region, and the site never invents one: it reads it
from a CSV in the ``civic_accountability.reference`` package (columns ``la_code``,
``ofsted_region`` or ``region``, and optionally ``status`` and ``local_authority``)
when such a table is present, and otherwise shows no region at all. A reference
row without a code (an authority that no longer exists) is matched by name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

REGION_COLUMNS = ("ofsted_region", "region")


@dataclass(frozen=True)
class Reference:
    """Keyed like the site's authorities: the la_code, or ``name:<local_authority>``."""

    regions: dict[str, str] = field(default_factory=dict)
    former: frozenset[str] = frozenset()


def _key(row: dict) -> str:
    code = (row.get("la_code") or "").strip()
    name = (row.get("local_authority") or "").strip()
    return code or (f"name:{name}" if name else "")


def reference_from_csv(text: str) -> Reference:
    """One reference CSV; an empty Reference when it lacks an la_code or region column."""
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    column = next((c for c in REGION_COLUMNS if c in fields), None)
    if "la_code" not in fields or column is None:
        return Reference()
    regions, former = {}, set()
    for row in reader:
        key, region = _key(row), (row.get(column) or "").strip()
        if key and region:
            regions[key] = region
        if key and (row.get("status") or "").strip().lower() == "former":
            former.add(key)
    return Reference(regions, frozenset(former))


def merge(references: Iterable[Reference]) -> Reference:
    regions: dict[str, str] = {}
    former: set[str] = set()
    for ref in references:
        for key, region in ref.regions.items():
            regions.setdefault(key, region)
        former |= ref.former
    return Reference(regions, frozenset(former))


def bundled_reference() -> Reference:
    """The package's reference tables, in file-name order; empty if there are none."""
    try:
        root = resources.files("civic_accountability.reference")
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return Reference()
    return merge(reference_from_csv(e.read_text(encoding="utf-8")) for e in entries)
