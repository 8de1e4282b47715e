"""One invalid fixture per error code: each reports exactly its code, table, line and field.

A fixture is a folder under tests/fixtures/invalid/<code>/ holding only the files it
changes from tests/fixtures/minimal/, and expected.json naming the one error it must give.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.validation.errors import CODES
from civic_accountability.validation.validate import validate_package

from conftest import FIXTURES, build_package

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


@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_reports_exactly_its_error(tmp_path, fixture):
    pkg, expected = _build(tmp_path, fixture)
    report = validate_package(pkg, today=expected.get("now", NOW))
    found = [(e.code, e.table, e.line, e.field) for e in report.errors]
    assert found == [(expected["code"], expected["table"], expected["line"], expected["field"])]
    assert report.exit_code == expected["exit_code"]
    assert report.errors[0].message  # a contributor gets words, not just a code


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("fixture", INVALID, ids=[p.name for p in INVALID])
def test_cli_exit_code_and_no_traceback(tmp_path, fixture, fmt):
    pkg, expected = _build(tmp_path, fixture)
    result = CliRunner().invoke(cli, ["validate", str(pkg), "--format", fmt, "--now", expected.get("now", NOW)])
    assert result.exit_code == expected["exit_code"], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if fmt == "json":
        doc = json.loads(result.output)
        assert doc["valid"] is False
        assert doc["errors"][0]["code"] == expected["code"]
        assert set(doc["errors"][0]) == {"code", "table", "line", "field", "value", "message", "file"}
    elif fmt == "github":
        first = result.output.splitlines()[0]
        assert first.startswith("::error file=")
        assert f"title={expected['code']}::" in first
        if expected["line"]:
            assert f",line={expected['line']}," in first
    else:
        assert f"[{expected['code']}]" in result.output


def test_stock_frictionless_agrees_on_cell_and_key_faults(tmp_path):
    """People without our CLI still get the constraints: the descriptors carry them."""
    frictionless = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
    for name in ("constraint-error", "primary-key", "foreign-key", "type-error"):
        pkg, _ = _build(tmp_path / name, FIXTURES / "invalid" / name)
        run = subprocess.run([frictionless, "validate", "--json", str(pkg / "datapackage.json")],
                             capture_output=True, text=True)
        assert run.returncode != 0, name
        doc = json.loads(run.stdout)
        types = {e["type"] for task in doc["tasks"] for e in task["errors"]}
        assert name in types, (name, types)
