"""The release bundle: complete, checkable, valid once unpacked, and reproducible."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile

import pytest
from export_support import (
    FIXTURE,
    NOW,
    PACKAGES,
    TABLES,
    assert_same_as_csv,
    export,
    make_package,
    package_for,
    read_csvs,
    run_cli,
)

from civic_accountability.contract.specs import table_specs

FOLDER = "civic-accountability-0.1.0"


def _unpack(bundle, into):
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(into)
    return into / FOLDER


@pytest.mark.parametrize("kind", PACKAGES)
def test_bundle_round_trip_and_validates_unpacked(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("zip", package, tmp_path / "out.zip")
    root = _unpack(tmp_path / "out.zip", tmp_path / "unzipped")
    for table in TABLES:  # the CSVs are shipped byte for byte
        assert (root / "data" / f"{table}.csv").read_bytes() == (package / "data" / f"{table}.csv").read_bytes()
    assert_same_as_csv(read_csvs(root), package)
    args = ["validate", str(root)] + (["--now", NOW] if kind == "fixture" else [])
    result = run_cli(*args)
    assert result.exit_code == 0, result.output


def test_bundle_contents_and_checksums(tmp_path):
    export("zip", make_package(tmp_path / "pkg"), tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        names = zf.namelist()
        infos = zf.infolist()
        files = {n.removeprefix(FOLDER + "/"): zf.read(n) for n in names}
    expected = {"datapackage.json", "README.md", "LICENSE", "LICENSE-DATA", "SHA256SUMS", "data-dictionary.md"}
    expected |= {f"data/{t}.csv" for t in TABLES} | {f"schemas/{t}.json" for t in TABLES}
    assert set(files) == expected
    assert names == sorted(names) and all(n.startswith(FOLDER + "/") for n in names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == expected - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    readme = files["README.md"].decode()
    for spec in table_specs():
        assert f"data/{spec.name}.csv" in readme and spec.description in readme


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils sha256sum not installed")
def test_sha256sums_checks_with_coreutils(tmp_path):
    export("zip", make_package(tmp_path / "pkg"), tmp_path / "out.zip")
    root = _unpack(tmp_path / "out.zip", tmp_path / "u")
    subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=root, check=True)
    (root / "data" / "sources.csv").write_bytes(b"tampered\n")
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=root, capture_output=True).returncode


def test_unpacked_bundle_passes_frictionless(tmp_path):
    from frictionless import validate

    export("zip", make_package(tmp_path / "pkg"), tmp_path / "out.zip")
    root = _unpack(tmp_path / "out.zip", tmp_path / "u")
    report = validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    package = make_package(tmp_path / "pkg")
    export("zip", package, tmp_path / "a.zip")
    (package / "data" / "sources.csv").touch()  # a newer mtime must not matter
    export("zip", package, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_a_changed_cell_changes_the_bundle_and_its_checksum(tmp_path):
    export("zip", make_package(tmp_path / "one"), tmp_path / "a.zip")
    changed = {t: [list(r) for r in rows] for t, rows in FIXTURE.items()}
    changed["judgements"][1][3] = "good"
    export("zip", make_package(tmp_path / "two", changed), tmp_path / "b.zip")
    a, b = (zipfile.ZipFile(tmp_path / p) for p in ("a.zip", "b.zip"))
    with a, b:
        sums_a, sums_b = (z.read(f"{FOLDER}/SHA256SUMS").decode().splitlines() for z in (a, b))
    differs = [x.split("  ")[1] for x, y in zip(sums_a, sums_b) if x != y]
    assert differs == ["data/judgements.csv"]
    assert (
        hashlib.sha256((tmp_path / "a.zip").read_bytes()).digest()
        != hashlib.sha256((tmp_path / "b.zip").read_bytes()).digest()
    )


def test_source_date_epoch_sets_the_timestamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    export("zip", make_package(tmp_path / "pkg"), tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_bundle_of_an_installed_copy_finds_the_licences(tmp_path):
    """A package without LICENSE files (as inside a wheel) borrows the distribution's."""
    from civic_accountability.outputs.exports.bundle import _installed_file

    if _installed_file("LICENSE") is None:
        pytest.skip("the distribution's licence files are not installed")
    package = make_package(tmp_path / "pkg")
    export("zip", package, tmp_path / "with.zip")
    (package / "LICENSE").unlink()
    (package / "LICENSE-DATA").unlink()
    export("zip", package, tmp_path / "without.zip")
    with zipfile.ZipFile(tmp_path / "without.zip") as zf:
        assert b"Creative Commons" in zf.read(f"{FOLDER}/LICENSE-DATA")
    # Same licences, same data: the same bytes wherever the bundle is built from.
    assert (tmp_path / "with.zip").read_bytes() == (tmp_path / "without.zip").read_bytes()
