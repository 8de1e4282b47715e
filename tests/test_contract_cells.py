"""The models and the validator accept exactly the same cell text, column by column.

The validator checks cells from the generated cell specs; the importer (and anyone
using the package as a library) checks rows with the Pydantic models. If the two ever
disagreed, data the importer wrote could fail CI, or CI could pass data the models
refuse. Each example puts one cell into an otherwise valid row from the bundled data
and asks both whether that cell is acceptable.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from civic_accountability.contract.models import MODELS_BY_TABLE
from civic_accountability.contract.specs import table_specs
from civic_accountability.validation.cells import row_checker

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [(spec, col) for spec in table_specs() for col in spec.columns]
#: Characters that have fooled one regex engine or another: Python's \s takes U+001C-U+001F
#: and Rust's does not; $ allows a final newline; U+0085, U+2028 and NBSP are Unicode spaces.
TRICKY = [
    "",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x00",
    "\x7f",
    "\x85",
    "\xa0",
    "\u1680",
    "\u180e",
    "\u2000",
    "\u200b",
    "\u2028",
    "\u2029",
    "\u3000",
    "\ufeff",
    "_",
    ".",
    "0",
]
#: What a CSV cell can hold: any text but lone surrogates (UTF-8 decoding never makes one).
CELL_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def _first_row(table: str) -> dict[str, str]:
    with open(ROOT / "data" / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return next(csv.DictReader(fh))


BASE_ROWS = {spec.name: _first_row(spec.name) for spec in table_specs()}


def model_accepts(table: str, column: str, text: str) -> bool:
    """True when the model raises nothing about ``column`` (row rules, e.g. date order, are not cell checks)."""
    row = {**BASE_ROWS[table], column: text}
    try:
        MODELS_BY_TABLE[table].model_validate(row)
    except ValidationError as exc:
        return not any(err["loc"][:1] == (column,) for err in exc.errors())
    return True


CHECKERS = {spec.name: row_checker(spec) for spec in table_specs()}


def validator_accepts(table: str, column: str, text: str) -> bool:
    spec = next(s for s in table_specs() if s.name == table)
    row = {**BASE_ROWS[table], column: text}
    _, errors = CHECKERS[table](2, [row[name] for name in spec.column_names])
    return not any(e.field == column for e in errors)


def cell_texts(col) -> st.SearchStrategy[str]:
    """Text aimed at the column's own rules, plus those values nudged by one tricky character."""
    aimed: list[st.SearchStrategy[str]] = [CELL_TEXT, st.sampled_from(TRICKY)]
    if col.enum:
        aimed.append(st.sampled_from(col.enum))
        aimed.append(st.sampled_from(col.enum).map(str.upper))
    if col.pattern:
        aimed.append(st.from_regex(col.pattern, fullmatch=True).map(lambda s: s[:300]))
    if col.type == "integer":
        numbers = st.integers(min_value=-5, max_value=1005) | st.integers()
        aimed.append(numbers.map(str))
        aimed.append(numbers.map(lambda n: f"{n:_}" if abs(n) >= 1000 else f"{n}.0"))
        aimed.append(st.sampled_from(["+5", "05", "٥", "５", "1e2", "0x10", "1_000", "5.0", " 5", "9" * 5000]))
    if col.max_length:
        n = col.max_length
        aimed.append(st.integers(n - 1, n + 1).map(lambda k: "a" + "b" * (k - 2) + "c" if k > 1 else "a"))
    if col.is_partial_date:
        aimed.append(
            st.tuples(st.integers(0, 2999), st.integers(0, 13), st.integers(0, 32)).map(
                lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
            )
        )
        aimed.append(st.sampled_from(["0000", "0000-01", "0000-01-01", "0001", "0099-12-31"]))
    base = st.one_of(aimed)
    nudged = st.tuples(base, st.sampled_from(TRICKY), st.booleans()).map(lambda t: t[1] + t[0] if t[2] else t[0] + t[1])
    return base | nudged


@pytest.mark.parametrize("spec,col", COLUMNS, ids=[f"{s.name}.{c.name}" for s, c in COLUMNS])
def test_model_and_validator_accept_the_same_cells(spec, col):
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cell_texts(col))
    def same_verdict(text):
        assert model_accepts(spec.name, col.name, text) == validator_accepts(spec.name, col.name, text), repr(text)

    same_verdict()


@pytest.mark.parametrize(
    "table,column,text",
    [
        ("recommendations", "position", " 5"),
        ("recommendations", "position", "5 "),
        ("recommendations", "position", "1_000"),
        ("recommendations", "position", "5.0"),
        ("recommendations", "position", "٥"),
        ("recommendations", "position", "9" * 5000),
        ("statements", "speaker", "Ofsted\x1f"),
        ("statements", "speaker", "Ofsted\n"),
        ("inspections", "inspection_id", "swindon-2023\n"),
        ("inspections", "start_date", "2023-02-30"),
        ("inspections", "start_date", "0000"),  # no year 0000 (Hypothesis found the old pattern took it)
        ("inspections", "end_date", "0000-01"),
        ("statements", "statement_date", "0000-01-01"),
        ("judgements", "grade", "Good"),
    ],
)
def test_both_refuse_what_the_old_models_let_through(table, column, text):
    assert not validator_accepts(table, column, text)
    assert not model_accepts(table, column, text)


def test_both_accept_a_signed_number_and_an_empty_optional_cell():
    assert model_accepts("recommendations", "position", "+5") and validator_accepts("recommendations", "position", "+5")
    assert model_accepts("statements", "speaker_role", "") and validator_accepts("statements", "speaker_role", "")
    assert not model_accepts("statements", "speaker", "") and not validator_accepts("statements", "speaker", "")


def test_a_model_reads_a_csv_row_as_it_stands():
    row = MODELS_BY_TABLE["recommendations"].model_validate(BASE_ROWS["recommendations"])
    assert row.position == int(BASE_ROWS["recommendations"]["position"])
