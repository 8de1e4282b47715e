"""Derive column specs from the Pydantic models, and the Frictionless descriptors from them.

``table_specs()`` is the one reading of the models that everything else uses: the
validator's cell checks, the descriptors, the data dictionary and the exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Optional

from civic_accountability import __version__
from civic_accountability.fieldtypes import PARTIAL_DATE_PATTERN
from civic_accountability.models import MODELS, ForeignKey, Table
from civic_accountability.vocab import MEANINGS, Addressee, Area, Framework, Grade, InspectionType, SourceType

_ENUMS = {e.__name__: e for e in (SourceType, Framework, InspectionType, Addressee, Grade, Area)}


@dataclass(frozen=True)
class ColumnSpec:
    """Everything the models say about one column, in plain data."""

    name: str
    type: str  # Table Schema type: "string" or "integer"
    required: bool
    description: str
    enum: Optional[tuple[str, ...]] = None
    enum_name: Optional[str] = None
    pattern: Optional[str] = None
    max_length: Optional[int] = None
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    example: Optional[str] = None

    @property
    def is_partial_date(self) -> bool:
        return self.pattern == PARTIAL_DATE_PATTERN

    def enum_meanings(self) -> dict[str, str]:
        if not self.enum_name:
            return {}
        return {member.value: MEANINGS[member] for member in _ENUMS[self.enum_name]}


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...]
    columns: tuple[ColumnSpec, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def _column(name: str, prop: dict, defs: dict, required: bool) -> ColumnSpec:
    description = prop.get("description", "")
    examples = prop.get("examples")
    for option in prop.get("anyOf", []):
        if option.get("type") != "null":
            prop = {**option, **{k: v for k, v in prop.items() if k != "anyOf"}}
    enum_name = None
    if "$ref" in prop:
        enum_name = prop["$ref"].rsplit("/", 1)[1]
        prop = {**defs[enum_name], **prop}
    examples = examples or prop.get("examples")
    enum = tuple(prop["enum"]) if "enum" in prop else None
    example = examples[0] if examples else (enum[0] if enum else None)
    return ColumnSpec(
        name=name,
        type=prop.get("type", "string"),
        required=required,
        description=description,
        enum=enum,
        enum_name=enum_name,
        pattern=prop.get("pattern"),
        max_length=prop.get("maxLength"),
        minimum=prop.get("minimum"),
        maximum=prop.get("maximum"),
        example=None if example is None else str(example),
    )


def _table_spec(model: type[Table]) -> TableSpec:
    js = model.model_json_schema()
    required = set(js.get("required", []))
    defs = js.get("$defs", {})
    columns = tuple(_column(n, p, defs, n in required) for n, p in js["properties"].items())
    return TableSpec(
        name=model.table_name,
        title=model.table_title,
        description=(model.__doc__ or "").strip(),
        primary_key=model.primary_key,
        foreign_keys=model.foreign_keys,
        columns=columns,
    )


@cache
def table_specs() -> tuple[TableSpec, ...]:
    """The five tables' specs, in package order."""
    return tuple(_table_spec(m) for m in MODELS)


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
    {"title": "Ofsted inspection reports on local authority children's services", "path": "https://reports.ofsted.gov.uk/"},
    {"title": "News reports, each listed with its URL in data/sources.csv"},
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
        "primaryKey": [spec.primary_key],
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [fk.field], "reference": {"resource": fk.table, "fields": [fk.table_field]}}
            for fk in spec.foreign_keys
        ]
    return schema


def package_descriptor() -> dict[str, Any]:
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
            for spec in table_specs()
        ],
    }


def dumps(obj: Any) -> str:
    """The one JSON layout for generated files: stable, diff-friendly."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def generated_descriptor_files() -> dict[str, str]:
    """Relative path → content of every generated descriptor."""
    files = {f"schemas/{spec.name}.json": dumps(table_schema(spec)) for spec in table_specs()}
    files["datapackage.json"] = dumps(package_descriptor())
    return files
