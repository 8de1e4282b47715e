"""SQLite export read back with sqlite3, and served by a real Datasette on loopback."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from export_support import PACKAGES, assert_same_as_csv, export, make_package, package_for

from civic_accountability.contract.specs import table_specs

pytest.importorskip("sqlite_utils")


def _read(db_path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return {
            s.name: [dict(r) for r in conn.execute(f'select * from "{s.name}" order by rowid')] for s in table_specs()
        }
    finally:
        conn.close()


@pytest.mark.parametrize("kind", PACKAGES)
def test_sqlite_round_trip(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("sqlite", package, tmp_path / "out.db")
    tables = _read(tmp_path / "out.db")
    assert_same_as_csv(tables, package)
    for row in tables["recommendations"]:
        assert isinstance(row["position"], int)


def test_sqlite_declares_types_keys_and_indexes(tmp_path):
    export("sqlite", make_package(tmp_path / "pkg"), tmp_path / "out.db")
    conn = sqlite3.connect(tmp_path / "out.db")
    try:
        for spec in table_specs():
            info = {r[1]: r for r in conn.execute(f'pragma table_info("{spec.name}")')}
            assert list(info) == list(spec.column_names)
            for c in spec.columns:
                _, _, declared, notnull, _, pk = info[c.name]
                assert declared == ("INTEGER" if c.type == "integer" else "TEXT")
                assert bool(notnull) == c.required or c.name in spec.key_fields
                assert pk == (spec.key_fields.index(c.name) + 1 if c.name in spec.key_fields else 0)
            fks = {(r[3], r[2], r[4]) for r in conn.execute(f'pragma foreign_key_list("{spec.name}")')}
            assert fks == {(fk.field, fk.table, fk.table_field) for fk in spec.foreign_keys}
            indexed = {
                conn.execute(f'pragma index_info("{r[1]}")').fetchone()[2]
                for r in conn.execute(f'pragma index_list("{spec.name}")')
            }
            assert {fk.field for fk in spec.foreign_keys} <= indexed
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        # STRICT tables: the declared types are enforced, not just advisory.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "insert into recommendations values ('x', 'barset-2020-01-06-standard-inspection', "
                "'local_authority', 'first', null, 'text', 'src-a')"
            )
        hits = conn.execute("select rowid from statements_fts where statements_fts match 'disappointed'").fetchall()
        assert len(hits) == 1
    finally:
        conn.close()


def test_metadata_sidecar_describes_every_column(tmp_path):
    export("sqlite", make_package(tmp_path / "pkg"), tmp_path / "out.db")
    meta = json.loads((tmp_path / "out.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC-BY-4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    tables = meta["databases"]["out"]["tables"]
    for spec in table_specs():
        assert tables[spec.name]["description"] == spec.description
        assert tables[spec.name]["columns"] == {c.name: c.description for c in spec.columns}
        assert all(f in spec.column_names for f in tables[spec.name]["facets"])
    assert "grade" in tables["judgements"]["facets"] and "framework" in tables["inspections"]["facets"]


# --- a real Datasette ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@pytest.fixture
def datasette(tmp_path):
    """Datasette serving the bundled data's export on 127.0.0.1; always stopped."""
    pytest.importorskip("datasette")
    db = tmp_path / "civic.db"
    export("sqlite", package_for("bundled", tmp_path), db)
    port = _free_port()
    log = open(tmp_path / "datasette.log", "wb")  # a file, not a pipe nobody reads
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            "-i",
            str(db),
            "-m",
            str(db.with_suffix(".metadata.json")),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not start: {(tmp_path / 'datasette.log').read_text(errors='replace')}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_datasette_serves_tables_labels_and_descriptions(datasette):
    from export_support import read_csvs

    from civic_accountability.dataset.package import bundled_root

    csvs = read_csvs(bundled_root())
    table = _get(f"{datasette}/civic/inspections.json?_shape=objects&_size=max")
    assert [r["inspection_id"] for r in table["rows"]] == [r["inspection_id"] for r in csvs["inspections"]]

    judgements = _get(f"{datasette}/civic/judgements.json?_shape=objects&_labels=on&_size=1")
    source = judgements["rows"][0]["source_id"]
    titles = {r["source_id"]: r["title"] for r in csvs["sources"]}
    assert source["label"] == titles[source["value"]]

    meta = _get(f"{datasette}/-/metadata.json")
    spec = {s.name: s for s in table_specs()}["statements"]
    quote = next(c for c in spec.columns if c.name == "quote")
    assert meta["databases"]["civic"]["tables"]["statements"]["columns"]["quote"] == quote.description

    facets = _get(f"{datasette}/civic/judgements.json?_facet=grade&_size=0")
    counted = {f["value"]: f["count"] for f in facets["facet_results"]["grade"]["results"]}
    assert sum(counted.values()) == len(csvs["judgements"])
