"""`civic-accountability timeline`: one authority's record in date order.

Swindon's hand-curated record is checked through the real CLI on the bundled
package (without depending on national row counts, which change as the Ofsted
import lands); a small package written to tmp_path pins ordering with partial
dates, matching, disagreeing sources, the JSON structure and the exit codes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from civic_accountability.cli import cli
from civic_accountability.contract.fieldtypes import PARTIAL_DATE_PATTERN, SLUG_PATTERN, date_bounds
from civic_accountability.contract.specs import generated_descriptor_files, table_specs
from civic_accountability.dataset.package import bundled_root
from civic_accountability.outputs.timeline import date_key, human_date, shorten_quote, slugify

SWINDON = {
    "2014": "swindon-2014-03-11-inspection",
    "2018": "swindon-2018-04-focused-visit",
    "2019": "swindon-2019-07-01-standard-inspection",
    "2023": "swindon-2023-07-17-standard-inspection",
}


def run(*args: str):
    return CliRunner().invoke(cli, ["timeline", *args], catch_exceptions=False)


def run_json(*args: str) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def csv_rows(table: str) -> list[dict]:
    with open(bundled_root() / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- Swindon, bundled package ---------------------------------------------------------------


@pytest.fixture(scope="module")
def swindon() -> dict:
    return run_json("swindon")


def test_swindon_inspections_in_date_order(swindon):
    ids = [i["inspection_id"] for i in swindon["inspections"]]
    positions = [ids.index(SWINDON[year]) for year in ("2014", "2018", "2019", "2023")]
    assert positions == sorted(positions)
    assert swindon["authority"] == "Swindon" and swindon["la_code"] == "E06000030"
    keys = [date_key(i["start_date"] or i["end_date"] or i["published_date"]) for i in swindon["inspections"]]
    assert keys == sorted(keys)


def test_swindon_2023_grades_include_inadequate_with_sources(swindon):
    entry = next(i for i in swindon["inspections"] if i["inspection_id"] == SWINDON["2023"])
    overall = {j["source_id"]: j["grade"] for j in entry["judgements"] if j["area"] == "overall_effectiveness"}
    assert overall["ofsted-report-swindon-2023"] == "inadequate"
    assert "inadequate" in {j["grade"] for j in entry["judgements"]}
    assert entry["framework"] == "ilacs_2023" and entry["lead_inspector"] == "Nick Bennison"


def test_swindon_counts_match_the_csvs(swindon):
    """Counts per inspection agree with an independent reading of data/*.csv."""
    by_id = {i["inspection_id"]: i for i in swindon["inspections"]}
    for table, key in (("statements", "statements"), ("recommendations", "recommendations")):
        rows = csv_rows(table)
        for iid in SWINDON.values():
            expected = sum(r["inspection_id"] == iid for r in rows)
            got = by_id[iid][key]
            assert (len(got) if isinstance(got, list) else got) == expected, (table, iid)
    assert by_id[SWINDON["2018"]]["statements"] and by_id[SWINDON["2023"]]["statements"]
    assert by_id[SWINDON["2014"]]["recommendations"] > 0


def test_swindon_json_quotes_are_whole_and_sources_listed(swindon):
    quotes = {r["statement_id"]: r["quote"] for r in csv_rows("statements")}
    for entry in swindon["inspections"]:
        for s in entry["statements"]:
            assert s["quote"] == quotes[s["statement_id"]]
            assert s["source_id"] in swindon["sources"]
    assert swindon["sources"]["ofsted-report-swindon-2023"]["publisher"] == "Ofsted"


def test_swindon_text_view_reads_in_order_with_words_for_grades():
    result = run("Swindon")
    assert result.exit_code == 0 and result.stderr == ""
    text = result.stdout
    assert text.startswith("Swindon (E06000030)\n")
    starts = [text.index(f"\n{day}") for day in ("11 Mar 2014", "Apr 2018", "1 Jul 2019", "17 Jul 2023")]
    assert starts == sorted(starts)
    block_2023 = text[starts[3] :]
    assert re.search(r"Overall effectiveness +Inadequate +\[1\]", block_2023)
    assert "Requires improvement" in text and "requires_improvement" not in text
    assert "ILACS 2023 standard inspection" in block_2023 and "Nick Bennison" in block_2023
    # every quote and recommendation in full, words as in the CSVs (only the line breaks differ)
    flat = " ".join(block_2023.replace("\n", " ").split())
    long_quote = next(
        r["quote"]
        for r in csv_rows("statements")
        if r["inspection_id"] == SWINDON["2023"] and len(r["quote"].split()) > 12
    )
    assert f"“{' '.join(long_quote.split())}”" in flat
    recs = sorted(
        (int(r["position"]), r["text"]) for r in csv_rows("recommendations") if r["inspection_id"] == SWINDON["2023"]
    )
    assert f"Recommendations ({len(recs)}, from [1]):" in block_2023
    places = [flat.index(f"{n}. {' '.join(t.split())}") for n, t in recs]
    assert places == sorted(places)  # in report order


def test_swindon_short_view_counts_recommendations_and_cuts_quotes():
    result = run("Swindon", "--short")
    assert result.exit_code == 0 and result.stderr == ""
    block_2023 = result.stdout[result.stdout.index("\n17 Jul 2023") :]
    # a quote longer than twelve words is cut to its first twelve, with an ellipsis
    long_quote = next(
        r["quote"]
        for r in csv_rows("statements")
        if r["inspection_id"] == SWINDON["2023"] and len(r["quote"].split()) > 12
    )
    assert f"“{' '.join(long_quote.split()[:12])}…”" in block_2023
    assert long_quote not in result.stdout
    n = sum(r["inspection_id"] == SWINDON["2023"] for r in csv_rows("recommendations"))
    assert f"Recommendations: {n} · " in block_2023


@pytest.mark.parametrize("query", ["swindon", "SWINDON", "E06000030", "e06000030", "Swindon Borough Council"])
def test_authority_matches_name_code_or_slug(query, swindon):
    assert run_json(query) == swindon


@pytest.mark.parametrize(
    "query, shown",
    [
        ("Birmingham City Council", "Birmingham (E08000025)"),
        ("London Borough of Hackney", "Hackney (E09000012)"),
        ("City of York Council", "York (E06000014)"),
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
        ("City of London", "City of London (E09000001)"),
    ],
)
def test_a_council_s_formal_name_finds_its_authority(query, shown):
    result = run(query, "--short")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(shown)


def test_unknown_authority_exits_2_with_close_match():
    result = run("Swindn")
    assert result.exit_code == 2
    assert "no local authority matches 'Swindn'" in result.stderr
    assert "Swindon (E06000030)" in result.stderr
    assert result.stdout == ""


# --- a small package in tmp_path ------------------------------------------------------------

BANES = "Bath and North East Somerset"
FIXTURE = {
    "sources": [
        {
            "source_id": "report-a",
            "source_type": "inspection_report",
            "publisher": "Ofsted",
            "published_date": "2019-09-01",
        },
        {
            "source_id": "paper-b",
            "source_type": "news_article",
            "publisher": "Bath Chronicle",
            "published_date": "2019-09",
        },
    ],
    "authorities": [
        {
            "authority_id": "bath-and-north-east-somerset",
            "name": "Bath and North East Somerset",
            "status": "current",
            "source_id": "report-a",
        },
        {"authority_id": "bristol", "name": "Bristol", "status": "current", "source_id": "report-a"},
    ],
    "inspections": [
        # ids deliberately sort differently from the dates
        {
            "inspection_id": "a-day",
            "start_date": "2019-07-01",
            "end_date": "2019-07-12",
            "published_date": "2019-09-01",
            "inspection_type": "standard_inspection",
        },
        {"inspection_id": "b-month", "start_date": "2019-07", "inspection_type": "focused_visit"},
        {"inspection_id": "c-year", "start_date": "2019", "inspection_type": "focused_visit"},
        {"inspection_id": "d-published-only", "published_date": "2018-12-31", "inspection_type": "focused_visit"},
        {"inspection_id": "e-undated", "inspection_type": "monitoring_visit"},
        {"inspection_id": "f-2020", "start_date": "2020-01-02", "inspection_type": "focused_visit"},
        {
            "inspection_id": "other-council",
            "local_authority": "Bristol",
            "la_code": "E06000023",
            "authority_id": "bristol",
            "start_date": "2019-01-01",
            "inspection_type": "focused_visit",
        },
    ],
    "judgements": [
        {
            "judgement_id": "j1",
            "inspection_id": "a-day",
            "area": "overall_effectiveness",
            "grade": "good",
            "source_id": "report-a",
        },
        {
            "judgement_id": "j3",
            "inspection_id": "a-day",
            "area": "help_and_protection",
            "grade": "good",
            "source_id": "report-a",
        },
    ],
    "recommendations": [
        {
            "recommendation_id": f"r{n}",
            "inspection_id": "a-day",
            "addressee": "local_authority",
            "position": str(n),
            "text": "Do better.",
            "source_id": "report-a",
        }
        for n in (1, 2, 3)
    ],
    "statements": [
        {
            "statement_id": "s1",
            "inspection_id": "a-day",
            "speaker": "Ann Smith",
            "speaker_role": "council leader",
            "speaker_party": "Green",
            "quote": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
            "source_id": "paper-b",
        },
        {
            "statement_id": "s2",
            "inspection_id": "a-day",
            "speaker": "Ann Smith",
            "speaker_role": "council leader",
            "speaker_party": "Green",
            "statement_date": "2019-08-30",
            "quote": "We accept the findings.",
            "source_id": "paper-b",
        },
    ],
}
# the validator warns of this (grade-conflict, a warning: the data stays valid); the timeline shows both grades
DISAGREEING = {
    "judgement_id": "j2",
    "inspection_id": "a-day",
    "area": "overall_effectiveness",
    "grade": "requires_improvement",
    "source_id": "paper-b",
}
ORDER = ["d-published-only", "c-year", "b-month", "a-day", "f-2020", "e-undated"]


def write_package(root: Path, tables: dict) -> Path:
    """A package in the real schema: descriptors generated from the models, hand-written CSVs."""
    for rel, content in generated_descriptor_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    for spec in table_specs():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=spec.column_names, lineterminator="\n")
        writer.writeheader()
        for row in tables.get(spec.name, []):
            if spec.name == "inspections":
                row = {
                    "local_authority": BANES,
                    "la_code": "E06000022",
                    "framework": "ilacs_2018",
                    "source_id": "report-a",
                    "authority_id": "bath-and-north-east-somerset",
                    **row,
                }
            writer.writerow(row)
        (root / "data" / f"{spec.name}.csv").write_text(out.getvalue(), encoding="utf-8")
    return root


@pytest.fixture
def banes(tmp_path) -> Path:
    return write_package(tmp_path, FIXTURE)


def test_partial_dates_sort_year_then_month_then_day_and_undated_last(banes):
    data = run_json(BANES, "--package", str(banes))
    assert [i["inspection_id"] for i in data["inspections"]] == ORDER
    assert data["validation_errors"] == 0


def test_json_structure_is_the_documented_one(tmp_path):
    write_package(tmp_path, {**FIXTURE, "judgements": FIXTURE["judgements"] + [DISAGREEING]})
    data = run_json("bath-and-north-east-somerset", "--package", str(tmp_path))
    assert list(data) == [
        "authority",
        "la_code",
        "validation_errors",
        "inspections",
        "sources",
        "authority_id",
        "also_matching",
    ]
    assert data["authority_id"] == "bath-and-north-east-somerset" and data["also_matching"] == []
    assert (data["authority"], data["la_code"]) == (BANES, "E06000022")
    entry = data["inspections"][ORDER.index("a-day")]
    assert list(entry) == [
        "inspection_id",
        "local_authority",
        "la_code",
        "framework",
        "inspection_type",
        "start_date",
        "end_date",
        "published_date",
        "lead_inspector",
        "visit_theme",
        "source_id",
        "authority_id",
        "judgements",
        "recommendations",
        "recommendation_items",
        "statements",
        "grades",
    ]
    assert entry["lead_inspector"] is None and entry["recommendations"] == 3
    assert [r["position"] for r in entry["recommendation_items"]] == sorted(
        (r["position"] for r in entry["recommendation_items"]), key=int
    )
    assert list(entry["recommendation_items"][0]) == [
        "recommendation_id",
        "addressee",
        "position",
        "section",
        "text",
        "source_id",
        "themes",
        "asked_before",
    ]
    assert entry["judgements"] == [  # framework order of areas; the inspection's own source first
        {"area": "overall_effectiveness", "grade": "good", "source_id": "report-a"},
        {"area": "overall_effectiveness", "grade": "requires_improvement", "source_id": "paper-b"},
        {"area": "help_and_protection", "grade": "good", "source_id": "report-a"},
    ]
    assert [s["statement_id"] for s in entry["statements"]] == ["s2", "s1"]  # 30 Aug before "Sep 2019"
    assert list(entry["statements"][0]) == [
        "statement_id",
        "speaker",
        "speaker_role",
        "speaker_organisation",
        "speaker_party",
        "statement_date",
        "quote",
        "source_id",
    ]
    assert entry["statements"][1]["quote"].endswith("thirteen fourteen")  # full quote in JSON
    assert set(data["sources"]) == {"report-a", "paper-b"}
    assert data["validation_errors"] == 0  # sources disagreeing is a warning, not an error
    assert data["sources"]["paper-b"]["publisher"] == "Bath Chronicle"
    assert "other-council" not in json.dumps(data)


def test_text_shows_both_grades_when_sources_disagree(tmp_path):
    write_package(tmp_path, {**FIXTURE, "judgements": FIXTURE["judgements"] + [DISAGREEING]})
    result = run(BANES, "--package", str(tmp_path), "--short")
    assert result.exit_code == 0, result.output
    assert "validation error" not in result.stderr  # a disagreement is shown, not an error
    text = result.stdout
    assert re.search(
        r"Overall effectiveness +Good +\[1\]  \(sources disagree\)\n"
        r" +Requires improvement +\[2\]\n",
        text,
    )
    assert "Ann Smith, council leader (Green)" in text
    assert "“one two three four five six seven eight nine ten eleven twelve…”" in text
    assert "thirteen" not in text
    assert "Recommendations: 3 · Statements: 2" in text
    assert "Bristol" not in text
    lines = [line for line in text.splitlines() if line[:1].strip()]
    assert [line.split("  ")[0] for line in lines[2:]] == [
        "31 Dec 2018",
        "2019",
        "Jul 2019",
        "1 Jul 2019",
        "2 Jan 2020",
        "(undated)",
    ]


def test_text_prints_recommendations_in_report_order_and_quotes_whole(tmp_path):
    recs = [
        {
            "recommendation_id": f"r{n}",
            "inspection_id": "a-day",
            "position": str(n),
            "text": f"Do thing {n}.",
            "source_id": "report-a",
        }
        for n in (10, 2, 1)
    ]
    write_package(tmp_path, {**FIXTURE, "recommendations": recs})
    result = run(BANES, "--package", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert re.search(
        r"Recommendations \(3, from \[1\]\):\n +1\.  Do thing 1\.\n +2\.  Do thing 2\.\n"
        r" +10\. Do thing 10\.\n +Statements: 2\n",
        text,
    )
    flat = " ".join(text.split())  # a long quote is wrapped over lines, never cut
    assert "“one two three four five six seven eight nine ten eleven twelve thirteen fourteen”" in flat


def test_unknown_authority_in_a_package_suggests_by_words(banes):
    result = run("Somerset", "--package", str(banes))
    assert result.exit_code == 2
    assert f"Close matches:\n  {BANES} (E06000022)\n" in result.stderr
    assert "Traceback" not in result.output


def test_invalid_package_still_shows_the_timeline_and_warns(tmp_path):
    broken = {
        **FIXTURE,
        "judgements": FIXTURE["judgements"]
        + [
            {
                "judgement_id": "j4",
                "inspection_id": "a-day",
                "area": "impact_of_leaders",
                "grade": "excellent",
                "source_id": "report-a",
            }
        ],
    }
    write_package(tmp_path, broken)
    result = run(BANES, "--package", str(tmp_path))
    assert result.exit_code == 0
    assert re.search(r"Warning: the package has \d+ validation errors?", result.stderr)
    assert "civic-accountability validate" in result.stderr
    assert "Impact of leaders" in result.stdout and "Excellent" in result.stdout
    data = json.loads(run(BANES, "--package", str(tmp_path), "--format", "json").stdout)
    assert data["validation_errors"] >= 1


def test_unreadable_package_exits_2(tmp_path):
    result = run("Swindon", "--package", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "datapackage.json" in result.stderr
    assert "Traceback" not in result.output


def test_gss_code_brings_rows_spelt_differently_and_marks_them(tmp_path):
    renamed = {
        **FIXTURE,
        "inspections": FIXTURE["inspections"]
        + [
            {
                "inspection_id": "g-old-name",
                "local_authority": "Bath & NE Somerset",
                "start_date": "2010-01",
                "inspection_type": "focused_visit",
            }
        ],
    }
    write_package(tmp_path, renamed)
    data = run_json("bath-and-north-east-somerset", "--package", str(tmp_path))
    assert data["inspections"][0]["inspection_id"] == "g-old-name"
    assert data["inspections"][0]["local_authority"] == "Bath & NE Somerset"
    assert data["authority"] == BANES  # the latest spelling names the authority
    text = run(BANES, "--package", str(tmp_path)).stdout
    assert "1 inspection recorded under another name or code" in text
    assert "Recorded as Bath & NE Somerset (E06000022)" in text


def test_a_name_shared_across_a_restructuring_names_the_other_authority(tmp_path):
    """Ofsted calls both the old county and the new unitary "Dorset" (as the bundled
    authorities table does): they are two authorities, the current one is shown and the
    former one is named, not mixed in."""
    tables = {
        **FIXTURE,
        "authorities": FIXTURE["authorities"]
        + [
            {
                "authority_id": "dorset",
                "name": "Dorset",
                "la_code": "E06000059",
                "status": "current",
                "source_id": "report-a",
            },
            {"authority_id": "dorset-county", "name": "Dorset", "status": "former", "source_id": "report-a"},
        ],
        "inspections": [
            {
                "inspection_id": "dorset-old",
                "local_authority": "Dorset",
                "la_code": "",
                "published_date": "2016-05-23",
                "inspection_type": "focused_visit",
                "authority_id": "dorset-county",
            },
            {
                "inspection_id": "dorset-new",
                "local_authority": "Dorset",
                "la_code": "E06000059",
                "start_date": "2021-09-27",
                "inspection_type": "focused_visit",
                "authority_id": "dorset",
            },
        ],
        "judgements": [],
        "recommendations": [],
        "statements": [],
    }
    write_package(tmp_path, tables)
    by_name = run("dorset", "--package", str(tmp_path)).stdout
    assert by_name.startswith("Dorset (E06000059)\n")
    assert "dorset-old" not in by_name and "2016" not in by_name
    assert "Also named so: Dorset, a former authority; see `civic-accountability timeline dorset-county`" in by_name
    for query in ("E06000059", "Dorset"):
        data = run_json(query, "--package", str(tmp_path))
        assert [i["inspection_id"] for i in data["inspections"]] == ["dorset-new"]
    old = run("dorset-county", "--package", str(tmp_path)).stdout
    assert old.startswith("Dorset\n") and "23 May 2016" in old and "2021" not in old


@pytest.mark.parametrize(
    "query", ["Bath & North East Somerset", "bath-north-east-somerset", "  bath and north east somerset "]
)
def test_ampersand_and_and_are_the_same_authority(query, banes):
    assert run_json(query, "--package", str(banes))["la_code"] == "E06000022"


# --- pure helpers, over many inputs ---------------------------------------------------------

partial_dates = st.dates().map(lambda d: d.isoformat()).flatmap(lambda iso: st.sampled_from([iso, iso[:7], iso[:4]]))


@given(partial_dates, partial_dates)
def test_date_key_orders_like_earliest_day_then_precision(a, b):
    if date_bounds(a)[0] != date_bounds(b)[0]:
        assert (date_key(a) < date_key(b)) == (date_bounds(a)[0] < date_bounds(b)[0])
    assert date_key(a) < date_key(None) and date_key(a) < date_key("not a date")


@given(partial_dates)
def test_human_date_keeps_the_precision_given(value):
    assert re.match(PARTIAL_DATE_PATTERN, value)
    shown = human_date(value).split()
    assert shown[-1] == value[:4] and len(shown) == {4: 1, 7: 2, 10: 3}[len(value)]
    if len(value) == 10:
        assert shown[0] == str(int(value[8:]))


@given(st.text())
def test_shorten_quote_is_a_prefix_of_at_most_twelve_words(quote):
    short = shorten_quote(quote)
    if short.endswith("…") and len(quote.split()) > 12:
        assert len(short[:-1].split()) <= 12
        assert quote.split()[:11] == short[:-1].split()[:11]
    else:
        assert short == " ".join(quote.split())


@given(st.text())
def test_slugify_gives_a_slug_or_nothing(text):
    slug = slugify(text)
    assert slug == "" or re.match(SLUG_PATTERN, slug)
    assert slugify(slug) == slug


def test_a_package_whose_inspections_cannot_be_read_exits_2(banes):
    (banes / "data" / "inspections.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    result = run(BANES, "--package", str(banes))
    assert result.exit_code == 2
    assert "inspections cannot be read" in result.stderr and result.stdout == ""


maybe_text = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["2019", "2019-07", "2019-07-01", "good"]))


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "inspection_id": maybe_text,
                "local_authority": st.just("Anytown"),
                "la_code": maybe_text,
                "framework": maybe_text,
                "inspection_type": maybe_text,
                "start_date": maybe_text,
                "end_date": maybe_text,
                "published_date": maybe_text,
                "lead_inspector": maybe_text,
                "visit_theme": maybe_text,
                "source_id": maybe_text,
                "area": maybe_text,
                "grade": maybe_text,
                "speaker": maybe_text,
                "quote": maybe_text,
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_readable_rows_give_a_timeline_not_a_traceback(rows):
    """An invalid package still yields a timeline: odd or missing values never raise."""
    from civic_accountability.outputs.timeline import build_timeline, render_text

    tables = {
        "inspections": [(i, r) for i, r in enumerate(rows)],
        "judgements": [
            (
                i,
                {
                    "inspection_id": r["inspection_id"],
                    "area": r["area"],
                    "grade": r["grade"],
                    "source_id": r["source_id"],
                },
            )
            for i, r in enumerate(rows)
        ],
        "statements": [
            (
                i,
                {
                    "inspection_id": r["inspection_id"],
                    "speaker": r["speaker"],
                    "quote": r["quote"],
                    "source_id": r["source_id"],
                    "statement_date": r["start_date"],
                },
            )
            for i, r in enumerate(rows)
        ],
    }
    timeline = build_timeline(tables, "anytown")
    # rows with different GSS codes and no authorities table are different authorities, all named
    shown = len(timeline["inspections"]) + sum(o["inspections"] for o in timeline["also_matching"])
    assert shown == len(rows)
    assert render_text(timeline).startswith("Anytown")
    json.dumps(timeline)


def test_old_scale_adequate_and_requires_improvement_are_one_grade_not_a_disagreement(tmp_path):
    """A TLAC report's "adequate" and the statistics' "requires improvement" state one judgement
    (``rules.same_grade``, as the validator and the site read them): one line with both sources,
    the other spelling named, no "(sources disagree)" (as Kent's 2013 TLAC inspection was shown)."""
    tables = {
        **FIXTURE,
        "sources": FIXTURE["sources"]
        + [
            {
                "source_id": "stats",
                "source_type": "official_statistics",
                "publisher": "Ofsted",
                "published_date": "2023-07-06",
            }
        ],
        "inspections": [
            {
                "inspection_id": "tlac-2013",
                "framework": "tlac",
                "inspection_type": "inspection",
                "start_date": "2013-07-15",
                "end_date": "2013-07-19",
                "published_date": "2013-08-23",
            }
        ],
        "judgements": [
            {
                "judgement_id": "j-stats",
                "inspection_id": "tlac-2013",
                "area": "overall_effectiveness",
                "grade": "requires_improvement",
                "source_id": "stats",
            },
            {
                "judgement_id": "j-report",
                "inspection_id": "tlac-2013",
                "area": "overall_effectiveness",
                "grade": "adequate",
                "source_id": "report-a",
            },
        ],
        "recommendations": [],
        "statements": [],
    }
    write_package(tmp_path, tables)
    result = run(BANES, "--package", str(tmp_path))
    assert result.exit_code == 0 and "validation error" not in result.stderr, result.output
    assert "sources disagree" not in result.stdout
    assert re.search(
        r"Overall effectiveness +Adequate +\[1\] \[2\]  \(\[2\] writes it requires improvement: "
        r"the same grade\)\n",
        result.stdout,
    )
    (entry,) = run_json(BANES, "--package", str(tmp_path))["inspections"]
    assert entry["grades"] == [
        {"area": "overall_effectiveness", "grade": "adequate", "source_ids": ["report-a", "stats"], "other_grades": []}
    ]
    assert sorted(j["grade"] for j in entry["judgements"]) == ["adequate", "requires_improvement"]  # every row


def test_an_old_scale_grade_reads_as_the_site_shows_it_with_its_equivalence():
    """Birmingham's 2010 looked-after-children grade: the statistics print "requires improvement";
    SLAC's scale called it "Adequate". The timeline and the site both say Adequate, and the
    timeline names the source's own word and that they are one grade."""
    from civic_accountability.commands.load import load_dataset
    from civic_accountability.outputs.site.model import assemble

    block = run("birmingham").stdout.split("\n\n")[1]
    line = next(x for x in block.splitlines() if "Looked after children (overall)" in x)
    assert "Adequate" in line and "writes it requires improvement: the same grade" in line
    pytest.importorskip("jinja2", reason="needs the 'site' extra: pip install -e '.[site]'")
    site = assemble(load_dataset(bundled_root()).tables)
    birmingham = next(a for a in site.authorities if a.la_code == "E08000025")
    slac = next(i for i in birmingham.inspections if i.framework == "slac")
    assert {g.area: g.label for g in slac.grades}["looked_after_children_overall"] == "Adequate"


def test_a_visit_whose_letter_is_not_imported_says_so():
    """A monitoring visit known only from the statistics: its recommendations are not 'none'."""
    text = run("swindon").stdout
    block = next(b for b in text.split("\n\n") if b.startswith("21 May 2024"))
    assert "Recommendations: not in the data (its report or letter is not imported)" in block
    assert "none recorded" not in block.split("Statements")[0]
