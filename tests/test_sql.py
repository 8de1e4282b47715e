"""`civic-accountability sql` and the views it shares with the SQLite export.

Every view is checked on the bundled data against an answer computed here, in plain
Python, from the CSV files (never from the package's own code); a small package pins
the rules the views document (the report's grade over the statistics', former
authorities left out, an inspection without an overall grade never replacing it); the
README's questions are re-run and must print what the README shows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import load_script
from export_support import FIXTURE, export, make_package, read_csvs

from civic_accountability.cli import cli
from civic_accountability.dataset.package import bundled_root
from civic_accountability.outputs.views import QUESTIONS, RECOMMENDATION_COLUMNS, VIEW_AREAS, VIEWS

ROOT = Path(__file__).resolve().parents[1]
RANK = {"outstanding": 1, "good": 2, "requires_improvement": 3, "adequate": 3, "inadequate": 4}
SOURCE_RANK = {"inspection_report": 0, "inspection_letter": 1, "official_statistics": 2}
AREAS = VIEW_AREAS  # the areas the grade views give a column each


@pytest.fixture(scope="module", autouse=True)
def bundled_package_validated_once():
    """Each command validates its package first: on the bundled package that was ~70% of
    every call here, and it is the same package, options and day each time. So the first
    load of the bundled package here is real and its Dataset is handed to every later
    call with the same arguments; everything after the load (options, the database, the
    read-only guard, the query, the output, exit codes) still runs in full on each call.
    Any other package (the invalid and unreadable ones) is loaded for real every time, and
    the Ctrl-C test's own process loads the bundled package unaided. Validation itself is
    tested in the test_validate_* files."""
    import inspect

    from civic_accountability.commands import load

    real = load.load_dataset
    signature = inspect.signature(real)
    bundled = bundled_root().resolve()
    loaded = {}

    def load_dataset(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        options = dict(bound.arguments)
        if load.resolve_package_path(options.pop("path")).resolve() != bundled:
            return real(*args, **kwargs)
        options["now"] = load.today_for(options["now"])  # the day the date rules use
        key = tuple(sorted(options.items()))
        if key not in loaded:
            loaded[key] = real(*args, **kwargs)
        return loaded[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(load, "load_dataset", load_dataset)
        yield


def sql(query: str, *args: str, fmt: str = "json"):
    """Run the real command; the parsed JSON rows when it succeeds, else the result."""
    result = CliRunner().invoke(cli, ["sql", query, *args, "--format", fmt])
    if fmt == "json" and result.exit_code == 0:
        return json.loads(result.stdout)
    return result


# --- an independent reading of the CSVs ---------------------------------------------------


@pytest.fixture(scope="module")
def csvs() -> dict[str, list[dict[str, str]]]:
    return read_csvs(bundled_root())


def when(i: dict) -> str:
    return i["start_date"] or i["end_date"] or i["published_date"]


def chosen_grades(csvs, with_source: bool = False) -> dict[tuple[str, str], str]:
    """(inspection, area) → the grade kept: the report's, else a letter's, else the statistics', else any."""
    kind = {s["source_id"]: s["source_type"] for s in csvs["sources"]}
    best: dict[tuple[str, str], tuple] = {}
    for j in csvs["judgements"]:
        key = (j["inspection_id"], j["area"])
        rank = (SOURCE_RANK.get(kind.get(j["source_id"]), 3), j["source_id"])
        if key not in best or rank < best[key][0]:
            best[key] = (rank, j["grade"])
    return {key: (grade, rank[1]) if with_source else grade for key, (rank, grade) in best.items()}


def graded_inspections(csvs) -> dict[str, list[dict]]:
    """authority_id → its inspections with an overall grade, oldest first, with their kept grades."""
    grades = chosen_grades(csvs)
    out = defaultdict(list)
    for i in csvs["inspections"]:
        if (i["inspection_id"], "overall_effectiveness") in grades:
            areas = {a: grades.get((i["inspection_id"], a)) for a in AREAS}
            out[i["authority_id"]].append({**i, **areas, "date": when(i)})
    for rows in out.values():
        rows.sort(key=lambda r: (r["date"], r["published_date"], r["inspection_id"]))
    return out


def test_latest_grades_is_every_current_authoritys_latest_overall_grade(csvs):
    graded = graded_inspections(csvs)
    current = {a["authority_id"]: a for a in csvs["authorities"] if a["status"] == "current"}
    expected = {aid: graded[aid][-1] for aid in current if graded.get(aid)}
    rows = sql("SELECT * FROM latest_grades")
    assert {r["authority_id"] for r in rows} == set(expected)
    for row in rows:
        want = expected[row["authority_id"]]
        assert row["inspection_id"] == want["inspection_id"] and row["inspection_date"] == want["date"]
        assert {a: row[a] for a in AREAS} == {a: want[a] for a in AREAS}
        assert row["authority"] == current[row["authority_id"]]["name"]
        later = [i for i in csvs["inspections"] if i["authority_id"] == row["authority_id"] and when(i) > want["date"]]
        assert row["later_inspections"] == len(later)
    # the question the README answers: inadequate now, former councils left out
    inadequate = sql("SELECT authority_id FROM latest_grades WHERE overall_effectiveness = 'inadequate'")
    assert {r["authority_id"] for r in inadequate} == {
        a for a, g in expected.items() if g["overall_effectiveness"] == "inadequate"
    }
    assert "northamptonshire" not in {r["authority_id"] for r in rows}


def test_grade_history_gives_each_previous_grade_and_the_change(csvs):
    expected = []
    for aid, rows in graded_inspections(csvs).items():
        previous = None
        for r in rows:
            grade = r["overall_effectiveness"]
            change = (
                None
                if previous is None
                else (
                    "improved"
                    if RANK[grade] < RANK[previous["overall_effectiveness"]]
                    else "declined"
                    if RANK[grade] > RANK[previous["overall_effectiveness"]]
                    else "same"
                )
            )
            expected.append(
                (
                    aid,
                    r["inspection_id"],
                    grade,
                    previous and previous["inspection_id"],
                    previous and previous["overall_effectiveness"],
                    change,
                )
            )
            previous = r
    rows = sql("SELECT * FROM grade_history")
    got = [
        (
            r["authority_id"],
            r["inspection_id"],
            r["grade"],
            r["previous_inspection_id"],
            r["previous_grade"],
            r["change"],
        )
        for r in rows
    ]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_inspection_grades_keeps_one_grade_per_area_the_reports_first(csvs):
    rows = sql("SELECT inspection_id, area, grade, source_id FROM inspection_grades")
    assert {(r["inspection_id"], r["area"]): (r["grade"], r["source_id"]) for r in rows} == chosen_grades(csvs, True)
    assert len(rows) == len(chosen_grades(csvs))  # no area counted twice


def test_recommendations_full_carries_authority_inspection_and_report(csvs):
    inspections = {i["inspection_id"]: i for i in csvs["inspections"]}
    sources = {s["source_id"]: s for s in csvs["sources"]}
    expected = sorted(
        (
            r["recommendation_id"],
            inspections[r["inspection_id"]]["authority_id"],
            when(inspections[r["inspection_id"]]),
            inspections[r["inspection_id"]]["framework"],
            int(r["position"]),
            r["text"],
            sources[r["source_id"]]["url"] or None,
        )
        for r in csvs["recommendations"]
    )
    rows = sql("SELECT * FROM recommendations_full")
    assert (
        sorted(
            (
                r["recommendation_id"],
                r["authority_id"],
                r["inspection_date"],
                r["framework"],
                r["position"],
                r["text"],
                r["source_url"],
            )
            for r in rows
        )
        == expected
    )


def test_statements_full_carries_speaker_authority_and_inspection(csvs):
    inspections = {i["inspection_id"]: i for i in csvs["inspections"]}
    expected = sorted(
        (
            s["statement_id"],
            s["speaker"],
            inspections[s["inspection_id"]]["authority_id"],
            s["inspection_id"],
            s["quote"],
        )
        for s in csvs["statements"]
    )
    rows = sql("SELECT * FROM statements_full")
    assert (
        sorted((r["statement_id"], r["speaker"], r["authority_id"], r["inspection_id"], r["quote"]) for r in rows)
        == expected
    )


# --- the rules, pinned on a small package ---------------------------------------------------


def _rules_package(tmp_path: Path) -> Path:
    tables = {name: [list(row) for row in rows] for name, rows in FIXTURE.items()}
    ins = tables["inspections"]
    ins.append(
        [
            "old-barset-2015-06-01-inspection",
            "Barset",
            "",
            "sif",
            "inspection",
            "2015-06-01",
            "",
            "2015-07-01",
            "",
            "",
            "src-a",
            "old-barset",
        ]
    )
    # a later inspection with area grades but no overall grade (as ILACS from 2026)
    ins.append(
        [
            "barset-2024-05-13-standard-inspection",
            "Barsetshire",
            "E06000099",
            "ilacs_2023",
            "standard_inspection",
            "2024-05-13",
            "",
            "2024-06-20",
            "",
            "",
            "src-a",
            "barsetshire",
        ]
    )
    ins.append(
        [
            "old-barset-2012-01-09-inspection",
            "Barset",
            "",
            "child_protection",
            "inspection",
            "2012-01-09",
            "",
            "2012-02-01",
            "",
            "",
            "src-a",
            "old-barset",
        ]
    )
    ins.append(
        [
            "old-barset-2014-01-06-inspection",
            "Barset",
            "",
            "sif",
            "inspection",
            "2014-01-06",
            "",
            "2014-02-01",
            "",
            "",
            "src-a",
            "old-barset",
        ]
    )
    # statistics whose source_id sorts before the report's: the report still wins
    tables["sources"].append(["aaa-stats", "official_statistics", "Statistics", "Ofsted", "", "2021", "", ""])
    jud = tables["judgements"]
    jud.append(["j-stats-help", "barset-2020-01-06-standard-inspection", "help_and_protection", "good", "aaa-stats"])
    jud.append(["j-old-2012", "old-barset-2012-01-09-inspection", "overall_effectiveness", "adequate", "src-a"])
    jud.append(
        ["j-old-2014", "old-barset-2014-01-06-inspection", "overall_effectiveness", "requires_improvement", "src-a"]
    )
    jud.append(["j-old", "old-barset-2015-06-01-inspection", "overall_effectiveness", "inadequate", "src-a"])
    jud.append(["j-2024-help", "barset-2024-05-13-standard-inspection", "help_and_protection", "good", "src-a"])
    # the news source (ranked below the report) disagrees on help and protection
    jud.append(["j-help-src-b", "barset-2020-01-06-standard-inspection", "help_and_protection", "good", "src-b"])
    return make_package(tmp_path / "pkg", tables)


def test_rules_report_first_former_left_out_no_overall_never_replaces(tmp_path):
    pkg = _rules_package(tmp_path)
    run = lambda q: json.loads(
        CliRunner().invoke(cli, ["sql", q, str(pkg), "--format", "json", "--no-validate"]).stdout
    )
    latest = run("SELECT * FROM latest_grades")
    assert [
        (
            r["authority_id"],
            r["inspection_id"],
            r["overall_effectiveness"],
            r["help_and_protection"],
            r["later_inspections"],
        )
        for r in latest
    ] == [("barsetshire", "barset-2020-01-06-standard-inspection", "requires_improvement", "inadequate", 2)]
    history = run("SELECT authority_id, grade, previous_grade, change FROM grade_history")
    assert [(r["authority_id"], r["grade"], r["previous_grade"], r["change"]) for r in history] == [
        ("old-barset", "adequate", None, None),
        ("old-barset", "requires_improvement", "adequate", "same"),  # the old scale's name for it
        ("old-barset", "inadequate", "requires_improvement", "declined"),
        ("barsetshire", "requires_improvement", None, None),
    ]
    twice = run(
        "SELECT COUNT(*) AS n FROM inspection_grades WHERE inspection_id = "
        "'barset-2020-01-06-standard-inspection' AND area = 'overall_effectiveness'"
    )
    assert twice == [{"n": 1}]


# --- the command ----------------------------------------------------------------------------


def test_formats_agree_and_values_are_typed():
    query = "SELECT recommendation_id, position, text FROM recommendations ORDER BY recommendation_id"
    as_json = sql(query)
    assert as_json and all(isinstance(r["position"], int) for r in as_json)
    as_csv = list(csv.DictReader(io.StringIO(sql(query, fmt="csv").stdout)))
    assert [{**r, "position": int(r["position"])} for r in as_csv] == as_json
    ndjson = [json.loads(line) for line in sql(query, fmt="ndjson").stdout.splitlines()]
    assert ndjson == as_json
    table = sql(query, fmt="table").stdout.splitlines()
    assert table[0].split() == ["recommendation_id", "position", "text"] and set(table[1]) <= {"-", " "}
    assert len(table) == 2 + len(as_json)
    assert sql("SELECT typeof(position) AS t FROM recommendations GROUP BY 1") == [{"t": "integer"}]


def test_params_fill_named_placeholders():
    rows = sql("SELECT authority_id FROM latest_grades WHERE authority_id = :la", "--param", "la=swindon")
    assert rows == [{"authority_id": "swindon"}]
    missing = sql("SELECT :la")
    assert missing.exit_code == 2 and "--param la=VALUE" in missing.stderr
    bad = sql("SELECT 1", "--param", "no-equals")
    assert bad.exit_code == 2 and "name=value" in bad.stderr


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM inspections",
        "UPDATE sources SET title = 'x'",
        "INSERT INTO sources (source_id, source_type) VALUES ('x', 'other')",
        "DROP VIEW latest_grades",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "PRAGMA query_only = 0",
        "PRAGMA writable_schema = 1",
    ],
)
def test_anything_that_writes_is_refused(query):
    result = sql(query)
    assert result.exit_code == 2
    assert "only reading is allowed" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("query", ["ATTACH DATABASE '{db}' AS x", "VACUUM INTO '{db}'"])
def test_no_file_is_written(tmp_path, query):
    target = tmp_path / "written.db"
    result = sql(query.format(db=target))
    assert result.exit_code == 2 and not target.exists()


def test_a_grade_label_instead_of_its_id_gets_a_hint():
    """Grades are ids in SQL: 'Inadequate' matches nothing, and the hint names the id to use."""
    wrong = sql("SELECT count(*) AS n FROM judgements WHERE grade = 'Inadequate'", fmt="csv")
    assert wrong.exit_code == 0 and wrong.stdout.split() == ["n", "0"]
    assert "Hint: 'Inadequate' is a label; the data holds ids, so compare with 'inadequate'" in wrong.stderr
    by_param = sql(
        "SELECT count(*) AS n FROM judgements WHERE grade = :g", "--param", "g=Requires improvement", fmt="csv"
    )
    assert "compare with 'requires_improvement'" in by_param.stderr
    right = sql("SELECT count(*) AS n FROM judgements WHERE grade = 'inadequate'", fmt="csv")
    assert int(right.stdout.split()[1]) > 0 and right.stderr == ""


def test_a_bad_query_says_what_and_where():
    result = sql("SELECT authority,\n  grade FROM latest_grades")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: no such column: grade (line 2, column 3)",
        "    grade FROM latest_grades",
        "    ^",
    ]
    syntax = sql("SELEC 1")
    assert syntax.exit_code == 2 and "syntax error (line 1, column 1)" in syntax.stderr
    two = sql("SELECT 1; SELECT 2")
    assert two.exit_code == 2 and "one SQL statement" in two.stderr
    assert sql("PRAGMA table_info(latest_grades)")[0]["name"] == "authority_id"  # describing is reading


def test_invalid_data_is_refused_unless_no_validate(tmp_path):
    tables = {name: [list(row) for row in rows] for name, rows in FIXTURE.items()}
    header = tables["recommendations"][0]
    tables["recommendations"][1][header.index("position")] = "first"  # not a whole number
    pkg = make_package(tmp_path / "pkg", tables)
    refused = CliRunner().invoke(cli, ["sql", "SELECT 1 AS x", str(pkg), "--format", "json"])
    assert refused.exit_code == 1 and "no query was run" in refused.stderr
    loose = CliRunner().invoke(
        cli, ["sql", "SELECT COUNT(*) AS n FROM sources", str(pkg), "--format", "json", "--no-validate"]
    )
    # a STRICT integer column refuses the text, so the database cannot be built: a clear exit 1
    assert loose.exit_code == 1 and "recommendations cannot be loaded" in loose.stderr


#: The command run as the console entry point, with one addition: the query can call
#: started(), which writes a line to stderr from inside SQLite's execution of the query.
#: started() is C all the way (a partial of os.write), so no Python code runs between it
#: and the query's next step: a SIGINT sent once its line is read can only be noticed by
#: the progress handler (a Python function as started() once raised the interrupt itself,
#: ending the query as "user-defined function raised exception", exit 2).
_WITH_STARTED = """
import functools, os, sys
from civic_accountability.outputs import query

real_read_only = query.read_only

def read_only(conn):
    conn.create_function("started", 0, functools.partial(os.write, 2, b"query started\\n"))
    real_read_only(conn)

query.read_only = read_only
sys.argv[0] = "civic-accountability"
from civic_accountability.cli import main
main()
"""


def _wait_for_line(proc, line: bytes, deadline: float) -> bytes:
    """What ``proc`` wrote to stderr up to and including ``line``; fails at the deadline or end."""
    import os
    import select
    import time

    seen = b""
    fd = proc.stderr.fileno()
    while line not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {line!r} in time; stderr so far: {seen!r}"
        ready, _, _ = select.select([fd], [], [], left)
        chunk = os.read(fd, 4096) if ready else b""
        assert chunk or not ready, f"exited {proc.wait()} before {line!r}: {seen!r}"
        seen += chunk
    return seen


@pytest.mark.parametrize(
    "signame, code, said", [("SIGINT", 130, "Interrupted"), ("SIGTERM", 143, "Stopped by signal 15")]
)
def test_a_signal_stops_a_long_query(signame, code, said):
    """Ctrl-C (SIGINT) or SIGTERM while SQLite runs a never-ending query ends it: exit 130 or
    143 (as for every command; SIGTERM was 130, as if Ctrl-C), with its line, no traceback.

    The signal is sent once the query itself says it has started (its first row calls
    started()), so it lands inside SQLite's execution, where only the progress handler
    that read_only sets lets Python notice it; sent any earlier it would stop the
    loading instead and prove nothing (and a fixed wait cost ~2 s of spinning)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _WITH_STARTED,
            "sql",
            "WITH RECURSIVE c(x) AS (SELECT started() UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        before = _wait_for_line(proc, b"query started\n", time.monotonic() + 60)
        proc.send_signal(getattr(signal, signame))
        _, after = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = (before + after).decode()
    assert proc.returncode == code and said in err and "Traceback" not in err, err


def test_unreadable_package_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["sql", "SELECT 1", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- the export ships the same views; the README's answers are live -----------------------


def test_sqlite_export_ships_the_views_with_the_same_answers(tmp_path):
    pytest.importorskip("sqlite_utils")
    db = tmp_path / "civic.db"
    export("sqlite", bundled_root(), db)
    conn = sqlite3.connect(db)
    try:
        for view in VIEWS:
            names = [d[0] for d in conn.execute(f"SELECT * FROM {view.name} LIMIT 0").description]
            assert names == [c for c, _ in view.columns]  # documented columns, in order
            got = conn.execute(f"SELECT * FROM {view.name}").fetchall()
            assert [tuple(r.values()) for r in sql(f"SELECT * FROM {view.name}")] == got
    finally:
        conn.close()
    meta = json.loads(db.with_name("civic.metadata.json").read_text(encoding="utf-8"))["databases"]["civic"]
    assert set(meta["queries"]) == {q.name for q in QUESTIONS}
    assert meta["tables"]["latest_grades"]["columns"]["overall_effectiveness"]


def test_saved_queries_run():
    values = {"authority_id": "swindon", "year": "2023", "since": "2018"}
    for q in QUESTIONS:
        params = {name: values[name] for name in re.findall(r":(\w+)", q.sql)}
        args = [a for name, value in params.items() for a in ("--param", f"{name}={value}")]
        result = sql(q.sql, *args)
        assert isinstance(result, list) and result, q.name


def test_recommendations_view_columns_come_from_the_contract():
    view = next(v for v in VIEWS if v.name == "recommendations_full")
    assert [c for c, _ in view.columns if c in RECOMMENDATION_COLUMNS] == list(RECOMMENDATION_COLUMNS)


def _readme_script():
    return load_script("readme_questions")


@pytest.mark.skipif(not (ROOT / "README.md").is_file(), reason="needs the source checkout's README")
def test_readme_questions_print_what_the_readme_shows():
    script = _readme_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = script.questions(readme)
    assert len(found) == readme.count("<!-- question -->") >= 5  # every marked question is read and checked
    for command, printed in found:
        assert script.answer(command) == printed, (
            f"README answer out of date for: {command.strip()}\nrun: python scripts/readme_questions.py"
        )
