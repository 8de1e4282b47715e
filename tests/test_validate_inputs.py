"""Bad input of every kind gets a located error and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from civic_accountability.cli import cli
from civic_accountability.validation.validate import validate_package

NOW = "2026-11-23"


def codes(pkg, **kw):
    """Every finding, errors then warnings."""
    return [(e.code, e.table, e.line, e.field) for e in validate_package(pkg, today=NOW, **kw).findings]


def run(*args):
    result = CliRunner().invoke(cli, ["validate", *map(str, args), "--now", NOW])
    assert "Traceback" not in result.output
    return result


def rewrite(path: Path, fn):
    path.write_bytes(fn(path.read_bytes()))


def test_crlf_line_endings_are_valid(package):
    for csv_path in (package / "data").glob("*.csv"):
        rewrite(csv_path, lambda b: b.replace(b"\n", b"\r\n"))
    assert codes(package) == []


def test_bom_is_reported_once_and_the_rest_still_checked(package):
    rewrite(package / "data" / "judgements.csv", lambda b: b"\xef\xbb\xbf" + b.replace(b",good,", b",great,"))
    assert codes(package) == [
        ("encoding-error", "judgements", 1, None),
        ("constraint-error", "judgements", 2, "grade"),
    ]


def test_reordered_header_is_incorrect_label(package):
    def swap(b):
        head, rest = b.split(b"\n", 1)
        return head.replace(b"area,grade", b"grade,area") + b"\n" + rest

    rewrite(package / "data" / "judgements.csv", swap)
    assert codes(package) == [("incorrect-label", "judgements", 1, "grade")]


def test_line_numbers_count_physical_lines_of_multiline_cells(package):
    def multiline(b):
        return b.replace(
            b'"Ensure that managers oversee casework, and record their decisions."',
            b'"Ensure that managers oversee casework,\nand record their decisions."',
        )

    rewrite(package / "data" / "recommendations.csv", multiline)
    rewrite(package / "data" / "recommendations.csv", lambda b: b.replace(b",2,,Improve", b",x,,Improve"))
    assert codes(package) == [("type-error", "recommendations", 4, "position")]


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../../outside.csv",
        "data/../../x.csv",
        "https://example.org/judgements.csv",
        "file:///etc/passwd",
        "C:\\data\\judgements.csv",
    ],
)
def test_resource_paths_outside_the_package_are_refused(package, path):
    descriptor = json.loads((package / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == "judgements")["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    assert codes(package) == [("unsafe-path", "judgements", 0, "path")]
    assert run(package).exit_code == 2


def test_symlink_out_of_the_package_is_refused(package, tmp_path):
    outside = tmp_path / "outside.csv"
    shutil.copyfile(package / "data" / "judgements.csv", outside)
    (package / "data" / "judgements.csv").unlink()
    os.symlink(outside, package / "data" / "judgements.csv")
    assert codes(package) == [("unsafe-path", "judgements", 0, "path")]


def test_descriptor_without_a_table_is_a_package_error(package):
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"] = descriptor["resources"][:-1]
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    assert codes(package) == [("package-error", "datapackage", 0, "resources")]
    assert run(package).exit_code == 2


@pytest.mark.parametrize("content", [b"", b"[]", b'{"resources": 5}', b"\xff\xfe{}", b"null"])
def test_unusable_descriptors_exit_2(package, content):
    (package / "datapackage.json").write_bytes(content)
    result = run(package)
    assert result.exit_code == 2
    assert "package-error" in result.output


def test_path_may_name_the_descriptor_or_be_missing(package, tmp_path):
    assert run(package / "datapackage.json").exit_code == 0
    assert run(tmp_path / "nowhere").exit_code == 2


def test_a_50_mb_cell_is_a_constraint_error_not_a_crash(package):
    big = "x" * (50 * 1024 * 1024)
    with open(package / "data" / "recommendations.csv", "a", encoding="utf-8") as fh:
        fh.write(
            f"exampleshire-2014-03-11-inspection-rec-3,exampleshire-2014-03-11-inspection,local_authority,3,,{big},"
            "ofsted-report-exampleshire-2014\n"
        )
    report = validate_package(package, today=NOW)
    assert [(e.code, e.line, e.field) for e in report.errors] == [("constraint-error", 4, "text")]
    assert len(report.errors[0].value) < 200  # the report shows a cut value, not 50 MB


def test_usage_errors_exit_2():
    assert CliRunner().invoke(cli, ["validate", "--format", "xml"]).exit_code == 2
    assert CliRunner().invoke(cli, ["validate", "--now", "yesterday"]).exit_code == 2
    assert CliRunner().invoke(cli, ["validate", "--max-errors", "-1"]).exit_code == 2


def test_max_errors_limits_output_but_not_the_count(package):
    rewrite(
        package / "data" / "judgements.csv",
        lambda b: b.replace(b",good,", b",great,").replace(b",requires_improvement,", b",poor,"),
    )
    result = CliRunner().invoke(cli, ["validate", str(package), "--format", "json", "--max-errors", "1"])
    doc = json.loads(result.output)
    assert result.exit_code == 1
    assert doc["summary"]["errors"] == 2 and len(doc["errors"]) == 1 and doc["summary"]["truncated"]


def test_github_format_escapes_newlines_in_messages(package):
    rewrite(package / "data" / "judgements.csv", lambda b: b.replace(b",good,", b',"go\nod",'))
    result = CliRunner().invoke(cli, ["validate", str(package), "--format", "github"])
    annotations = [line for line in result.output.splitlines() if line.startswith("::error")]
    assert len(annotations) == 1 and "line=2" in annotations[0]


def test_one_word_change_in_a_quote_is_caught(package):
    """Quote checks fold typography (quotes, dashes, spaces) and nothing else."""
    stmts = package / "data" / "statements.csv"
    original = stmts.read_bytes()
    rewrite(stmts, lambda b: b.replace(b"quickly - and", "quickly \u2014\u00a0and".encode()))
    assert codes(package) == []
    stmts.write_bytes(original.replace(b"will be open", b"will be honest"))
    assert codes(package) == [("quote-not-found", "statements", 4, "quote")]


@given(st.dates(min_value=__import__("datetime").date(1900, 1, 1)))
def test_every_real_date_is_a_valid_partial_date(day):
    from civic_accountability.contract.specs import table_spec
    from civic_accountability.validation.cells import compile_column

    check = compile_column(next(c for c in table_spec("inspections").columns if c.name == "start_date"))
    iso = day.isoformat()
    assert check(iso) is None and check(iso[:7]) is None and check(iso[:4]) is None


@given(st.text(min_size=1, max_size=12))
def test_partial_dates_accept_exactly_the_real_calendar(text):
    import datetime as dt

    from civic_accountability.contract.specs import table_spec
    from civic_accountability.validation.cells import compile_column

    check = compile_column(next(c for c in table_spec("inspections").columns if c.name == "end_date"))
    candidates = {text, text + "-01", text + "-01-01"}

    def real(s):
        try:
            dt.date.fromisoformat(s)
            return len(s) == 10 and s.isascii()
        except ValueError:
            return False

    assert (check(text) is None) == any(real(c) and c.startswith(text) and len(text) in (4, 7, 10) for c in candidates)


def test_installed_console_script_validates_the_bundled_data_from_elsewhere(tmp_path):
    exe = shutil.which("civic-accountability") or str(Path(sys.executable).with_name("civic-accountability"))
    run_ = subprocess.run([exe, "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert run_.returncode == 0, run_.stdout + run_.stderr
    assert run_.stdout.strip().splitlines()[-1].startswith("valid:")


def test_old_scale_adequate_agrees_with_requires_improvement(package):
    """Ofsted's statistics print SLAC-era "adequate" as "requires improvement"; not a conflict."""
    with open(package / "data" / "inspections.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "exampleshire-2010-slac,Exampleshire,E06000099,slac,inspection,,,2010-06-01,,,"
            "ofsted-report-exampleshire-2014,exampleshire\n"
        )
    judgements = package / "data" / "judgements.csv"
    base = judgements.read_text(encoding="utf-8")
    rows = (
        "exampleshire-2010-slac-a,exampleshire-2010-slac,safeguarding_overall,adequate,ofsted-report-exampleshire-2014\n"
        "exampleshire-2010-slac-b,exampleshire-2010-slac,safeguarding_overall,{},example-news-2018-05-visit\n"
    )
    appended = [("row-order", "inspections", 4, "inspection_id"), ("row-order", "judgements", 4, "judgement_id")]
    judgements.write_text(base + rows.format("requires_improvement"), encoding="utf-8")
    assert codes(package) == appended  # rows appended out of key order: a warning each
    judgements.write_text(base + rows.format("good"), encoding="utf-8")
    assert codes(package) == [*appended, ("grade-conflict", "judgements", 5, "grade")]


@pytest.mark.parametrize("engine", ["rows", "fast"])
def test_a_folder_named_like_an_archive_is_not_a_crash(package, engine):
    pytest.importorskip("polars") if engine == "fast" else None
    (package / "archive" / "ofsted-report-exampleshire-2014.txt").mkdir()
    report = validate_package(package, today=NOW, engine=engine)
    assert report.errors == []
