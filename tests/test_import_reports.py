"""The inspection-report importer (issue 11): pure parsing rules, then truth checks on
Ofsted's reports in ../shared/ofsted/reports (skipped cleanly where they are absent).

Truth checks: Swindon's three reports reproduce the 30 hand-curated recommendations
character for character; every recommendation of every report is found verbatim in
its report's text; every report-vs-statistics grade disagreement is listed in the
notes; the committed data is what the reports give; two runs give identical bytes.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.validation import rules

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO.parent / "shared" / "ofsted" / "reports"
GOLD = REPO / "tests" / "fixtures" / "gold" / "swindon_recommendations.csv"
NOTES = REPO / "notes" / "ofsted-reports-import.md"

have_reports = (REPORTS / "MANIFEST.csv").is_file()
needs_reports = pytest.mark.skipif(not have_reports, reason=f"reports not found in {REPORTS} (not committed)")


def parse_mod():
    pytest.importorskip("pypdfium2")
    from civic_accountability.importers.reports import parse

    return parse


# --------------------------------------------------------------------------- pure rules


def L(text, size=12.0, bold=False, x0=72.0, y=700.0):  # noqa: N802
    return [text, size, bold, x0, y]


def page(lines, number):
    y = 800.0
    out = []
    for ln in lines:
        out.append(ln[:4] + [y])
        y -= 14
    return out


def test_join_keeps_a_line_end_hyphen_and_joins_lines_with_one_space():
    parse = parse_mod()
    assert (
        parse.join_parts(["work with multi-", "agency partners", "  and  schools."])
        == "work with multi-agency partners and schools."
    )
    assert parse.join_parts(["ages 16 -", "18"]) == "ages 16 - 18"


def test_dates_one_and_two_on_site_periods():
    parse = parse_mod()
    assert parse.parse_dates("17 to 28 July 2023") == [("2023-07-17", "2023-07-28")]
    assert parse.parse_dates("11 March – 2 April 2014") == [("2014-03-11", "2014-04-02")]
    assert parse.parse_dates("30 September to 11 October 2024 and 13 to 16 January 2025") == [
        ("2024-09-30", "2024-10-11"),
        ("2025-01-13", "2025-01-16"),
    ]
    assert parse.parse_dates("12/09/2016 to 06/10/2016") == [("2016-09-12", "2016-10-06")]


def test_short_or_standard_from_on_site_days():
    from civic_accountability.importers.reports.rows import short_or_standard

    assert short_or_standard(5) == "short_inspection"
    assert short_or_standard(7) == "short_inspection"
    assert short_or_standard(12) == "standard_inspection"
    assert short_or_standard(None) is None


def test_recommendations_skip_furniture_footnotes_and_nothing_to_improve():
    parse = parse_mod()
    body = "x" * 60
    p1 = page(
        [
            L("Inspection of Exampleshire local authority children’s services", 16, True),
            L("Inspection dates: 17 to 28 July 2023"),
            L("Lead inspector: Ann Example, His Majesty’s Inspector"),
            L(body),
        ],
        1,
    )
    furniture = [L("Inspection of Exampleshire local authority children’s services", 9), L("17 to 28 July 2023 2", 9)]
    p2 = page(
        furniture
        + [
            L("What does the local authority need to improve?", 12, True),
            L("Priority and immediate action", 12, True),
            L("1. The inspection did not find any areas for priority and immediate action."),
            L("Areas for improvement", 12, True),
            L("2. Improve the quality of multi-"),
            L("agency plans (outcome 1, national framework)."),
            L("3. Strengthen oversight by:"),
            L("\uf0b7 senior leaders", x0=90),
            L("\uf0b7 managers.", x0=90),
            L(body),
            L("1 A footnote in small type.", 8),
        ],
        2,
    )
    p3 = page(
        furniture
        + [
            L("4. Ensure that children are seen."),
            L("Summary for children and young people", 12, True),
            L("5. Not a recommendation."),
            L(body),
        ],
        3,
    )
    p3[-1][0] = body
    pages = [p1, p2, p3]
    for p in pages[1:]:
        p.append(L("3", 9, y=20.0))
    report = parse.parse_report(pages)
    got = [(r.addressee, r.position, r.section, r.text) for r in report.recommendations]
    assert got == [
        (
            "local_authority",
            1,
            "Areas for improvement",
            "Improve the quality of multi-agency plans (outcome 1, national framework).",
        ),
        ("local_authority", 2, "Areas for improvement", "Strengthen oversight by: senior leaders managers."),
        ("local_authority", 3, "Areas for improvement", "Ensure that children are seen."),
    ]
    assert report.lead_inspectors == ["Ann Example"]
    assert (report.start_date, report.end_date) == ("2023-07-17", "2023-07-28")


def test_positions_are_unique_per_inspection_and_addressee():
    rows = [
        (2, {"inspection_id": "a", "addressee": "local_authority", "position": "1"}),
        (3, {"inspection_id": "a", "addressee": "lscb", "position": "1"}),
    ]
    assert rules.check_recommendation_positions(rows) == []
    rows.append((4, {"inspection_id": "a", "addressee": "lscb", "position": "1"}))
    errors = rules.check_recommendation_positions(rows)
    assert [e.code for e in errors] == ["unique-error"] and errors[0].line == 4


def test_help_is_instant_and_imports_no_pdf_library():
    code = (
        "import sys; from civic_accountability.cli import cli; from click.testing import CliRunner; "
        "r = CliRunner().invoke(cli, ['import', 'reports', '--help']); assert r.exit_code == 0, r.output; "
        "assert 'pypdfium2' not in sys.modules and 'python_calamine' not in sys.modules"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_missing_reports_dir_or_manifest_exits_2(tmp_path):
    pytest.importorskip("pypdfium2")
    r = CliRunner().invoke(
        cli, ["import", "reports", "--reports-dir", str(tmp_path / "nope"), "--package", str(REPO), "--check"]
    )
    assert r.exit_code == 2 and "not found" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(
        cli, ["import", "reports", "--reports-dir", str(tmp_path), "--package", str(REPO), "--check"]
    )
    assert r.exit_code == 2 and "manifest not found" in r.output


# --------------------------------------------------------------------------- truth checks


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def cache_dir() -> Path:
    from civic_accountability.importers.reports.pdftext import default_cache_dir

    return default_cache_dir()


@pytest.fixture(scope="module")
def full_run():
    pytest.importorskip("pypdfium2")
    if not have_reports:
        pytest.skip(f"reports not found in {REPORTS}")
    from civic_accountability.importers.reports.run import build

    return build(REPORTS, REPO, cache_dir=cache_dir(), jobs=os.cpu_count() or 1)


@needs_reports
def test_swindon_reports_reproduce_the_curated_recommendations(tmp_path):
    pytest.importorskip("pypdfium2")
    from civic_accountability.importers.reports.run import build

    manifest = read_csv(REPORTS / "MANIFEST.csv")
    swindon = [m for m in manifest if m["folder_name"] == "swindon"]
    assert len(swindon) == 3
    reports = tmp_path / "reports"
    for m in swindon:
        (reports / m["file"]).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(REPORTS / m["file"], reports / m["file"])
    with (reports / "MANIFEST.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(manifest[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(swindon)
    pkg = tmp_path / "pkg"
    shutil.copytree(REPO / "data", pkg / "data")
    recs = pkg / "data" / "recommendations.csv"
    header = recs.read_text("utf-8").splitlines()[0]
    recs.write_text(header + "\n", encoding="utf-8")  # the importer must produce all 30 itself
    result = build(reports, pkg, cache_dir=cache_dir(), jobs=1)
    got = [r for r in result.tables["recommendations"] if r["inspection_id"].startswith("swindon-")]
    gold = read_csv(GOLD)
    key = lambda r: (r["inspection_id"], r["addressee"], int(r["position"]))  # noqa: E731
    fields = ("inspection_id", "addressee", "position", "section", "text", "source_id")
    assert [tuple(r[f] for f in fields) for r in sorted(got, key=key)] == [
        tuple(r[f] for f in fields) for r in sorted(gold, key=key)
    ]
    assert len(got) == 30
    # Swindon's sources keep their curated ids and rows; its inspections stay the curated rows
    sources = {r["source_id"]: r for r in result.tables["sources"]}
    assert {"ofsted-report-swindon-2014", "ofsted-report-swindon-2019", "ofsted-report-swindon-2023"} <= set(sources)
    assert not any(s.startswith("ofsted-report-swindon-20") and len(s) > 26 for s in sources)


@needs_reports
def test_every_report_read_and_every_recommendation_verbatim(full_run):
    s = full_run.summary
    assert s.failed == []
    assert {x["status"] for x in s.skipped} == {"not_a_report"} and len(s.skipped) == 4
    assert s.not_verbatim == []
    assert s.reports_read + len(s.skipped) == s.files
    # every list reconciles with the report's own numbering or bullets (issue 21)
    assert s.unreconciled_lists == []
    assert {f: c["reconciled"] for f, c in s.lists_per_family.items()} == {"ilacs": 320, "sif": 310, "tlac": 4}


@needs_reports
def test_grade_disagreements_are_listed_in_the_notes(full_run):
    notes = NOTES.read_text("utf-8")
    for d in full_run.summary.grade_disagreements:
        assert d["inspection_id"] in notes and f"p. {d['page']}" in notes, d


@needs_reports
def test_committed_data_is_what_the_reports_give(full_run):
    from civic_accountability.importers.tables import TABLES, render_table

    for table in TABLES:
        data = render_table(full_run.columns[table], full_run.tables[table])
        assert (REPO / "data" / f"{table}.csv").read_bytes() == data, f"data/{table}.csv is out of date"


@needs_reports
def test_two_runs_give_identical_tables(full_run):
    from civic_accountability.importers.reports.run import build

    again = build(REPORTS, REPO, cache_dir=cache_dir(), jobs=1)
    assert again.tables == full_run.tables


@pytest.mark.parametrize(
    "head, title, authority",
    [
        (
            ["London Borough of Barking and", "Dagenham", "Inspection of services for children in need"],
            "London Borough of Barking and Dagenham: Inspection of services for children in need",
            "London Borough of Barking and Dagenham",
        ),
        (
            ["Royal Borough of Kingston upon", "Thames", "Inspection of children’s social care services"],
            "Royal Borough of Kingston upon Thames: Inspection of children’s social care services",
            "Royal Borough of Kingston upon Thames",
        ),
        (
            ["Bristol City of", "Inspection of children’s social care services"],  # printed so
            "Bristol City of: Inspection of children’s social care services",
            "Bristol City of",
        ),
    ],
)
def test_an_authority_name_over_two_lines_is_one_name_in_the_title(head, title, authority):
    """Page 1 may break the authority's name after "and" or "upon": the title joins it
    ("Barking and Dagenham: …", never "Barking and: Dagenham …")."""
    from civic_accountability.importers.reports.parse import CleanLine, parse_title

    lines = [CleanLine(text, True, 0.0, 1) for text in head] + [CleanLine("Inspection dates: 1 May", False, 0.0, 1)]
    assert parse_title(lines) == (title, authority)


def test_no_committed_source_title_breaks_a_name_at_a_colon():
    titles = [r["title"] for r in csv.DictReader((REPO / "data" / "sources.csv").open(encoding="utf-8", newline=""))]
    assert not [t for t in titles if any(f" {word}:" in t for word in ("and", "upon", "&"))]
