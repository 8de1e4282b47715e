"""Reading a package's CSV files: a stray quote costs linear time in both engines, and
line numbers count LF only (as Git, GitHub annotations and editors do)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_fastpath import TODAY, gen, same, write

from civic_accountability.cli import cli

pl = pytest.importorskip("polars")
from civic_accountability.validation.fast.reading import well_quoted  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def run_cli(*args: str, timeout: float) -> subprocess.CompletedProcess:
    """The command in a fresh process, killed (and the test failed) if it runs past ``timeout``:
    a hang guard, not a benchmark."""
    return subprocess.run(
        [sys.executable, "-m", "civic_accountability", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )


# --- a stray quote -----------------------------------------------------------------------------


def _reference_well_quoted(data: bytes) -> bool:
    """The grammar ``well_quoted`` implements, one byte at a time: a quote may only open a
    field, a quoted field doubles its quotes and closes before a separator, newline or end."""
    state = "field"
    for c in data.decode("latin-1"):
        if state == "field":
            state = "quoted" if c == '"' else "field" if c in ",\n" else "unquoted"
        elif state == "unquoted":
            if c == '"':
                return False
            state = "field" if c in ",\n" else "unquoted"
        elif state == "quoted":
            state = "closing" if c == '"' else "quoted"
        else:  # just after a quote inside a quoted field
            if c == '"':
                state = "quoted"
            elif c in ",\n":
                state = "field"
            else:
                return False
    return state != "quoted"


def test_the_quoting_check_is_the_grammar_on_every_short_string():
    for n in range(9):
        for chars in itertools.product(b'a,\n"', repeat=n):
            data = bytes(chars)
            assert well_quoted(data) == _reference_well_quoted(data), data
            if well_quoted(data):  # what it accepts, Python's strict reader reads without a fault
                list(csv.reader(io.StringIO(data.decode(), newline=""), strict=True))


def test_the_quoting_check_is_linear_on_a_stray_quote():
    """One stray quote after 3 MB of CSV without quotes: a backtracking check took hours here."""
    code = (
        "from civic_accountability.validation.fast.reading import well_quoted\n"
        'quoted, plain = b\'abc-def,"a, quoted ""cell""",x\\n\', b\'abc-def,ghi,x\\n\'\n'
        "data = quoted * 1000 + plain * 200_000 + b'abc,de\"f,x\\n' + quoted * 1000\n"
        "assert not well_quoted(data) and well_quoted(data.replace(b'de\"f', b'def'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30, env={**os.environ, "PYTHONPATH": str(SRC)})


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A copy of the bundled package (the real record)."""
    root = tmp_path / "bundled"
    root.mkdir()
    shutil.copy(ROOT / "datapackage.json", root)
    for folder in ("data", "schemas", "archive"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    return root


def test_a_stray_quote_in_the_bundled_package_is_reported_fast_by_both_engines(bundled):
    path = bundled / "data" / "judgements.csv"
    lines = path.read_bytes().split(b"\n")
    n = next(
        i
        for i in range(min(1000, len(lines) - 2), 0, -1)  # a record well inside the file
        if b'"' not in lines[i] and lines[i].count(b",") >= 2
    )
    cut = lines[n].rindex(b",")
    lines[n] = lines[n][: cut - 2] + b'","' + lines[n][cut - 2 :]  # `","` typed into a cell
    path.write_bytes(b"\n".join(lines))
    reports = {}
    for engine in ("fast", "rows"):
        result = run_cli("validate", str(bundled), "--engine", engine, "--format", "json", "--now", TODAY, timeout=30)
        assert result.returncode == 1, result.stderr
        reports[engine] = json.loads(result.stdout)
    assert reports["fast"] == reports["rows"]
    found = [(e["code"], e["line"]) for e in reports["fast"]["errors"] if e["table"] == "judgements"]
    assert found == [("format-error", n + 1)]


# --- line numbers count LF only ----------------------------------------------------------------


def _csv_line_num_starts(data: bytes) -> list[int]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    starts, start = [], 1
    for _ in reader:
        starts.append(start)
        start = reader.line_num + 1
    return starts


def _records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _write_records(records: list[list[str]], terminators: dict[int, str]) -> tuple[bytes, list[int]]:
    """The CSV bytes, each record ended by LF or by ``terminators[i]``, and the LF-counted
    line each record starts on. (Python's csv writer would leave a cell holding a lone CR
    unquoted, which makes it a record break: quoted here, it stays inside the cell.)"""
    quote = lambda c: f'"{c.replace(chr(34), chr(34) * 2)}"' if any(x in c for x in ',"\r\n') else c  # noqa: E731
    out, starts, line = [], [], 1
    for i, record in enumerate(records):
        text = ",".join(quote(c) for c in record) + terminators.get(i, "\n")
        starts.append(line)
        line += text.count("\n")
        out.append(text)
    return "".join(out).encode("utf-8"), starts


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("small") / "pkg"
    gen.generate(root, rows=300, seed=4)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_lone_cr_does_not_advance_the_line_in_any_engine_or_format(small, tmp_path):
    files = dict(small)
    # statements: a lone CR inside a quoted cell of record 2; an impossible date in record 5
    records = _records(files["data/statements.csv"])
    header = records[0]
    quote = header.index("quote")
    records[2][quote] = records[2][quote].replace(" ", "\r", 1)  # still found in its archived text
    records[5][header.index("statement_date")] = "2019-02-29"
    files["data/statements.csv"], statement_starts = _write_records(records, {})
    # judgements: record 3 ends in a lone CR (still a record break); bad grades in 4 and 8
    records = _records(files["data/judgements.csv"])
    grade = records[0].index("grade")
    records[4][grade] = records[8][grade] = "great"
    files["data/judgements.csv"], judgement_starts = _write_records(records, {3: "\r"})
    assert judgement_starts[4] == judgement_starts[3]  # the lone CR starts no new line
    pkg = write(files, tmp_path / "pkg")

    expected = {
        ("statements", statement_starts[5]),
        ("judgements", judgement_starts[4]),
        ("judgements", judgement_starts[8]),
    }
    # csv's own count (a lone CR ends a line) would put both later errors a line too far
    assert _csv_line_num_starts(files["data/statements.csv"])[5] == statement_starts[5] + 1
    assert _csv_line_num_starts(files["data/judgements.csv"])[8] == judgement_starts[8] + 1
    report = same(pkg)  # both engines, identical reports
    assert {(e.table, e.line) for e in report.errors} == expected

    for engine in ("rows", "fast"):
        env = {"CIVIC_ACCOUNTABILITY_ENGINE": engine}
        github = CliRunner().invoke(cli, ["validate", str(pkg), "--format", "github", "--now", TODAY], env=env)
        annotated = {
            (Path(m["file"]).stem, int(m["line"]))
            for m in re.finditer(r"^::error file=(?P<file>[^,]*),line=(?P<line>\d+),", github.output, re.M)
        }
        assert annotated == expected
        doc = json.loads(
            CliRunner().invoke(cli, ["validate", str(pkg), "--format", "json", "--now", TODAY], env=env).output
        )
        assert {(e["table"], e["line"]) for e in doc["errors"]} == expected
        text = CliRunner().invoke(cli, ["validate", str(pkg), "--now", TODAY], env=env).output
        assert f"line {judgement_starts[8]}, grade" in text


def test_lines_after_crlf_records_count_each_crlf_once(small, tmp_path):
    files = dict(small)
    records = _records(files["data/recommendations.csv"])
    records[6][records[0].index("position")] = "x"
    files["data/recommendations.csv"], starts = _write_records(records, {i: "\r\n" for i in range(len(records))})
    report = same(write(files, tmp_path / "pkg"))
    assert [(e.code, e.line) for e in report.errors] == [("type-error", starts[6])]
