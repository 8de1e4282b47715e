"""The export command's contract: validate first, refuse to overwrite, write
atomically, name the missing extra, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from export_support import FIXTURE, NOW, export, make_package, run_cli

from civic_accountability.commands.export import FORMAT_NAMES
from civic_accountability.outputs.exports import FORMATS


def _broken_fixture() -> dict:
    """The fixture with a judgement pointing at an inspection that does not exist."""
    tables = {t: [list(r) for r in rows] for t, rows in FIXTURE.items()}
    tables["judgements"][1][1] = "no-such-inspection"
    return tables


def test_format_choices_match_the_registry():
    assert set(FORMAT_NAMES) == set(FORMATS)


def test_help_does_not_import_export_libraries():
    code = (
        "import sys; from civic_accountability.cli import cli; from click.testing import CliRunner;"
        "r = CliRunner().invoke(cli, ['export', '--help']); assert r.exit_code == 0, r.output;"
        "heavy = {'openpyxl', 'pyarrow', 'sqlite_utils', 'civic_accountability.outputs.exports'} & set(sys.modules);"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_invalid_data_is_refused_with_its_errors(tmp_path):
    package = make_package(tmp_path / "pkg", _broken_fixture())
    out = tmp_path / "out.json"
    result = run_cli("export", "--to", "json", str(package), "-o", str(out), "--now", NOW)
    assert result.exit_code == 1
    assert "[foreign-key]" in result.output and "no-such-inspection" in result.output
    assert "--no-validate" in result.output
    assert not out.exists()


def test_no_validate_exports_invalid_data_as_it_is(tmp_path):
    package = make_package(tmp_path / "pkg", _broken_fixture())
    out = tmp_path / "out.json"
    export("json", package, out, "--no-validate")
    assert "no-such-inspection" in out.read_text(encoding="utf-8")


def test_no_validate_still_refuses_what_a_format_cannot_hold(tmp_path):
    tables = {t: [list(r) for r in rows] for t, rows in FIXTURE.items()}
    tables["recommendations"][1][3] = "first"  # not an integer
    package = make_package(tmp_path / "pkg", tables)
    result = run_cli("export", "--to", "parquet", str(package), "-o", str(tmp_path / "pq"), "--no-validate")
    if "pyarrow" in result.output and result.exit_code == 2:
        pytest.skip("pyarrow not installed")
    assert result.exit_code == 1
    assert "recommendations.position" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "pq").exists()
    assert not list(tmp_path.glob(".pq*"))  # no temporary directory left behind


def test_unreadable_package_exits_2(tmp_path):
    result = run_cli("export", "--to", "json", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 2
    assert "no datapackage.json" in result.output
    assert not (tmp_path / "out.json").exists()


def test_existing_output_is_kept_without_force(tmp_path):
    package = make_package(tmp_path / "pkg")
    out = tmp_path / "out.json"
    out.write_text("precious")
    result = run_cli("export", "--to", "json", str(package), "-o", str(out), "--now", NOW)
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_text() == "precious"
    export("json", package, out, "--force")
    assert out.read_text(encoding="utf-8").startswith("{")


def test_sqlite_sidecar_also_counts_as_existing_output(tmp_path):
    pytest.importorskip("sqlite_utils")
    package = make_package(tmp_path / "pkg")
    (tmp_path / "out.metadata.json").write_text("{}")
    result = run_cli("export", "--to", "sqlite", str(package), "-o", str(tmp_path / "out.db"), "--now", NOW)
    assert result.exit_code == 2 and "out.metadata.json already exists" in result.output
    assert not (tmp_path / "out.db").exists()


def test_force_never_replaces_a_directory_of_other_files(tmp_path):
    package = make_package(tmp_path / "pkg")
    result = run_cli("export", "--to", "ndjson", str(package), "-o", str(package), "--force", "--now", NOW)
    assert result.exit_code == 2
    assert "refusing to replace" in result.output
    assert (package / "datapackage.json").is_file()


def test_force_replaces_a_previous_directory_export(tmp_path):
    package = make_package(tmp_path / "pkg")
    out = tmp_path / "nd"
    export("ndjson", package, out)
    (out / "sources.ndjson").write_text("stale\n")
    export("ndjson", package, out, "--force")
    assert (out / "sources.ndjson").read_text(encoding="utf-8").startswith('{"source_id":"src-a"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nd", "pkg"]  # no temporary or old directory left


def test_file_format_refuses_a_directory_output(tmp_path):
    package = make_package(tmp_path / "pkg")
    (tmp_path / "dir").mkdir()
    result = run_cli("export", "--to", "zip", str(package), "-o", str(tmp_path / "dir"), "--force", "--now", NOW)
    assert result.exit_code == 2 and "is a directory" in result.output


@pytest.mark.parametrize("fmt, module", [("xlsx", "openpyxl"), ("parquet", "pyarrow"), ("sqlite", "sqlite_utils")])
def test_missing_optional_dependency_names_the_extra(tmp_path, monkeypatch, fmt, module):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    result = run_cli("export", "--to", fmt, str(make_package(tmp_path / "pkg")), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"civic-accountability[{FORMATS[fmt].extra}]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_failed_export_leaves_the_previous_output_intact(tmp_path):
    """A control character passes validation (it is text) but cannot be stored in
    an Excel file: the export fails cleanly and the old workbook stays."""
    pytest.importorskip("openpyxl")
    tables = {t: [list(r) for r in rows] for t, rows in FIXTURE.items()}
    tables["statements"][2][7] = "bell \x07 inside"
    package = make_package(tmp_path / "pkg", tables)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous workbook")
    result = run_cli("export", "--to", "xlsx", str(package), "-o", str(out), "--force", "--no-validate")
    assert result.exit_code == 1
    assert "U+0007" in result.output and "statements (CSV line 3), quote" in result.output
    assert out.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "pkg"]


def test_success_message_names_the_output(tmp_path):
    result = export("json", make_package(tmp_path / "pkg"), tmp_path / "out.json")
    assert "out.json" in result.output and "44 rows in 10 tables" in result.output


def test_console_script_exit_codes(tmp_path):
    """The installed entry point, as a user runs it (no CliRunner)."""
    exe = Path(sys.executable).with_name("civic-accountability")
    if not exe.exists():
        pytest.skip("console script not installed beside this interpreter")
    ok = subprocess.run([exe, "export", "--to", "json", "-o", tmp_path / "b.json"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    again = subprocess.run([exe, "export", "--to", "json", "-o", tmp_path / "b.json"], capture_output=True, text=True)
    assert again.returncode == 2 and "--force" in again.stderr
    bad = subprocess.run([exe, "export", "--to", "csv", "-o", tmp_path / "x"], capture_output=True, text=True)
    assert bad.returncode == 2


def test_progress_bar_only_on_a_terminal(tmp_path):
    import os
    import pty

    package = make_package(tmp_path / "pkg")
    args = [sys.executable, "-m", "civic_accountability", "export", "--to", "ndjson", str(package), "--now", NOW]
    piped = subprocess.run(args + ["-o", str(tmp_path / "a")], capture_output=True, text=True, check=True)
    assert "exporting" not in piped.stdout + piped.stderr
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(args + ["-o", str(tmp_path / "b")], stdout=secondary, stderr=subprocess.PIPE, timeout=60)
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert proc.returncode == 0
    assert b"exporting 44 rows to ndjson" in shown and b"100%" in shown
