"""The contract package: generated cell specs, column roles, the type map, labels and slugs."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from civic_accountability.contract.cellspecs import TABLES
from civic_accountability.contract.columns import COLUMN_TYPES, DATE, FACET, LABEL, ROLES, SEARCH
from civic_accountability.contract.fieldtypes import SLUG_PATTERN, slugify
from civic_accountability.contract.specs import table_specs
from civic_accountability.contract.vocab import (
    FRAMEWORK_AREAS,
    HEADLINE_AREAS,
    LABELS,
    SHORT_LABELS,
    VOCABULARIES,
    Framework,
    label,
)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def test_committed_cell_specs_are_what_the_models_declare():
    from civic_accountability.contract.derive import model_specs

    assert table_specs() is TABLES
    assert TABLES == model_specs(), "contract/cellspecs.py is stale: run civic-accountability schema"


def test_the_models_accept_every_row_of_the_bundled_data():
    from civic_accountability.contract.models import MODELS_BY_TABLE

    for spec in table_specs():
        with open(ROOT / spec.path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, spec.name
        for row in rows:
            MODELS_BY_TABLE[spec.name].model_validate(row)


def _run(code: str) -> str:
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    ).stdout


def test_validate_never_imports_pydantic(tmp_path):
    """`validate` starts fast because it reads the generated cell specs, not the models."""
    for part in ("schemas", "data", "archive"):
        shutil.copytree(ROOT / part, tmp_path / "pkg" / part)
    shutil.copy(ROOT / "datapackage.json", tmp_path / "pkg")
    recommendations = tmp_path / "pkg" / "data" / "recommendations.csv"
    lines = recommendations.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    cells[3] = "5.0"  # position
    recommendations.write_text("\n".join([lines[0], ",".join(cells)] + lines[2:]), encoding="utf-8")
    cases = {("validate",): 0, ("validate", "--format", "json"): 0, ("validate", str(tmp_path / "pkg")): 1}
    for args, exit_code in cases.items():
        out = _run(
            "import sys\n"
            "from civic_accountability.cli import cli\n"
            "try:\n"
            f"    cli({list(args)!r}, prog_name='civic-accountability')\n"
            "except SystemExit as exit:\n"
            "    print('EXIT', exit.code, sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
        )
        assert out.splitlines()[-1] == f"EXIT {exit_code} []", (args, out[-300:])


def test_roles_are_declared_where_users_rely_on_them():
    by_table = {s.name: s for s in table_specs()}
    assert by_table["inspections"].with_role(DATE) == ("start_date", "end_date", "published_date")
    assert by_table["statements"].with_role(DATE) == ("statement_date",)
    assert by_table["sources"].with_role(LABEL) == ("title",)
    assert {t: s.with_role(SEARCH) for t, s in by_table.items() if s.with_role(SEARCH)} == {
        "sources": ("title",),
        "authorities": ("name", "other_names"),
        "recommendations": ("text",),
        "statements": ("quote",),
    }
    for spec in table_specs():
        for col in spec.columns:
            assert set(col.roles) <= set(ROLES), (spec.name, col.name)
            assert (DATE in col.roles) == col.is_partial_date, (spec.name, col.name)
            if col.enum:
                assert FACET in col.roles, f"{spec.name}.{col.name}: every vocabulary column is a facet"
            assert col.type in COLUMN_TYPES, f"{spec.name}.{col.name}: no storage for type {col.type}"


def test_the_type_map_types_cells_without_guessing():
    integer, string = COLUMN_TYPES["integer"], COLUMN_TYPES["string"]
    assert integer.typed("12") == 12 and integer.typed("-3") == -3 and integer.typed(None) is None
    for text in (" 5", "1_000", "5.0", "٥", "", "12a"):
        assert integer.typed(text) == text  # left as text, for the export to store or refuse
    assert string.typed("0012") == "0012"
    assert (integer.sql, integer.arrow, string.sql, string.arrow) == ("INTEGER", "int64", "TEXT", "string")


def test_every_vocabulary_value_has_one_label_and_values_never_collide():
    members = [m for vocabulary in VOCABULARIES.values() for m in vocabulary]
    assert set(LABELS) == set(members)
    for spec in table_specs():  # a vocabulary added elsewhere still needs its words here
        for col in spec.columns:
            for value in col.enum or ():
                assert any(m.value == value for m in LABELS), f"{spec.name}.{col.name}: no label for {value!r}"
                assert col.enum_meanings()[value], f"{spec.name}.{col.name}: no meaning for {value!r}"
    assert set(SHORT_LABELS) <= set(members)
    values = [m.value for m in members]
    assert len(values) == len(set(values)), "label() finds a value's vocabulary by the value alone"
    assert label("requires_improvement") == "Requires improvement"
    assert label("children_in_care") == "Children in care"
    assert label("ilacs_2023", short=True) == "ILACS 2023"
    assert label("good", short=True) == "Good"
    assert label("not_a_value") == "Not a value"
    assert set(HEADLINE_AREAS) == set(Framework)
    assert all(set(HEADLINE_AREAS[f]) <= set(FRAMEWORK_AREAS[f]) for f in Framework)
    slac = [a.value for a in HEADLINE_AREAS[Framework.slac]]
    assert slac == ["safeguarding_overall", "looked_after_children_overall"]


def test_slugify_spells_every_published_authority_id():
    """Ids are forever: the one slug rule must give the prefix every inspection id already has."""
    with open(ROOT / "data" / "inspections.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["inspection_id"].startswith(slugify(row["local_authority"]) + "-"), row["inspection_id"]
    assert slugify("Brighton and Hove") == "brighton-and-hove"
    assert slugify("Bournemouth, Christchurch & Poole") == "bournemouth-christchurch-poole"
    assert slugify("St. Helens") == "st-helens"


@given(st.text())
def test_slugify_gives_a_slug_or_nothing(text):
    import re

    slug = slugify(text)
    assert slug == "" or re.fullmatch(SLUG_PATTERN, slug)
    assert slugify(slug) == slug
