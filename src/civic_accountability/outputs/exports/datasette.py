"""Datasette metadata for the SQLite export, derived from the package and the models.

Datasette reads it with ``datasette out.db -m out.metadata.json``. Table and column
descriptions are the models' own (``schema.table_specs()``); nothing is restated.
"""

from __future__ import annotations

from typing import Any

from civic_accountability.outputs.exports.data import ExportData

#: Columns worth faceting beyond the enums (which are always faceted).
EXTRA_FACETS = {
    "sources": ("publisher",),
    "inspections": ("local_authority",),
    "recommendations": ("inspection_id",),
    "statements": ("speaker", "speaker_organisation", "speaker_party"),
}
#: The column Datasette shows in place of a foreign key's bare identifier.
LABEL_COLUMNS = {"sources": "title"}


def _licence(metadata: dict) -> tuple[dict, list[str]]:
    licences = [lic for lic in metadata.get("licenses") or [] if isinstance(lic, dict)]
    first = licences[0] if licences else {}
    others = [str(lic.get("title") or lic.get("name")) for lic in licences[1:]]
    return first, others


def metadata(data: ExportData, database: str) -> dict[str, Any]:
    """The metadata.json document for a database named ``database`` (its file stem)."""
    meta = data.metadata
    licence, other_licences = _licence(meta)
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
    description = " ".join([str(meta.get("description") or "")] + [f"{t}." for t in other_licences]).strip()
    doc: dict[str, Any] = {"title": str(meta.get("title") or meta.get("name") or database), "description": description}
    if licence:
        doc["license"] = str(licence.get("name") or licence.get("title"))
        if licence.get("path"):
            doc["license_url"] = str(licence["path"])
    if sources:
        doc["source"] = "; ".join(str(s.get("title")) for s in sources if s.get("title"))
        url = next((s["path"] for s in sources if s.get("path")), None)
        if url:
            doc["source_url"] = str(url)
    tables = {}
    for table in data.tables:
        spec = table.spec
        enums = [c.name for c in spec.columns if c.enum]
        entry: dict[str, Any] = {
            "title": spec.title,
            "description": spec.description,
            "columns": {c.name: c.description for c in spec.columns},
            "facets": enums + [c for c in EXTRA_FACETS.get(spec.name, ()) if c not in enums],
        }
        if spec.name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[spec.name]
        tables[spec.name] = entry
    doc["databases"] = {database: {"title": doc["title"], "tables": tables}}
    return doc
