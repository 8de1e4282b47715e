"""The Ofsted importer, run on the real releases in ../shared/ofsted/ into temporary directories.

Known facts are checked against the releases as published (Swindon's record, other
councils' histories across frameworks, totals per framework), plus determinism,
idempotence and the ownership rule that keeps curated rows untouched.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from civic_accountability.contract.models import MODELS

REPO = Path(__file__).resolve().parents[1]
OFSTED = Path(__file__).parents[1].parent / "shared" / "ofsted"
FILES = ("Childrens_social_care_in_England_2023_underlying_data.ods", "LA_Inspection_Outcomes_as_at_31_March_2025.ods")
#: Every table the import writes: the contract's cited tables (a table the releases do not
#: feed, such as statistical_neighbours, is written back as the package holds it; the derived
#: tables, themes and repeats, are import reports' to write).
TABLES = tuple(m.table_name for m in MODELS if not m.derived)
S23, S25 = "ofsted-csc-data-2023", "ofsted-la-outcomes-2025-03"

pytestmark = pytest.mark.skipif(
    not all((OFSTED / f).is_file() for f in FILES),
    reason=f"Ofsted releases not found in {OFSTED} (they are not committed; see ../shared/ofsted/README.md)",
)
pytest.importorskip("python_calamine", reason="the importer needs python-calamine (pip install '.[import]')")


def load_script():
    """The importer's module (it had a script of its own, ``scripts/import_ofsted.py``)."""
    from civic_accountability.importers import statistics

    return statistics


def run(package: Path, out: Path | None = None, *extra: str) -> subprocess.CompletedProcess:
    """``civic-accountability import statistics`` in its own process, as a maintainer runs it."""
    cmd = [
        sys.executable,
        "-m",
        "civic_accountability",
        "import",
        "statistics",
        "--ofsted-dir",
        str(OFSTED),
        "--package",
        str(package),
        *extra,
    ]
    if out is not None:
        cmd += ["--out", str(out)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def run_here():
    """The import command in this process (click's runner), each spreadsheet sheet parsed once per
    module: parsing the releases' XML is most of a run, and these tests vary the package,
    not the releases. The ``imported`` fixture runs the real script in its own process."""
    from click.testing import CliRunner

    from civic_accountability.cli import cli
    from civic_accountability.importers import authorities, statistics

    def once(read):
        cache: dict = {}

        def read_once(path, sheet):
            key = (str(path), sheet)
            if key not in cache:
                cache[key] = read(path, sheet)
            return [list(row) for row in cache[key]]

        return read_once

    def run_in_process(package: Path, out: Path | None = None, *extra: str) -> subprocess.CompletedProcess:
        argv = ["import", "statistics", "--ofsted-dir", str(OFSTED), "--package", str(package), *extra]
        if out is not None:
            argv += ["--out", str(out)]
        result = CliRunner().invoke(cli, argv)
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
        return subprocess.CompletedProcess(argv, result.exit_code, result.stdout, result.stderr)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(authorities, "read_sheet", once(authorities.read_sheet))
        mp.setattr(statistics, "read_sheet", once(statistics.read_sheet))
        yield run_in_process


def read(out: Path) -> dict[str, list[dict[str, str]]]:
    return {t: list(csv.DictReader(io.StringIO((out / f"{t}.csv").read_text("utf-8"), newline=""))) for t in TABLES}


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, dict[str, list[dict[str, str]]]]:
    """The releases alone: an empty package, output in a fresh directory."""
    empty = tmp_path_factory.mktemp("empty")
    out = tmp_path_factory.mktemp("out")
    proc = run(empty, out)
    assert proc.returncode == 0, proc.stderr
    return out, read(out)


def by_id(rows, key):
    return {r[key]: r for r in rows}


def grades(tables, inspection_id, source_id):
    return {
        j["area"]: j["grade"]
        for j in tables["judgements"]
        if j["inspection_id"] == inspection_id and j["source_id"] == source_id
    }


def inspections_of(tables, name):
    return sorted(
        (r for r in tables["inspections"] if r["local_authority"] == name),
        key=lambda r: r["start_date"] or r["published_date"],
    )


# --------------------------------------------------------------------------- file format


def test_csv_conventions(imported):
    out, tables = imported
    columns = load_script().TABLE_COLUMNS
    for t in TABLES:
        data = (out / f"{t}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" not in data
        data.decode("utf-8")
        assert data.split(b"\n", 1)[0].decode() == ",".join(columns[t])
        keys = [r[columns[t][0]] for r in tables[t]]
        assert keys == sorted(keys), f"{t} not sorted by primary key"
        assert len(keys) == len(set(keys)), f"{t} has duplicate primary keys"


def test_sources(imported):
    _, tables = imported
    src = by_id(tables["sources"], "source_id")
    assert set(src) == {S23, S25}
    assert src[S23]["published_date"] == "2023-07-06"
    assert src[S25]["published_date"] == "2025-09-25"
    for sid, fname in ((S23, FILES[0]), (S25, FILES[1])):
        row = src[sid]
        assert row["source_type"] == "official_statistics"
        assert row["publisher"] == "Ofsted"
        assert row["url"] == ""  # the files link only to the statistics collection page
        assert row["sha256"] == hashlib.sha256((OFSTED / fname).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- known facts


def test_swindon(imported):
    _, t = imported
    rows = inspections_of(t, "Swindon")
    assert {r["la_code"] for r in rows} == {"E06000030"}
    ids = [r["inspection_id"] for r in rows]
    assert ids == [
        "swindon-2010-01-07-inspection",
        "swindon-2014-05-23-inspection",
        "swindon-2019-07-01-standard-inspection",
        "swindon-2023-07-17-standard-inspection",
        "swindon-2024-05-21-monitoring-visit",
        "swindon-2024-09-17-monitoring-visit",
    ]
    insp = by_id(rows, "inspection_id")
    # SLAC, published 7 January 2010 (the 2023 release gives only the publication date).
    slac = insp["swindon-2010-01-07-inspection"]
    assert (slac["framework"], slac["start_date"], slac["published_date"]) == ("slac", "", "2010-01-07")
    assert grades(t, slac["inspection_id"], S23) == {
        "safeguarding_overall": "good",
        "looked_after_children_overall": "good",
    }
    # SIF, published 23 May 2014.
    sif = insp["swindon-2014-05-23-inspection"]
    assert (sif["framework"], sif["published_date"]) == ("sif", "2014-05-23")
    assert grades(t, sif["inspection_id"], S23) == {
        "overall_effectiveness": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "looked_after_and_permanence": "requires_improvement",
        "adoption_performance": "good",
        "care_leavers": "requires_improvement",
        "leadership_management_governance": "requires_improvement",
        "lscb_effectiveness": "good",
    }
    # ILACS standard inspection 1-12 July 2019, before 2023: children in care *and care leavers*.
    i19 = insp["swindon-2019-07-01-standard-inspection"]
    assert (i19["framework"], i19["published_date"], i19["source_id"]) == ("ilacs_2018", "2019-08-12", S25)
    expected19 = {
        "overall_effectiveness": "good",
        "impact_of_leaders": "good",
        "help_and_protection": "good",
        "children_in_care_and_care_leavers": "requires_improvement",
    }
    assert grades(t, i19["inspection_id"], S25) == expected19
    assert grades(t, i19["inspection_id"], S23) == expected19  # both releases give it: two rows per area
    # ILACS standard inspection July 2023: four inadequate, care leavers requires improvement.
    i23 = insp["swindon-2023-07-17-standard-inspection"]
    assert (i23["framework"], i23["published_date"]) == ("ilacs_2023", "2023-09-11")
    assert grades(t, i23["inspection_id"], S25) == {
        "overall_effectiveness": "inadequate",
        "impact_of_leaders": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "inadequate",
        "care_leavers": "requires_improvement",
    }
    assert grades(t, i23["inspection_id"], S23) == {}  # published after the 2023 release
    # Two monitoring visits in 2024-25, with their themes and no judgements.
    mv1, mv2 = insp["swindon-2024-05-21-monitoring-visit"], insp["swindon-2024-09-17-monitoring-visit"]
    assert (mv1["framework"], mv1["inspection_type"], mv1["published_date"], mv1["visit_theme"]) == (
        "ilacs_2023",
        "monitoring_visit",
        "2024-07-12",
        "Children in need/subject to a plan",
    )
    assert (mv2["published_date"], mv2["visit_theme"]) == ("2024-10-17", "Care leavers")
    assert not [j for j in t["judgements"] if j["inspection_id"] in (mv1["inspection_id"], mv2["inspection_id"])]


def test_birmingham_across_frameworks(imported):
    _, t = imported
    rows = inspections_of(t, "Birmingham")
    assert [
        (r["framework"], r["inspection_type"], r["start_date"] or r["published_date"])
        for r in rows
        if r["inspection_type"] not in ("focused_visit", "monitoring_visit")
    ] == [
        ("slac", "inspection", "2010-07-16"),
        ("child_protection", "inspection", "2012-10-19"),
        ("sif", "inspection", "2014-05-23"),
        ("sif", "reinspection", "2016-11-25"),
        ("ilacs_2018", "standard_inspection", "2018-12-03"),
        ("ilacs_2023", "standard_inspection", "2023-02-20"),
    ]
    assert grades(t, "birmingham-2010-07-16-inspection", S23) == {
        "safeguarding_overall": "inadequate",
        "looked_after_children_overall": "requires_improvement",
    }
    assert grades(t, "birmingham-2012-10-19-inspection", S23) == {"overall_effectiveness": "inadequate"}
    assert grades(t, "birmingham-2016-11-25-reinspection", S23)["overall_effectiveness"] == "inadequate"
    assert grades(t, "birmingham-2023-02-20-standard-inspection", S25)["care_leavers"] == "good"
    assert by_id(rows, "inspection_id")["birmingham-2023-02-20-standard-inspection"]["published_date"] == "2023-04-18"


def test_northamptonshire_and_restructured_authorities(imported):
    _, t = imported
    rows = inspections_of(t, "Northamptonshire")
    assert {r["la_code"] for r in rows} == {"E10000021"}  # "No longer exists" in the 2025 release, with its code
    kinds = [(r["framework"], r["inspection_type"], r["published_date"]) for r in rows]
    assert ("child_protection", "inspection", "2013-03-20") in kinds
    assert ("tlac", "inspection", "2013-08-23") in kinds
    assert ("ilacs_2018", "standard_inspection", "2019-07-29") in kinds
    assert grades(t, "northamptonshire-2013-08-23-inspection", S23) == {"overall_effectiveness": "inadequate"}
    # The old Dorset county (table of authorities before restructuring) is not today's Dorset.
    dorset = inspections_of(t, "Dorset")
    assert {(r["la_code"], r["framework"]) for r in dorset} >= {("", "slac"), ("", "sif"), ("E06000059", "ilacs_2018")}
    assert {r["la_code"] for r in inspections_of(t, "Poole")} == {""}
    # Names follow the 2025 release where the 2023 one spells them differently.
    names = {r["local_authority"] for r in t["inspections"]}
    assert {"Bedford", "Telford & Wrekin", "Kingston upon Hull", "Southend-on-Sea"} <= names
    assert not names & {"Bedford Borough", "Telford and Wrekin", "Kingston Upon Hull", "Southend on Sea"}
    # Calderdale's child protection re-inspection; Worcestershire's SLAC re-inspection.
    assert grades(t, "calderdale-2013-07-26-reinspection", S23) == {"overall_effectiveness": "inadequate"}
    assert grades(t, "worcestershire-2012-04-23-reinspection", S23) == {"safeguarding_overall": "requires_improvement"}


def test_cross_release_merges(imported):
    _, t = imported
    insp = by_id(t["inspections"], "inspection_id")
    # Nottingham 2022: the 2023 release says published 2022-11-05, the 2025 one 2022-09-05: one inspection.
    notts = [
        r
        for r in inspections_of(t, "Nottingham")
        if r["framework"].startswith("ilacs") and r["inspection_type"] == "standard_inspection"
    ]
    assert [r["inspection_id"] for r in notts] == [
        "nottingham-2018-11-05-standard-inspection",
        "nottingham-2022-07-11-standard-inspection",
    ]
    assert insp["nottingham-2022-07-11-standard-inspection"]["published_date"] == "2022-09-05"
    assert grades(t, "nottingham-2022-07-11-standard-inspection", S23) == grades(
        t, "nottingham-2022-07-11-standard-inspection", S25
    )
    # Merton 2022: "standard" in 2023, "short" in 2025; the later release wins.
    assert insp["merton-2022-02-28-short-inspection"]["inspection_type"] == "short_inspection"
    # Blackpool: started 5 December 2022, published 1 February 2023 -> ILACS before 2023 (by start date).
    bp = insp["blackpool-2022-12-05-standard-inspection"]
    assert (bp["framework"], bp["published_date"]) == ("ilacs_2018", "2023-02-01")
    assert "children_in_care_and_care_leavers" in grades(t, bp["inspection_id"], S25)
    # 2022-23 visits come from the 2023 release, with a visit date only.
    fv = insp["nottinghamshire-2022-04-26-focused-visit"]
    assert (fv["framework"], fv["start_date"], fv["published_date"], fv["source_id"]) == (
        "ilacs_2018",
        "2022-04-26",
        "",
        S23,
    )


def test_counts_per_framework(imported):
    _, t = imported
    counts = Counter((r["framework"], r["inspection_type"]) for r in t["inspections"])
    assert counts == {
        ("slac", "inspection"): 152,
        ("slac", "reinspection"): 9,
        ("child_protection", "inspection"): 50,
        ("child_protection", "reinspection"): 1,
        ("tlac", "inspection"): 5,
        ("sif", "inspection"): 152,
        ("sif", "reinspection"): 21,
        ("ilacs_2018", "standard_inspection"): 120,
        ("ilacs_2018", "short_inspection"): 48,
        ("ilacs_2018", "focused_visit"): 33,
        ("ilacs_2018", "monitoring_visit"): 21,
        ("ilacs_2023", "standard_inspection"): 51,
        ("ilacs_2023", "short_inspection"): 52,
        ("ilacs_2023", "focused_visit"): 39,
        ("ilacs_2023", "monitoring_visit"): 27,
    }
    # Every ILACS short/standard inspection in the 2025 history (271 rows) appears once.
    assert (
        counts[("ilacs_2018", "standard_inspection")]
        + counts[("ilacs_2018", "short_inspection")]
        + counts[("ilacs_2023", "standard_inspection")]
        + counts[("ilacs_2023", "short_inspection")]
        == 271
    )
    assert Counter(j["source_id"] for j in t["judgements"]) == {S23: 2273, S25: 1187}
    assert len({r["local_authority"] + r["la_code"] for r in t["inspections"]}) == 158  # 153 current + 5 former


def test_no_visit_judgements_and_areas_fit_frameworks(imported):
    _, t = imported
    from civic_accountability.contract.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES

    allowed = {f.value: {a.value for a in areas} for f, areas in FRAMEWORK_AREAS.items()}
    insp = by_id(t["inspections"], "inspection_id")
    for j in t["judgements"]:
        i = insp[j["inspection_id"]]
        assert i["inspection_type"] not in {u.value for u in UNGRADED_TYPES}
        assert j["area"] in allowed[i["framework"]], j
        assert j["judgement_id"] == f"{j['inspection_id']}-{j['area'].replace('_', '-')}-{j['source_id']}"


def test_sanity_checks_fail_a_statistics_only_import_on_its_row_counts_alone(imported):
    """The statistics alone are a step of the pipeline, not a dataset: ``describe --check``
    fails on the row bounds a full build (statistics, then reports) meets, and on nothing else."""
    _, t = imported
    from civic_accountability.validation.sanity import sanity_checks

    failing = {c["name"] for c in sanity_checks(t) if not c["ok"]}
    assert failing == {"rows:sources", "rows:inspections", "rows:judgements", "rows:recommendations"}


def package_of(out: Path, pkg: Path) -> Path:
    """A package of the tables the import wrote in ``out``: the cited ones and the derived
    ones (themes, repeats) it re-derives from its rows."""
    (pkg / "data").mkdir(parents=True)
    shutil.copy(REPO / "datapackage.json", pkg / "datapackage.json")
    shutil.copytree(REPO / "schemas", pkg / "schemas")
    for table in out.glob("*.csv"):  # the cited tables and the derived ones (themes, repeats) it re-derives
        shutil.copy(table, pkg / "data" / table.name)
    return pkg


def test_describe_check_exits_1_on_a_statistics_only_import(imported, tmp_path):
    from click.testing import CliRunner

    from civic_accountability.cli import cli

    pkg = package_of(imported[0], tmp_path / "pkg")
    result = CliRunner().invoke(cli, ["describe", str(pkg), "--check"])
    assert result.exit_code == 1, result.output
    assert "[FAIL] rows:recommendations" in result.output


def test_output_validates_as_a_package(imported, tmp_path):
    validate = pytest.importorskip("civic_accountability.validation.validate")
    pkg = package_of(imported[0], tmp_path / "pkg")
    report = validate.validate_package(pkg, today="2026-01-01")
    assert report.valid, [e.to_dict() for e in report.errors[:10]]


# --------------------------------------------------------------------------- determinism, idempotence


def test_deterministic(imported, run_here, tmp_path):
    """The fixture's run (its own process) and one here (another hash seed) agree byte for byte."""
    out1, _ = imported
    out2 = tmp_path / "again"
    proc = run_here(tmp_path / "empty", out2)
    assert proc.returncode == 0, proc.stderr
    for t in TABLES:
        assert (out1 / f"{t}.csv").read_bytes() == (out2 / f"{t}.csv").read_bytes(), t
    # A third run over its own output changes nothing, and --check agrees.
    proc = run_here(tmp_path / "empty", out2)
    assert "nothing (already up to date)" in proc.stderr
    assert run_here(tmp_path / "empty", out2, "--check").returncode == 0


CURATED_SOURCE = {
    "source_id": "ofsted-report-swindon-2023",
    "source_type": "inspection_report",
    "title": "Inspection of Swindon Borough Council local authority children's services",
    "publisher": "Ofsted",
    "published_date": "2023-09-11",
}
CURATED_2023 = {
    "inspection_id": "swindon-2023-07-17-standard-inspection",
    "local_authority": "Swindon",
    "la_code": "E06000030",
    "framework": "ilacs_2023",
    "inspection_type": "standard_inspection",
    "start_date": "2023-07-17",
    "end_date": "2023-07-28",
    "published_date": "2023-09-11",
    "lead_inspector": "Nick Bennison",
    "source_id": "ofsted-report-swindon-2023",
}
CURATED_SLAC = {
    "inspection_id": "swindon-2009-11-inspection",
    "local_authority": "Swindon",
    "la_code": "E06000030",
    "framework": "slac",
    "inspection_type": "inspection",
    "start_date": "2009-11",
    "source_id": "ofsted-report-swindon-2023",
}
CURATED_JUDGEMENT = {
    "judgement_id": "swindon-2023-07-17-standard-inspection-care-leavers-ofsted-report-swindon-2023",
    "inspection_id": "swindon-2023-07-17-standard-inspection",
    "area": "care_leavers",
    "grade": "requires_improvement",
    "source_id": "ofsted-report-swindon-2023",
}


def test_curated_rows_kept_and_matched(run_here, tmp_path):
    mod = load_script()
    cols = mod.TABLE_COLUMNS
    pkg = tmp_path / "pkg"
    write_csv(pkg / "data" / "sources.csv", cols["sources"], [CURATED_SOURCE])
    write_csv(pkg / "data" / "inspections.csv", cols["inspections"], [CURATED_SLAC, CURATED_2023])
    write_csv(pkg / "data" / "judgements.csv", cols["judgements"], [CURATED_JUDGEMENT])
    write_csv(pkg / "data" / "recommendations.csv", cols["recommendations"], [])
    write_csv(pkg / "data" / "statements.csv", cols["statements"], [])

    proc = run_here(pkg)
    assert proc.returncode == 0, proc.stderr
    t = read(pkg / "data")
    insp = by_id(t["inspections"], "inspection_id")
    # The curated rows are kept as they were, and no second row is emitted for those inspections.
    assert insp[CURATED_2023["inspection_id"]] == {c: CURATED_2023.get(c, "") for c in cols["inspections"]}
    assert insp[CURATED_SLAC["inspection_id"]] == {c: CURATED_SLAC.get(c, "") for c in cols["inspections"]}
    assert "swindon-2023-07-17-standard-inspection-2" not in insp
    assert "swindon-2010-01-07-inspection" not in insp  # matched to the curated SLAC row (start 2009-11)
    swindon = [r for r in t["inspections"] if r["local_authority"] == "Swindon"]
    assert len(swindon) == 6
    # Imported judgements attach to the curated inspection ids; the curated judgement stays.
    assert grades(t, CURATED_2023["inspection_id"], S25)["children_in_care"] == "inadequate"
    assert grades(t, CURATED_SLAC["inspection_id"], S23) == {
        "safeguarding_overall": "good",
        "looked_after_children_overall": "good",
    }
    assert CURATED_JUDGEMENT["judgement_id"] in by_id(t["judgements"], "judgement_id")
    before = {x: (pkg / "data" / f"{x}.csv").read_bytes() for x in TABLES}

    # Idempotent: a second run writes the same bytes.
    assert run_here(pkg).returncode == 0
    assert {x: (pkg / "data" / f"{x}.csv").read_bytes() for x in TABLES} == before

    # Hand edits: a curated row's edit survives; an edit to an importer-owned row is regenerated.
    t["inspections"] = [
        dict(r, lead_inspector="A. N. Other") if r["inspection_id"] == CURATED_2023["inspection_id"] else r
        for r in t["inspections"]
    ]
    owned_id = "swindon-2024-05-21-monitoring-visit"
    t["inspections"] = [
        dict(r, visit_theme="edited by hand") if r["inspection_id"] == owned_id else r for r in t["inspections"]
    ]
    write_csv(pkg / "data" / "inspections.csv", cols["inspections"], t["inspections"])
    assert run_here(pkg).returncode == 0
    after = by_id(read(pkg / "data")["inspections"], "inspection_id")
    assert after[CURATED_2023["inspection_id"]]["lead_inspector"] == "A. N. Other"
    assert after[owned_id]["visit_theme"] == "Children in need/subject to a plan"


def test_previous_ids_are_kept(run_here, tmp_path):
    """An inspection imported before keeps its id even if the id scheme would now give another."""
    cols = load_script().TABLE_COLUMNS
    pkg = tmp_path / "pkg"
    legacy = {
        "inspection_id": "swindon-slac-legacy-id",
        "local_authority": "Swindon",
        "la_code": "E06000030",
        "framework": "slac",
        "inspection_type": "inspection",
        "published_date": "2010-01-07",
        "source_id": S23,
    }
    write_csv(pkg / "data" / "inspections.csv", cols["inspections"], [legacy])
    proc = run_here(pkg)
    assert proc.returncode == 0, proc.stderr
    t = read(pkg / "data")
    ids = {r["inspection_id"] for r in t["inspections"] if r["local_authority"] == "Swindon"}
    assert "swindon-slac-legacy-id" in ids and "swindon-2010-01-07-inspection" not in ids
    assert grades(t, "swindon-slac-legacy-id", S23)["safeguarding_overall"] == "good"


def test_repo_data_is_up_to_date(run_here):
    """When data/ holds the imported rows, re-running the importer must change nothing."""
    sources = REPO / "data" / "sources.csv"
    if not sources.is_file() or S25 not in sources.read_text("utf-8"):
        pytest.skip("data/ has not been imported into yet")
    proc = run_here(REPO, None, "--check")
    assert proc.returncode == 0, "data/*.csv differs from the importer's output; re-run the importer:\n" + proc.stderr


def test_check_names_what_differs_even_when_quiet(run_here, tmp_path):
    """A hand edit to an imported grade passes fmt and validate; --check fails naming the
    table, key, field and both values, in one line with --quiet."""
    pkg = tmp_path / "pkg"
    shutil.copytree(REPO / "data", pkg / "data")
    judgements = pkg / "data" / "judgements.csv"
    rows = list(csv.DictReader(io.StringIO(judgements.read_text("utf-8"), newline="")))
    target = next(r for r in rows if r["source_id"] == S23 and r["grade"] == "good")
    target["grade"] = "outstanding"
    write_csv(judgements, tuple(rows[0]), rows)

    proc = run_here(pkg, None, "--check", "--quiet")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("Error: ")
    for part in (
        "data/judgements.csv",
        f"judgement_id={target['judgement_id']}",
        "grade",
        "committed 'outstanding'",
        "the sources give 'good'",
    ):
        assert part in proc.stderr, (part, proc.stderr)
    loud = run_here(pkg, None, "--check")
    assert loud.returncode == 1 and "the sources give 'good'" in loud.stderr


# --------------------------------------------------------------------------- helpers


def test_helpers():
    mod = load_script()
    assert mod.slugify("Bath and North East Somerset") == "bath-and-north-east-somerset"
    assert mod.slugify("St Helens") == "st-helens"
    assert mod.slugify("Bournemouth, Christchurch & Poole") == "bournemouth-christchurch-poole"
    assert mod.cell_grade("Requires improvement to be good", "x") == "requires_improvement"
    assert mod.cell_grade(" -", "x") is None
    with pytest.raises(mod.ImportProblem):
        mod.cell_grade("Excellent", "x")
    assert mod.gap_days("2009-11", "2009-11-15") == 0
    assert mod.lag_fits("2009-11", "2010-01-07")
    assert not mod.lag_fits("2010-02", "2010-01-07")
