"""Every item of every list (issue 21): the SIF layouts against a hand-checked fixture, the
completeness proof that fails the import, and identifiers that keep their meaning.

The fixture (tests/fixtures/reports/sif_hand_checked*.csv) was written from the PDFs and
their page images (poppler's text and pdftoppm pages, not this importer): every item of
eight SIF reports, its section as printed and every grade the report states.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO.parent / "shared" / "ofsted" / "reports"
FIXTURES = REPO / "tests" / "fixtures" / "reports"
needs_reports = pytest.mark.skipif(
    not (REPORTS / "MANIFEST.csv").is_file(), reason=f"reports not found in {REPORTS} (not committed)"
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parsed(file: str):
    pytest.importorskip("pypdfium2")
    from civic_accountability.importers.reports import parse, pdftext

    _, pages, _ = pdftext.cached_pages(REPORTS / file, pdftext.default_cache_dir())
    return parse.parse_report(pages), parse.content_lines(pages)


def by_report(rows):
    out = defaultdict(list)
    for r in rows:
        out[r["report"]].append(r)
    return out


HAND = by_report(read_csv(FIXTURES / "sif_hand_checked.csv"))
GRADES = by_report(read_csv(FIXTURES / "sif_hand_checked_grades.csv"))


def test_the_fixture_covers_the_layouts_of_the_issue():
    assert len(HAND) >= 6 and set(HAND) == set(GRADES)
    counts = {
        (f.split("/")[0], a): sum(1 for r in rows if r["addressee"] == a)
        for f, rows in HAND.items()
        for a in ("local_authority", "lscb")
    }
    assert counts[("80482_leicester", "local_authority")] == 24 and counts[("80482_leicester", "lscb")] == 9
    assert counts[("80553_slough", "local_authority")] == 22
    assert counts[("80426_barnsley", "local_authority")] == 25  # printed 10-34, carried on from the summary
    assert counts[("80477_kingston upon hull", "lscb")] == 7  # the board's own report, bound in the same PDF


@needs_reports
@pytest.mark.parametrize("file", sorted(HAND))
def test_every_item_its_section_and_every_grade_as_printed(file):
    report, lines = parsed(file)
    got = [(r.addressee, r.position, r.section, r.text) for r in report.recommendations]
    want = [(r["addressee"], int(r["position"]), r["section"], r["text"]) for r in HAND[file]]
    assert got == want
    assert {a: g for a, (g, _page) in report.judgements.items()} == {r["area"]: r["grade"] for r in GRADES[file]}
    from civic_accountability.importers.reports import reconcile

    recs = [
        {"addressee": r.addressee, "position": r.position, "text": r.text, "page": r.page, "marker": r.marker}
        for r in report.recommendations
    ]
    assert all(c.reconciled for c in reconcile.check_report(lines, recs))


@needs_reports
def test_a_prose_improvement_section_is_one_item_under_its_heading():
    report, _ = parsed("80527_north lincolnshire/children's services inspection - 25 november 2022.pdf")
    [item] = report.recommendations
    assert item.section == "What needs to improve?" and item.marker == "prose"
    assert item.text.startswith("There are an extremely small number of areas of variability in what is otherwise")
    assert item.text.endswith(
        "the relevant plans for addressing the issue of variability in practice across the service."
    )


@needs_reports
def test_tlac_grades_all_five_areas():
    report, _ = parsed("80476_kent/children's services inspection,  pdf - 23 august 2013.pdf")
    assert {a: g for a, (g, _p) in report.judgements.items()} == {
        "overall_effectiveness": "adequate",
        "capacity_to_improve": "good",
        "outcomes_for_looked_after_children": "adequate",
        "quality_of_provision": "adequate",
        "leadership_and_management": "adequate",
    }


# --------------------------------------------------------------------------- the proof, on made-up lines


def lines_of(texts, page=2):
    from civic_accountability.importers.reports.parse import CleanLine

    out = []
    for t in texts:
        bold = t.startswith("**")
        t = t.strip("*")
        x0 = 100.0 if t.startswith("  ") else 72.0
        out.append(CleanLine(t.strip(), bold, x0, page))
    return out


LIST = [
    "**What does the local authority need to improve?",
    "**Areas for improvement",
    "Quality of practice",
    "7. Improve the quality of plans.",
    "8. Ensure that children are seen.",
    "Care leavers",
    "9. Strengthen pathway plans.",
    "**The local authority’s strengths",
    "10. Good work.",
]


def check(texts, recs):
    from civic_accountability.importers.reports import reconcile

    rows = [
        {"addressee": "local_authority", "position": i, "text": t, "page": 2, "marker": "number"}
        for i, t in enumerate(recs, 1)
    ]
    return [p for c in reconcile.check_report(lines_of(texts), rows) for p in c.problems]


def test_the_proof_passes_a_complete_list():
    assert (
        check(LIST, ["Improve the quality of plans.", "Ensure that children are seen.", "Strengthen pathway plans."])
        == []
    )


def test_the_proof_finds_a_missing_item_a_gap_and_a_glued_heading():
    missing_last = check(LIST, ["Improve the quality of plans.", "Ensure that children are seen. Care leavers"])
    assert any("item 9" in p and "is not a row" in p for p in missing_last)
    assert any("ends with the heading 'Care leavers'" in p for p in missing_last)
    gap = check(LIST, ["Improve the quality of plans.", "Strengthen pathway plans."])
    assert "numbering jumps from 7 to 9" in gap


def test_the_parser_files_theme_headings_under_their_timing_heading():
    from civic_accountability.importers.reports import parse

    recs, found, _ = parse.find_recommendations(lines_of(LIST))
    assert found
    assert [(r.section, r.text, r.number) for r in recs] == [
        ("Areas for improvement / Quality of practice", "Improve the quality of plans.", 7),
        ("Areas for improvement / Quality of practice", "Ensure that children are seen.", 8),
        ("Areas for improvement / Care leavers", "Strengthen pathway plans.", 9),
    ]


def test_an_unreconciled_list_fails_the_import_and_its_check(tmp_path):
    """The real pipeline on a report whose extracted text (a cache entry) skips item 3:
    the list is named by council, date and page; the import exits 1, and so does --check."""
    pytest.importorskip("pypdfium2")
    from civic_accountability.importers.reports import pdftext

    data = b"%PDF-1.4 a stand-in: its text comes from the cache entry below\n"
    sha = hashlib.sha256(data).hexdigest()
    reports = tmp_path / "reports"
    (reports / "80568_swindon").mkdir(parents=True)
    (reports / "80568_swindon" / "report.pdf").write_bytes(data)
    with (reports / "MANIFEST.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "ofsted_urn", "folder_name", "listed_date", "report_url", "sha256", "bytes"])
        w.writerow(
            ["80568_swindon/report.pdf", "80568", "swindon", "2030-09-11", "https://example.org/r", sha, len(data)]
        )
    body = "x" * 60

    def page(texts, bold_first=False):
        y, out = 800.0, []
        for i, t in enumerate(texts):
            out.append(
                [t, 12.0, bold_first and i == 0 or t.startswith("What") or t == "Areas for improvement", 72.0, y]
            )
            y -= 14
        return out

    pages = [
        page(
            [
                "Inspection of Swindon local authority children’s services",
                "Inspection dates: 2 to 13 July 2030",
                "Lead inspector: Ann Example, His Majesty’s Inspector",
                body,
            ]
        ),
        page(
            [
                "What needs to improve?",
                "1. Improve the quality of plans.",
                "2. Ensure that children are seen.",
                "4. Strengthen pathway plans.",
                "The experiences and progress of children",
                body,
            ],
            bold_first=True,
        ),
    ]
    pages[1][4][2] = True
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{sha}.v{pdftext.EXTRACTOR_VERSION}.json").write_text(json.dumps(pages), encoding="utf-8")
    args = [
        "import",
        "reports",
        "--reports-dir",
        str(reports),
        "--package",
        str(REPO),
        "--cache-dir",
        str(cache),
        "-j",
        "1",
    ]
    result = CliRunner().invoke(
        cli, args + ["--out", str(tmp_path / "out"), "--summary-json", str(tmp_path / "s.json")]
    )
    assert result.exit_code == 1, result.output
    assert "UNRECONCILED list: Swindon 2030-09-11 p. 2 (local_authority): numbering jumps from 2 to 4" in result.output
    assert "ilacs 0 of 1" in result.output
    # the summary JSON holds the same finding, under the typed summary's field names
    from dataclasses import fields

    from civic_accountability.importers.reports.run import Summary

    summary = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert set(summary) == {f.name for f in fields(Summary)}
    assert [(x["council"], x["page"]) for x in summary["unreconciled_lists"]] == [("Swindon", 2)]
    assert summary["lists_per_family"] == {"ilacs": {"reconciled": 0, "unreconciled": 1}}
    check = CliRunner().invoke(cli, args + ["--out", str(tmp_path / "out"), "--check"])
    assert check.exit_code == 1


# --------------------------------------------------------------------------- identifiers


def test_ids_keep_their_meaning():
    from civic_accountability.importers.reports.rows import recommendation_ids

    iid = "x-2015-01-01-inspection"
    previous = [
        {"recommendation_id": f"{iid}-rec-1", "addressee": "local_authority", "text": "Do A. Quality of practice"},
        {"recommendation_id": f"{iid}-rec-2", "addressee": "local_authority", "text": "Do B."},
        {"recommendation_id": f"{iid}-rec-3", "addressee": "local_authority", "text": "Do the board's C."},
    ]
    recs = [
        {"addressee": "local_authority", "position": 1, "text": "Do A."},  # a glued heading removed
        {"addressee": "local_authority", "position": 2, "text": "Do N."},  # inserted
        {"addressee": "local_authority", "position": 3, "text": "Do B."},
        {"addressee": "lscb", "position": 1, "text": "Do the board's C."},  # was filed under the council
        {"addressee": "lscb", "position": 2, "text": "Do the board's D."},
    ]
    ids = recommendation_ids(iid, recs, previous, retired=frozenset({f"{iid}-rec-4"}))
    assert ids == [f"{iid}-rec-1", f"{iid}-rec-5", f"{iid}-rec-2", f"{iid}-rec-3", f"{iid}-lscb-rec-2"]
    # a new inspection's items are numbered by position
    assert recommendation_ids("y", recs[:2], []) == ["y-rec-1", "y-rec-2"]


def test_retired_ids_are_not_in_the_data():
    from civic_accountability.importers.reports.retired import RETIRED_RECOMMENDATION_IDS

    ids = {r["recommendation_id"] for r in read_csv(REPO / "data" / "recommendations.csv")}
    assert RETIRED_RECOMMENDATION_IDS and not RETIRED_RECOMMENDATION_IDS & ids


def test_two_items_with_the_same_text_keep_their_own_ids():
    """Isles of Scilly 2016 prints one recommendation twice: each keeps the id of its position."""
    from civic_accountability.importers.reports.rows import recommendation_ids

    recs = [
        {"addressee": "local_authority", "position": p, "text": t}
        for p, t in enumerate(["Same.", "Other.", "Same."] + [f"Item {n}." for n in range(4, 11)] + ["Same."], 1)
    ]
    first = recommendation_ids("z", recs, [])
    previous = [
        {"recommendation_id": rid, "addressee": "local_authority", "position": str(r["position"]), "text": r["text"]}
        for rid, r in zip(first, recs)
    ]
    assert recommendation_ids("z", recs, previous) == first


def test_numbering_may_start_afresh_under_the_next_sub_heading_but_not_within_one():
    from civic_accountability.importers.reports import reconcile

    texts = [
        "**What needs to improve?",
        "**Immediately",
        "1. Do A.",
        "2. Do B.",
        "**Within three months",
        "1. Do C.",
        "**Summary for children and young people",
    ]

    def problems(sections):
        rows = [
            {"addressee": "local_authority", "position": i, "text": t, "page": 2, "marker": "number", "section": s}
            for i, (t, s) in enumerate(zip(["Do A.", "Do B.", "Do C."], sections), 1)
        ]
        return [p for c in reconcile.check_report(lines_of(texts), rows) for p in c.problems]

    assert problems(["Immediately", "Immediately", "Within three months"]) == []
    assert problems(["Immediately", "Immediately", "Immediately"]) == ["numbering jumps from 2 to 1"]
