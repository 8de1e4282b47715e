"""Messages a contributor can act on, word for word the same on both engines: the value
they probably meant, dates and identifiers explained in words, and how to fix a hash."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
from pathlib import Path

import pytest

from civic_accountability.validation.suggest import KeyIndex, closest_allowed
from civic_accountability.validation.validate import validate_package

NOW = "2026-11-23"
INSPECTION = "exampleshire-2014-03-11-inspection"


def set_cell(pkg: Path, table: str, row: int, column: str, value: str) -> None:
    path = pkg / "data" / f"{table}.csv"
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    records[row][records[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8")


def messages(pkg: Path) -> list[str]:
    """The findings' messages, after checking both engines word them identically."""
    rows = validate_package(pkg, today=NOW, engine="rows")
    if importlib.util.find_spec("polars"):
        fast = validate_package(pkg, today=NOW, engine="fast")
        assert (fast.errors, fast.warnings) == (rows.errors, rows.warnings)
    return [e.message for e in rows.findings]


@pytest.mark.parametrize(
    "value, message",
    [
        ("Good", "'Good' is not an allowed grade; did you mean 'good'?"),
        (
            "Requires improvement",
            "'Requires improvement' is not an allowed grade; did you mean 'requires_improvement'?",
        ),
        ("outstandng", "'outstandng' is not an allowed grade; did you mean 'outstanding'?"),
        (
            "excellent",
            "'excellent' is not an allowed grade; allowed: outstanding, good, requires_improvement, "
            "adequate, inadequate",
        ),
    ],
)
def test_an_enum_value_suggests_what_was_meant(package, value, message):
    set_cell(package, "judgements", 1, "grade", value)
    assert messages(package) == [message]


def test_a_mistyped_id_suggests_the_existing_one(package):
    set_cell(package, "recommendations", 2, "inspection_id", "exampleshire-2014-03-11-inspecton")
    assert messages(package) == [
        "inspection_id 'exampleshire-2014-03-11-inspecton' is not in inspections (inspections.inspection_id); "
        f"did you mean '{INSPECTION}'? If not, add that row to data/inspections.csv or correct the value"
    ]


def test_an_id_like_nothing_gets_no_suggestion(package):
    set_cell(package, "recommendations", 2, "source_id", "zz")
    assert messages(package) == [
        "source_id 'zz' is not in sources (sources.source_id); add that row to data/sources.csv or correct the value"
    ]


def test_a_date_error_is_explained_in_words(package):
    set_cell(package, "sources", 2, "published_date", "23/05/2014")
    [message] = messages(package)
    assert message.startswith("published_date '23/05/2014' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    assert "[0-9]" not in message  # no regular expression


def test_an_identifier_in_capitals_suggests_its_slug(package):
    themes = package / "data" / "recommendation_themes.csv"  # no derived row refers to the item
    themes.write_text("".join(themes.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    set_cell(package, "recommendations", 2, "recommendation_id", "Exampleshire-2014-Rec 2")
    [message] = messages(package)
    assert message == (
        "recommendation_id 'Exampleshire-2014-Rec 2' is not an identifier: use lowercase letters "
        "and digits joined by single hyphens; did you mean 'exampleshire-2014-rec-2'?"
    )


def test_a_hash_mismatch_says_how_to_fix_it(package):
    archive = package / "archive" / "example-news-2018-05-visit.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    actual = hashlib.sha256(archive.read_bytes()).hexdigest()
    [message] = messages(package)
    assert f"if the archived text is right, set sha256 to {actual}" in message


def test_sources_disagreeing_name_both_grades_and_both_sources(package):
    with open(package / "data" / "judgements.csv", "a", encoding="utf-8") as fh:
        fh.write(
            f"{INSPECTION}-overall-effectiveness-zz,{INSPECTION},overall_effectiveness,good,"
            "example-news-2018-05-visit\n"
        )
    [message] = messages(package)
    for part in ("good", "requires_improvement", "example-news-2018-05-visit", "ofsted-report-exampleshire-2014"):
        assert part in message


def test_missing_archive_counts_the_unverified_quotes(package):
    (package / "archive" / "example-news-2018-05-visit.txt").unlink()
    assert messages(package) == [
        "archive/example-news-2018-05-visit.txt is absent, so 3 quotes citing example-news-2018-05-visit could not "
        "be checked; add the source's text there to verify them"
    ]
    report = validate_package(package, today=NOW)
    assert report.valid and report.exit_code == 0 and report.exit_status(strict=True) == 1


def test_a_changed_word_in_a_quote_is_not_valid_without_its_archive(package):
    """The release zip ships no archive/: a quote can no longer pass unverified in silence."""
    set_cell(package, "statements", 1, "quote", "back door")
    (package / "archive" / "example-news-2018-05-visit.txt").unlink()
    report = validate_package(package, today=NOW)
    assert [e.code for e in report.warnings] == ["quote-unverified"]


def test_suggestions_in_a_large_table_look_among_keys_sharing_a_prefix():
    keys = [f"authority-{i:05d}-{year}-inspection" for i in range(3000) for year in (2014, 2019)]
    index = KeyIndex(keys)
    assert index.close("authority-01234-2019-inspecton")[0] == "authority-01234-2019-inspection"
    assert index.close("AUTHORITY-01234-2014-INSPECTION")[0] == "authority-01234-2014-inspection"


def test_closest_allowed_folds_case_spaces_and_hyphens():
    allowed = ("care_leavers", "children_in_care", "overall_effectiveness")
    assert closest_allowed("Care-Leavers", allowed) == ["care_leavers"]
    assert closest_allowed("nothing alike at all", allowed) == []
