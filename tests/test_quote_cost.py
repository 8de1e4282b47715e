"""The quote check at a cost near-linear in statements plus archive size (issue 26, item 4):
its one-pass search gives exactly the answer of one substring search per quote, and both
engines report a long archive's missing quotes alike. The cost itself is measured by
``scripts/bench_hostile.py --costs``, not here."""

from __future__ import annotations

import re

import pytest
from conftest import load_script
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_accountability.validation import rules
from civic_accountability.validation.validate import validate_package

NOW = "2026-12-01"
ENGINES = [
    "rows",
    pytest.param(
        "fast",
        marks=pytest.mark.skipif(__import__("importlib").util.find_spec("polars") is None, reason="needs polars"),
    ),
]

#: Few letters, so needles overlap, nest and repeat as in no real text.
text_of = st.text(alphabet="ab c", max_size=300)


@settings(max_examples=300, deadline=None)
@given(
    text=text_of,
    needles=st.lists(st.text(alphabet="ab c", max_size=8), max_size=20),
    repeats=st.sampled_from([0, 1, 3, 1 << 16]),
)
def test_one_pass_finds_exactly_what_one_search_each_finds(text, needles, repeats):
    old = rules.ONE_PASS_ABOVE, rules.REPEATS_BEFORE_REBUILD, rules.PER_NEEDLE_CHAR
    rules.ONE_PASS_ABOVE, rules.REPEATS_BEFORE_REBUILD, rules.PER_NEEDLE_CHAR = 0, repeats, 0
    try:
        assert rules.found_in(text, needles) == {n for n in needles if n in text}
    finally:
        rules.ONE_PASS_ABOVE, rules.REPEATS_BEFORE_REBUILD, rules.PER_NEEDLE_CHAR = old


def test_a_short_needle_repeated_everywhere_is_dropped_and_the_rest_still_found(monkeypatch):
    monkeypatch.setattr(rules, "ONE_PASS_ABOVE", 0)
    monkeypatch.setattr(rules, "REPEATS_BEFORE_REBUILD", 0)
    monkeypatch.setattr(rules, "PER_NEEDLE_CHAR", 0)
    text = "a" * 10_000 + "needle" + "a" * 10
    assert rules.found_in(text, ["a", "aa", "needle", "aneedlea", "absent"]) == {"a", "aa", "needle", "aneedlea"}


spaces = "".join(ch for ch in map(chr, range(0x3100)) if re.fullmatch(r"\s", ch))


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab.\u2019\u201c\u2014\u00e9") + list(spaces)), max_size=400),
    st.integers(1, 40),
)
def test_a_long_text_is_normalised_as_a_short_one(text, piece):
    from civic_accountability.contract import text as quoted

    expected = quoted._SPACE_RE.sub(" ", text.translate(quoted.QUOTE_MARKS)).strip()
    old = quoted._PIECE
    quoted._PIECE = piece
    try:
        assert quoted.normalise_text(text) == expected
    finally:
        quoted._PIECE = old


@pytest.mark.parametrize("engine", ENGINES)
def test_many_quotes_in_a_long_archive_are_checked_alike_on_both_engines(tmp_path, engine, monkeypatch):
    """A 3 MB archived text cited by 60 statements (``ONE_PASS_ABOVE`` lowered so this
    size takes the one-pass search): exactly the odd ones, whose quotes the text lacks,
    are reported, on each engine."""
    cases = load_script("hostile_cases")
    pkg = cases.long_archive(tmp_path / "pkg", statements=60, text_mb=3)
    monkeypatch.setattr(rules, "ONE_PASS_ABOVE", 1 << 20)
    report = validate_package(pkg, today=NOW, engine=engine)
    missing = [(e.code, e.line) for e in report.errors]
    lines = (pkg / "data" / "statements.csv").read_text().splitlines()
    odd = [n for n, line in enumerate(lines, start=1) if line.startswith("zz-bench-q") and int(line[10:15]) % 2]
    assert len(odd) == 30 and missing == [("quote-not-found", n) for n in odd]
