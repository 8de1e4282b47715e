"""An avalanche of errors stays bounded: the first N errors in report order are kept (the
same N a full sort would show), every error is still counted, and the summary says so."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fastpath import TODAY, gen

from civic_accountability.cli import cli
from civic_accountability.contract.errors import ValidationError
from civic_accountability.validation import errorlog
from civic_accountability.validation.errorlog import ErrorLog
from civic_accountability.validation.validate import report_order, validate_package

ERRORS = st.builds(
    ValidationError,
    st.sampled_from(["sources", "judgements", "statements"]),
    st.integers(0, 30),
    st.sampled_from(["type-error", "constraint-error", "foreign-key"]),
    st.sampled_from([None, "area", "grade"]),
    st.none(),
    st.sampled_from(["a", "b", "c"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ERRORS, max_size=120), st.integers(1, 40), st.integers(1, 30), st.data())
def test_the_log_keeps_what_a_full_sort_shows_first_and_counts_everything(errors, limit, slack, data):
    saved, errorlog.SLACK = errorlog.SLACK, slack  # trim often
    try:
        log = ErrorLog(limit=limit, key=report_order)
        rest = list(errors)
        while rest:  # added as lists, tuples, iterators and single errors, as the engines do
            n = data.draw(st.integers(1, 10))
            chunk, rest = rest[:n], rest[n:]
            how = data.draw(st.sampled_from(["list", "tuple", "iter", "append", "iadd"]))
            if how == "append":
                for e in chunk:
                    log.append(e)
            elif how == "iadd":
                log += chunk
            else:
                log.extend({"list": list, "tuple": tuple, "iter": iter}[how](chunk))
            assert len(log) <= limit + slack
        log.sort(key=report_order)
    finally:
        errorlog.SLACK = saved
    assert log == sorted(errors, key=report_order)[:limit]
    assert log.counts == Counter((e.table, e.code) for e in errors)
    assert log.total == len(errors) and log.truncated == (len(errors) > limit)


def test_merging_logs_keeps_their_counts():
    a = ErrorLog(
        [ValidationError("judgements", i, "type-error", "grade", None, "m") for i in range(5)],
        limit=2,
        key=report_order,
    )
    a.sort()
    b = ErrorLog(limit=2, key=report_order)
    b.extend(a)
    assert b.total == 5 and len(b) == 2


@pytest.fixture(scope="module")
def avalanche(tmp_path_factory):
    """Every identifier in capitals: every row of every table fails."""
    root = tmp_path_factory.mktemp("avalanche") / "pkg"
    gen.generate(root, rows=1500, seed=5)
    gen.spoil_every_row(root)
    return root


@pytest.mark.parametrize("engine", ["rows", "fast"])
def test_max_errors_keeps_the_first_errors_and_counts_them_all(avalanche, engine):
    everything = validate_package(avalanche, TODAY, engine=engine)
    assert len(everything.errors) > 2000
    saved, errorlog.SLACK = errorlog.SLACK, 100  # trimmed many times along the way
    try:
        bounded = validate_package(avalanche, TODAY, engine=engine, max_errors=7)
    finally:
        errorlog.SLACK = saved
    assert bounded.errors == everything.errors[:7]
    assert bounded.error_count == len(everything.errors)
    assert bounded.error_counts == Counter((e.table, e.code) for e in everything.errors)
    assert bounded.exit_code == everything.exit_code == 1


@pytest.mark.parametrize("engine", ["rows", "fast"])
def test_the_summary_gives_every_error_and_says_it_was_truncated(avalanche, engine):
    env = {"CIVIC_ACCOUNTABILITY_ENGINE": engine}
    everything = validate_package(avalanche, TODAY, engine=engine)
    total, by_code = len(everything.errors), Counter(e.code for e in everything.errors)

    result = CliRunner().invoke(
        cli, ["validate", str(avalanche), "--format", "json", "--max-errors", "5", "--now", TODAY], env=env
    )
    doc = json.loads(result.output)
    assert result.exit_code == 1
    assert doc["summary"]["errors"] == total and doc["summary"]["by_code"] == dict(by_code)
    assert doc["summary"]["errors_shown"] == 5 and doc["summary"]["truncated"] is True
    assert [(e["table"], e["line"], e["code"], e["message"]) for e in doc["errors"]] == [
        (e.table, e.line, e.code, e.message) for e in everything.errors[:5]
    ]

    text = CliRunner().invoke(cli, ["validate", str(avalanche), "--now", TODAY], env=env).output
    assert f"… {total - 1000:,} more not shown" in text
    assert f"invalid: {total:,} errors in 9 file(s)" in text  # every table's ids spoiled
    assert text.count("[constraint-error]") == 1000  # the default cap

    github = (
        CliRunner()
        .invoke(cli, ["validate", str(avalanche), "--format", "github", "--max-errors", "3", "--now", TODAY], env=env)
        .output
    )
    assert github.count("::error ") == 3 and f"::notice::{total - 3} more findings not shown" in github

    everything_shown = CliRunner().invoke(
        cli, ["validate", str(avalanche), "--format", "json", "--max-errors", "0", "--now", TODAY], env=env
    )
    assert len(json.loads(everything_shown.output)["errors"]) == total


def test_an_unreadable_file_past_the_kept_errors_still_exits_2(avalanche, tmp_path):
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(avalanche, pkg)
    (pkg / "data" / "statements.csv").unlink()  # source-error, sorted after every judgement error
    result = CliRunner().invoke(cli, ["validate", str(pkg), "--max-errors", "1", "--now", TODAY, "--engine", "rows"])
    assert result.exit_code == 2
    assert "source-error 1" in result.output.splitlines()[-1]


def test_the_sort_is_stable_for_equal_keys():
    same_place = [ValidationError("judgements", 3, "type-error", "grade", None, m) for m in "zyxwv"]
    log = ErrorLog(limit=3, key=report_order)
    shuffled = list(same_place)
    random.Random(1).shuffle(shuffled)
    for e in shuffled:
        log.append(e)
    log.sort()
    assert log == shuffled[:3]
