"""The commands layer: one loader, the package you stand in, --now everywhere,
export to standard output."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import civic_accountability
from civic_accountability.cli import COMMANDS, cli
from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.load import find_package, load_dataset, resolve_package_path
from civic_accountability.dataset.package import bundled_root

NOW = "2026-01-01"
SRC = Path(civic_accountability.__file__).resolve().parents[1]


def run(*args, **kw):
    return CliRunner().invoke(cli, list(map(str, args)), **kw)


def break_inspections(pkg: Path) -> int:
    """Append an inspection whose id is not a slug; returns the CSV line it is on."""
    path = pkg / "data" / "inspections.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    bad = list(rows[-1])
    bad[0] = "Not A Slug!"
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(bad)
    return len(rows) + 1


def set_first_inspection_dates(pkg: Path, date: str) -> None:
    """Move the first inspection (start, end and publication) to ``date``."""
    path = pkg / "data" / "inspections.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for name in ("start_date", "end_date", "published_date"):
        rows[1][header.index(name)] = date
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


# --- which package ---------------------------------------------------------------------------


def test_package_found_in_cwd_or_nearest_parent(package, tmp_path):
    deep = package / "data" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_package(deep) == package.resolve()
    assert resolve_package_path(None, cwd=deep) == package.resolve()
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    assert find_package(empty) is None
    assert resolve_package_path(None, cwd=empty) == bundled_root()
    assert resolve_package_path(package / "datapackage.json", cwd=empty) == package / "datapackage.json"


def test_validate_without_path_checks_the_checkout_you_stand_in(package, monkeypatch):
    line = break_inspections(package)
    monkeypatch.chdir(package / "data")
    result = run("validate", "--now", NOW)
    assert result.exit_code == 1, result.output
    assert f"line {line}, inspection_id" in result.output
    doc = json.loads(run("validate", "--now", NOW, "--format", "json").stdout)
    assert doc["package"] == str(package.resolve()), "the report names the package it checked"


def test_validate_outside_any_package_checks_the_bundled_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["package"] == str(bundled_root())


def test_a_deleted_working_directory_falls_back_to_the_bundled_package(tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["package"] == str(bundled_root())


def test_subprocess_from_a_subdirectory_of_a_broken_copy(package):
    """What a contributor runs: the console command, in a folder of their checkout."""
    line = break_inspections(package)
    sub = package / "data" / "deeper"
    sub.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("CIVIC_ACCOUNTABILITY_NOW", None)
    proc = subprocess.run(
        [sys.executable, "-m", "civic_accountability", "validate", "--now", NOW],
        cwd=sub,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"line {line}, inspection_id" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_the_console_command_writes_its_whole_report_before_it_exits(package):
    """``validate`` ends the process without the interpreter's teardown (``cli.finish``):
    a report far larger than a pipe's buffer still arrives whole, with its exit code."""
    path = package / "data" / "judgements.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["grade"] = "superb"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows * 40)  # repeated keys too: hundreds of findings
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "civic_accountability",
            "validate",
            str(package),
            "--now",
            NOW,
            "--format",
            "json",
            "--max-errors",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout) > 1 << 16  # more than a pipe holds: written while the reader reads
    report = json.loads(proc.stdout)
    assert report["valid"] is False and len(report["errors"]) > 100


@pytest.mark.parametrize(
    "command", [["describe"], ["timeline", "exampleshire"], ["export", "--to", "json", "-o", "out.json"]]
)
def test_every_command_uses_the_package_stood_in(package, monkeypatch, command):
    """Here the stood-in package is the fixture (Exampleshire), which the bundled data lacks."""
    monkeypatch.chdir(package)
    result = run(*command, "--now", NOW)
    assert result.exit_code == 0, result.output
    if command[0] == "describe":
        assert str(package.resolve()) in result.stdout and "Exampleshire" in result.stdout
    elif command[0] == "export":
        assert "Exampleshire" in (package / "out.json").read_text(encoding="utf-8")


# --- the loader ------------------------------------------------------------------------------


def test_load_dataset_gives_report_and_rows(package):
    dataset = load_dataset(package, NOW)
    assert dataset.report.valid and dataset.today == NOW
    assert dataset.tables["inspections"][0]["inspection_id"] == dataset.rows["inspections"][0][1]["inspection_id"]
    assert dataset.package.root == package


def test_load_dataset_refuses_invalid_data_with_the_report(package, capsys):
    line = break_inspections(package)
    with pytest.raises(CommandError) as failed:
        load_dataset(package, NOW, refusal="nothing was done")
    assert failed.value.exit_code == 1 and failed.value.format_message() == "nothing was done."
    err = capsys.readouterr().err
    assert f"line {line}, inspection_id" in err
    assert not load_dataset(package, NOW, require_valid=False).report.valid


def test_load_dataset_unreadable_exits_2(tmp_path, capsys):
    with pytest.raises(CommandError) as failed:
        load_dataset(tmp_path, NOW)
    assert failed.value.exit_code == 2
    assert "cannot be read" in failed.value.format_message()


# --- --now -----------------------------------------------------------------------------------

DATE_COMMANDS = {
    "validate": ["validate"],
    "describe": ["describe", "--format", "json"],
    "timeline": ["timeline", "exampleshire", "--format", "json", "--package"],
    "export": ["export", "--to", "json", "-o", "-"],
    "site": ["site", "--no-exports", "-q", "-o", "SITE"],
}


def _invoke(name, package, tmp_path, *extra):
    argv = [a if a != "SITE" else str(tmp_path / "site") for a in DATE_COMMANDS[name]]
    return run(*argv, package, *extra)  # timeline's argv ends with --package


def test_now_is_offered_by_every_command_that_validates():
    for name in DATE_COMMANDS:
        assert any(p.name == "now" for p in cli.get_command(None, name).params), name


@pytest.mark.parametrize("name", list(DATE_COMMANDS))
def test_now_decides_whether_a_date_is_in_the_future(name, package, tmp_path):
    if name == "site":
        pytest.importorskip("jinja2")
    set_first_inspection_dates(package, "2030-03-01")
    before = _invoke(name, package, tmp_path, "--now", "2030-02-01")
    after = _invoke(name, package, tmp_path, "--now", "2030-04-01")
    assert after.exit_code == 0, after.output
    if name in ("validate", "export", "site"):  # these refuse invalid data
        assert before.exit_code == 1 and "future-date" in before.output
    elif name == "describe":
        assert json.loads(before.stdout)["errors"] > 0 and json.loads(after.stdout)["errors"] == 0
    else:
        assert json.loads(before.stdout)["validation_errors"] > 0
        assert json.loads(after.stdout)["validation_errors"] == 0


@pytest.mark.parametrize("name", list(DATE_COMMANDS))
def test_a_bad_now_is_a_usage_error(name, package, tmp_path):
    result = _invoke(name, package, tmp_path, "--now", "2030-13-01")
    assert result.exit_code == 2
    assert "is not a date" in result.output and "Traceback" not in result.output


def test_now_from_the_environment(package):
    set_first_inspection_dates(package, "2030-03-01")
    assert run("validate", package, env={"CIVIC_ACCOUNTABILITY_NOW": "2030-02-01"}).exit_code == 1
    assert run("validate", package, env={"CIVIC_ACCOUNTABILITY_NOW": "2030-04-01"}).exit_code == 0
    assert run("validate", package, env={"CIVIC_ACCOUNTABILITY_NOW": "soon"}).exit_code == 2


# --- export to standard output ---------------------------------------------------------------


def test_export_json_to_stdout(package, tmp_path):
    result = run("export", "--to", "json", "-o", "-", package, "--now", NOW)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # stdout holds the document and nothing else
    tables = {r["name"]: r["data"] for r in doc["resources"]}
    assert tables["inspections"][0]["local_authority"] == "Exampleshire"
    assert "wrote standard output" in result.stderr
    assert not (Path.cwd() / "-").exists()
    # the same bytes as a file export
    out = tmp_path / "out.json"
    assert run("export", "--to", "json", "-o", out, package, "--now", NOW).exit_code == 0
    assert out.read_bytes() == result.stdout_bytes


def test_export_json_to_stdout_in_a_real_pipe(package):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "civic_accountability", "export", "--to", "json", "-o", "-", str(package), "--now", NOW],
        env=env,
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["resources"]
    assert b"wrote standard output" in proc.stderr


@pytest.mark.parametrize("to", ["ndjson", "parquet", "sqlite"])
def test_export_of_several_files_to_stdout_is_refused(to, package):
    result = run("export", "--to", to, "-o", "-", package, "--now", NOW)
    assert result.exit_code == 2
    assert "standard output" in result.output and not result.stdout


def test_invalid_data_writes_nothing_to_stdout(package):
    break_inspections(package)
    result = run("export", "--to", "json", "-o", "-", package, "--now", NOW)
    assert result.exit_code == 1 and result.stdout == ""


# --- the group -------------------------------------------------------------------------------


def test_every_registered_command_loads_and_has_help():
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, (name, result.output)


def test_help_says_what_path_defaults_to():
    assert "nearest parent" in " ".join(run("--help").output.split())
    for name in ("validate", "describe", "export", "site", "fmt"):
        assert "nearest parent" in " ".join(run(name, "--help").output.split()), name


def test_schema_check_defaults_to_the_package_stood_in(package, monkeypatch):
    monkeypatch.chdir(package / "data")
    assert run("schema", "--check").exit_code == 0
    stale = package / "schemas" / "sources.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"source_id"', '"source_key"', 1), encoding="utf-8")
    result = run("schema", "--check")
    assert result.exit_code == 1 and "schemas/sources.json" in result.output


def test_timeline_is_shown_when_another_table_is_missing(package):
    """Only unreadable inspections stop a timeline; a missing statements file is a warning."""
    (package / "data" / "statements.csv").unlink()
    result = run("timeline", "exampleshire", "--package", package, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "Exampleshire" in result.stdout and "validation error" in result.stderr
    (package / "data" / "inspections.csv").unlink()
    assert run("timeline", "exampleshire", "--package", package, "--now", NOW).exit_code == 2
