"""Dataset-level sanity checks: pure functions over small hand-made tables."""

from __future__ import annotations

import pytest

from civic_accountability.validation import sanity

REFERENCE = [
    {"la_code": "E06000030", "local_authority": "Swindon", "status": "current"},
    {"la_code": "E08000025", "local_authority": "Birmingham", "status": "current"},
    {"la_code": "E10000021", "local_authority": "Northamptonshire", "status": "former"},
    {"la_code": "", "local_authority": "Poole", "status": "former"},
]


def insp(iid, name, code, framework="ilacs_2023", itype="standard_inspection", start="", published=""):
    return {
        "inspection_id": iid,
        "local_authority": name,
        "la_code": code or None,
        "framework": framework,
        "inspection_type": itype,
        "start_date": start or None,
        "published_date": published or None,
        "source_id": "ofsted-la-outcomes-2025-03",
    }


def judgement(iid, area, grade="good", source="ofsted-la-outcomes-2025-03"):
    return {
        "judgement_id": f"{iid}-{area}-{source}",
        "inspection_id": iid,
        "area": area,
        "grade": grade,
        "source_id": source,
    }


def good_tables():
    return {
        "sources": [{"source_id": s, "source_type": "official_statistics"} for s in sanity.STATISTICS_SOURCES],
        "inspections": [
            insp(
                "swindon-2023-07-17-standard-inspection",
                "Swindon",
                "E06000030",
                start="2023-07-17",
                published="2023-09-11",
            ),
            insp("birmingham-2023-02-20-standard-inspection", "Birmingham", "E08000025", start="2023-02-20"),
            insp(
                "swindon-2024-05-21-monitoring-visit",
                "Swindon",
                "E06000030",
                itype="monitoring_visit",
                start="2024-05-21",
            ),
            insp(
                "poole-2011-12-16-inspection", "Poole", "", framework="slac", itype="inspection", published="2011-12-16"
            ),
        ],
        "judgements": [
            judgement("swindon-2023-07-17-standard-inspection", "overall_effectiveness", "inadequate"),
            judgement("birmingham-2023-02-20-standard-inspection", "overall_effectiveness"),
            judgement("poole-2011-12-16-inspection", "safeguarding_overall", source="ofsted-csc-data-2023"),
        ],
        "recommendations": [],
        "statements": [],
    }


def by_name(results):
    return {r["name"]: r for r in results}


def test_result_shape():
    results = sanity.sanity_checks(good_tables(), REFERENCE)
    assert results
    for r in results:
        assert set(r) == {"name", "ok", "detail"}
        assert isinstance(r["ok"], bool) and isinstance(r["detail"], str) and r["detail"]
    assert len({r["name"] for r in results}) == len(results)


def test_row_level_checks_pass_on_good_tables():
    results = by_name(sanity.sanity_checks(good_tables(), REFERENCE))
    for name in (
        "official-statistics-sources",
        "every-current-authority-present",
        "every-current-authority-ilacs-inspected",
        "authority-names-match-statistics",
        "no-duplicate-inspections",
        "graded-inspections-have-headline-judgement",
    ):
        assert results[name]["ok"], results[name]
    # The small tables are far below the national counts.
    assert not results["inspections-per-framework:slac"]["ok"]
    assert not results["rows:inspections"]["ok"]


def test_missing_official_source():
    t = good_tables()
    t["sources"] = t["sources"][:1]
    r = sanity.check_official_sources(t)
    assert not r["ok"] and "ofsted-la-outcomes-2025-03" in r["detail"]


def test_missing_current_authority():
    t = good_tables()
    t["inspections"] = [r for r in t["inspections"] if r["local_authority"] != "Birmingham"]
    r = sanity.check_current_authorities(t, REFERENCE)
    assert not r["ok"] and "Birmingham (E08000025)" in r["detail"]
    # Swindon has only a visit and an inspection; a visit alone would not count as ILACS-inspected.
    t["inspections"] = [r for r in t["inspections"] if r["inspection_type"] == "monitoring_visit"]
    r = sanity.check_current_authorities_judged(t, REFERENCE)
    assert not r["ok"] and "Swindon" in r["detail"]


def test_authority_names():
    t = good_tables()
    t["inspections"].append(
        insp(
            "x-2020-01-01-focused-visit",
            "Swindon Borough Council",
            "E06000030",
            itype="focused_visit",
            start="2020-01-01",
        )
    )
    t["inspections"].append(
        insp("y-2020-01-01-focused-visit", "Nowhere", "", itype="focused_visit", start="2020-01-01")
    )
    t["inspections"].append(
        insp("z-2020-01-01-focused-visit", "Z", "E99999999", itype="focused_visit", start="2020-01-01")
    )
    r = sanity.check_authority_names(t, REFERENCE)
    assert not r["ok"]
    assert "3 problems" in r["detail"]


def test_duplicate_inspections():
    t = good_tables()
    t["inspections"].append(
        insp("swindon-2023-07-17-standard-inspection-2", "Swindon", "E06000030", published="2023-09-11")
    )
    r = sanity.check_no_duplicate_inspections(t)
    assert not r["ok"] and "swindon-2023-07-17-standard-inspection-2" in r["detail"]
    # Partial dates are not evidence of a duplicate.
    t = good_tables()
    t["inspections"] += [
        insp("a-2018-focused-visit", "Swindon", "E06000030", "ilacs_2018", "focused_visit", "2018"),
        insp("b-2018-focused-visit", "Swindon", "E06000030", "ilacs_2018", "focused_visit", "2018"),
    ]
    assert sanity.check_no_duplicate_inspections(t)["ok"]


def test_graded_inspection_without_headline():
    t = good_tables()
    t["judgements"] = [j for j in t["judgements"] if not j["inspection_id"].startswith("birmingham")]
    r = sanity.check_graded_inspections_judged(t)
    assert not r["ok"] and "birmingham-2023-02-20-standard-inspection" in r["detail"]


@pytest.mark.parametrize(
    "framework,n,ok", [("slac", 160, False), ("slac", 161, True), ("slac", 166, False), ("ilacs_2023", 103, True)]
)
def test_framework_bounds(framework, n, ok):
    t = {
        "inspections": [
            insp(
                f"x-{i}",
                "Swindon",
                "E06000030",
                framework=framework,
                itype="inspection",
                published=f"{2000 + i // 300}-01-01",
            )
            for i in range(n)
        ]
    }
    results = by_name(sanity.check_framework_counts(t))
    assert results[f"inspections-per-framework:{framework}"]["ok"] is ok


def test_none_and_empty_cells_are_alike():
    t = good_tables()
    for r in t["inspections"]:
        for k, v in list(r.items()):
            if v is None:
                r[k] = ""
    assert (
        by_name(sanity.sanity_checks(t, REFERENCE)).keys()
        == by_name(sanity.sanity_checks(good_tables(), REFERENCE)).keys()
    )
    assert sanity.check_authority_names(t, REFERENCE)["ok"]


def test_the_reference_is_the_authorities_table():
    import csv
    from pathlib import Path

    with open(Path(__file__).resolve().parents[1] / "data" / "authorities.csv", encoding="utf-8", newline="") as fh:
        ref = sanity.reference_from_authorities({"authorities": list(csv.DictReader(fh))})
    current = [r for r in ref if r["status"] == "current"]
    assert len(current) == 153 and len({r["la_code"] for r in current}) == 153 and all(r["la_code"] for r in current)
    assert {"la_code": "E06000030", "local_authority": "Swindon", "status": "current"} in ref
    former = {r["local_authority"] for r in ref if r["status"] == "former"}
    assert former == {"Bournemouth", "Cumbria", "Dorset", "Northamptonshire", "Poole"}
