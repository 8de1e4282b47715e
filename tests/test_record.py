"""The per-authority record (``dataset.authority``) and finding it (``dataset.lookup``):
the grouping, ordering and grade-agreement rules the timeline, the site and the checks
on the exports all read, on small hand-made tables (valid and invalid)."""

from __future__ import annotations

import pytest

from civic_accountability.contract.specs import table_spec
from civic_accountability.dataset.authority import (
    Authority,
    Inspection,
    Judgement,
    Recommendation,
    Source,
    Statement,
    build_records,
)
from civic_accountability.dataset.lookup import UnknownAuthority, find_record, matching_records

SOURCES = [
    {"source_id": "report", "source_type": "inspection_report", "published_date": "2013-08-23"},
    {"source_id": "stats", "source_type": "official_statistics", "published_date": "2023-07-06"},
    {"source_id": "news", "source_type": "news_article", "published_date": "2013-09"},
]
AUTHORITIES = [
    {
        "authority_id": "north-shire",
        "name": "North Shire",
        "other_names": "Northshire; N Shire",
        "la_code": "E06000001",
        "status": "current",
    },
    {"authority_id": "old-shire", "name": "North Shire", "status": "former"},
]


def inspection(iid: str, **values) -> dict:
    return {
        "inspection_id": iid,
        "local_authority": "North Shire",
        "la_code": "E06000001",
        "framework": "sif",
        "inspection_type": "inspection",
        "source_id": "report",
        "authority_id": "north-shire",
        **values,
    }


def judgement(iid: str, area: str, grade: str, source: str) -> dict:
    return {
        "judgement_id": f"{iid}-{area}-{source}",
        "inspection_id": iid,
        "area": area,
        "grade": grade,
        "source_id": source,
    }


def only(tables: dict):
    (record,) = [r for r in build_records(tables) if r.key == "north-shire"]
    return record


def test_every_record_part_carries_exactly_the_columns_of_its_table():
    """The timeline's JSON writes each table's columns from these classes, and rows are read
    into them by their column fields: a column added to, renamed in or removed from the
    contract must change here too, in the contract's order, or this fails."""
    from civic_accountability.dataset.authority import _columns

    for cls, table in (
        (Source, "sources"),
        (Authority, "authorities"),
        (Inspection, "inspections"),
        (Judgement, "judgements"),
        (Recommendation, "recommendations"),
        (Statement, "statements"),
    ):
        assert _columns(cls)[0] == table_spec(table).column_names, table


def test_inspections_oldest_first_by_the_one_date_order():
    rows = [
        inspection("e-undated"),
        inspection("d-day", start_date="2019-07-01"),
        inspection("c-month", start_date="2019-07"),
        inspection("b-year", start_date="2019"),
        inspection("a-published", published_date="2018-12-31"),
        # same start: the earlier publication first, then the id (as text, as SQL orders it)
        inspection("x9", start_date="2020-01-01", published_date="2020-03"),
        inspection("x10", start_date="2020-01-01", published_date="2020-03"),
        inspection("x1", start_date="2020-01-01", published_date="2020-04"),
        inspection("f-bad-date", start_date="July 2019"),
    ]
    record = only({"authorities": AUTHORITIES, "inspections": rows})
    assert [i.inspection_id for i in record.inspections] == [
        "a-published",
        "b-year",
        "c-month",
        "d-day",
        "x10",
        "x9",
        "x1",
        "e-undated",
        "f-bad-date",
    ]


def test_grades_merge_by_same_grade_and_keep_every_source_and_disagreement():
    rows = [
        inspection("tlac", framework="tlac", start_date="2013-07"),
        inspection("sif", framework="sif", start_date="2016"),
    ]
    judgements = [
        # TLAC: the report's "adequate" and the statistics' "requires_improvement" are one judgement
        judgement("tlac", "overall_effectiveness", "requires_improvement", "stats"),
        judgement("tlac", "overall_effectiveness", "adequate", "report"),
        # SIF's scale has no "adequate": these two disagree, and a news article a third way
        judgement("sif", "lscb_effectiveness", "good", "news"),
        judgement("sif", "lscb_effectiveness", "requires_improvement", "stats"),
        judgement("sif", "overall_effectiveness", "requires_improvement", "stats"),
        judgement("sif", "overall_effectiveness", "adequate", "report"),
        judgement("sif", "help_and_protection", "good", "stats"),
    ]
    record = only({"sources": SOURCES, "authorities": AUTHORITIES, "inspections": rows, "judgements": judgements})
    tlac, sif = record.inspections
    (area,) = tlac.grades
    assert not area.disputed and area.grade == "adequate"  # the report's word leads
    assert [s.source_id for s in area.groups[0].sources] == ["report", "stats"]
    assert [j.grade for j in area.judgements] == ["adequate", "requires_improvement"]
    # the framework's order of areas, not the rows'
    assert [a.area for a in sif.grades] == ["overall_effectiveness", "help_and_protection", "lscb_effectiveness"]
    overall = sif.area("overall_effectiveness")
    assert overall.disputed and [(g.grade, [s.source_id for s in g.sources]) for g in overall.groups] == [
        ("adequate", ["report"]),
        ("requires_improvement", ["stats"]),
    ]
    lscb = sif.area("lscb_effectiveness")
    assert [g.grade for g in lscb.groups] == ["requires_improvement", "good"]  # Ofsted's word before the news
    assert [a.area for a in sif.headline] == ["overall_effectiveness"]
    assert record.latest_graded is sif


def test_recommendations_in_report_order_and_statements_in_said_order():
    recs = [
        {
            "recommendation_id": rid,
            "inspection_id": "i",
            "addressee": who,
            "position": pos,
            "text": rid,
            "source_id": "report",
        }
        for rid, who, pos in (
            ("b1", "lscb", "1"),
            ("a10", "local_authority", "10"),
            ("a2", "local_authority", "2"),
            ("z", "local_authority", "two"),
            ("a1", "local_authority", "1"),
        )
    ]
    said = [
        {"statement_id": "s-news", "inspection_id": "i", "quote": "q", "source_id": "news"},
        {
            "statement_id": "s-dated",
            "inspection_id": "i",
            "quote": "q",
            "source_id": "news",
            "statement_date": "2013-08-30",
        },
        {"statement_id": "s-report", "inspection_id": "i", "quote": "q", "source_id": "report"},
    ]
    record = only(
        {
            "sources": SOURCES,
            "authorities": AUTHORITIES,
            "inspections": [inspection("i")],
            "recommendations": recs,
            "statements": said,
        }
    )
    (i,) = record.inspections
    assert [r.recommendation_id for r in i.recommendations] == ["a1", "a2", "a10", "z", "b1"]
    # 23 Aug (the report's date), 30 Aug (its own date), Sep 2013 (the article's month)
    assert [s.statement_id for s in i.statements] == ["s-report", "s-dated", "s-news"]
    assert [s.source_id for s in record.sources] == ["news", "report"]


def test_inspections_find_their_authority_by_id_code_or_name_else_stand_alone():
    rows = [
        inspection("by-id"),
        inspection("by-code", authority_id=None, local_authority="Renamed"),
        inspection("by-other-name", authority_id=None, la_code=None, local_authority="N SHIRE"),
        inspection("unknown-id", authority_id="nowhere", la_code=None, local_authority="northshire"),
        inspection("former", authority_id="old-shire", la_code=None),
        inspection("stray-code", authority_id=None, la_code="E09999999", local_authority="Stray"),
        inspection("stray-name", authority_id=None, la_code=None, local_authority="Gone"),
    ]
    records = {r.key: r for r in build_records({"authorities": AUTHORITIES, "inspections": rows})}
    assert {k: sorted(i.inspection_id for i in r.inspections) for k, r in records.items()} == {
        "north-shire": ["by-code", "by-id", "by-other-name", "unknown-id"],
        "old-shire": ["former"],
        "E09999999": ["stray-code"],
        "name:Gone": ["stray-name"],
    }
    assert (records["north-shire"].name, records["north-shire"].la_code) == ("North Shire", "E06000001")
    assert records["old-shire"].former and not records["north-shire"].former
    assert (records["E09999999"].name, records["E09999999"].la_code, records["E09999999"].former) == (
        "Stray",
        "E09999999",
        False,
    )
    assert records["name:Gone"].la_code is None and records["name:Gone"].former


def test_rows_of_an_invalid_package_never_raise():
    """Missing keys, unknown enums, bad dates and positions, dangling sources: all kept as read."""
    tables = {
        "sources": [{"source_id": None}, {}],
        "authorities": [{"authority_id": None, "name": "x"}, {"name": None}],
        "inspections": [
            {},
            {
                "inspection_id": "i",
                "framework": "made_up",
                "start_date": "soon",
                "inspection_type": "party",
                "local_authority": None,
                "source_id": "missing",
            },
        ],
        "judgements": [
            {"inspection_id": "i", "area": "vibes", "grade": "excellent", "source_id": None},
            {"inspection_id": "i", "area": None, "grade": None},
            {"inspection_id": "i", "area": "overall_effectiveness", "grade": "good", "source_id": "x"},
        ],
        "recommendations": [{"inspection_id": "i", "position": "first"}, {"inspection_id": "i", "addressee": "mayor"}],
        "statements": [{"inspection_id": "i", "statement_date": "2019-13-45"}, {"inspection_id": "i"}],
    }
    records = build_records(tables)
    (inspected,) = [i for r in records for i in r.inspections if i.inspection_id == "i"]
    assert inspected.source.listed is False and inspected.source.source_id == "missing"
    assert [a.area for a in inspected.grades] == ["overall_effectiveness", None, "vibes"]
    assert inspected.area("vibes").grade == "excellent"
    assert [a.area for a in inspected.headline] == ["overall_effectiveness"]  # unknown framework: the overall one
    assert len(inspected.recommendations) == 2 and len(inspected.statements) == 2
    assert sum(len(r.inspections) for r in records) == 2
    assert all(r.name for r in records)


@pytest.mark.parametrize("query", ["north-shire", "NORTH SHIRE", "e06000001", "North-Shire", "Northshire", " n shire "])
def test_a_record_is_found_by_id_name_code_slug_or_other_name(query):
    rows = [inspection("new"), inspection("old", authority_id="old-shire", la_code=None)]
    records = build_records({"authorities": AUTHORITIES, "inspections": rows})
    assert find_record(records, query).key == "north-shire"


def test_a_name_two_authorities_share_finds_the_current_one_first_and_the_id_finds_either():
    rows = [inspection("new"), inspection("old", authority_id="old-shire", la_code=None)]
    records = build_records({"authorities": AUTHORITIES, "inspections": rows})
    assert [r.key for r in matching_records(records, "North Shire")] == ["north-shire", "old-shire"]
    assert [r.key for r in matching_records(records, "old-shire")] == ["old-shire"]


def test_an_unknown_authority_suggests_close_matches():
    records = build_records({"authorities": AUTHORITIES, "inspections": [inspection("new")]})
    with pytest.raises(UnknownAuthority) as caught:
        find_record(records, "Nort Shire")
    assert caught.value.suggestions[0] == "North Shire (E06000001)"
    with pytest.raises(UnknownAuthority):
        find_record(records, "   ")


def test_suggestions_name_every_authority_a_close_name_belongs_to():
    rows = [inspection("new"), inspection("old", authority_id="old-shire", la_code=None)]
    records = build_records({"authorities": AUTHORITIES, "inspections": rows})
    with pytest.raises(UnknownAuthority) as caught:
        find_record(records, "Nort Shire")
    assert caught.value.suggestions[:2] == ["North Shire (E06000001)", "North Shire (old-shire)"]
