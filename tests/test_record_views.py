"""The SQL views the exports ship (``outputs/views.py``) and the per-authority record
(``dataset.authority``, what the timeline and the site show) read the same rows the same
way: on the bundled data, each current authority's latest graded inspection, its grades
and its overall-grade history are the same in both."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from export_support import read_csvs

from civic_accountability.cli import cli
from civic_accountability.dataset.authority import build_records
from civic_accountability.dataset.package import bundled_root
from civic_accountability.outputs.views import VIEW_AREAS

AREAS = VIEW_AREAS  # the areas the grade views give a column each


def sql(query: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["sql", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def records() -> dict:
    return {r.authority_id: r for r in build_records(read_csvs(bundled_root())) if r.authority_id}


def overall_graded(record) -> list:
    """The record's inspections with an overall effectiveness judgement, oldest first."""
    return [i for i in record.inspections if i.area("overall_effectiveness")]


def test_latest_grades_view_is_each_records_latest_overall_grade(records):
    rows = {r["authority_id"]: r for r in sql("SELECT * FROM latest_grades")}
    expected = {
        aid: overall_graded(r)[-1]
        for aid, r in records.items()
        if r.authority.status == "current" and overall_graded(r)
    }
    assert set(rows) == set(expected) and len(rows) > 100
    for aid, latest in expected.items():
        row = rows[aid]
        assert row["inspection_id"] == latest.inspection_id, aid
        assert row["inspection_date"] == latest.date, aid
        for area in AREAS:
            graded = latest.area(area)
            assert row[area] == (graded.grade if graded else None), (aid, area)
        later = records[aid].inspections[records[aid].inspections.index(latest) + 1 :]
        assert row["later_inspections"] == len(later), aid


def test_the_sites_overall_grade_is_the_views_where_the_latest_graded_inspection_has_one(records):
    """The record's latest graded inspection is what the site's summary and home table
    show; where it has an overall judgement, it is latest_grades' row."""
    rows = {r["authority_id"]: r for r in sql("SELECT * FROM latest_grades")}
    compared = 0
    for aid, record in records.items():
        latest = record.latest_graded
        if record.authority.status != "current" or latest is None or not latest.area("overall_effectiveness"):
            continue
        (headline,) = latest.headline
        assert (rows[aid]["inspection_id"], rows[aid]["overall_effectiveness"]) == (
            latest.inspection_id,
            headline.grade,
        ), aid
        compared += 1
    assert compared > 100


def test_grade_history_view_follows_the_records_order(records):
    history: dict[str, list] = {}
    for row in sql("SELECT authority_id, inspection_id, grade, previous_inspection_id FROM grade_history"):
        history.setdefault(row["authority_id"], []).append(row)
    expected = {aid: overall_graded(r) for aid, r in records.items() if overall_graded(r)}
    assert set(history) == set(expected)
    for aid, inspections in expected.items():
        rows = history[aid]
        assert [r["inspection_id"] for r in rows] == [i.inspection_id for i in inspections], aid
        assert [r["grade"] for r in rows] == [i.area("overall_effectiveness").grade for i in inspections], aid
        assert [r["previous_inspection_id"] for r in rows] == [None] + [i.inspection_id for i in inspections[:-1]]


# --- the edge cases of ordering, on a small package in memory -----------------------------------


def _views_over(tables: dict[str, list[dict]]):
    """An in-memory SQLite database holding ``tables`` (every contract column, TEXT) and the views."""
    import sqlite3

    from civic_accountability.contract.specs import table_specs
    from civic_accountability.outputs.views import create_views

    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    for spec in table_specs():
        columns = spec.column_names
        conn.execute(f"CREATE TABLE {spec.name} ({', '.join(columns)})")
        conn.executemany(
            f"INSERT INTO {spec.name} VALUES ({', '.join('?' for _ in columns)})",
            [[row.get(c) for c in columns] for row in tables.get(spec.name, [])],
        )
    create_views(conn)
    return conn


def _inspection(iid: str, start=None, published=None) -> dict:
    return {
        "inspection_id": iid,
        "local_authority": "Barset",
        "la_code": "E06000099",
        "framework": "sif",
        "inspection_type": "inspection",
        "start_date": start,
        "published_date": published,
        "source_id": "s",
        "authority_id": "barset",
    }


@pytest.mark.parametrize(
    "inspections",
    [
        # an inspection with no date at all: the one order places it last, so it is the latest
        [_inspection("a", "2015-01-05", "2015-03-01"), _inspection("b")],
        # the same start: the later publication is the later inspection, an unpublished one last
        [
            _inspection("a", "2015-01-05", "2015-03-01"),
            _inspection("b", "2015-01-05"),
            _inspection("c", "2015-01-05", "2015-02-01"),
        ],
        # a year before the dated days within it, a month before the days in it
        [_inspection("a", "2015-06-30"), _inspection("b", "2015"), _inspection("c", "2015-06")],
    ],
    ids=["undated", "same-start", "partial-dates"],
)
def test_views_and_record_agree_on_the_order_of_awkward_dates(inspections):
    grades = ["good", "inadequate", "requires_improvement"]
    tables = {
        "authorities": [{"authority_id": "barset", "name": "Barset", "la_code": "E06000099", "status": "current"}],
        "sources": [{"source_id": "s", "source_type": "inspection_report"}],
        "inspections": inspections,
        "judgements": [
            {
                "judgement_id": f"j{n}",
                "inspection_id": i["inspection_id"],
                "area": "overall_effectiveness",
                "grade": grades[n],
                "source_id": "s",
            }
            for n, i in enumerate(inspections)
        ],
    }
    (record,) = build_records(tables)
    conn = _views_over(tables)
    latest = conn.execute(
        "SELECT inspection_id, overall_effectiveness, later_inspections FROM latest_grades"
    ).fetchall()
    assert [tuple(r) for r in latest] == [
        (record.latest_graded.inspection_id, record.latest_graded.area("overall_effectiveness").grade, 0)
    ]
    history = conn.execute("SELECT inspection_id FROM grade_history").fetchall()
    assert [r[0] for r in history] == [i.inspection_id for i in record.inspections]
