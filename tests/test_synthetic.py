"""scripts/gen_synthetic.py: deterministic packages in our exact schema, valid unless told
to plant errors, and then holding every error code the validator has."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from conftest import load_script

from civic_accountability.contract.errors import CODES
from civic_accountability.contract.specs import generated_descriptor_files, table_specs
from civic_accountability.validation.validate import validate_package


def load_generator():
    return load_script("gen_synthetic")


gen = load_generator()
TODAY = gen.TODAY


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "pkg"
    gen.generate(root, rows=2000, seed=11)
    return root


def test_generated_package_is_valid(valid):
    report = validate_package(valid, TODAY, engine="rows")
    assert report.errors == []
    assert sum(report.row_counts.values()) == 2000


def test_descriptors_are_the_models_own(valid):
    for rel, content in generated_descriptor_files().items():
        assert (valid / rel).read_text(encoding="utf-8") == content


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, valid):
    gen.generate(tmp_path / "again", rows=2000, seed=11)
    gen.generate(tmp_path / "other", rows=2000, seed=12)
    assert digest(tmp_path / "again") == digest(valid)
    assert digest(tmp_path / "other") != digest(valid)


def test_fan_out_is_realistic(valid):
    counts = validate_package(valid, TODAY, engine="rows").row_counts
    assert counts["sources"] < counts["inspections"] / 4
    assert all(counts["inspections"] < counts[t] for t in ("judgements", "recommendations", "statements"))


def test_quotes_hold_commas_quote_marks_newlines_and_are_archived(valid):
    rows = list(csv.DictReader(io.StringIO((valid / "data" / "statements.csv").read_text(encoding="utf-8"))))
    quotes = [r["quote"] for r in rows]
    assert any("," in q for q in quotes)
    assert any('"' in q for q in quotes)
    assert any("\n" in q for q in quotes)
    assert any(not q.isascii() for q in quotes)
    assert {r["source_id"] for r in rows} <= {p.stem for p in (valid / "archive").glob("*.txt")}


def test_rows_are_sorted_by_primary_key(valid):
    for spec in table_specs():
        text = (valid / spec.path).read_text(encoding="utf-8")
        keys = [[r[k] for k in spec.key_fields] for r in csv.DictReader(io.StringIO(text))]
        assert keys == sorted(keys)


def test_planted_errors_give_every_row_level_code(tmp_path):
    planted = gen.generate(tmp_path / "pkg", rows=1000, seed=5, plant_errors=True)
    report = validate_package(tmp_path / "pkg", TODAY, engine="rows")
    assert {e.code for e in report.findings} == set(gen.PLANTED_CODES) == {c for c, _ in planted}


def test_planted_and_file_faults_together_cover_every_code(tmp_path):
    gen.generate(tmp_path / "rows", rows=500, seed=6, plant_errors=True)
    gen.generate(tmp_path / "files", rows=500, seed=6, file_faults=True)
    found = {e.code for e in validate_package(tmp_path / "rows", TODAY, engine="rows").findings}
    files = {e.code for e in validate_package(tmp_path / "files", TODAY, engine="rows").findings}
    assert files == set(gen.FILE_FAULT_CODES)
    assert found | files == set(CODES)


def test_command_line(tmp_path, capsys):
    assert gen.main([str(tmp_path / "pkg"), "--rows", "300", "--seed", "2", "--plant-errors"]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "planted: " in out
    assert json.loads((tmp_path / "pkg" / "datapackage.json").read_text())["name"] == "civic-accountability"
    with pytest.raises(SystemExit):
        gen.main([str(tmp_path / "small"), "--rows", "10"])
