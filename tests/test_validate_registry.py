"""The RULES registry: every rule runs on both engines, and a columnar selector never hides
a finding its rule's check would make on every clean row."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")

from conftest import FIXTURES, build_package, load_script  # noqa: E402

from civic_accountability.contract.errors import CODES  # noqa: E402
from civic_accountability.contract.specs import table_specs  # noqa: E402
from civic_accountability.validation import registry  # noqa: E402
from civic_accountability.validation.fast import selectors  # noqa: E402
from civic_accountability.validation.validate import validate_package  # noqa: E402

gen = load_script("gen_synthetic")
TODAY = gen.TODAY
TABLES = [s.name for s in table_specs()]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """A package where every rule finds something."""
    root = tmp_path_factory.mktemp("planted") / "pkg"
    gen.generate(root, rows=2000, seed=8, plant_errors=True)
    return root


def _recording(calls: list) -> tuple[registry.Rule, ...]:
    def wrap(rule):
        def check(spec, rows, facts):
            calls.append((rule.name, spec.name))
            return rule.check(spec, rows, facts)

        return dataclasses.replace(rule, check=check)

    return tuple(wrap(rule) for rule in registry.RULES)


def test_every_rule_runs_on_both_engines(planted, monkeypatch):
    expected = sorted((rule.name, t) for rule in registry.RULES for t in TABLES if rule.applies_to(t))
    for engine in ("rows", "fast"):
        calls: list = []
        monkeypatch.setattr(registry, "RULES", _recording(calls))
        validate_package(planted, TODAY, engine=engine)
        assert sorted(calls) == expected, engine


def test_every_rule_finds_its_codes_on_both_engines(planted):
    """Each rule's codes are reported by both engines on the planted package, identically."""
    rows = validate_package(planted, TODAY, engine="rows")
    fast = validate_package(planted, TODAY, engine="fast")
    assert (fast.errors, fast.warnings) == (rows.errors, rows.warnings)
    found = {e.code for e in rows.findings}
    for rule in registry.RULES:
        assert set(rule.codes) <= found, rule.name


@pytest.mark.parametrize("ready", [True, False], ids=["archive-read", "archive-still-reading"])
def test_archive_rules_report_alike_whether_or_not_they_wait_for_the_archive(planted, monkeypatch, ready):
    """The sources' rules wait for the archive while it is still being read (they run with
    the statements'): the report is the same either way, and every rule still runs once."""
    from civic_accountability.validation.fast.meaning import Context

    monkeypatch.setattr(Context, "archive_ready", lambda self: ready)
    calls: list = []
    monkeypatch.setattr(registry, "RULES", _recording(calls))
    fast = validate_package(planted, TODAY, engine="fast")
    monkeypatch.undo()
    rows = validate_package(planted, TODAY, engine="rows")
    assert (fast.errors, fast.warnings) == (rows.errors, rows.warnings)
    assert {"sha256-mismatch", "quote-not-found"} <= {e.code for e in rows.findings}
    assert len(calls) == len(set(calls))
    order = [t for _, t in calls]
    # The sources are read first; their rules run at once, or with the statements' rules.
    assert (order.index("sources") < order.index("inspections")) == ready


def test_rules_name_known_codes_and_real_selectors():
    names = [rule.name for rule in registry.RULES]
    assert len(names) == len(set(names))
    for rule in registry.RULES:
        assert set(rule.codes) <= set(CODES), rule.name
        assert rule.tables is None or set(rule.tables) <= set(TABLES), rule.name
        if rule.select is not None:
            assert callable(getattr(selectors, rule.select)), rule.name
    used = {rule.select for rule in registry.RULES}
    public = {
        n
        for n, f in vars(selectors).items()
        if callable(f) and getattr(f, "__module__", "") == selectors.__name__ and not n.startswith("_")
    }
    helpers = {"pair_key", "clean_frame", "every_clean_row", "in_repeated_groups", "folded_texts", "pl_col_equal"}
    assert public - helpers == used  # no selector without its rule


INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


#: Edge cases for the selectors, each a table, a row, a column and a value set in the minimal
#: package: every pair of inspection dates out of order on its own, dates later in today's
#: month, a row out of order next to a row with a cell error.
EDGES = {
    "end after published": [("inspections", 1, "end_date", "2014-06-01")],
    "start after published, no end": [("inspections", 1, "end_date", ""), ("inspections", 1, "start_date", "2014-06")],
    "start after end, partial": [
        ("inspections", 1, "start_date", "2014-05"),
        ("inspections", 1, "end_date", "2014-04-30"),
    ],
    "later this month": [
        ("statements", 1, "statement_date", TODAY[:8] + "28"),
        ("sources", 1, "published_date", TODAY),
    ],
    "out of order after a bad row": [
        ("recommendations", 2, "position", "x"),  # row 3: a copy of row 2
        ("recommendations", 3, "recommendation_id", "exampleshire-0"),
        ("recommendations", 3, "position", "3"),
    ],
    "visit graded in an allowed area": [("judgements", 1, "inspection_id", "exampleshire-2018-04-focused-visit")],
}


def _set(pkg: Path, table: str, row: int, column: str, value: str) -> None:
    import csv
    import io

    path = pkg / "data" / f"{table}.csv"
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if row == len(records):  # a new row: a copy of the last
        records.append(list(records[-1]))
    records[row][records[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8")


def _packages(planted: Path, tmp_path: Path) -> list[Path]:
    """The planted package, every fixture that builds a readable package, and the edges."""

    out = [planted]
    for fixture in INVALID:
        expected = json.loads((fixture / "expected.json").read_text())
        pkg = build_package(tmp_path / fixture.name, fixture, expected.get("resource_paths"))
        for rel in expected.get("remove", []):
            (pkg / rel).unlink()
        out.append(pkg)
    for name, edits in EDGES.items():
        pkg = build_package(tmp_path / name.replace(" ", "-"))
        for edit in edits:
            _set(pkg, *edit)
        out.append(pkg)
    return out


@pytest.fixture(scope="module")
def packages(planted, tmp_path_factory) -> list[Path]:
    return _packages(planted, tmp_path_factory.mktemp("packages"))


def test_the_edges_find_what_they_are_for(packages):
    found = {
        pkg.name: {e.code for e in validate_package(pkg, TODAY, engine="rows").findings}
        for pkg in packages[-len(EDGES) :]
    }
    assert found == {
        "end-after-published": {"date-order"},
        "start-after-published,-no-end": {"date-order"},
        "start-after-end,-partial": {"date-order"},
        "later-this-month": {"future-date"},
        "out-of-order-after-a-bad-row": {"type-error", "row-order"},
        "visit-graded-in-an-allowed-area": {"judgement-on-visit"},
    }


def _key(finding) -> str:
    return json.dumps(finding.to_dict(), sort_keys=True)


def test_no_selector_hides_a_finding(packages, monkeypatch):
    """The columnar engine with its selectors and with none (every clean row goes to each
    check) reports the same: each selector picks a superset of what its check faults.

    One run without any selector stands for one run per rule: a selector can only take
    rows away from its own rule's check, so a finding it hides is missing from the
    selected run whatever the other rules do; the failure names the rules whose codes differ."""
    selecting = [r for r in registry.RULES if r.select]
    assert selecting
    unselected = tuple(dataclasses.replace(r, select=None) for r in registry.RULES)
    for pkg in packages:
        selected = validate_package(pkg, TODAY, engine="fast")
        monkeypatch.setattr(registry, "RULES", unselected)
        every_row = validate_package(pkg, TODAY, engine="fast")
        monkeypatch.undo()
        if (selected.errors, selected.warnings) != (every_row.errors, every_row.warnings):
            a = {_key(f) for f in [*selected.errors, *selected.warnings]}
            b = {_key(f) for f in [*every_row.errors, *every_row.warnings]}
            codes = {json.loads(k)["code"] for k in a ^ b}
            rules = [r.name for r in selecting if codes & set(r.codes)]
            pytest.fail(f"{pkg.name}: selectors of {rules} change the findings {sorted(codes)}")
