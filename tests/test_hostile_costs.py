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
from conftest import load_script

from civic_accountability.validation.validate import validate_package

ROOT = Path(__file__).parents[1]
NOW = "2026-12-01"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CIVIC_ACCOUNTABILITY_NOW": NOW}
BAD = ("Traceback", "This is a bug", "Exception ignored")
ENGINES = [
    "rows",
    pytest.param(
        "fast",
        marks=pytest.mark.skipif(__import__("importlib").util.find_spec("polars") is None, reason="needs polars"),
    ),
]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "civic_accountability", *args]


#: Runs argv[2:] and writes its peak resident memory (KB, ``os.wait4``) to argv[1]. A child's
#: peak starts from its parent's size when it was forked (Linux keeps the larger of the two
#: across exec), so a small process does the forking, not the test runner (hundreds of MB).
_LAUNCHER = """
import ctypes, os, subprocess, sys
die_with_me = lambda: ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL: a timeout ends both
proc = subprocess.Popen(sys.argv[2:], preexec_fn=die_with_me)
_, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_measured(args: list[str], timeout: float = 300) -> tuple[int, str, str, float]:
    """(exit code, stdout, stderr, peak resident MB) of one fresh process; a hang past
    ``timeout`` seconds fails the test."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(peak), *args],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=timeout,
            errors="replace",
        )
        return result.returncode, result.stdout, result.stderr, int(peak.read_text()) / 1024


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


@pytest.mark.parametrize(
    "args, line",
    [
        (["validate", "{pkg}", "--engine", "rows"], b"\n"),
        pytest.param(["validate", "{pkg}", "--engine", "fast"], b"\r", marks=ENGINES[1].marks),
        (["export", "{pkg}", "--to", "json", "-o", "{out}", "--no-validate"], b"\r"),
        (["sql", "SELECT count(*) FROM judgements", "{pkg}", "--no-validate", "--format", "csv"], b"\n"),
    ],
)
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


# --- item 6: import reports -----------------------------------------------------------

REPORTS = ROOT.parent / "shared" / "ofsted" / "reports"
MANIFEST_FIELDS = ["file", "ofsted_urn", "folder_name", "listed_date", "report_url", "sha256", "bytes"]


def reports_dir(where: Path, files: dict[str, bytes], rows: list[dict]) -> Path:
    """A reports folder holding ``files`` and a MANIFEST.csv of ``rows``."""
    import csv

    for name, data in files.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(data)
    with open(where / "MANIFEST.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return where


def test_a_pdf_whose_text_explodes_is_refused_in_bounded_memory(tmp_path):
    """300 pages of 1M characters each (a 49 KB file: 300 MB of text, 10 GB before the caps):
    refused as unreadable, listed, never read whole."""
    pytest.importorskip("pypdfium2")
    cases = load_script("hostile_cases")
    bomb = cases.text_bomb_pdf(tmp_path / "bomb.pdf", 300, 1_000_000).read_bytes()
    import hashlib

    name = "1_exampleshire/children's services inspection - 01 january 2024.pdf"
    row = {
        "file": name,
        "ofsted_urn": "1",
        "folder_name": "exampleshire",
        "listed_date": "2024-01-01",
        "report_url": "https://files.ofsted.gov.uk/v1/file/1",
        "sha256": hashlib.sha256(bomb).hexdigest(),
        "bytes": str(len(bomb)),
    }
    reports = reports_dir(tmp_path / "reports", {name: bomb}, [row])
    pkg = cases.copy_bundled(tmp_path / "pkg")
    code, out, err, peak = run_measured(
        command(
            "import",
            "reports",
            "--reports-dir",
            str(reports),
            "--package",
            str(pkg),
            "--out",
            str(tmp_path / "out"),
            "--no-cache",
            "-j",
            "1",
        )
    )
    assert code == 0, err
    assert not any(b in out + err for b in BAD)
    assert "skipped [unreadable]" in err and "1,000,000 characters of text, above the cap of 50,000 a page" in err
    assert peak < 400, f"import reports peaked at {peak:.0f} MB"


@pytest.mark.parametrize(
    "pages, chars, cap, message",
    [
        (12, 3_000, "MAX_REPORT_CHARS", "the text passes the cap of 30,000 characters for a report at page 11"),
        (12, 3_000, "MAX_PAGES", "12 pages, above the cap of 10 for a report"),
        (2, 3_000, "MAX_PAGE_CHARS", "page 1 holds 3,000 characters of text, above the cap of 2,000 a page"),
    ],
)
def test_each_cap_refuses_a_pdf_before_reading_past_it(tmp_path, monkeypatch, pages, chars, cap, message):
    pytest.importorskip("pypdfium2")
    from civic_accountability.importers.reports import pdftext

    monkeypatch.setattr(pdftext, cap, {"MAX_REPORT_CHARS": 30_000, "MAX_PAGES": 10, "MAX_PAGE_CHARS": 2_000}[cap])
    pdf = load_script("hostile_cases").text_bomb_pdf(tmp_path / "x.pdf", pages, chars)
    with pytest.raises(pdftext.UnreadablePdf, match=message):
        pdftext.extract_pages(pdf.read_bytes())
    monkeypatch.undo()
    assert sum(len(line[0]) for page in pdftext.extract_pages(pdf.read_bytes()) for line in page) == pages * chars


@pytest.mark.skipif(not (REPORTS / "MANIFEST.csv").is_file(), reason=f"reports not found in {REPORTS}")
def test_an_unreadable_report_keeps_its_rows_and_the_import_exits_2(tmp_path):
    """Dorset's 2025 report, already imported in data/, replaced by a damaged file: its rows
    stay exactly as they were (they used to vanish with exit 0) and the run says why."""
    pytest.importorskip("pypdfium2")
    import csv

    cases = load_script("hostile_cases")
    with open(REPORTS / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["report_url"].endswith("/50276411"))
    reports = reports_dir(tmp_path / "reports", {row["file"]: b"%PDF-1.7\n" + b"\x00damaged" * 100}, [row])
    pkg = cases.copy_bundled(tmp_path / "pkg")
    source = "ofsted-report-dorset-2025-05-09"

    def rows_of(folder: Path) -> dict[str, list[dict]]:
        found = {}
        for table in ("sources", "inspections", "judgements", "recommendations"):
            with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
                found[table] = [r for r in csv.DictReader(fh) if r.get("source_id") == source]
        return found

    before = rows_of(pkg / "data")
    assert before["sources"] and before["inspections"] and before["judgements"]
    code, out, err, _ = run_measured(
        command(
            "import",
            "reports",
            "--reports-dir",
            str(reports),
            "--package",
            str(pkg),
            "--out",
            str(tmp_path / "out"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "-j",
            "1",
        )
    )
    assert code == 2, err
    assert not any(b in out + err for b in BAD)
    assert f"the rows of {source} were kept as they were" in err
    assert rows_of(tmp_path / "out") == before


# --- item 11: sql and serve ---------------------------------------------------------------

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.mark.parametrize(
    "query, flags, message",
    [
        (ENDLESS, ["--timeout", "1"], "the query ran longer than 1 s and was stopped; narrow it or raise --timeout"),
        ("SELECT count(*) FROM judgements a, judgements b, judgements c", ["--timeout", "1"], "ran longer than 1 s"),
        (
            "SELECT * FROM recommendations a, recommendations b",
            ["--max-result-mb", "2", "--timeout", "120"],
            "the result passes 2 MB after",
        ),
        ("SELECT length(randomblob(400000000))", [], "builds a value larger than 16 MB"),
        (
            "WITH RECURSIVE s(t) AS (SELECT 'x' UNION ALL SELECT t || t FROM s) SELECT length(t) FROM s",
            [],
            "builds a value larger than 16 MB",
        ),
    ],
)
def test_sql_stops_a_query_past_its_bounds_in_bounded_memory(query, flags, message):
    code, out, err, peak = run_measured(command("sql", query, str(ROOT), *flags), timeout=180)
    assert code == 2, err
    assert message in err and err.count("\n") == 1, err
    assert not any(b in out + err for b in BAD) and out == ""
    assert peak < 300, f"sql peaked at {peak:.0f} MB"


def _serve(tmp: Path, *flags: str) -> tuple[subprocess.Popen, str, Path]:
    """``serve`` on a free port with TMPDIR=``tmp``: the process, its address and its folder."""
    import re

    from test_serve import _first_line

    log = open(tmp / f"serve-{len(list(tmp.glob('serve-*')))}.log", "wb")
    proc = subprocess.Popen(
        command("serve", str(ROOT), "--port", "0", *flags),
        stdout=subprocess.PIPE,
        stderr=log,
        env={**ENV, "TMPDIR": str(tmp)},
        text=True,
    )
    line = _first_line(proc.stdout, 90)
    assert line, f"serve printed no address: {Path(log.name).read_text(errors='replace')}"
    url, folder = re.search(r"at (\S+)civic \(built in (\S+)\)", line).groups()
    return proc, url, Path(folder)


def _child_of(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def _gone(pid: int, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_serve_killed_takes_datasette_with_it_and_the_next_serve_removes_its_folder(tmp_path):
    pytest.importorskip("datasette")
    import signal

    proc, url, folder = _serve(tmp_path)
    child = _child_of(proc.pid)
    try:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _gone(child, 30), "Datasette kept serving after serve was killed"
        assert folder.is_dir()  # nobody was left to remove it
        again, _, second = _serve(tmp_path)
        try:
            assert not folder.exists() and second.is_dir()
        finally:
            again.send_signal(signal.SIGINT)
            again.wait(30)
        assert not second.exists()
    finally:
        try:
            os.kill(child, signal.SIGKILL)  # only if the test failed with Datasette still running
        except ProcessLookupError:
            pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_serve_refuses_giant_values_and_stops_long_queries(tmp_path):
    pytest.importorskip("datasette")
    import json
    import signal
    import urllib.parse
    import urllib.request

    proc, url, _ = _serve(tmp_path, "--timeout", "0.5", "--max-rows", "7")
    child = _child_of(proc.pid)

    def ask(sql: str) -> dict:
        query = urllib.parse.urlencode({"sql": sql, "_shape": "objects"})
        try:
            with urllib.request.urlopen(f"{url}civic.json?{query}", timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            return json.load(exc)

    try:
        giant = ask("SELECT length(randomblob(400000000)) AS n")
        assert giant["ok"] is False and "too big" in giant["error"]
        endless = ask(ENDLESS)
        assert endless["ok"] is False and "time limit" in json.dumps(endless).lower()
        assert len(ask("SELECT * FROM judgements")["rows"]) == 7
        peak_kb = int(
            next(
                line.split()[1]
                for line in Path(f"/proc/{child}/status").read_text().splitlines()
                if line.startswith("VmHWM")
            )
        )
        assert peak_kb < 400 * 1024, f"Datasette peaked at {peak_kb >> 10} MB"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
