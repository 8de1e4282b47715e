"""Hostile input, second pass (issue 26): what `fmt`, `quotes --write`, the importers,
`validate`, `timeline`, `sql` and `site` open, copy and write. Each case runs the real
CLI in a real process over real files (FIFOs, links to devices, link loops, folders),
with real signals and locks; a hang or an unbounded read fails the test instead of
the machine (a timeout and resource limits on the child)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pty
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civic_accountability.dataset.lock import PackageBusy, PackageLock

NOW = "2026-11-23"
ROOT = Path(__file__).resolve().parents[1]
SHARED_ODS = ROOT.parent / "shared" / "ofsted"
INSPECTION = "exampleshire-2018-04-focused-visit"
ENGINES = [
    "rows",
    pytest.param(
        "fast",
        marks=pytest.mark.skipif(__import__("importlib").util.find_spec("polars") is None, reason="needs polars"),
    ),
]
ESCAPES = "\x1b]0;owned\x07 \x1b[2J \x1b]52;c;ZXZpbA==\x07"


def _limits(memory: int = 1536 << 20, file_size: int = 256 << 20):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


def cli(
    *args: str, timeout: float = 60, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """The CLI in a child process, bounded: 1.5 GB of memory, 256 MB per file written, ``timeout`` s."""
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "civic_accountability", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full,
        cwd=cwd,
        preexec_fn=_limits(),
        check=False,
    )


def assert_clean(result: subprocess.CompletedProcess, code: int) -> None:
    assert result.returncode == code, result.stderr[-2000:]
    for bad in ("Traceback", "This is a bug", "Exception ignored"):
        assert bad not in result.stderr + result.stdout


def add_source(pkg: Path, source_id: str) -> None:
    with open(pkg / "data" / "sources.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([source_id, "news_article", "", "", "", "", "", ""])


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(
        "Cllr Ann Example, cabinet member for children, said: “We accept the findings.”\n", encoding="utf-8"
    )
    return path


def write_quotes(
    pkg: Path, article: Path, source_id: str = "gazette-2018-05-visit", env: dict | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    return cli(
        "quotes",
        str(article),
        "--source-id",
        source_id,
        "--inspection",
        INSPECTION,
        "--write",
        str(pkg),
        env=env,
        timeout=timeout,
    )


# --- item 1: fmt reads only the package's own archived texts -------------------------


@pytest.mark.parametrize("where", ["absolute", "dot-dot"])
def test_fmt_never_hashes_a_file_outside_the_package(package, tmp_path, where):
    outside = tmp_path / "outside.txt"
    outside.write_text("a secret\n")
    add_source(package, str(tmp_path / "outside") if where == "absolute" else "../../outside")
    result = cli("fmt", str(package))
    assert_clean(result, 0)
    assert hashlib.sha256(outside.read_bytes()).hexdigest() not in (package / "data" / "sources.csv").read_text()


@pytest.mark.parametrize("shape", ["fifo", "dev-zero", "folder"])
@pytest.mark.parametrize("check", [True, False])
def test_fmt_does_not_hang_or_read_a_device_named_by_a_source_id(package, shape, check):
    (package / "archive" / "sub").mkdir()
    target = package / "archive" / "sub" / "pipe.txt"
    {"fifo": os.mkfifo, "folder": os.mkdir}.get(shape, lambda p: os.symlink("/dev/zero", p))(target)
    add_source(package, "sub/pipe")
    result = cli("fmt", str(package), *(["--check"] if check else []), timeout=30)
    assert_clean(result, 0)  # nothing to format: no archived text to hash the row's sha256 from
    assert "sha256 missing" not in result.stdout + result.stderr


def test_fmt_with_a_nul_in_a_source_id_is_no_bug(package):
    add_source(package, "a\x00b")
    assert_clean(cli("fmt", str(package), "--check"), 1)


def test_fmt_fills_sha256_from_the_archive_as_before(package):
    path = package / "data" / "sources.csv"
    path.write_text(path.read_text().replace(",57459787654a69e9544e7f2f7dd3803152cd5cda55a7a2f65bfd046275ab801f", ","))
    result = cli("fmt", str(package))
    assert_clean(result, 0)
    assert "sha256 missing for example-news-2018-05-visit" in result.stdout
    assert "57459787654a69e9544e7f2f7dd3803152cd5cda55a7a2f65bfd046275ab801f" in path.read_text()


# --- item 2: quotes --write copies only the package's own regular files --------------


def _big_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "big"
    folder.mkdir()
    with open(folder / "giant.txt", "wb") as fh:  # 1 GB of nothing: over the child's 256 MB file limit
        fh.truncate(1 << 30)
    return folder


@pytest.mark.parametrize("shape", ["link-dev-zero", "link-big-folder", "fifo-in-schemas", "link-loop"])
def test_quotes_write_copies_only_the_packages_own_files(package, article, tmp_path, shape):
    if shape == "link-dev-zero":
        os.symlink("/dev/zero", package / "archive" / "zero")
    elif shape == "link-big-folder":
        os.symlink(_big_folder(tmp_path), package / "archive" / "big")
    elif shape == "fifo-in-schemas":
        os.mkfifo(package / "schemas" / "pipe")
    else:
        os.symlink("loop", package / "archive" / "loop")
    result = write_quotes(package, article, timeout=60)
    assert_clean(result, 0)
    assert "added 1 statement" in result.stderr


def test_quotes_write_refuses_a_folder_where_the_archived_text_goes(package, article):
    (package / "archive" / "gazette-2018-05-visit.txt").mkdir()
    result = write_quotes(package, article)
    assert_clean(result, 2)
    assert "archive/gazette-2018-05-visit.txt is a directory, not a regular file" in result.stderr


def test_quotes_write_refuses_a_link_loop_where_the_archived_text_goes(package, article):
    os.symlink("gazette-2018-05-visit.txt", package / "archive" / "gazette-2018-05-visit.txt")
    result = write_quotes(package, article)
    assert_clean(result, 2)
    assert "symlink loop" in result.stderr


def test_quotes_write_never_writes_through_an_archive_folder_linked_outside(package, article, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(package / "archive")
    os.symlink(elsewhere, package / "archive")
    result = write_quotes(package, article)
    assert result.returncode in (1, 2), result.stderr
    assert_clean(result, result.returncode)
    assert list(elsewhere.iterdir()) == []


# --- item 3: a lock, and only the rows a writer adds are written ---------------------


def test_two_writers_at_once_both_keep_their_rows(package, tmp_path):
    for trial in range(3):
        procs = []
        for n in (1, 2):
            art = tmp_path / f"article-{trial}-{n}.txt"
            art.write_text(f"Cllr Ann Example said: “We accept finding number {trial}{n}.”\n", encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "civic_accountability",
                        "quotes",
                        str(art),
                        "--source-id",
                        f"gazette-{trial}-{n}",
                        "--inspection",
                        INSPECTION,
                        "--write",
                        str(package),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            )
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        statements = (package / "data" / "statements.csv").read_text()
        sources = (package / "data" / "sources.csv").read_text()
        for n in (1, 2):
            assert f"gazette-{trial}-{n}-q01" in statements
            assert f"\ngazette-{trial}-{n}," in sources
    assert cli("validate", str(package), "--now", NOW).returncode == 0


def test_a_second_writer_waits_for_the_first_then_goes_on(package):
    add_source(package, "aaa-first")  # out of order: fmt has something to write
    lock = PackageLock(package)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "civic_accountability", "fmt", str(package)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(3)
        assert proc.poll() is None  # still waiting for the lock
        assert "aaa-first" not in (package / "data" / "sources.csv").read_text().splitlines()[1]
    finally:
        lock.release()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (package / "data" / "sources.csv").read_text().splitlines()[1].startswith("aaa-first,")


@pytest.mark.parametrize("command", ["fmt", "quotes"])
def test_a_second_writer_gives_up_with_a_clear_message(package, article, command):
    snapshot = {p: p.read_bytes() for p in package.rglob("*") if p.is_file()}
    add_source(package, "aaa-first")
    snapshot[package / "data" / "sources.csv"] = (package / "data" / "sources.csv").read_bytes()
    env = {"CIVIC_ACCOUNTABILITY_LOCK_WAIT": "0.5"}
    with_lock = PackageLock(package)
    try:
        result = cli("fmt", str(package), env=env) if command == "fmt" else write_quotes(package, article, env=env)
    finally:
        with_lock.release()
    assert_clean(result, 2)
    assert "another civic-accountability command is changing the package" in result.stderr
    assert {p: p.read_bytes() for p in package.rglob("*") if p.is_file()} == snapshot


def test_a_killed_writer_leaves_no_lock_behind(package):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from civic_accountability.dataset.lock import PackageLock; "
                f"lock = PackageLock({str(package)!r}); print('locked', flush=True); time.sleep(600)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(PackageBusy):
        PackageLock(package, wait=0.2)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    PackageLock(package, wait=0).release()  # the kernel freed it with the process


def test_an_import_waits_for_the_lock_then_gives_up_writing_nothing(package, monkeypatch, capsys):
    """The importers' final write (``Result.write``) holds the same lock: with another
    process holding it, the write gives up with PackageBusy (the import command's exit 2)
    and leaves data/ as it was."""
    from civic_accountability.dataset.lock import PackageBusy
    from civic_accountability.importers.result import Result
    from civic_accountability.importers.statistics import TABLE_COLUMNS, TABLES

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import time; from civic_accountability.dataset.lock import PackageLock; "
                f"lock = PackageLock({str(package)!r}); print('locked', flush=True); time.sleep(600)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = {p: p.read_bytes() for p in (package / "data").iterdir()}
        monkeypatch.setenv("CIVIC_ACCOUNTABILITY_LOCK_WAIT", "0.5")
        result = Result({t: [] for t in TABLES}, {t: list(TABLE_COLUMNS[t]) for t in TABLES}, {})
        with pytest.raises(PackageBusy, match="another civic-accountability command is changing the package"):
            result.write(package / "data", check=False)
        assert {p: p.read_bytes() for p in (package / "data").iterdir()} == before
    finally:
        holder.kill()
        holder.wait(timeout=30)
    result.write(package / "data", check=False)  # free again: the write goes through
    assert (package / "data" / "sources.csv").read_text().count("\n") == 1


def test_quotes_write_keeps_an_unrelated_rows_extra_cell(package, article):
    path = package / "data" / "statements.csv"
    lines = path.read_bytes().split(b"\n")
    lines[1] += b",an extra cell"
    path.write_bytes(b"\n".join(lines))
    before = path.read_bytes()
    result = write_quotes(package, article)
    assert_clean(result, 0)
    after = path.read_bytes()
    added = b"gazette-2018-05-visit-q01,exampleshire-2018-04-focused-visit,Ann Example,"
    assert after.count(b"\n") == before.count(b"\n") + 1
    start = after.index(added)
    end = after.index(b"\n", start) + 1
    assert after[:start] + after[end:] == before  # every byte of every other row kept


def test_quotes_write_accepts_a_valid_package_with_a_lone_cr_in_a_quoted_cell(package, article):
    path = package / "data" / "sources.csv"
    path.write_bytes(
        path.read_bytes()
        .replace(b"Exampleshire: inspection", b'"Exampleshire:\rinspection', 1)
        .replace(b"in need of help and protection,", b'in need of help and protection",', 1)
    )
    assert cli("validate", str(package), "--now", NOW).returncode == 0
    before = path.read_bytes()
    result = write_quotes(package, article)
    assert_clean(result, 0)
    after = path.read_bytes()
    assert b'"Exampleshire:\rinspection' in after
    new_row = [line for line in after.split(b"\n") if line.startswith(b"gazette-2018-05-visit,")]
    assert len(new_row) == 1 and after.replace(new_row[0] + b"\n", b"", 1) == before


# --- item 7: descriptor strings every output can write --------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("title", ["\ud800", "Title\x07", "Title\x1b[2J", "Title\x85"])
def test_a_descriptor_string_no_output_can_write_is_refused(package, engine, title):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["title"] = title
    path.write_text(json.dumps(descriptor))  # ensure_ascii: the surrogate as \\ud800
    result = cli("validate", str(package), "--engine", engine, "--now", NOW, "--format", "json")
    assert_clean(result, 2)
    assert any(e["field"] == "title" for e in json.loads(result.stdout)["errors"])


def test_a_descriptor_with_a_lone_surrogate_never_crashes_an_export(package, tmp_path):
    path = package / "datapackage.json"
    path.write_text(path.read_text().replace('"title": "', '"title": "\\ud800', 1))
    for fmt in ("json", "zip", "xlsx"):
        result = cli(
            "export", str(package), "--to", fmt, "-o", str(tmp_path / f"out.{fmt}"), "--no-validate", "--now", NOW
        )
        assert_clean(result, 2)


# --- item 9: terminal escapes ---------------------------------------------------------


def _escape_recommendation(pkg: Path) -> None:
    path = pkg / "data" / "recommendations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Improve the timeliness of assessments.", f"Improve{ESCAPES} assessments."
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_control_characters_in_text_fields_are_refused_on_both_engines(package, engine):
    _escape_recommendation(package)
    result = cli("validate", str(package), "--engine", engine, "--now", NOW, "--format", "json")
    assert_clean(result, 1)
    errors = json.loads(result.stdout)["errors"]
    assert [(e["table"], e["field"]) for e in errors] == [("recommendations", "text")]


def on_a_terminal(*args: str) -> str:
    """What the CLI prints to a real terminal (a pseudo-terminal as its stdout)."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "civic_accountability", *args], stdout=slave, stderr=subprocess.PIPE, env=env
    )
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("no output within 60 s")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "exampleshire", "--package", "PKG"],
        ["repeats", "exampleshire", "--package", "PKG", "--explain"],
        ["repeats", "exampleshire", "--package", "PKG", "--format", "json"],
        ["sql", "SELECT text FROM recommendations", "PKG", "--no-validate"],
        ["sql", "SELECT text FROM recommendations", "PKG", "--no-validate", "--format", "json"],
        ["sql", "SELECT char(27) || '[2J' || char(155) AS x", "PKG"],  # a query that makes its own, over valid data
    ],
)
def test_timeline_repeats_and_sql_show_escapes_escaped_on_a_terminal(package, args):
    if "SELECT text FROM recommendations" in args or args[0] in ("timeline", "repeats"):
        _escape_recommendation(package)
    if args[0] == "repeats":  # a link to show the item by (its own inspection's: validation is not asked)
        with open(package / "data" / "recommendation_repeats.csv", "a", encoding="utf-8") as f:
            f.write(
                "exampleshire-2014-03-11-inspection-rec-2,exampleshire-2014-03-11-inspection-rec-1,same_issue,rule\n"
            )
    shown = on_a_terminal(*[str(package) if a == "PKG" else a for a in args], "--now", NOW)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\\x1b" in shown or "\\u001b" in shown  # shown, escaped (JSON's own escape is fine too)


def test_sql_csv_to_a_pipe_is_not_rewritten(package):
    """Escaping is for a terminal: a pipe gets the values (click itself drops ANSI colour
    sequences such as ESC[2J when not writing to a terminal, as it always has)."""
    _escape_recommendation(package)
    result = cli(
        "sql", "SELECT text FROM recommendations", str(package), "--no-validate", "--format", "csv", "--now", NOW
    )
    assert_clean(result, 0)
    assert "\x1b]0;owned\x07" in result.stdout and "\\x1b" not in result.stdout


# --- item 10: links ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "link",
    [
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        " https://example.org/licence",
        "https://",
    ],
)
def test_a_licence_path_that_is_not_an_https_link_or_a_file_is_refused(package, engine, link):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["licenses"] = [{"name": "x", "path": link, "title": "Licence"}]
    path.write_text(json.dumps(descriptor))
    result = cli("validate", str(package), "--engine", engine, "--now", NOW, "--format", "json")
    assert_clean(result, 2)


@pytest.mark.skipif(__import__("importlib").util.find_spec("jinja2") is None, reason="needs jinja2")
@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:alert(1)"])
def test_site_never_links_a_javascript_ofsted_url_even_without_validation(package, tmp_path, url):
    path = package / "data" / "authorities.csv"
    path.write_text(path.read_text().replace("https://example.org/provider/44/999", f'"{url}"'))
    sources = package / "data" / "sources.csv"
    sources.write_text(sources.read_text().replace("https://example.org/report.pdf", f'"{url}"'))
    result = cli("site", str(package), "-o", str(tmp_path / "site"), "--no-validate", "--no-exports", "-q")
    assert_clean(result, 0)
    pages = "".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.html"))
    assert "javascript:" not in pages.lower()


# --- item 12: other "bug" exits ---------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_ods_is_a_clear_error(tmp_path, package, damage):
    pytest.importorskip("python_calamine")
    if damage == "truncated" and not (SHARED_ODS / "LA_Inspection_Outcomes_as_at_31_March_2025.ods").is_file():
        pytest.skip("needs ../shared/ofsted")
    ofsted = tmp_path / "ofsted"
    ofsted.mkdir()
    for name in (
        "Childrens_social_care_in_England_2023_underlying_data.ods",
        "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    ):
        if damage == "garbage":
            data = os.urandom(20_000)
        elif damage == "empty":
            data = b""
        else:
            whole = (SHARED_ODS / name).read_bytes()
            data = whole[: len(whole) // 2]
        (ofsted / name).write_bytes(data)
    before = {p: p.read_bytes() for p in package.rglob("*") if p.is_file()}
    result = cli("import", "statistics", "--ofsted-dir", str(ofsted), "--package", str(package), timeout=120)
    assert_clean(result, 2)
    assert "is not a readable OpenDocument spreadsheet" in result.stderr
    assert {p: p.read_bytes() for p in package.rglob("*") if p.is_file()} == before


def test_quotes_write_with_a_5000_digit_statement_number_is_a_clear_error(package):
    path = package / "data" / "statements.csv"
    path.write_text(
        path.read_text().replace("example-news-2018-05-visit-q03", "example-news-2018-05-visit-q" + "9" * 5000)
    )
    existing = package / "archive" / "example-news-2018-05-visit.txt"
    result = cli(
        "quotes",
        str(existing),
        "--source-id",
        "example-news-2018-05-visit",
        "--inspection",
        INSPECTION,
        "--write",
        str(package),
    )
    assert_clean(result, 2)
    assert "followed by 5,000 digits" in result.stderr


# --- item 13: the descriptor itself ------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_descriptor_linked_outside_the_package_is_refused(package, tmp_path, engine):
    outside = tmp_path / "outside.json"
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["title"] = "OUTSIDE"
    outside.write_text(json.dumps(descriptor))
    (package / "datapackage.json").unlink()
    os.symlink(outside, package / "datapackage.json")
    result = cli("validate", str(package), "--engine", engine, "--now", NOW)
    assert_clean(result, 2)
    assert "resolves outside the package directory" in result.stderr + result.stdout
    assert "OUTSIDE" not in result.stdout


def test_a_descriptor_linked_inside_the_package_is_read(package):
    (package / "meta").mkdir()
    os.rename(package / "datapackage.json", package / "meta" / "datapackage.json")
    os.symlink("meta/datapackage.json", package / "datapackage.json")
    assert_clean(cli("validate", str(package), "--now", NOW), 0)
