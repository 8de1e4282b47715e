"""JSON (one Frictionless document with inline data) and NDJSON (a file per table)."""

from __future__ import annotations

import json

import pytest
from export_support import PACKAGES, TABLES, assert_same_as_csv, export, make_package, package_for

from civic_accountability.contract.specs import table_schema, table_specs


@pytest.mark.parametrize("kind", PACKAGES)
def test_json_round_trip(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("json", package, tmp_path / "out.json")
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    # an empty table is its header row alone (Frictionless refuses an empty inline array)
    header = {r["name"]: [[f["name"] for f in r["schema"]["fields"]]] for r in doc["resources"]}
    assert_same_as_csv(
        {r["name"]: [] if r["data"] == header[r["name"]] else r["data"] for r in doc["resources"]}, package
    )


def test_json_document_carries_metadata_and_typed_values(tmp_path):
    package = make_package(tmp_path / "pkg")
    export("json", package, tmp_path / "out.json")
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("name", "title", "description", "version", "licenses", "sources"):
        assert doc[key] == descriptor[key]
    by_name = {r["name"]: r for r in doc["resources"]}
    assert [r["name"] for r in doc["resources"]] == list(TABLES)
    for spec in table_specs():
        assert by_name[spec.name]["schema"] == table_schema(spec)
        assert by_name[spec.name]["description"] == spec.description
    positions = [r["position"] for r in by_name["recommendations"]["data"]]
    assert positions == [1, 10, 2]  # numbers, in the CSV's order
    assert by_name["sources"]["data"][2]["title"] is None  # an empty cell is null


def test_json_document_is_a_valid_frictionless_package(tmp_path):
    from frictionless import validate

    export("json", make_package(tmp_path / "pkg"), tmp_path / "out.json")
    report = validate(str(tmp_path / "out.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("kind", PACKAGES)
def test_ndjson_round_trip(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("ndjson", package, tmp_path / "nd")
    assert sorted(p.name for p in (tmp_path / "nd").iterdir()) == sorted(f"{t}.ndjson" for t in TABLES)
    tables = {}
    for table in TABLES:
        lines = (tmp_path / "nd" / f"{table}.ndjson").read_text(encoding="utf-8").splitlines()
        tables[table] = [json.loads(line) for line in lines]  # one object per line, no blank lines
    assert_same_as_csv(tables, package)
    assert all(isinstance(r["position"], int) for r in tables["recommendations"])
