"""Generated documentation: the data dictionary (from the models) and the CLI
reference, docs/cli.md (from the click commands). ``schema --check`` fails when either drifts."""

from __future__ import annotations

import re

import click

from civic_accountability.contract.errors import CODES, severity
from civic_accountability.contract.specs import table_specs

#: How the data dictionary names each column role (``contract.columns.ROLES``).
ROLE_NAMES = {
    "date": "Dates (partial ISO dates, never in the future)",
    "facet": "Facets (worth grouping by; Datasette facets)",
    "search": "Full-text search (SQLite export)",
    "label": "Label (names a row where a foreign key points at it)",
}



def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary(specs=None) -> str:
    """The data dictionary of ``specs`` (default: the committed cell specs)."""
    out = [
        "# Data dictionary",
        "",
        "Generated from the Pydantic models in `src/civic_accountability/contract/models.py` by",
        "`civic-accountability schema`; do not edit by hand (`schema --check` fails on drift).",
        "",
        "Conventions: UTF-8 CSV without BOM, comma-separated, one header row, an empty cell",
        "is null, rows sorted by primary key. Dates are `YYYY-MM-DD`, or `YYYY-MM` / `YYYY`",
        "when the source gives no more. Identifiers are lowercase slugs, stable once published.",
        "",
    ]
    for spec in specs or table_specs():
        out += [f"## `{spec.name}` — {spec.title}", "", spec.description, "", f"File: `{spec.path}`. "
                f"Primary key: `{spec.primary_key}`."]
        for fk in spec.foreign_keys:
            out.append(f"Foreign key: `{fk.field}` → `{fk.table}.{fk.table_field}`.")
        for role, name in ROLE_NAMES.items():
            if spec.with_role(role):
                out.append(f"{name}: {', '.join(f'`{c}`' for c in spec.with_role(role))}.")
        out += ["", "| column | type | required | description | allowed values / pattern | example |",
                "|---|---|---|---|---|---|"]
        for c in spec.columns:
            if c.enum:
                allowed = ", ".join(f"`{v}`" for v in c.enum)
            elif c.is_partial_date:
                allowed = "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar date)"
            elif c.pattern:
                allowed = f"pattern `{c.pattern}`"
            else:
                allowed = ""
            if c.max_length:
                allowed += f"; at most {c.max_length:,} characters"
            if c.minimum is not None:
                allowed += f"{'; ' if allowed else ''}{c.minimum} to {c.maximum}"
            example = f"`{c.example}`" if c.example else ""
            out.append(f"| `{c.name}` | {c.type} | {'yes' if c.required else 'no'} | {_cell(c.description)} "
                       f"| {_cell(allowed.lstrip('; '))} | {_cell(example)} |")
        out.append("")
        for c in spec.columns:
            meanings = c.enum_meanings()
            if meanings:
                out += [f"Values of `{c.name}`:", ""]
                out += [f"- `{value}`: {meaning}" for value, meaning in meanings.items()]
                out.append("")
    out += ["## Judgement areas by framework", "", "| framework | areas |", "|---|---|"]
    from civic_accountability.contract.vocab import FRAMEWORK_AREAS

    for framework, areas in FRAMEWORK_AREAS.items():
        out.append(f"| `{framework.value}` | {', '.join(f'`{a.value}`' for a in areas)} |")
    out += ["", "Focused and monitoring visits carry no judgements.", ""] + _views()
    out += ["## Validation error codes", "",
            "Each finding is an `error` (the data breaks the contract: exit 1) or a `warning` (the data is",
            "valid but a person should look: exit 0, or 1 with `validate --strict`).", "",
            "| code | layer | severity | meaning |", "|---|---|---|---|"]
    out += [f"| `{code}` | {entry[0]} | {severity(code)} | {_cell(entry[1])} |" for code, entry in CODES.items()]
    return "\n".join(out) + "\n"


def _views() -> list[str]:
    """The SQL views (``outputs.views``): in the SQLite export, and for ``sql`` and ``serve``."""
    from civic_accountability.outputs.views import QUESTIONS, VIEWS

    out = ["## Views", "",
           "Defined once in `src/civic_accountability/outputs/views.py`; shipped in the SQLite export (so Datasette",
           "lists them) and queried by `civic-accountability sql` and `serve`. Not CSV files: they are computed",
           "from the tables above.", ""]
    for view in VIEWS:
        out += [f"### `{view.name}`", "", view.description, "", "| column | description |", "|---|---|"]
        out += [f"| `{name}` | {_cell(text)} |" for name, text in view.columns]
        out.append("")
    out += ["Saved queries (Datasette's canned queries in `serve` and the SQLite export's metadata; `:name` is",
            "a parameter):", ""]
    out += [f"- `{q.name}`: {q.title}" for q in QUESTIONS]
    return out + [""]


def cli_reference() -> str:
    """Every command's --help, at a fixed width so the text is the same everywhere."""
    from civic_accountability.cli import cli

    settings = {**cli.context_settings, "terminal_width": 100, "max_content_width": 100}
    parent = click.Context(cli, info_name="civic-accountability", **settings)
    blocks = ["### `civic-accountability`", "", "```", cli.get_help(parent), "```", ""]
    for name in cli.list_commands(parent):
        command = cli.get_command(parent, name)
        ctx = click.Context(command, info_name=name, parent=parent, terminal_width=100, max_content_width=100)
        blocks += [f"### `civic-accountability {name}`", "", "```", command.get_help(ctx), "```", ""]
    return "\n".join(blocks)


def cli_document() -> str:
    """docs/cli.md: every command's --help, generated so it cannot drift from the CLI."""
    return "\n".join([
        "# CLI reference",
        "",
        "Generated from the click commands by `civic-accountability schema`; do not edit by hand",
        "(`schema --check` fails on drift). `civic-accountability COMMAND --help` prints the same.",
        "",
        cli_reference().replace("### `", "## `"),
    ])
