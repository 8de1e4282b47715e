"""The columnar engine reports exactly what the row engine (the reference) reports:
code, table, line, field, value and message, for planted errors of every code, for the
inputs where polars and Python's csv module read bytes differently, and for random
corruptions of every kind."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from conftest import load_script  # noqa: E402

from civic_accountability.cli import cli  # noqa: E402
from civic_accountability.contract.specs import table_spec, table_specs  # noqa: E402
from civic_accountability.outputs.describe import summarise  # noqa: E402
from civic_accountability.validation import rules  # noqa: E402
from civic_accountability.validation import validate as validate_module  # noqa: E402
from civic_accountability.validation.cells import compile_column  # noqa: E402
from civic_accountability.validation.fast import candidates, engine, reading  # noqa: E402
from civic_accountability.validation.validate import EngineUnavailable, validate_package  # noqa: E402

gen = load_script("gen_synthetic")
TODAY = gen.TODAY


def same(pkg: Path):
    """Both engines on ``pkg``; everything a user or a later command sees must be equal."""
    rows = validate_package(pkg, TODAY, engine="rows")
    fast = validate_package(pkg, TODAY, engine="fast")
    assert fast.errors == rows.errors
    assert fast.warnings == rows.warnings
    assert list(fast.row_counts.items()) == list(rows.row_counts.items())
    assert fast.exit_code == rows.exit_code
    assert list(fast.rows) == list(rows.rows)
    assert {t: fast.rows[t] for t in fast.rows} == {t: rows.rows[t] for t in rows.rows}
    return fast


def columnar_tables(pkg: Path) -> set[str]:
    return {s.name for s in table_specs() if reading.read_columnar(s, pkg / s.path) is not None}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, bytes]:
    """A small valid package as bytes: quick to copy for each example."""
    root = tmp_path_factory.mktemp("base") / "pkg"
    gen.generate(root, rows=300, seed=4)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def write(files: dict[str, bytes], root: Path) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


# --- whole packages --------------------------------------------------------------------------


def test_planted_errors_of_every_code_are_reported_identically(tmp_path, pieces):
    gen.generate(tmp_path / "pkg", rows=3000, seed=8, plant_errors=True)
    report = same(tmp_path / "pkg")
    assert {e.code for e in report.findings} == set(gen.PLANTED_CODES)
    # the big tables were read by polars, not handed to the row reader
    assert {"judgements", "recommendations", "statements"} <= columnar_tables(tmp_path / "pkg")


def test_file_faults_are_reported_identically(tmp_path):
    gen.generate(tmp_path / "pkg", rows=500, seed=9, plant_errors=True, file_faults=True)
    assert {e.code for e in same(tmp_path / "pkg").errors} >= set(gen.FILE_FAULT_CODES)


def test_valid_package_and_its_rows(tmp_path):
    gen.generate(tmp_path / "pkg", rows=2000, seed=10)
    report = same(tmp_path / "pkg")
    assert report.errors == [] and report.warnings == [] and report.exit_code == 0
    assert columnar_tables(tmp_path / "pkg") == {s.name for s in table_specs()}
    rows = validate_package(tmp_path / "pkg", TODAY, engine="rows")
    assert summarise(report) == summarise(rows)


def test_line_numbers_count_the_lines_of_multiline_cells(tmp_path):
    gen.generate(tmp_path / "pkg", rows=3000, seed=8, plant_errors=True)
    reader = csv.reader(io.StringIO((tmp_path / "pkg" / "data" / "statements.csv").read_text("utf-8"), newline=""))
    starts, start = [], 1  # the line each record starts on
    for _ in reader:
        starts.append(start)
        start = reader.line_num + 1
    lines = [e.line for e in same(tmp_path / "pkg").errors if e.table == "statements"]
    assert set(lines) <= set(starts)
    assert any(line != starts.index(line) + 1 for line in lines)  # after a quote spanning lines


def test_lazy_rows_are_built_only_when_asked(tmp_path, monkeypatch):
    gen.generate(tmp_path / "pkg", rows=500, seed=3)
    report = validate_package(tmp_path / "pkg", TODAY, engine="fast")
    calls = []
    monkeypatch.setattr(engine, "read_columnar", lambda *a: calls.append(a) or None)
    from civic_accountability.contract.specs import table_specs

    assert "inspections" in report.rows and len(report.rows) == len(table_specs()) and calls == []
    assert report.rows["inspections"] and len(calls) == 1  # (the row reader answered)


# --- engine choice and the command ---------------------------------------------------------


def test_auto_keeps_small_packages_on_the_row_engine(tmp_path, monkeypatch):
    gen.generate(tmp_path / "pkg", rows=300, seed=1)
    package, _ = validate_module.open_package(tmp_path / "pkg", tuple(s.name for s in table_specs()))
    assert validate_module.choose_engine("auto", package) == "rows"
    monkeypatch.setattr(validate_module, "FAST_THRESHOLD", 0)
    assert validate_module.choose_engine("auto", package) == "fast"
    assert validate_module.choose_engine("rows", package) == "rows"


def test_fast_engine_without_polars_is_a_usage_error(tmp_path, monkeypatch):
    gen.generate(tmp_path / "pkg", rows=300, seed=1)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "polars" else real(name, *a))
    with pytest.raises(EngineUnavailable):
        validate_package(tmp_path / "pkg", TODAY, engine="fast")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "pkg"), "--engine", "fast", "--now", TODAY])
    assert result.exit_code == 2 and "pip install 'civic-accountability[fast]'" in result.output


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_command_output_is_the_same_on_both_engines(tmp_path, fmt):
    gen.generate(tmp_path / "pkg", rows=1000, seed=2, plant_errors=True)
    out = {}
    for name in ("rows", "fast"):
        result = CliRunner().invoke(
            cli,
            ["validate", str(tmp_path / "pkg"), "--format", fmt, "--now", TODAY],
            env={"CIVIC_ACCOUNTABILITY_ENGINE": name},
        )
        assert result.exit_code == 1
        out[name] = result.output
    assert out["fast"] == out["rows"]
    if fmt == "json":
        assert json.loads(out["fast"])["summary"]["errors"] > 10


# --- the inputs polars and Python's csv read differently, and the checks' edge cases -----------


def _edit(table: str, old: bytes, new: bytes, count: int = 1):
    def apply(files):
        rel = f"data/{table}.csv"
        assert old in files[rel], old
        files[rel] = files[rel].replace(old, new, count)

    return apply


def _bytes(table: str, fn):
    def apply(files):
        files[f"data/{table}.csv"] = fn(files[f"data/{table}.csv"])

    return apply


def _nth_line(data: bytes, n: int) -> tuple[int, int]:
    """Start and end offsets of physical line ``n`` (1-based)."""
    start = 0
    for _ in range(n - 1):
        start = data.index(b"\n", start) + 1
    return start, data.index(b"\n", start)


def _line_edit(table: str, n: int, fn):
    def apply(files):
        data = files[f"data/{table}.csv"]
        start, end = _nth_line(data, n)
        files[f"data/{table}.csv"] = data[:start] + fn(data[start:end]) + data[end:]

    return apply


def _cell(table: str, row: int, column: str, value: str):
    """Set one cell and write the file back as a standard CSV writer would."""

    def apply(files):
        rel = f"data/{table}.csv"
        records = list(csv.reader(io.StringIO(files[rel].decode("utf-8"), newline="")))
        records[row][records[0].index(column)] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(records)
        files[rel] = buf.getvalue().encode("utf-8")

    return apply


def _then(*edits):
    def apply(files):
        for edit in edits:
            edit(files)

    return apply


CASES = {
    "bom": _bytes("judgements", lambda b: b"\xef\xbb\xbf" + b),
    "crlf": _bytes("recommendations", lambda b: b.replace(b"\n", b"\r\n")),
    "cr in unquoted cell": _line_edit("judgements", 5, lambda line: line.replace(b",", b"\r,", 1)),
    "lone cr line ending": _line_edit("judgements", 5, lambda line: line + b"\r"),
    "cr in quoted cell": _cell("statements", 3, "quote", "Line one\rline two"),
    "crlf in quoted cell": _cell("statements", 3, "quote", "Line one\r\nline two"),
    # (csv's writer leaves a lone CR unquoted, a record break: "cr in quoted cell" is one)
    "lone cr really inside a quoted cell": _then(
        _cell("statements", 3, "quote", "Line one, line two"),
        _edit("statements", b'"Line one, line two"', b'"Line one,\rline two"'),
    ),
    "short row": _line_edit("judgements", 7, lambda line: line.rsplit(b",", 1)[0]),
    "short row, optional last column": _line_edit("sources", 3, lambda line: line.rsplit(b",", 1)[0]),
    "short row hidden by a quoted comma": _cell("statements", 4, "quote", "a, b"),
    "extra cell": _line_edit("judgements", 4, lambda line: line + b",surplus"),
    "empty line": _line_edit("recommendations", 6, lambda line: line + b"\n"),
    "empty line at the end": _bytes("judgements", lambda b: b + b"\n"),
    "whitespace line": _line_edit("recommendations", 6, lambda line: line + b"\n  \t"),
    "commas-only line": _line_edit("judgements", 6, lambda line: line + b"\n,,,,"),
    "unclosed quote at the end, no newline": _bytes("judgements", lambda b: b + b'x,y,"z'),
    "unclosed quote mid-file": _line_edit("judgements", 3, lambda line: line.replace(b",", b',"', 1)),
    "stray quote": _line_edit("judgements", 3, lambda line: line.replace(b"-", b'-"', 1)),
    "two stray quotes": _line_edit("judgements", 3, lambda line: line.replace(b"-", b'-"', 2)),
    "space before an opening quote": _edit("recommendations", b',"', b', "'),
    "unescaped quotes inside a quoted cell": _then(
        _cell("statements", 2, "quote", "He said, hi"), _edit("statements", b'"He said, hi"', b'"He said "hi" to me"')
    ),
    "space between escaped quotes": _edit("statements", b'""', b'" "'),
    "letter after an escaped pair": _edit("statements", b'"",', b'""x,'),
    "bad utf-8": _line_edit("judgements", 8, lambda line: line[:10] + b"\xff" + line[10:]),
    "nul byte": _line_edit("judgements", 8, lambda line: line[:10] + b"\x00" + line[10:]),
    "header only": _bytes("judgements", lambda b: b.split(b"\n", 1)[0] + b"\n"),
    "header only, no newline": _bytes("judgements", lambda b: b.split(b"\n", 1)[0]),
    "empty file": _bytes("judgements", lambda b: b""),
    "quoted header": _bytes("judgements", lambda b: b.replace(b"judgement_id,", b'"judgement_id",', 1)),
    "header with a space": _bytes("judgements", lambda b: b.replace(b",area,", b", area,", 1)),
    "slug ending in a newline": _cell("judgements", 2, "judgement_id", "abc\n"),
    "slug with a capital": _cell("judgements", 2, "area", "Care_leavers"),
    "29 February, leap year": _cell("statements", 2, "statement_date", "2020-02-29"),
    "29 February, common year": _cell("statements", 2, "statement_date", "2019-02-29"),
    "31 April": _cell("inspections", 2, "end_date", "2016-04-31"),
    "position +5": _cell("recommendations", 2, "position", "+5"),
    "position with a space": _cell("recommendations", 2, "position", " 5"),
    "position 0": _cell("recommendations", 2, "position", "0"),
    "position 99999999999999999999": _cell("recommendations", 2, "position", "99999999999999999999"),
    "position with a newline": _cell("recommendations", 2, "position", "5\n"),
    "text ends in a separator character": _cell("recommendations", 2, "text", "Improve\x1c"),
    "text ends in a newline": _cell("recommendations", 2, "text", "Improve\n"),
    "text of 10,000 two-byte characters": _cell("recommendations", 2, "text", "é" * 10_000),
    "text of 10,001 characters": _cell("recommendations", 2, "text", "é" * 10_001),
    "empty required cell": _cell("statements", 2, "speaker", ""),
    "whitespace required cell": _cell("statements", 2, "speaker", "   "),
    "unsorted keys": _cell("judgements", 2, "judgement_id", "zzz-last-first"),
    "missing parent": _cell("recommendations", 3, "inspection_id", "nowhere-inspection"),
    "parent key that fails its own checks": _cell("inspections", 2, "la_code", "X1"),
    "date this month": _cell("inspections", 2, "published_date", TODAY[:7]),
    "date next month": _cell("inspections", 2, "published_date", "2025-07"),
    "quote with a run of spaces": _cell("statements", 2, "quote", "Children  deserve better"),
}


@pytest.fixture(params=["whole", "pieces"])
def pieces(request, monkeypatch):
    """Files parsed in one piece, or cut every 2,000 bytes (as big files are, every 8 MB)."""
    if request.param == "pieces":
        monkeypatch.setattr(reading, "PIECE", 2000)


@pytest.mark.parametrize("case", sorted(CASES))
def test_divergent_inputs(base, tmp_path, case, pieces):
    files = dict(base)
    CASES[case](files)
    same(write(files, tmp_path / "pkg"))


def test_repeated_key_unsorted(base, tmp_path):
    files = dict(base)
    _cell("judgements", 5, "judgement_id", "a-repeated-key")(files)
    _cell("judgements", 2, "judgement_id", "a-repeated-key")(files)
    report = same(write(files, tmp_path / "pkg"))
    assert [e.code for e in report.errors if e.table == "judgements"] == ["primary-key"]


def test_text_after_a_closing_quote(base, tmp_path):
    files = dict(base)
    _cell("statements", 2, "quote", "x, y")(files)
    _edit("statements", b'"x, y"', b'"x, y"z')(files)
    assert "format-error" in {e.code for e in same(write(files, tmp_path / "pkg")).errors}


# --- random corruptions ------------------------------------------------------------------------

TABLES = [s.name for s in table_specs()]
TOKENS = [
    b'"',
    b'""',
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"\x1c",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    "é".encode(),
    "\u2028".encode(),
    b"...",
    "\u2026".encode(),
    b"X",
    b"-",
    b"2019-02-29",
    b"\n\n",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "x",
            "X",
            "-",
            "a--b",
            "abc\n",
            "2019-02-29",
            "2020-02-29",
            "2023-13-01",
            "2031",
            "2025-06",
            "+3",
            "03",
            "1001",
            "0",
            "good",
            "Good",
            "sif",
            "focused_visit",
            "q\x1c",
            '"quoted"',
            "\u201cquoted\u201d",
            "word...",
            "a, b",
            "line\nbreak",
            "tab\tin",
            "é" * 600,
            "children_in_care",
            "care_leavers",
            "inadequate",
            "monitoring_visit",
            "ilacs_2023",
            "slac",
            "2009-01-01",
            "2031-01-01",
            "2024",
        ]
    ),
    st.text(alphabet=st.sampled_from('abz09-_ ,"\n\r\x1c\u00a0é\u2019\u201c.'), max_size=12),
)


def _mutate(data, files: dict[str, bytes]) -> None:
    table = data.draw(st.sampled_from(TABLES))
    rel = f"data/{table}.csv"
    op = data.draw(
        st.sampled_from(
            ["cell", "cell", "cell", "key", "token", "near-quote", "delete", "line", "header", "truncate", "archive"]
        )
    )
    raw = files[rel]
    if op in ("cell", "key"):
        try:
            records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
        except (UnicodeDecodeError, csv.Error):
            return
        if len(records) < 2:
            return
        r = data.draw(st.integers(1, len(records) - 1))
        if not records[r]:
            return
        c = data.draw(st.integers(0, len(records[r]) - 1))
        if op == "cell":
            records[r][c] = data.draw(VALUES)
        else:  # a key or reference copied from another row or table: repeats and dangling links
            other = data.draw(st.sampled_from(TABLES))
            others = list(csv.reader(io.StringIO(files[f"data/{other}.csv"].decode("utf-8", "replace"), newline="")))
            pick = others[data.draw(st.integers(0, len(others) - 1))] if others else []
            if pick:
                records[r][c] = pick[0]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(records)
        files[rel] = buf.getvalue().encode("utf-8")
    elif op == "token":
        at = data.draw(st.integers(0, len(raw)))
        files[rel] = raw[:at] + data.draw(st.sampled_from(TOKENS)) + raw[at:]
    elif op == "near-quote":  # quoting faults happen next to quotes: put a byte beside one
        quotes = [i for i, byte in enumerate(raw) if byte == 34]
        if quotes:
            at = data.draw(st.sampled_from(quotes)) + data.draw(st.sampled_from([0, 1]))
            files[rel] = raw[:at] + data.draw(st.sampled_from([b" ", b"x", b'"', b",", b"\n", b'""'])) + raw[at:]
    elif op == "delete":
        at = data.draw(st.integers(0, max(0, len(raw) - 1)))
        files[rel] = raw[:at] + raw[at + data.draw(st.integers(1, 3)) :]
    elif op == "line":
        lines = raw.split(b"\n")
        i = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["duplicate", "drop", "blank", "swap"]))
        if how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "drop" and len(lines) > 1:
            del lines[i]
        elif how == "blank":
            lines.insert(i, data.draw(st.sampled_from([b"", b" ", b",,,,", b" , ,"])))
        elif how == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        files[rel] = b"\n".join(lines)
    elif op == "header":
        head, _, rest = raw.partition(b"\n")
        labels = head.split(b",")
        i, j = data.draw(st.integers(0, len(labels) - 1)), data.draw(st.integers(0, len(labels) - 1))
        labels[i], labels[j] = labels[j], data.draw(st.sampled_from([labels[i], b"renamed", labels[j]]))
        files[rel] = b",".join(labels) + b"\n" + rest
    elif op == "truncate":
        files[rel] = raw[: data.draw(st.integers(0, len(raw)))]
    else:  # an archived article changes: quotes go missing, hashes stop matching
        archived = sorted(k for k in files if k.startswith("archive/"))
        if archived:
            key = data.draw(st.sampled_from(archived))
            text = files[key]
            at = data.draw(st.integers(0, max(0, len(text) - 1)))
            files[key] = text[:at] + text[at + 40 :]


@pytest.mark.parametrize("piece", [reading.PIECE, 2000])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_corruptions_are_reported_identically(base, piece, data):
    files = dict(base)
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(data, files)
    saved, reading.PIECE = reading.PIECE, piece  # big files are parsed in pieces: cut small ones too
    try:
        with tempfile.TemporaryDirectory() as tmp:
            same(write(files, Path(tmp) / "pkg"))
    finally:
        reading.PIECE = saved


# --- the pieces the columnar engine's exactness rests on ---------------------------------------


def test_python_whitespace_is_what_the_columns_use():
    every = [chr(i) for i in range(sys.maxunicode + 1)]
    assert candidates.PY_SPACE == "".join(c for c in every if c.isspace())
    space = re.compile(r"\s")
    assert candidates.PY_SPACE == "".join(c for c in every if space.match(c))


ALPHABET = st.sampled_from("az09-_.:/ \t\n\x0b\x1c\x1f\x85\u00a0\u2028\u3000Aé\"'EN")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=14), min_size=1, max_size=40))
def test_translated_patterns_never_accept_what_python_rejects(values):
    for pattern in sorted({c.pattern for s in table_specs() for c in s.columns if c.pattern}):
        ok = pl.DataFrame({"v": values}).select(candidates.surely_matches(pl.col("v"), pattern)).to_series()
        for value, surely in zip(values, ok.to_list()):
            if surely:
                assert re.fullmatch(pattern, value), (pattern, value)


COLUMNS = [c for s in table_specs() for c in s.columns]
CELL_VALUES = st.one_of(
    st.text(alphabet=ALPHABET, max_size=14),
    st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"),
    st.from_regex(r"\A[+-]?[0-9]{1,5}\Z"),
    st.sampled_from(["", "good", "sif", "2000-02-29", "1900-02-29", "2024-02-29", "2023-02-29", "0000-02-29"]),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(CELL_VALUES, min_size=1, max_size=40))
def test_cell_candidates_include_every_cell_python_rejects(values):
    for col in COLUMNS:
        check = compile_column(col)
        frame = pl.DataFrame({col.name: [v or None for v in values]}, schema={col.name: pl.String})
        flagged = frame.select(candidates.maybe_bad(col)).to_series().to_list()
        for value, maybe in zip(values, flagged):
            bad = col.required if value == "" else check(value) is not None
            assert maybe or not bad, (col.name, value)


FOLD_TEXT = st.text(
    alphabet=st.sampled_from("ab \t\n\u00a0\u202f\x1c\"'\u2018\u2019\u201c\u201d-\u2013\u2014."), max_size=20
)


@settings(max_examples=80, deadline=None)
@given(FOLD_TEXT, FOLD_TEXT)
@example(" a", "b a")
@example("a\u2014b", "xa - b")
def test_found_after_folding_means_found_after_normalising(quote, text):
    found = (
        pl.DataFrame({"q": [quote], "t": [text]})
        .select(candidates.fold(pl.col("t")).str.contains(candidates.fold(pl.col("q")), literal=True))
        .item()
    )
    if found:
        assert rules.normalise_text(quote) in rules.normalise_text(text)


def test_a_trailing_newline_is_not_a_match():
    """The row path tests patterns whole (``fullmatch``), as the models' own validation does:
    ``re.match`` with ``$`` would let "abc\\n" pass as a slug and "5\\n" as a whole number."""
    checks = {c.name: compile_column(c) for c in table_spec("recommendations").columns}
    assert checks["inspection_id"]("abc\n")[0] == "constraint-error"
    assert checks["position"]("5\n")[0] == "type-error"
    assert checks["text"]("Improve\n")[0] == "constraint-error"
    assert checks["inspection_id"]("abc") is None and checks["position"]("5") is None


def test_rust_pattern_refuses_what_it_cannot_vouch_for():
    assert candidates.rust_pattern(r"^\d+$") is None
    assert candidates.rust_pattern(r"^[a-z[0-9]]$") is None
    assert candidates.rust_pattern(r"^\S+$").startswith("^(?:^[^")


JUDGEMENT_ROWS = st.lists(
    st.tuples(
        st.sampled_from("ab"),
        st.sampled_from(["x", "y", "x-y"]),
        st.sampled_from(["good", "outstanding"]),
        st.sampled_from("pq"),
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(JUDGEMENT_ROWS, st.booleans())
@example([("a", "x", "good", "p"), ("a", "x", "good", "q"), ("b", "x", "good", "p")], True)
@example([("a", "x", "good", "p"), ("a", "x", "good", "p")], True)
@example([("a", "x", "good", "p"), ("b", "y", "good", "p"), ("a", "x", "outstanding", "q")], False)
def test_judgement_groups_picked_are_exactly_those_that_differ_or_repeat(rows, grouped):
    """The judgements selector takes every row of an (inspection, area) whose grades differ
    or whose sources repeat, whether each group sits in one run of rows (the usual file:
    compared with its neighbours) or is spread through the file (grouped by hash)."""
    from civic_accountability.validation.fast import meaning, selectors

    if grouped:
        rows = sorted(rows, key=lambda r: (r[0], r[1], r[3]))
    spec = table_spec("judgements")
    df = pl.DataFrame(
        {
            "judgement_id": [f"j{i}" for i in range(len(rows))],
            "inspection_id": [r[0] for r in rows],
            "area": [r[1] for r in rows],
            "grade": [r[2] for r in rows],
            "source_id": [r[3] for r in rows],
        },
        schema={c: pl.String for c in spec.column_names},
    )
    frame = reading.Frame(spec, df, df.height, [], columnar=True)
    picked = [line - 2 for line, _ in selectors.judgements(frame, meaning.Context(Path("."), TODAY, {}))]
    groups: dict = {}
    for i, (inspection, area, grade, source) in enumerate(rows):
        groups.setdefault((inspection, area), []).append((i, grade, source))
    expected = sorted(
        i
        for members in groups.values()
        if len({g for _, g, _ in members}) > 1 or len({s for _, _, s in members}) < len(members)
        for i, _, _ in members
    )
    assert picked == expected
