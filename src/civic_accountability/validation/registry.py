"""Every meaning rule, once: the ``RULES`` registry that both engines iterate.

A rule names the tables it reads, the codes it may report, its check (a pure function
over a table's clean rows, given the few ``Facts`` it looks up) and, optionally, the name
of a columnar selector in ``fast.selectors``: a polars filter picking the rows that could
break the rule. The row engine gives a check every clean row; the columnar engine gives
it the selected rows (all clean rows when a rule has no selector). The check alone decides
and words each finding, so both engines report the same, and a rule added here runs on
both: it cannot exist in one engine only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Optional, Protocol

from civic_accountability.contract.errors import ValidationError
from civic_accountability.contract.specs import TableSpec
from civic_accountability.validation import derived, rules
from civic_accountability.validation.rules import Row


class Facts(Protocol):
    """What checks look up beyond their own rows; each engine provides it its own way."""

    today: str

    def inspections(self, ids: Set[str]) -> Mapping[str, Mapping[str, Optional[str]]]:
        """Clean inspection rows by id (at least those in ``ids``; a repeated id: the last row)."""

    def archived(self, source_ids: Set[str]) -> Set[str]:
        """The ids among ``source_ids`` with a readable archive/<source_id>.txt."""

    def archive_texts(self, source_ids: Set[str]) -> Mapping[str, str]:
        """``rules.normalise_text`` of each archived text among ``source_ids``."""

    def archive_hashes(self, source_ids: Set[str]) -> Mapping[str, str]:
        """The sha256 (hex) of each archived file among ``source_ids``."""


Check = Callable[[TableSpec, list[Row], Facts], list[ValidationError]]


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    tables: Optional[tuple[str, ...]]  # None: every table
    check: Check
    select: Optional[str] = None  # a function of fast.selectors: (Frame, Context) -> candidate rows

    def applies_to(self, table: str) -> bool:
        return self.tables is None or table in self.tables


def _ids(rows: list[Row], column: str) -> set[str]:
    return {values[column] for _, values in rows}


def _future_dates(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_future_dates(spec.name, rows, rules.DATE_FIELDS[spec.name], facts.today)


def _date_order(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_inspection_dates(spec.name, rows)


def _judgements(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_judgements(rows, facts.inspections(_ids(rows, "inspection_id")))


def _positions(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_recommendation_positions(rows)


def _neighbours(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_neighbours(rows)


def _self_neighbours(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_self_neighbours(rows)


def _quotes(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_quotes(rows, facts.archive_texts(_ids(rows, "source_id")))


def _unverified(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_unverified_quotes(rows, facts.archived(_ids(rows, "source_id")))


def _hashes(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_archive_hashes(rows, facts.archive_hashes(_ids(rows, "source_id")))


def _row_order(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return rules.check_row_order(spec.name, spec.primary_key, rows)


def _theme_vocabulary(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return derived.check_theme_vocabulary(rows)


def _theme_ranks(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return derived.check_theme_ranks(rows)


def _repeat_links(spec: TableSpec, rows: list[Row], facts: Facts) -> list[ValidationError]:
    return derived.check_repeat_links(rows)


RULES: tuple[Rule, ...] = (
    Rule("future-dates", ("future-date",), tuple(rules.DATE_FIELDS), _future_dates, "future_dates"),
    Rule("inspection-dates", ("date-order",), ("inspections",), _date_order, "date_order"),
    Rule(
        "judgements",
        ("judgement-on-visit", "area-not-in-framework", "unique-error", "grade-conflict"),
        ("judgements",),
        _judgements,
        "judgements",
    ),
    Rule("recommendation-positions", ("unique-error",), ("recommendations",), _positions, "positions"),
    Rule("statistical-neighbours", ("unique-error",), ("statistical_neighbours",), _neighbours, "neighbours"),
    Rule("self-neighbours", ("self-neighbour",), ("statistical_neighbours",), _self_neighbours, "self_neighbours"),
    Rule("quotes", ("quote-format", "quote-not-found"), ("statements",), _quotes, "quotes"),
    Rule("unverified-quotes", ("quote-unverified",), ("statements",), _unverified, "unverified_quotes"),
    Rule("archive-hashes", ("sha256-mismatch",), ("sources",), _hashes, "archive_hashes"),
    Rule("theme-vocabulary", ("theme-vocabulary",), ("themes",), _theme_vocabulary, "theme_vocabulary"),
    Rule("theme-ranks", ("theme-rank",), ("recommendation_themes",), _theme_ranks, "theme_ranks"),
    Rule("repeat-links", ("repeat-link",), ("recommendation_repeats",), _repeat_links, "repeat_links"),
    Rule("row-order", ("row-order",), None, _row_order, "row_order"),
)


def run_rules(spec: TableSpec, rows_for: Callable[[Rule], list[Row]], facts: Facts) -> list[ValidationError]:
    """Every rule for ``spec``'s table, each on the rows ``rows_for`` gives it."""
    errors: list[ValidationError] = []
    for rule in RULES:
        if rule.applies_to(spec.name):
            errors += rule.check(spec, rows_for(rule), facts)
    return errors
