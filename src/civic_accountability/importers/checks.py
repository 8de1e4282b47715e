"""What both importers check before anything is written: every generated row against the
package's models and the judgement rules of validation. ``ImportProblem`` is the one
exception an importer raises for input it cannot map or rows that fail (exit 1)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from civic_accountability.importers.tables import TABLE_COLUMNS, key_columns


class ImportProblem(Exception):
    """The sources hold something the importer does not know how to map, or the rows it
    generated fail the package's rules (nothing is written)."""


def load_models():
    """The package's Pydantic models, or (None, why) when they cannot be imported."""
    try:
        from civic_accountability.contract import models  # noqa: WPS433
    except ImportError as exc:
        return None, f"civic_accountability.contract.models cannot be imported ({exc})"
    return models, None


def validate_rows(tables: dict[str, list[dict[str, str]]], models) -> list[str]:
    """Each generated row that its table's model refuses: "<table> <key>: <why>"."""
    by_table = models.MODELS_BY_TABLE
    problems = []
    for table, rows in tables.items():
        model = by_table[table]
        for row in rows:
            values = {k: (v if v != "" else None) for k, v in row.items()}
            try:
                model.model_validate(values)
            except Exception as exc:  # pydantic.ValidationError, reported per row
                first = str(exc).splitlines()
                problems.append(f"{table} {row[TABLE_COLUMNS[table][0]]}: {' / '.join(first[1:3])}")
    return problems


def check_areas(inspections: list[dict[str, str]], judgements: list[dict[str, str]], models=None) -> list[str]:
    """Areas allowed per framework and no grades on visits: validation's own rule
    (``rules.check_judgements``), run on the generated rows before anything is written."""
    from civic_accountability.validation.rules import check_judgements

    by_id = {r["inspection_id"]: r for r in inspections}
    problems = [
        f"judgement {j['judgement_id']}: no inspection {j['inspection_id']}"
        for j in judgements
        if j["inspection_id"] not in by_id
    ]
    first_line = 2  # the header is line 1
    for e in check_judgements(list(enumerate(judgements, first_line)), by_id):
        if e.code in ("area-not-in-framework", "judgement-on-visit"):
            problems.append(f"judgement {judgements[e.line - first_line]['judgement_id']}: {e.message}")
    return problems


def validate_generated(
    new: dict[str, list[dict[str, str]]], tables: dict[str, list[dict[str, str]]], require_models: bool
) -> dict[str, Any]:
    """Every generated row against the models; ImportProblem (nothing written) on the first failures."""
    models, why = load_models()
    if models is None:
        if require_models:
            raise ImportProblem(why)
        return {"validated": False, "reason": why, "problems": []}
    problems = validate_rows(new, models)
    problems += check_areas(tables["inspections"], new["judgements"], models)
    if problems:
        raise ImportProblem("generated rows fail the package models:\n  " + "\n  ".join(problems[:20]))
    return {"validated": True, "problems": []}


def sorted_by_key(table: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A merged table's rows sorted by primary key; ImportProblem when two share one."""
    pk = key_columns(table, TABLE_COLUMNS[table])

    def key(row: dict[str, str]) -> tuple[str, ...]:  # compared as text, as `fmt` sorts
        return tuple(row.get(c) or "" for c in pk)

    dupes = [k if len(k) > 1 else k[0] for k, n in Counter(map(key, rows)).items() if n > 1]
    if dupes:
        raise ImportProblem(f"{table}: duplicate primary keys {dupes[:5]}")
    return sorted(rows, key=key)
