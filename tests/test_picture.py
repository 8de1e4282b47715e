"""One meaning of "now": the ``current_picture`` SQL view, the per-authority picture
(``dataset.picture``), the site's home counts and ``describe`` agree on every current
council of the bundled data, and a council re-inspected under ILACS 2026 is described by
that inspection, never by its older overall grade."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from export_support import read_csvs
from test_record_views import AREAS, sql  # the views' area columns and `sql --format json`, shared

from civic_accountability.cli import cli
from civic_accountability.dataset.authority import build_records
from civic_accountability.dataset.package import bundled_root
from civic_accountability.dataset.picture import NO_OVERALL, current_pictures, lowest


@pytest.fixture(scope="module")
def tables() -> dict:
    return read_csvs(bundled_root())


@pytest.fixture(scope="module")
def view() -> dict[str, dict]:
    return {r["authority_id"]: r for r in sql("SELECT * FROM current_picture")}


def test_the_view_is_each_current_councils_picture_from_its_record(tables, view):
    pictures = current_pictures(build_records(tables))
    current = {r["authority_id"] for r in tables["authorities"] if r["status"] == "current"}
    assert set(view) == set(pictures) == current and len(current) > 150
    for aid, p in pictures.items():
        row = view[aid]
        assert row["latest_inspection_id"] == (p.latest.inspection_id if p.latest else None), aid
        assert row["latest_date"] == (p.latest.date if p.latest else None), aid
        for area in AREAS:
            assert row[area] == p.grade(area), (aid, area)
        assert row["lowest_grade"] == p.lowest_grade, aid
        assert (row["last_overall_inspection_id"], row["last_overall_grade"]) == (
            p.last_overall.inspection_id if p.last_overall else None,
            p.last_overall_grade,
        ), aid
        assert row["visits_since"] == len(p.visits_since), aid
        assert row["latest_visit_id"] == (p.visits_since[-1].inspection_id if p.visits_since else None), aid


def test_a_council_reinspected_under_ilacs_2026_is_described_by_that_inspection(view):
    """Liverpool's 2023 inadequate grade stands beside its 2026 inspection, never in its
    place; Trafford's 2026 inspection found areas inadequate though its last overall grade
    was requires improvement."""
    liverpool, trafford = view["liverpool"], view["trafford"]
    assert liverpool["latest_framework"] == "ilacs_2026" and liverpool["overall_effectiveness"] is None
    assert liverpool["last_overall_grade"] == "inadequate" and liverpool["lowest_grade"] != "inadequate"
    assert trafford["lowest_grade"] == "inadequate" and trafford["last_overall_grade"] == "requires_improvement"
    asked = {
        r["authority"]
        for r in sql(
            "SELECT authority FROM current_picture WHERE overall_effectiveness = 'inadequate' OR lowest_grade = 'inadequate'"
        )
    }
    assert "Trafford" in asked and not {"Liverpool", "South Tyneside"} & asked


def test_the_sites_home_counts_are_sqls_and_describes(tables):
    from civic_accountability.outputs.site.build import latest_grade_summary
    from civic_accountability.outputs.site.model import assemble

    by_sql = {
        (r["overall_effectiveness"] or NO_OVERALL): r["n"]
        for r in sql("SELECT overall_effectiveness, COUNT(*) AS n FROM current_picture GROUP BY 1")
    }
    site = latest_grade_summary(assemble(tables))
    assert site == by_sql and sum(site.values()) > 150 and site[NO_OVERALL] > 0
    described = json.loads(CliRunner().invoke(cli, ["describe", "--format", "json"]).stdout)["current_picture"]
    assert described == site
    assert list(site) == [
        g for g in ("outstanding", "good", "requires_improvement", "adequate", "inadequate", NO_OVERALL) if g in site
    ]  # best first, the ungraded last


def test_the_home_filter_lists_each_count(tmp_path):
    """Each home count's link filters rows by data-grade: the rows of current councils
    carrying each standing number the count."""
    import re

    out = tmp_path / "site"
    assert CliRunner().invoke(cli, ["site", "-o", str(out), "--no-exports"]).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="row-[^"]+"[^>]*data-grade="([^"]*)"[^>]*data-current="1"', html)
    counts = dict(re.findall(r'index\.html\?grade=([a-z_]+)&amp;former=no" aria-label="(\d+) ', html))
    assert counts and {g: int(n) for g, n in counts.items()} == {g: c for g, c in Counter(rows).items()}


def test_a_council_page_and_the_home_table_tell_a_2026_inspection_by_its_areas(tmp_path):
    """Trafford's page and home row say its 2026 inspection gave no overall grade and its
    lowest area grade was inadequate, and keep its last overall grade beside it."""
    from civic_accountability.outputs.site.model import assemble

    trafford = next(a for a in assemble(read_csvs(bundled_root())).authorities if a.slug == "trafford")
    assert "no overall grade" in trafford.summary and "lowest area grade Inadequate (2 of 4 areas)" in trafford.summary
    assert "last overall grade, Requires improvement" in trafford.summary
    assert trafford.picture.standing == NO_OVERALL


def test_lowest_ranks_inadequate_worst_and_adequate_with_requires_improvement():
    assert lowest(["good", "inadequate", "outstanding"]) == "inadequate"
    assert lowest(["good", "adequate"]) == "adequate"
    assert lowest([None, "unknown"]) is None


def test_on_a_small_package_the_latest_inspection_stands_and_the_last_overall_grade_beside_it(tmp_path):
    """Barsetshire: graded requires improvement overall in 2020 (help and protection
    inadequate), then a 2024 inspection with an area grade only and a visit between; the
    former Barset is left out."""
    from test_sql import _rules_package

    pkg = _rules_package(tmp_path)
    result = CliRunner().invoke(
        cli, ["sql", "SELECT * FROM current_picture", str(pkg), "--format", "json", "--no-validate"]
    )
    (row,) = json.loads(result.stdout)
    assert (row["authority_id"], row["latest_inspection_id"], row["overall_effectiveness"], row["lowest_grade"]) == (
        "barsetshire",
        "barset-2024-05-13-standard-inspection",
        None,
        "good",
    )
    assert (row["last_overall_grade"], row["last_overall_inspection_id"], row["last_overall_date"]) == (
        "requires_improvement",
        "barset-2020-01-06-standard-inspection",
        "2020-01-06",
    )
    assert (row["visits_since"], row["latest_visit_id"]) == (0, None)


def test_the_by_grade_list_groups_2026_inspections_as_graded_without_an_overall_grade():
    from civic_accountability.outputs.site.build import group_label
    from civic_accountability.outputs.site.model import assemble

    data = assemble(read_csvs(bundled_root()))
    labels = {a.slug: group_label(a, "grade") for a in data.authorities}
    assert labels["trafford"] == labels["liverpool"] == "No overall grade (ILACS 2026)"
    assert labels["swindon"] == "Inadequate"
