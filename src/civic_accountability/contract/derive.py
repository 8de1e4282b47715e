"""Read the Pydantic models into plain column specs, and write those specs as the
generated ``cellspecs`` module.

Only ``civic-accountability schema`` (and the tests) import this: it is the one
place the models' JSON Schema is read. Everything at run time reads ``cellspecs``.
"""

from __future__ import annotations

from civic_accountability.contract.columns import DATE, ROLES, ColumnSpec, TableSpec
from civic_accountability.contract.fieldtypes import PARTIAL_DATE_PATTERN
from civic_accountability.contract.models import MODELS, Table

CELLSPECS_MODULE = "src/civic_accountability/contract/cellspecs.py"


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
    roles = list(prop.get("roles", ()))
    if prop.get("pattern") == PARTIAL_DATE_PATTERN and DATE not in roles:
        roles.insert(0, DATE)
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"column {name}: unknown roles {sorted(unknown)}; roles are {', '.join(ROLES)}")
    return ColumnSpec(
        name=name,
        type=prop.get("type", "string"),
        required=required,
        description=description,
        enum=enum,
        enum_name=enum_name,
        pattern=prop.get("pattern"),
        max_length=prop.get("maxLength"),
        minimum=prop.get("minimum", prop.get("ge")),
        maximum=prop.get("maximum", prop.get("le")),
        example=None if example is None else str(example),
        roles=tuple(roles),
    )


def table_spec_of(model: type[Table]) -> TableSpec:
    js = model.model_json_schema()
    required = set(js.get("required", []))
    defs = js.get("$defs", {})
    columns = tuple(_column(n, p, defs, n in required) for n, p in js["properties"].items())
    return TableSpec(
        name=model.table_name,
        title=model.table_title,
        description=(model.__doc__ or "").strip(),
        primary_key=model.primary_key,
        foreign_keys=tuple(model.foreign_keys),
        columns=columns,
    )


def model_specs() -> tuple[TableSpec, ...]:
    """Every table's spec as the models declare it now, in package order."""
    return tuple(table_spec_of(m) for m in MODELS)


def _args(obj, indent: str) -> str:
    """``Class(field=value, ...)`` for a frozen dataclass, one field a line, defaults left out."""
    from dataclasses import fields

    parts = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        if value == f.default:
            continue
        if isinstance(value, tuple) and value and not isinstance(value[0], (str, int)):
            inner = indent + "    "
            value_src = "(\n" + "".join(f"{inner}    {_args(v, inner + '    ')},\n" for v in value) + f"{inner})"
        else:
            value_src = repr(value)
        parts.append(f"{indent}    {f.name}={value_src},\n")
    return f"{type(obj).__name__}(\n" + "".join(parts) + f"{indent})"


def cellspecs_source(specs: tuple[TableSpec, ...]) -> str:
    """The ``cellspecs`` module for ``specs``: plain data, importable without Pydantic."""
    body = "".join(f"    {_args(spec, '    ')},\n" for spec in specs)
    return (
        '"""Every table\'s column specs, generated from the models by `civic-accountability schema`;\n'
        'do not edit (`schema --check` fails on drift). Plain data, so validating imports no Pydantic."""\n'
        "# ruff: noqa: E501\n"
        "\n"
        "from civic_accountability.contract.columns import ColumnSpec, ForeignKey, TableSpec\n"
        "\n"
        f"TABLES: tuple[TableSpec, ...] = (\n{body})\n"
    )
