"""Datasette metadata for the SQLite export, derived from the package and the models.

Datasette reads it with ``datasette out.db -m out.metadata.json``. Table and column
descriptions, facets and label columns are the contract's (``table_specs()``, the
``facet`` and ``label`` roles); nothing is restated.
"""

from __future__ import annotations

from typing import Any

from civic_accountability.contract.columns import FACET, LABEL
from civic_accountability.outputs.exports.data import ExportData
from civic_accountability.outputs.views import QUESTIONS, VIEWS


def _licence(metadata: dict) -> tuple[dict, list[str]]:
    licences = [lic for lic in metadata.get("licenses") or [] if isinstance(lic, dict)]
    first = licences[0] if licences else {}
    others = [str(lic.get("title") or lic.get("name")) for lic in licences[1:]]
    return first, others


def _https(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith("https://")


def metadata(data: ExportData, database: str) -> dict[str, Any]:
    """The metadata.json document for a database named ``database`` (its file stem)."""
    meta = data.metadata
    licence, other_licences = _licence(meta)
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
    description = " ".join([str(meta.get("description") or "")] + [f"{t}." for t in other_licences]).strip()
    doc: dict[str, Any] = {"title": str(meta.get("title") or meta.get("name") or database), "description": description}
    if licence:
        doc["license"] = str(licence.get("name") or licence.get("title"))
        if _https(licence.get("path")):  # Datasette serves no CSP: a javascript: link would run
            doc["license_url"] = licence["path"]
    if sources:
        doc["source"] = "; ".join(str(s.get("title")) for s in sources if s.get("title"))
        url = next((s["path"] for s in sources if _https(s.get("path"))), None)
        if url:
            doc["source_url"] = str(url)
    tables = {}
    for table in data.tables:
        spec = table.spec
        entry: dict[str, Any] = {
            "title": spec.title,
            "description": spec.description,
            "columns": {c.name: c.description for c in spec.columns},
            "facets": list(spec.with_role(FACET)),
        }
        labels = spec.with_role(LABEL)  # shown in place of a foreign key's bare identifier
        if labels:
            entry["label_column"] = labels[0]
        tables[spec.name] = entry
    for view in VIEWS:  # Datasette reads a view's metadata under "tables" too
        tables[view.name] = {
            "title": view.name.replace("_", " ").capitalize(),
            "description": view.description,
            "columns": dict(view.columns),
            "facets": list(view.facets),
        }
    queries = {
        q.name: {"title": q.title, "sql": q.sql, **({"description": q.description} if q.description else {})}
        for q in QUESTIONS
    }
    doc["databases"] = {database: {"title": doc["title"], "tables": tables, "queries": queries}}
    return doc
