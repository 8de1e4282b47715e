"""The column specs everything reads at run time, and the Frictionless descriptors made from them.

``table_specs()`` is the one reading of the contract that the validator's cell checks,
the descriptors, the data dictionary and the exports use. It comes from the generated
``cellspecs`` module (plain data: no Pydantic at run time); ``derive.model_specs()``
reads the models themselves, for ``civic-accountability schema`` to regenerate it.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from civic_accountability import __version__
from civic_accountability.contract.columns import ColumnSpec, ForeignKey, TableSpec  # noqa: F401 (re-exported)


def table_specs() -> tuple[TableSpec, ...]:
    """Every table's spec, in package order (referenced tables first)."""
    from civic_accountability.contract.cellspecs import TABLES

    return TABLES


def table_spec(name: str) -> TableSpec:
    return {t.name: t for t in table_specs()}[name]


# --- Frictionless descriptors -------------------------------------------------

PACKAGE_NAME = "civic-accountability"
PACKAGE_TITLE = "Civic accountability: inspections of English councils' children's services"
PACKAGE_DESCRIPTION = (
    "How English local authorities' children's services were inspected, what Ofsted judged "
    "and asked them to improve, and what politicians and officers said in response. "
    "Every row cites its source."
)
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    {
        "name": "OGL-UK-3.0",
        "title": "Contains public sector information licensed under the Open Government Licence v3.0",
        "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
]
SOURCES = [
    {"title": "Ofsted: Local authority inspection outcomes as at 31 March 2025 (official statistics)"},
    {"title": "Ofsted: Children's social care data in England 2023, underlying data (official statistics)"},
    {
        "title": "Ofsted inspection reports on local authority children's services",
        "path": "https://reports.ofsted.gov.uk/",
    },
    {"title": "News reports, each listed with its URL in data/sources.csv"},
    {
        "title": "The DfE's statistical neighbours, from data-to-insight's local-authority lookup "
        "(Ofsted ILACS scrape tool, MIT licence, July 2026)"
    },
]
CONTRIBUTORS = [{"title": "civic-accountability contributors", "role": "author"}]


def field_descriptor(col: ColumnSpec) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.enum:
        constraints["enum"] = list(col.enum)
    if col.pattern:
        constraints["pattern"] = col.pattern
    if col.max_length is not None:
        constraints["maxLength"] = col.max_length
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if col.maximum is not None:
        constraints["maximum"] = col.maximum
    out: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
    if col.example is not None:
        out["example"] = col.example
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(spec: TableSpec) -> dict[str, Any]:
    """A Frictionless Table Schema carrying every constraint stock tools can check."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in spec.columns],
        "missingValues": [""],
        "primaryKey": list(spec.key_fields),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [fk.field], "reference": {"resource": fk.table, "fields": [fk.table_field]}}
            for fk in spec.foreign_keys
        ]
    return schema


def package_descriptor(specs: Optional[tuple[TableSpec, ...]] = None) -> dict[str, Any]:
    return {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "version": __version__,
        "licenses": LICENSES,
        "sources": SOURCES,
        "contributors": CONTRIBUTORS,
        "keywords": ["ofsted", "children's services", "local authorities", "inspections", "england"],
        "resources": [
            {
                "name": spec.name,
                "title": spec.title,
                "description": spec.description,
                "path": spec.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"schemas/{spec.name}.json",
            }
            for spec in specs or table_specs()
        ],
    }


def dumps(obj: Any) -> str:
    """The one JSON layout for generated files: stable, diff-friendly."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def generated_descriptor_files(specs: Optional[tuple[TableSpec, ...]] = None) -> dict[str, str]:
    """Relative path → content of every generated descriptor (from ``specs``, default the committed ones)."""
    specs = specs or table_specs()
    files = {f"schemas/{spec.name}.json": dumps(table_schema(spec)) for spec in specs}
    files["datapackage.json"] = dumps(package_descriptor(specs))
    return files
