"""Fuzzing the validator (issue 13): random descriptors, file-system shapes (links out,
FIFOs, devices, directories, loops, sparse giants) and CSV bytes, each validated by both
engines. Every case must exit 0, 1 or 2 with no traceback, give the same report on
``--engine rows`` and ``--engine fast``, finish within a time bound, and put a planted
error on its physical line.

The default run is bounded for CI (a few seconds per test). Maintainers run the long one:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py

and keep any failing example Hypothesis prints as a regular test in test_hostile.py.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import json
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_package
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from civic_accountability.cli import cli

pytest.importorskip("polars")

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
#: Examples per test: ~30 s of CI time in all; "long" is for maintainers (about 20 minutes).
EXAMPLES = {"ci": 25, "long": 1000}.get(PROFILE, 25)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=PROFILE == "ci",
    database=None,
    suppress_health_check=list(HealthCheck),
)
#: Seconds one validation may take on a package this small (a hang or a read of
#: /dev/zero would take forever).
TIME_BOUND = 20.0
NOW = "2026-11-23"
TABLES = ("sources", "inspections", "judgements", "recommendations", "statements")
ARCHIVE = "archive/example-news-2018-05-visit.txt"


@contextlib.contextmanager
def time_bound(seconds: float):
    """Fail instead of hanging: SIGALRM interrupts a blocked read."""

    def expire(signum, frame):
        raise TimeoutError(f"validation took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def validate(pkg: Path, engine: str) -> tuple[int, dict | None, str]:
    """(exit code, JSON report or None, output) from the CLI, checked for crashes."""
    started = time.monotonic()
    with time_bound(TIME_BOUND):
        result = CliRunner().invoke(cli, ["validate", str(pkg), "--engine", engine, "--format", "json", "--now", NOW])
    assert time.monotonic() - started < TIME_BOUND
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{engine} engine crashed") from result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "This is a bug" not in result.output
    try:
        return result.exit_code, json.loads(result.output), result.output
    except json.JSONDecodeError:
        return result.exit_code, None, result.output


def same_on_both_engines(pkg: Path) -> tuple[int, dict | None]:
    rows = validate(pkg, "rows")
    fast = validate(pkg, "fast")
    assert rows[0] == fast[0], (rows[2], fast[2])
    assert rows[1] == fast[1], (rows[2], fast[2])
    return rows[0], rows[1]


@contextlib.contextmanager
def fresh_package():
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        (root / "outside.txt").write_text("root:x:0:0:secret\n")
        yield build_package(root / "pkg")


# --- descriptors --------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "../outside.txt",
        "/etc/passwd",
        "data/../../outside.txt",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://example.org/x.csv",
        "data/x\x00.csv",
        "",
        " ",
        "C:\\x.csv",
        "data",
        "archive",
        ".",
        "..",
        "data/judgements.csv",
        "schemas/judgements.json",
        "a" * 300,
        "UTF-16",
        "latin-1",
        "csv",
        "xlsx",
        "💥",
        "../../../escaped/pwn",
        "LICENSE-DATA",
        "//evil.org/x",
        "http://example.org",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
TOP_KEYS = st.sampled_from(
    [
        "name",
        "title",
        "version",
        "licenses",
        "sources",
        "contributors",
        "keywords",
        "description",
        "profile",
        "resources",
    ]
)
RESOURCE_KEYS = st.sampled_from(
    ["name", "path", "schema", "encoding", "format", "mediatype", "dialect", "profile", "title"]
)


@st.composite
def descriptor_edits(draw):
    """A list of edits, each (where, key, value | DELETE)."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            edits.append(("top", None, draw(TOP_KEYS), draw(st.none() | st.just("DELETE") | JSON_VALUES)))
        else:
            i = draw(st.integers(0, 6))
            edits.append(("resource", i, draw(RESOURCE_KEYS), draw(st.just("DELETE") | HOSTILE_TEXT | JSON_VALUES)))
    return edits


def apply_edits(descriptor: dict, edits) -> dict:
    d = copy.deepcopy(descriptor)
    for where, i, key, value in edits:
        resources = d.get("resources") if isinstance(d.get("resources"), list) else []
        if where == "top":
            target = d
        elif i < len(resources) and isinstance(resources[i], dict):
            target = resources[i]
        elif i == 6 and resources:  # a repeated resource
            resources.append(copy.deepcopy(resources[0]))
            target = resources[-1]
        else:
            continue
        if value == "DELETE":
            target.pop(key, None)
        else:
            target[key] = value
    return d


@FUZZ
@given(descriptor_edits())
def test_any_descriptor_is_validated_alike_by_both_engines(edits):
    with fresh_package() as pkg:
        path = pkg / "datapackage.json"
        path.write_text(json.dumps(apply_edits(json.loads(path.read_text()), edits)), encoding="utf-8")
        code, report = same_on_both_engines(pkg)
        if report:  # whatever was accepted reads nothing outside the package
            assert "secret" not in json.dumps(report)
        if code != 2:  # a descriptor validate accepts never crashes export or site
            outputs_do_not_crash(pkg)


def outputs_do_not_crash(pkg: Path) -> None:
    runs = [
        ["export", str(pkg), "--to", fmt, "-o", str(pkg.parent / f"out.{fmt}"), "--no-validate"]
        for fmt in ("json", "zip")
    ]
    if importlib.util.find_spec("jinja2"):
        runs.append(["site", str(pkg), "-o", str(pkg.parent / "site"), "--no-validate", "--no-exports", "-q"])
    for args in runs:
        with time_bound(TIME_BOUND):
            result = CliRunner().invoke(cli, [*args, "--now", NOW] if args[0] == "export" else args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{args[0]} crashed") from result.exception
        assert result.exit_code in (0, 1, 2), result.output
        written = sorted(p.name for p in pkg.parent.iterdir())
        assert set(written) <= {"pkg", "outside.txt", "out.json", "out.zip", "site"}, written


# --- file-system shapes -------------------------------------------------------------

SHAPES = (
    "regular",
    "missing",
    "empty",
    "directory",
    "fifo",
    "link-outside",
    "link-dev-zero",
    "link-loop",
    "link-inside",
    "link-dangling",
    "sparse-giant",
)
TARGETS = tuple(f"data/{t}.csv" for t in TABLES) + (
    ARCHIVE,
    "LICENSE-DATA",
    "schemas/judgements.json",
    "archive",
    "data",
)


def make_shape(pkg: Path, rel: str, shape: str) -> None:
    path = pkg / rel
    keep = path.with_name(path.name + ".orig")
    if path.is_dir() and not path.is_symlink():
        os.rename(path, keep)
    elif path.exists() or path.is_symlink():
        os.rename(path, keep)
    if shape == "regular":
        os.rename(keep, path) if keep.exists() else path.write_text("")
    elif shape == "empty":
        path.write_bytes(b"")
    elif shape == "directory":
        path.mkdir()
    elif shape == "fifo":
        os.mkfifo(path)
    elif shape == "link-outside":
        os.symlink(pkg.parent / "outside.txt", path)
    elif shape == "link-dev-zero":
        os.symlink("/dev/zero", path)
    elif shape == "link-loop":
        os.symlink(path.name, path)
    elif shape == "link-inside":
        if keep.exists():
            os.symlink(keep.name, path)
    elif shape == "link-dangling":
        os.symlink("nowhere", path)
    elif shape == "sparse-giant":  # 20 GB of nothing: beyond every cap, costs no disk
        with open(path, "wb") as fh:
            fh.truncate(20 * 1024**3)


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(TARGETS), st.sampled_from(SHAPES)), min_size=1, max_size=3, unique_by=lambda t: t[0]
    )
)
def test_any_file_system_shape_is_refused_or_read_alike(shapes):
    # a parent folder and a file inside it would undo each other's shape
    assume(not any(a != b and b.startswith(a + "/") for a, _ in shapes for b, _ in shapes))
    with fresh_package() as pkg:
        for rel, shape in shapes:
            make_shape(pkg, rel, shape)
        code, report = same_on_both_engines(pkg)
        if report:
            assert "secret" not in json.dumps(report)
        hostile = {"fifo", "link-outside", "link-dev-zero", "link-loop", "sparse-giant"}
        if any(shape in hostile for rel, shape in shapes if rel not in ("archive", "data")):
            assert code == 2, report


# --- writers and outputs on file-system shapes (issue 26) ----------------------------

#: Beside what validation reads: names the package does not name (copied by nothing), an
#: archived text in a sub-folder (a source_id with a slash), and the folder quotes writes to.
WRITE_TARGETS = TARGETS + (
    "archive/extra",
    "schemas/extra",
    "archive/sub/pipe.txt",
    "archive/gazette-2018-05-visit.txt",
    "schemas",
)
INSPECTION = "exampleshire-2018-04-focused-visit"


def run_bounded(args: list[str]) -> None:
    """One command in-process under the time bound: exit 0, 1 or 2, never a crash."""
    with time_bound(TIME_BOUND):
        result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args[0]} crashed") from result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "This is a bug" not in result.output


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(WRITE_TARGETS), st.sampled_from(SHAPES)),
        min_size=1,
        max_size=3,
        unique_by=lambda t: t[0],
    )
)
def test_writers_and_outputs_survive_any_file_system_shape(shapes):
    """fmt, quotes --write, export and sql over FIFOs, links to devices, loops and folders:
    each ends within the time bound with exit 0, 1 or 2, and nothing outside the package
    is read into it or written."""
    assume(not any(a != b and b.startswith(a + "/") for a, _ in shapes for b, _ in shapes))
    with fresh_package() as pkg:
        (pkg / "archive" / "sub").mkdir()
        for rel, shape in shapes:
            make_shape(pkg, rel, shape)
        sources = pkg / "data" / "sources.csv"
        if sources.is_file() and not sources.is_symlink():  # a source_id that is a path
            with open(sources, "a", encoding="utf-8") as fh:
                fh.write("sub/pipe,news_article,,,,,,\n")
        article = pkg.parent / "article.txt"
        article.write_text("Cllr Ann Example said: \u201cWe accept the findings.\u201d\n", encoding="utf-8")
        for args in (
            ["fmt", "--check", str(pkg)],
            ["fmt", str(pkg)],
            [
                "quotes",
                str(article),
                "--source-id",
                "gazette-2018-05-visit",
                "--inspection",
                INSPECTION,
                "--write",
                str(pkg),
            ],
            ["export", str(pkg), "--to", "json", "-o", str(pkg.parent / "out.json"), "--no-validate", "--now", NOW],
            ["sql", "SELECT count(*) FROM sources", str(pkg), "--no-validate", "--now", NOW],
        ):
            run_bounded(args)
        assert (pkg.parent / "outside.txt").read_text() == "root:x:0:0:secret\n"
        written = sorted(p.name for p in pkg.parent.iterdir())
        assert set(written) <= {"pkg", "outside.txt", "out.json", "article.txt"}, written
        if sources.is_file() and not sources.is_symlink() and sources.stat().st_size < 1 << 20:
            assert hashlib.sha256(b"root:x:0:0:secret\n").hexdigest().encode() not in sources.read_bytes()


# --- CSV bytes ----------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        b'"',
        b'""',
        b"\n",
        b"\r\n",
        b"\r",
        b",",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff",
        b" ",
        b'"a,b"',
        b"\n\n",
        b"9" * 5000,
        b"-1",
        b"\xe2\x80\xa8",
        b"\t",
    ]
)


@st.composite
def byte_edits(draw):
    return [
        (draw(st.integers(0, 10**6)), draw(st.integers(0, 3)), draw(NASTY | st.binary(max_size=4)))
        for _ in range(draw(st.integers(1, 5)))
    ]


def edit_bytes(data: bytes, edits) -> bytes:
    for pos, cut, insert in edits:
        at = pos % (len(data) + 1)
        data = data[:at] + insert + data[at + cut :]
    return data


@FUZZ
@given(st.sampled_from(TABLES), byte_edits())
def test_any_csv_bytes_give_the_same_report_on_both_engines(table, edits):
    with fresh_package() as pkg:
        path = pkg / "data" / f"{table}.csv"
        path.write_bytes(edit_bytes(path.read_bytes(), edits))
        same_on_both_engines(pkg)


# --- floods of blank or CR-only lines (issue 26) -----------------------------------------

FLOOD_LINES = st.sampled_from([b"\n", b"\r", b"\r\n", b"\r\r\n", b" \n", b",,,,\n", b" ,\t,\r"])
ARTICLE = 'Councillor Ann Lee said: "We accept the findings in full and will act on them."\n'


@FUZZ
@given(st.sampled_from(TABLES), FLOOD_LINES, st.integers(1, 40_000), st.integers(0, 10**6))
def test_a_flood_of_blank_or_cr_lines_is_read_alike_and_every_writer_copes(table, line, count, pos):
    """Up to 40,000 blank, whitespace, empty-cell or CR-only lines put anywhere in a table:
    both engines report alike (a run of blank rows is one finding), and ``fmt``,
    ``quotes --write``, ``export`` and ``sql`` each finish with 0, 1 or 2 within the bound."""
    with fresh_package() as pkg:
        path = pkg / "data" / f"{table}.csv"
        data = path.read_bytes()
        at = pos % (len(data) + 1)
        path.write_bytes(data[:at] + line * count + data[at:])
        code, report = same_on_both_engines(pkg)
        if report:  # the flood is one run: at most one finding more than the file has lines
            assert sum(e["code"] == "blank-row" for e in report["errors"]) <= data.count(b"\n") + 2
        article = pkg.parent / "article.txt"
        article.write_text(ARTICLE)
        for args in (
            [
                "quotes",
                str(article),
                "--source-id",
                "fuzz-news-2026-01-flood",
                "--inspection",
                "exampleshire-2018-04-focused-visit",
                "--write",
                str(pkg),
            ],
            ["export", str(pkg), "--to", "json", "-o", str(pkg.parent / "out.json"), "--no-validate", "--now", NOW],
            ["sql", "SELECT count(*) FROM judgements", str(pkg), "--no-validate", "--now", NOW],
            ["fmt", str(pkg)],
        ):
            run_bounded(args)


# --- a planted error's line -----------------------------------------------------------

#: Valid text: no surrogate, NUL or CR, and no control character the contract refuses (tab and LF stay).
CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
CELL_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r" + CONTROLS),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.strip())


@FUZZ
@given(st.lists(CELL_TEXT, min_size=1, max_size=12), st.data())
def test_a_planted_error_is_reported_on_its_physical_line(texts, data):
    """Recommendations whose texts hold newlines, quotes and commas; one position made
    invalid. Its line is 1 + the physical lines of the header and the records before it."""
    import csv
    import io

    bad = data.draw(st.integers(0, len(texts) - 1))
    with fresh_package() as pkg:
        path = pkg / "data" / "recommendations.csv"
        header = path.read_text().split("\n", 1)[0]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        expected_line, line = None, 2
        for i, text in enumerate(texts):
            if i == bad:
                expected_line = line
            writer.writerow(
                [
                    f"exampleshire-2014-03-11-inspection-rec-{i + 1}",
                    "exampleshire-2014-03-11-inspection",
                    "local_authority",
                    "x" if i == bad else str(i + 1),
                    "",
                    text,
                    "ofsted-report-exampleshire-2014",
                ]
            )
            line = 2 + buffer.getvalue().count("\n")
        path.write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")
        themes = pkg / "data" / "recommendation_themes.csv"  # no derived row names a removed item
        themes.write_text(themes.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
        code, report = same_on_both_engines(pkg)
        assert code == 1
        assert [(e["code"], e["line"], e["field"]) for e in report["errors"]] == [
            ("type-error", expected_line, "position")
        ]


def test_profiles_are_documented():
    """The long run's command is where maintainers look for it."""
    docs = (Path(__file__).parents[1] / "docs" / "hostile-input.md").read_text(encoding="utf-8")
    assert "HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py" in docs
