"""The models are the one source of truth: generated files match them, and the
descriptors carry the constraints so stock Frictionless enforces them too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.commands.generate import generated_files
from civic_accountability.contract.models import MODELS_BY_TABLE
from civic_accountability.contract.specs import table_specs
from civic_accountability.contract.vocab import (
    FRAMEWORK_AREAS,
    MEANINGS,
    Area,
    Framework,
    Grade,
    InspectionType,
    SourceType,
)

ROOT = Path(__file__).resolve().parents[1]
DESIGN_COLUMNS = {
    "sources": "source_id source_type title publisher author published_date url sha256",
    "authorities": "authority_id name other_names la_code la_number region status created_date abolished_date "
    "predecessors successors ofsted_url source_id change_source_id",
    "inspections": "inspection_id local_authority la_code framework inspection_type start_date end_date "
    "published_date lead_inspector visit_theme source_id authority_id",
    "judgements": "judgement_id inspection_id area grade source_id",
    "recommendations": "recommendation_id inspection_id addressee position section text source_id",
    "statements": "statement_id inspection_id speaker speaker_role speaker_organisation speaker_party "
    "statement_date quote source_id",
    "statistical_neighbours": "authority_id neighbour_authority_id rank source_id",
    "themes": "theme_id label covers not_here",
    "recommendation_themes": "recommendation_id theme_id rank method",
    "recommendation_repeats": "recommendation_id earlier_recommendation_id judged method",
}


def test_derived_tables_have_the_contracts_composite_keys():
    """DESIGN.md: PK (recommendation_id, theme_id) and (recommendation_id, earlier_recommendation_id),
    published as Frictionless composite primary keys."""
    import json

    for name, key in (
        ("recommendation_themes", ["recommendation_id", "theme_id"]),
        ("recommendation_repeats", ["recommendation_id", "earlier_recommendation_id"]),
        ("themes", ["theme_id"]),
    ):
        schema = json.loads((ROOT / "schemas" / f"{name}.json").read_text("utf-8"))
        assert schema["primaryKey"] == key


def test_tables_and_columns_keep_the_contracts_names():
    assert {t.name: " ".join(t.column_names) for t in table_specs()} == DESIGN_COLUMNS


def test_every_column_is_described_and_every_value_has_a_meaning():
    for spec in table_specs():
        for col in spec.columns:
            assert col.description, (spec.name, col.name)
    for enum in (SourceType, Framework, InspectionType, Grade, Area):
        assert all(member in MEANINGS for member in enum)
    assert set(FRAMEWORK_AREAS) == set(Framework)


def test_committed_generated_files_match_the_models():
    for rel, content in generated_files(ROOT).items():
        assert (ROOT / rel).read_text(encoding="utf-8") == content, f"{rel} is stale: run civic-accountability schema"


def test_schema_check_fails_with_a_diff_on_drift(tmp_path):
    for rel in ("pyproject.toml",):
        shutil.copyfile(ROOT / rel, tmp_path / rel)
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--root", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)]).exit_code == 0
    schema_file = tmp_path / "schemas" / "judgements.json"
    schema_file.write_text(schema_file.read_text().replace('"inadequate"', '"terrible"'))
    result = runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert '-          "terrible"' in result.output and '+          "inadequate"' in result.output


def test_the_cli_reference_is_generated_into_docs_and_checked_for_drift(tmp_path):
    """docs/cli.md holds every command's --help; schema --check fails when a help text changes."""
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--root", str(tmp_path)]).exit_code == 0
    reference = (tmp_path / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in ("validate", "timeline", "import", "import statistics", "sql"):
        assert f"## `civic-accountability {name}`" in reference
    (tmp_path / "docs" / "cli.md").write_text(reference.replace("Check a package", "Checks a package"))
    result = runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "docs/cli.md" in result.output


def test_the_readme_is_a_front_door_not_a_reference():
    """Under 400 lines, in a newcomer's order, with the CLI reference and validation internals in docs/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 400
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    order = [
        "## Get it",
        "## The main job",
        "## Questions you can ask",
        "## Contributing data",
        "## The tests",
        "## Code layout",
    ]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(want)) for want in order]
    assert positions == sorted(positions), headings
    assert "python3 -m venv .venv" in readme and "python3-venv" in readme and "git clone" in readme
    assert "../shared/ofsted" in readme and "chromium" in readme.lower()
    assert "cli-reference:start" not in readme and "(docs/cli.md)" in readme and "(docs/validation.md)" in readme
    assert "Without a PATH" not in readme


def test_descriptors_carry_keys_and_constraints():
    schema = json.loads((ROOT / "schemas" / "judgements.json").read_text())
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["judgement_id"]
    assert {fk["reference"]["resource"] for fk in schema["foreignKeys"]} == {"inspections", "sources"}
    assert fields["grade"]["constraints"]["enum"] == [g.value for g in Grade]
    assert fields["judgement_id"]["constraints"]["required"] is True
    assert "pattern" in fields["judgement_id"]["constraints"]


def test_models_validate_a_row_and_reject_a_bad_one():
    from pydantic import ValidationError

    inspection = MODELS_BY_TABLE["inspections"]
    row = dict(
        inspection_id="swindon-2023-07-17-standard-inspection",
        local_authority="Swindon",
        la_code="E06000030",
        framework="ilacs_2023",
        inspection_type="standard_inspection",
        start_date="2023-07-17",
        end_date="2023-07-28",
        published_date="2023-09-11",
        source_id="ofsted-report-swindon-2023",
        authority_id="swindon",
    )
    assert inspection(**row).framework == "ilacs_2023"
    for bad in (
        {"end_date": "2023-07-01"},
        {"start_date": "2023-02-30"},
        {"framework": "ofsted"},
        {"inspection_id": "Swindon 2023"},
    ):
        with pytest.raises(ValidationError):
            inspection(**{**row, **bad})


def _frictionless_errors(pkg: Path) -> set[str]:
    exe = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
    run = subprocess.run([exe, "validate", "--json", str(pkg / "datapackage.json")], capture_output=True, text=True)
    return {e["type"] for task in json.loads(run.stdout)["tasks"] for e in task["errors"]}


@pytest.mark.parametrize(
    "old,new",
    [
        (b"-rec-2,", b"-REC 2,"),  # broken slug pattern
        (b",2,,Improve", b",,,Improve"),  # empty required cell
    ],
)
def test_stock_frictionless_enforces_patterns_and_required(package, old, new):
    path = package / "data" / "recommendations.csv"
    path.write_bytes(path.read_bytes().replace(old, new))
    assert "constraint-error" in _frictionless_errors(package)


def test_stock_frictionless_passes_the_bundled_package():
    assert _frictionless_errors(ROOT) == set()
