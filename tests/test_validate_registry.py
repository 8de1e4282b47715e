"""The RULES registry: every rule runs on both engines, and a columnar selector never hides
a finding its rule's check would make on every clean row."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")

from civic_accountability.contract.specs import table_specs  # noqa: E402
from civic_accountability.validation import registry  # noqa: E402
from civic_accountability.validation.errors import CODES  # noqa: E402
from civic_accountability.validation.fast import selectors  # noqa: E402
from civic_accountability.validation.validate import validate_package  # noqa: E402

from conftest import FIXTURES, build_package  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gen_synthetic", ROOT / "scripts" / "gen_synthetic.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("gen_synthetic", gen)
_spec.loader.exec_module(gen)
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


def test_rules_name_known_codes_and_real_selectors():
    names = [rule.name for rule in registry.RULES]
    assert len(names) == len(set(names))
    for rule in registry.RULES:
        assert set(rule.codes) <= set(CODES), rule.name
        assert rule.tables is None or set(rule.tables) <= set(TABLES), rule.name
        if rule.select is not None:
            assert callable(getattr(selectors, rule.select)), rule.name
    used = {rule.select for rule in registry.RULES}
    public = {n for n, f in vars(selectors).items()
              if callable(f) and getattr(f, "__module__", "") == selectors.__name__ and not n.startswith("_")}
    helpers = {"pair_key", "clean_frame", "every_clean_row", "in_repeated_groups"}
    assert public - helpers == used  # no selector without its rule


INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def _packages(planted: Path, tmp_path: Path) -> list[Path]:
    """The planted package and every fixture that builds a readable package."""
    import json

    out = [planted]
    for fixture in INVALID:
        expected = json.loads((fixture / "expected.json").read_text())
        pkg = build_package(tmp_path / fixture.name, fixture, expected.get("resource_paths"))
        for rel in expected.get("remove", []):
            (pkg / rel).unlink()
        out.append(pkg)
    return out


@pytest.mark.parametrize("rule", [r for r in registry.RULES if r.select], ids=lambda r: r.name)
def test_a_selector_never_hides_a_finding(rule, planted, tmp_path, monkeypatch):
    """The columnar engine with this rule's selector and with none (every clean row goes to
    the check) reports the same: the selector picks a superset of what the check faults."""
    for pkg in _packages(planted, tmp_path):
        selected = validate_package(pkg, TODAY, engine="fast")
        monkeypatch.setattr(registry, "RULES", tuple(dataclasses.replace(r, select=None) if r is rule else r
                                                      for r in registry.RULES))
        every_row = validate_package(pkg, TODAY, engine="fast")
        monkeypatch.undo()
        assert (selected.errors, selected.warnings) == (every_row.errors, every_row.warnings), pkg.name
