"""Hostile packages (issue 13): files outside the package, FIFOs, devices, loops, odd
descriptors. Each is refused with one located error and exit 2, never read, never a
traceback, on both engines; what `validate` accepts never crashes `export` or `site`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.dataset.reader import UnsafeFile, read_member
from civic_accountability.validation.validate import validate_package

NOW = "2026-11-23"
ARCHIVE = "archive/example-news-2018-05-visit.txt"
ENGINES = [
    "rows",
    pytest.param(
        "fast",
        marks=pytest.mark.skipif(__import__("importlib").util.find_spec("polars") is None, reason="needs polars"),
    ),
]


def cli_run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed entry point (``main``), as a user runs it: a hang fails the test."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return subprocess.run(
        [sys.executable, "-m", "civic_accountability", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def found(pkg: Path, engine: str = "rows") -> list[tuple]:
    return [(e.code, e.field, e.value) for e in validate_package(pkg, today=NOW, engine=engine).errors]


def edit_descriptor(pkg: Path, fn) -> None:
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text())
    fn(descriptor)
    path.write_text(json.dumps(descriptor))


def assert_clean(result: subprocess.CompletedProcess, code: int) -> None:
    assert result.returncode == code, result.stderr
    for bad in ("Traceback", "This is a bug", "Exception ignored"):
        assert bad not in result.stderr + result.stdout


# --- the guarded reader -------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_an_archive_linked_outside_is_refused_and_never_hashed(package, engine):
    (package / ARCHIVE).unlink()
    os.symlink("/etc/passwd", package / ARCHIVE)
    report = validate_package(package, today=NOW, engine=engine)
    assert [(e.code, e.field, e.value) for e in report.errors] == [("unsafe-path", "archive", ARCHIVE)]
    assert report.exit_code == 2
    result = cli_run("validate", str(package), "--engine", engine, "--now", NOW, "--format", "json")
    assert_clean(result, 2)
    assert "root:" not in result.stdout and "sha256" not in result.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_an_archive_linked_to_dev_zero_is_refused_at_once(package, engine):
    (package / ARCHIVE).unlink()
    os.symlink("/dev/zero", package / ARCHIVE)
    assert found(package, engine) == [("unsafe-path", "archive", ARCHIVE)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_fifo_archive_or_table_does_not_hang(package, engine):
    (package / ARCHIVE).unlink()
    os.mkfifo(package / ARCHIVE)
    (package / "data" / "judgements.csv").unlink()
    os.mkfifo(package / "data" / "judgements.csv")
    result = cli_run("validate", str(package), "--engine", engine, "--now", NOW, "--format", "json", timeout=30)
    assert_clean(result, 2)
    errors = {(e["code"], e["field"], e["value"]) for e in json.loads(result.stdout)["errors"]}
    assert errors == {("source-error", "archive", ARCHIVE), ("source-error", "path", "data/judgements.csv")}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_table_that_is_a_symlink_loop_or_a_directory(package, engine):
    (package / "data" / "judgements.csv").unlink()
    os.symlink("judgements.csv", package / "data" / "judgements.csv")
    (package / "data" / "statements.csv").unlink()
    (package / "data" / "statements.csv").mkdir()
    errors = validate_package(package, today=NOW, engine=engine).errors
    assert {(e.table, e.code) for e in errors} == {("judgements", "source-error"), ("statements", "source-error")}
    assert "symlink loop" in " ".join(e.message for e in errors)


def test_a_link_inside_the_package_is_followed(package):
    (package / "data" / "real.csv").write_bytes((package / "data" / "judgements.csv").read_bytes())
    (package / "data" / "judgements.csv").unlink()
    os.symlink("real.csv", package / "data" / "judgements.csv")
    assert found(package) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_archives_read_alike_through_a_link_inside_or_a_linked_folder(package, engine, tmp_path):
    """The fast listing of archive/ (one lstat per plain file) hands links to the full
    resolution: a link inside the package is read and hashed; a folder linked outside is not."""
    kept = package / "kept.txt"
    os.rename(package / ARCHIVE, kept)
    os.symlink("../kept.txt", package / ARCHIVE)
    assert found(package, engine) == []
    os.unlink(package / ARCHIVE)
    os.rename(kept, package / ARCHIVE)
    os.rename(package / "archive", tmp_path / "outside")
    os.symlink(tmp_path / "outside", package / "archive")
    assert {(c, f) for c, f, _ in found(package, engine)} == {("unsafe-path", "archive")}


def test_licence_and_schema_outside_the_package_are_refused_everywhere(package, tmp_path):
    os.symlink("/etc/passwd", package / "LICENSE-DATA")
    assert found(package) == [("unsafe-path", "LICENSE-DATA", "LICENSE-DATA")]
    for args in (
        ["site", str(package), "-o", str(tmp_path / "site"), "--no-exports"],
        ["export", str(package), "--to", "zip", "-o", str(tmp_path / "out.zip")],
    ):
        result = cli_run(*args)
        assert_clean(result, 2)
        assert "root:" not in result.stdout
    assert not (tmp_path / "site").exists() and not (tmp_path / "out.zip").exists()


def test_a_schema_path_must_stay_inside(package, tmp_path):
    (tmp_path / "evil.json").write_text("{}")
    edit_descriptor(package, lambda d: d["resources"][2].update(schema="../evil.json"))
    assert [c for c, *_ in found(package)] == ["unsafe-path"]
    edit_descriptor(package, lambda d: d["resources"][2].update(schema="schemas/inspections.json"))
    (package / "schemas" / "inspections.json").unlink()
    os.symlink(tmp_path / "evil.json", package / "schemas" / "inspections.json")
    assert found(package) == [("unsafe-path", "schema", "schemas/inspections.json")]


def test_reader_caps_size_and_never_follows_a_swapped_link(package, monkeypatch):
    from civic_accountability.dataset import reader

    monkeypatch.setitem(reader.LIMITS, "archive", 10)
    with pytest.raises(UnsafeFile) as exc:
        read_member(package, ARCHIVE, "archive")
    assert exc.value.code == "source-error" and "at most" in exc.value.message
    monkeypatch.setitem(reader.LIMITS, "archive", 1 << 20)
    real = reader._resolve(package, ARCHIVE, "archive", None)
    os.rename(real, real + ".moved")
    os.symlink("/etc/passwd", real)  # swapped in after the check: opened with O_NOFOLLOW
    with pytest.raises(UnsafeFile):
        reader.read_regular(real, ARCHIVE, "archive", follow=False)


@pytest.mark.parametrize("swap", ["link", "grown past the cap", "fifo"])
def test_an_archived_text_swapped_after_the_listing_is_not_read(package, monkeypatch, swap):
    """Both engines read the archived texts from the listing ``open_package`` made (one
    ``lstat`` each); what is opened later must be a regular file under the cap, opened
    without following links, or it is not read (as a source without an archived text)."""
    from civic_accountability.dataset import reader

    members = reader.archive_members(package)
    name = Path(ARCHIVE).name
    listed = next(m for m in members if m.name == name)
    assert isinstance(listed.where, str) and listed.checked is not None
    target = Path(listed.where)
    if swap == "link":
        target.unlink()
        os.symlink("/etc/passwd", target)
    elif swap == "grown past the cap":
        monkeypatch.setitem(reader.LIMITS, "archive", target.stat().st_size + 1)
        with target.open("ab") as fh:
            fh.write(b"x" * 10)
    else:
        target.unlink()
        os.mkfifo(target)
    texts = reader.read_archives(package, members=members)
    assert name[:-4] not in texts and len(texts) == sum(isinstance(m.where, str) for m in members) - 1


# --- the descriptor as a whole ----------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.update(name="../../../escaped/pwn"), "name"),
        (lambda d: d.update(version="1/../../x"), "version"),
        (lambda d: d["resources"][0].update(name=["sources"]), "name"),
        (lambda d: d["resources"][0].update(encoding="latin-1"), "encoding"),
        (lambda d: d["resources"][0].update(format="xlsx"), "format"),
        (lambda d: d.update(licenses="CC-BY-4.0"), "licenses"),
        (lambda d: d.update(sources={"title": "x"}), "sources"),
        (lambda d: d.update(contributors=[1, 2]), "contributors"),
        (lambda d: d.update(title=["x"]), "title"),
        (lambda d: d["licenses"][0].update(path="javascript:alert(1)"), "licenses"),
        (lambda d: d["sources"][2].update(path="data:text/html,<script>"), "sources"),
        (lambda d: d["licenses"][0].update(path="http://example.org/licence"), "licenses"),
        (lambda d: d["resources"].insert(0, dict(d["resources"][0], path="data/missing.csv")), "resources"),
    ],
)
def test_descriptor_faults_are_package_errors_that_every_command_refuses(package, tmp_path, change, field):
    edit_descriptor(package, change)
    errors = validate_package(package, today=NOW).errors
    assert ("package-error", field) in [(e.code, e.field) for e in errors]
    for args in (
        ["validate", str(package)],
        ["export", str(package), "--to", "json", "-o", str(tmp_path / "o.json")],
        ["export", str(package), "--to", "sqlite", "-o", str(tmp_path / "o.db"), "--no-validate"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == [package]


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 2000 + b"]" * 2000,
        b'{"resources": [], "x": ' + b"9" * 5000 + b"}",
        b'{"resources": [], "x": NaN}',
        b'{"resources": [], "x": ' + b"[" * 40 + b"]" * 40 + b"}",
    ],
)
def test_descriptor_parsing_is_bounded(package, content):
    (package / "datapackage.json").write_bytes(content)
    result = cli_run("validate", str(package))
    assert_clean(result, 2)
    assert "package-error" in result.stdout


def test_descriptor_that_is_a_fifo_or_nul_path(package):
    (package / "datapackage.json").unlink()
    os.mkfifo(package / "datapackage.json")
    assert_clean(cli_run("validate", str(package), timeout=30), 2)
    (package / "datapackage.json").unlink()
    from conftest import build_package

    build_package(package)
    edit_descriptor(package, lambda d: d["resources"][1].update(path="data/x\x00.csv"))
    assert [c for c, *_ in found(package)] == ["unsafe-path"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("position", ["9" * 5000, "-" + "9" * 5000, "0" * 4999 + "5", "1" * 30])
def test_huge_integer_cells_are_range_errors(package, engine, position):
    path = package / "data" / "recommendations.csv"
    lines = path.read_text().split("\n")
    cells = lines[2].split(",")
    cells[3] = position
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines))
    errors = [(e.code, e.line, e.field) for e in validate_package(package, today=NOW, engine=engine).errors]
    assert errors == (
        [] if position.endswith("05") and set(position[:-1]) == {"0"} else [("constraint-error", 3, "position")]
    )


@pytest.mark.parametrize("fmt", ["sqlite", "parquet", "json", "xlsx"])
def test_no_validate_with_out_of_range_integers_is_a_clean_error(package, tmp_path, fmt):
    pytest.importorskip({"sqlite": "sqlite_utils", "parquet": "pyarrow", "xlsx": "openpyxl"}.get(fmt, "json"))
    path = package / "data" / "recommendations.csv"
    path.write_text(path.read_text().replace(",2,,Improve", ",100000000000000000000,,Improve"))
    result = cli_run(
        "export", str(package), "--to", fmt, "-o", str(tmp_path / f"out.{fmt}"), "--no-validate", "--now", NOW
    )
    assert_clean(result, 1)
    assert result.stderr.count("\n") == 1 and "line 3" in result.stderr and "64-bit" in result.stderr


# --- links --------------------------------------------------------------------------


def test_datasette_metadata_links_only_https(tmp_path):
    from export_support import sources_data

    from civic_accountability.outputs.exports.datasette import metadata

    data = sources_data(["a title"], tmp_path)
    for bad in ("javascript:alert(1)", "data:text/html,x", "http://x.org"):
        meta = {**data.metadata, "licenses": [{"name": "x", "path": bad}], "sources": [{"title": "s", "path": bad}]}
        doc = metadata(type(data)(data.root, meta, data.tables, data.csv_paths), "db")
        assert "license_url" not in doc and "source_url" not in doc


def test_site_never_links_a_javascript_url_even_without_validation(package, tmp_path):
    pytest.importorskip("jinja2")
    path = package / "data" / "sources.csv"
    text = path.read_text()
    assert "https://" in text
    path.write_text(text.replace("https://", "javascript:alert(1)//", 1))
    result = cli_run("site", str(package), "-o", str(tmp_path / "site"), "--no-validate", "--no-exports", "-q")
    assert_clean(result, 0)
    pages = "".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert "javascript:" not in pages


# --- site confinement ---------------------------------------------------------------


def test_site_writes_nothing_outside_its_output(tmp_path):
    from civic_accountability.outputs.site.build import SiteError, file_stem, write_tree

    assert file_stem({"name": "../../../escaped/pwn", "version": "../1"}) == "escaped-pwn-1"
    assert file_stem({"name": ["x"], "version": None}) == "data-unversioned"
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    for rel in ("../../escaped.html", "/etc/x", "package/../../x", "a\x00b"):
        with pytest.raises(SiteError):
            write_tree(out, {rel: b"x"})
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b"]


@pytest.mark.parametrize("key", ["title", "version", "contributors"])
def test_site_builds_from_a_descriptor_without_optional_keys(package, tmp_path, key):
    """Found by the fuzzer: a descriptor without a title passed validate, then the site's
    templates failed on it."""
    pytest.importorskip("jinja2")
    edit_descriptor(package, lambda d: d.pop(key))
    result = cli_run("site", str(package), "-o", str(tmp_path / "site"), "--no-exports", "-q")
    assert_clean(result, 0)
    assert (tmp_path / "site" / "index.html").is_file()


# --- a table swapped between the check and the read --------------------------------


def _checked_then_swapped(package: Path, tmp_path: Path, swap) -> tuple:
    """The package as ``open_package`` checked it, then judgements.csv replaced by ``swap``."""
    from civic_accountability.contract.specs import table_spec
    from civic_accountability.dataset.package import open_package

    spec = table_spec("judgements")
    opened, errors = open_package(package, ("judgements",))
    assert errors == []
    path = opened.paths["judgements"]
    path.unlink()
    swap(path)
    return spec, path, opened.root


def test_a_table_swapped_for_a_link_outside_after_the_check_is_not_read(package, tmp_path):
    from civic_accountability.validation.csvread import read_csv

    outside = tmp_path / "outside.csv"
    outside.write_bytes((package / "data" / "judgements.csv").read_bytes())
    spec, path, root = _checked_then_swapped(package, tmp_path, lambda p: os.symlink(outside, p))
    read = read_csv(spec.name, path, spec.column_names, root)
    assert [(e.code, e.line, e.value) for e in read.errors] == [("unsafe-path", 0, str(path))]
    assert read.unreadable and read.rows == [] and "outside the package" in read.errors[0].message


@pytest.mark.parametrize("with_root", [True, False])
def test_a_table_swapped_for_a_fifo_after_the_check_is_refused_at_once(package, tmp_path, with_root):
    from civic_accountability.validation.csvread import read_csv

    spec, path, root = _checked_then_swapped(package, tmp_path, os.mkfifo)
    read = read_csv(spec.name, path, spec.column_names, root if with_root else None)  # a hang fails the run
    assert [(e.code, e.value, e.message) for e in read.errors] == [
        ("source-error", str(path), f"{path} is a named pipe (FIFO), not a regular file")
    ]


@pytest.mark.parametrize("swap", ["link", "fifo"])
def test_the_fast_engine_reads_a_swapped_table_through_the_guard_too(package, tmp_path, swap):
    """The columnar reader opens tables through ``dataset.reader.open_table``: a table
    swapped after the check for a link out of the package is not parsed (polars would
    have followed it), and a FIFO is refused at once; csvread then says why."""
    pytest.importorskip("polars")
    from civic_accountability.validation.fast.engine import load_frame
    from civic_accountability.validation.fast.reading import read_columnar

    outside = tmp_path / "outside.csv"
    outside.write_bytes((package / "data" / "judgements.csv").read_bytes())
    spec, path, root = _checked_then_swapped(
        package, tmp_path, (lambda p: os.symlink(outside, p)) if swap == "link" else os.mkfifo
    )
    assert read_columnar(spec, path, root) is None  # a hang fails the run
    errors: list = []
    frame = load_frame(spec, path, {}, {}, errors, root)
    assert frame.df is None and frame.row_count == 0
    assert [(e.code, e.value) for e in errors] == [("unsafe-path" if swap == "link" else "source-error", str(path))]
