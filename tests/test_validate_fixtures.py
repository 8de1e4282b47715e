"""One fixture per finding code: each reports exactly its code, table, line and field, on
both engines, with identical reports.

A fixture is a folder under tests/fixtures/invalid/<code>/ holding only the files it
changes from tests/fixtures/minimal/, and expected.json naming the one finding it must
give (an error, or a warning: then exit 0, and 1 with --strict).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, build_package

from civic_accountability.cli import cli
from civic_accountability.contract.errors import CODES, WARNING, severity
from civic_accountability.validation.report import RENDERERS
from civic_accountability.validation.validate import validate_package

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
NOW = "2026-11-23"


def _build(tmp_path: Path, fixture: Path) -> tuple[Path, dict]:
    expected = json.loads((fixture / "expected.json").read_text())
    pkg = build_package(tmp_path / "pkg", fixture, expected.get("resource_paths"))
    for rel in expected.get("remove", []):
        (pkg / rel).unlink()
    return pkg, expected


def test_every_code_has_a_fixture():
    assert sorted(p.name for p in INVALID) == sorted(CODES)


def test_minimal_package_is_valid(package):
    report = validate_package(package, today=NOW)
    assert report.errors == []
    assert report.exit_code == 0


ENGINES = ["rows", "fast"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_reports_exactly_its_error(tmp_path, fixture, engine):
    pkg, expected = _build(tmp_path, fixture)
    report = validate_package(pkg, today=expected.get("now", NOW), engine=engine)
    found = [(e.code, e.table, e.line, e.field) for e in report.findings]
    assert found == [(expected["code"], expected["table"], expected["line"], expected["field"])]
    assert report.exit_code == expected["exit_code"]
    assert report.findings[0].message  # a contributor gets words, not just a code
    warning = severity(expected["code"]) == WARNING
    assert (report.warnings, report.errors) == ((report.findings, []) if warning else ([], report.findings))
    assert report.valid is warning
    assert report.exit_status(strict=True) == (1 if warning else expected["exit_code"])


@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_same_report_on_both_engines(tmp_path, fixture):
    pkg, expected = _build(tmp_path, fixture)
    reports = [validate_package(pkg, today=expected.get("now", NOW), engine=e) for e in ENGINES]
    rows, fast = reports
    assert (fast.errors, fast.warnings, fast.row_counts) == (rows.errors, rows.warnings, rows.row_counts)
    for render in RENDERERS.values():
        assert render(fast) == render(rows)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_cli_exit_code_and_no_traceback(tmp_path, fixture, fmt):
    pkg, expected = _build(tmp_path, fixture)
    result = CliRunner().invoke(cli, ["validate", str(pkg), "--format", fmt, "--now", expected.get("now", NOW)])
    assert result.exit_code == expected["exit_code"], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    kind = severity(expected["code"])
    if fmt == "json":
        doc = json.loads(result.output)
        assert doc["valid"] is (kind == WARNING)
        finding = doc["warnings" if kind == WARNING else "errors"][0]
        assert finding["code"] == expected["code"] and finding["severity"] == kind
        assert set(finding) == {"severity", "code", "table", "line", "field", "value", "message", "file"}
    elif fmt == "github":
        notice, first = result.output.splitlines()[:2]
        assert notice.startswith("::notice title=civic-accountability validate::package: ")
        assert first.startswith(f"::{kind} file=")
        assert f"title={expected['code']}::" in first
        if expected["line"]:
            assert f",line={expected['line']}," in first
    else:
        assert result.output.startswith("package: ")
        assert f"{kind}s:\n" in result.output
        assert f"[{expected['code']}]" in result.output


@pytest.mark.parametrize(
    "fixture",
    [p for p in INVALID if severity(p.name) == WARNING],
    ids=[p.name for p in INVALID if severity(p.name) == WARNING],
)
def test_strict_fails_on_a_warning(tmp_path, fixture):
    pkg, expected = _build(tmp_path, fixture)
    args = ["validate", str(pkg), "--now", expected.get("now", NOW), "--format", "json"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1
    doc = json.loads(strict.output)
    assert doc["valid"] is True and doc["exit_code"] == 1 and doc["summary"]["warnings"] == 1


def test_every_output_names_the_package(package):
    descriptor = json.loads((package / "datapackage.json").read_text())
    name, version = descriptor["name"], descriptor["version"]
    report = validate_package(package, today=NOW)
    text = RENDERERS["text"](report).splitlines()[0]
    assert text == f"package: {report.identity['path']} ({name} version {version})"
    assert report.identity["path"].endswith("datapackage.json")
    doc = json.loads(RENDERERS["json"](report))
    assert (doc["descriptor"], doc["package_name"], doc["package_version"]) == (
        str(package / "datapackage.json"),
        name,
        version,
    )
    github = RENDERERS["github"](report).splitlines()[0]
    assert github.startswith("::notice ") and f"{name} version {version}" in github


def test_stock_frictionless_agrees_on_cell_and_key_faults(tmp_path):
    """People without our CLI still get the constraints: the descriptors carry them."""
    frictionless = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
    for name in ("constraint-error", "primary-key", "foreign-key", "type-error"):
        pkg, _ = _build(tmp_path / name, FIXTURES / "invalid" / name)
        run = subprocess.run(
            [frictionless, "validate", "--json", str(pkg / "datapackage.json")], capture_output=True, text=True
        )
        assert run.returncode != 0, name
        doc = json.loads(run.stdout)
        types = {e["type"] for task in doc["tasks"] for e in task["errors"]}
        assert name in types, (name, types)


def _frictionless_errors(pkg: Path) -> set[str]:
    frictionless = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
    run = subprocess.run(
        [frictionless, "validate", "--json", str(pkg / "datapackage.json")], capture_output=True, text=True
    )
    return {e["type"] for task in json.loads(run.stdout)["tasks"] for e in task["errors"]}


@pytest.mark.parametrize("date,valid", [("0000-03-11", False), ("0000", False), ("0001-03-11", True)])
def test_there_is_no_year_zero_on_either_engine_nor_in_stock_frictionless(tmp_path, date, valid):
    """The partial-date pattern refused 0000 nowhere; now all three regex engines refuse it alike."""
    pkg = build_package(tmp_path / "pkg")
    inspections = pkg / "data" / "inspections.csv"
    inspections.write_text(
        inspections.read_text(encoding="utf-8").replace(",2014-03-11,", f",{date},", 1), encoding="utf-8"
    )
    rows, fast = (validate_package(pkg, today=NOW, engine=e) for e in ENGINES)
    expected = [] if valid else [("constraint-error", "inspections", 2, "start_date")]
    assert [(e.code, e.table, e.line, e.field) for e in rows.findings] == expected
    assert (fast.errors, fast.warnings) == (rows.errors, rows.warnings)
    if not valid:
        assert rows.errors[0].message.startswith(f"start_date '{date}' is not a date")
    assert ("constraint-error" in _frictionless_errors(pkg)) is not valid
