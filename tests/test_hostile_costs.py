"""Bounded cost on hostile input (issue 26, items 5, 6 and 11), in real processes on real
files: floods of blank or CR-only lines, PDFs whose text explodes, endless queries, a
killed server. Memory is bounded by the peak resident size ``os.wait4`` reports for the
child (or an address-space limit); time is never asserted beyond a generous timeout
that turns a hang into a failure. ``scripts/bench_hostile.py --costs`` measures them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from civic_accountability.validation.validate import validate_package
from conftest import load_script

ROOT = Path(__file__).parents[1]
NOW = "2026-12-01"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CIVIC_ACCOUNTABILITY_NOW": NOW}
BAD = ("Traceback", "This is a bug", "Exception ignored")
ENGINES = ["rows", pytest.param("fast", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("polars") is None, reason="needs polars"))]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "civic_accountability", *args]


def run_measured(args: list[str], timeout: float = 300) -> tuple[int, str, str, float]:
    """(exit code, stdout, stderr, peak resident MB) of one fresh process, from ``os.wait4``;
    killed after ``timeout`` seconds (a hang fails the test)."""
    import signal
    import tempfile
    import threading

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=ENV)
        timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"), \
            usage.ru_maxrss / 1024


# --- item 5: floods of blank or CR-only lines -----------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("line", [b"\n", b"\r", b"\r\n", b" , ,\n"])
def test_a_run_of_blank_rows_is_one_finding_with_its_count(tmp_path, engine, line):
    cases = load_script("hostile_cases")
    pkg = cases.blank_flood(tmp_path / "pkg", mib=20_000 * len(line) / (1 << 20), line=line)
    report = validate_package(pkg, today=NOW, engine=engine)
    first = (ROOT / "data" / "judgements.csv").read_bytes().count(b"\n") + 1  # the flood's first line
    found = [(e.code, e.line, e.message) for e in report.errors]
    assert len(found) == 1 and found[0][0] == "blank-row", found
    assert found[0][2].startswith("20,000 blank rows in a run (line") and found[0][2].endswith("; delete them")
    assert found[0][1] == first
    assert report.error_counts[("judgements", "blank-row")] == 1


def test_blank_rows_apart_are_each_one_finding(package):
    path = package / "data" / "judgements.csv"
    lines = path.read_text().split("\n")
    lines[2:2] = [""]
    lines[4:4] = [""]
    path.write_text("\n".join(lines))
    errors = [(e.code, e.line, e.message) for e in validate_package(package, today=NOW).errors]
    assert errors == [("blank-row", 3, "blank row; delete it"), ("blank-row", 5, "blank row; delete it")]


#: Peak memory allowed for a command on the bundled package with 2 MiB of blank lines:
#: before issue 26 each blank row cost ~300 bytes held (600 MB and more here).
FLOOD_PEAK_MB = 300


@pytest.mark.parametrize("args, line", [
    (["validate", "{pkg}", "--engine", "rows"], b"\n"),
    pytest.param(["validate", "{pkg}", "--engine", "fast"], b"\r", marks=ENGINES[1].marks),
    (["export", "{pkg}", "--to", "json", "-o", "{out}", "--no-validate"], b"\r"),
    (["sql", "SELECT count(*) FROM judgements", "{pkg}", "--no-validate", "--format", "csv"], b"\n"),
])
def test_a_flood_of_blank_lines_is_read_in_bounded_memory(tmp_path, args, line):
    cases = load_script("hostile_cases")
    pkg = cases.blank_flood(tmp_path / "pkg", mib=2, line=line)
    code, out, err, peak = run_measured(command(*(a.format(pkg=pkg, out=tmp_path / "out.json") for a in args)))
    assert code == (1 if args[0] == "validate" else 0), err
    assert not any(b in out + err for b in BAD)
    if args[0] == "validate":
        assert "blank rows in a run" in out and "(blank-row 1)" in out
    if args[0] == "sql":
        assert out.splitlines()[-1] == str(sum(1 for _ in open(ROOT / "data" / "judgements.csv")) - 1)
    assert peak < FLOOD_PEAK_MB, f"{args[0]} peaked at {peak:.0f} MB"
