"""One record per local authority: the shape the timeline, the site and the checks on
the exports all read, so that each rule is applied in one place.

A record holds its ``authorities`` row (when there is one) and its inspections oldest
first (``dates.date_key`` of ``dates.inspection_date``, then publication date, then
id). Each inspection holds its judgements per area in the framework's order, merged
by ``grades.same_grade`` (every source and every disagreeing grade kept), its
recommendations in report order and its statements in the order they were said.

Pure functions over ``Report.rows``-style tables. The rows may come from an invalid
package, so nothing here trusts a value: a missing field is ``None``, an unknown enum
value is kept as it is, and an unparseable date sorts last instead of raising.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import cache
from operator import itemgetter
from typing import Callable, Iterable, Mapping, Optional, TypeVar

from civic_accountability.contract.dates import date_key, inspection_date
from civic_accountability.contract.grades import same_grade
from civic_accountability.contract.vocab import (
    FRAMEWORK_AREAS,
    HEADLINE_AREAS,
    UNGRADED_TYPES,
    Addressee,
    Area,
    Grade,
)

Row = Mapping[str, Optional[str]]

#: Sources that speak for Ofsted itself, most direct first: where sources grade an area
#: differently, the best-ranked source's grade leads (as the ``inspection_grades`` view keeps it).
PRIMARY_SOURCE_TYPES = ("inspection_report", "inspection_letter", "official_statistics")
_SOURCE_RANK = {kind: i for i, kind in enumerate(PRIMARY_SOURCE_TYPES)}
_GRADES = tuple(g.value for g in Grade)
_UNGRADED = frozenset(t.value for t in UNGRADED_TYPES)
_ADDRESSEES = tuple(a.value for a in Addressee)  # the council's list before the safeguarding board's
_AREA_ORDER = {a.value: i for i, a in enumerate(Area)}
_FRAMEWORK_AREAS = {f.value: tuple(a.value for a in areas) for f, areas in FRAMEWORK_AREAS.items()}
_HEADLINE = {f.value: tuple(a.value for a in areas) for f, areas in HEADLINE_AREAS.items()}


def natural_key(text: Optional[str]) -> tuple:
    """``q2`` before ``q10``: identifiers compared number by number."""
    return tuple(
        (0, int(part), "") if part[0] in "0123456789" else (1, 0, part)
        for part in re.split(r"([0-9]+)", text or "")
        if part
    )


def own_words(grade: Optional[str], framework: Optional[str]) -> Optional[str]:
    """A grade in its framework's own words: the old frameworks' third grade was "adequate"
    (Ofsted's statistics now print it as requires improvement; ``grades.same_grade`` says they are one)."""
    if grade == "requires_improvement" and same_grade(grade, "adequate", framework):
        return "adequate"
    return grade


def headline_areas(framework: Optional[str]) -> tuple[str, ...]:
    """The judgement(s) that sum an inspection up (``vocab.HEADLINE_AREAS``; overall
    effectiveness for a framework the contract does not know)."""
    return _HEADLINE.get(framework or "", ("overall_effectiveness",))


# --- the record's parts -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """A ``sources`` row; ``listed`` is False for an id cited but absent from the table."""

    source_id: Optional[str] = None
    source_type: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    author: Optional[str] = None
    published_date: Optional[str] = None
    url: Optional[str] = None
    sha256: Optional[str] = None
    listed: bool = True
    #: Whose word leads where sources differ: Ofsted's report, letter, statistics, then others
    #: (ties by id). Worked out once: every judgement is sorted by it.
    rank: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", (_SOURCE_RANK.get(self.source_type, len(_SOURCE_RANK)), self.source_id or ""))


@dataclass(frozen=True, slots=True)
class Judgement:
    """A ``judgements`` row and the source it cites."""

    judgement_id: Optional[str]
    inspection_id: Optional[str]
    area: Optional[str]
    grade: Optional[str]
    source_id: Optional[str]
    source: Source


@dataclass(frozen=True, slots=True)
class GradeGroup:
    """The rows of one area that state one judgement (``grades.same_grade``), best source first.
    ``grade`` is the best source's grade as written; another row may spell it differently."""

    grade: Optional[str]
    judgements: tuple[Judgement, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(j.source for j in self.judgements)


@dataclass(frozen=True, slots=True)
class AreaGrades:
    """One area's judgement at one inspection: the groups of agreeing sources, the one
    whose best source ranks highest first; more than one group means the sources disagree."""

    area: Optional[str]
    groups: tuple[GradeGroup, ...]

    @property
    def grade(self) -> Optional[str]:
        return self.groups[0].grade

    @property
    def disputed(self) -> bool:
        return len(self.groups) > 1

    @property
    def judgements(self) -> tuple[Judgement, ...]:
        return tuple(j for g in self.groups for j in g.judgements)


@dataclass(frozen=True, slots=True)
class Recommendation:
    recommendation_id: Optional[str]
    inspection_id: Optional[str]
    addressee: Optional[str]
    position: Optional[str]
    section: Optional[str]
    text: Optional[str]
    source_id: Optional[str]
    source: Source

    @property
    def number(self) -> Optional[int]:
        """The position as a number; None when it is not one."""
        try:
            return int(self.position)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class Statement:
    statement_id: Optional[str]
    inspection_id: Optional[str]
    speaker: Optional[str]
    speaker_role: Optional[str]
    speaker_organisation: Optional[str]
    speaker_party: Optional[str]
    statement_date: Optional[str]
    quote: Optional[str]
    source_id: Optional[str]
    source: Source

    @property
    def said(self) -> Optional[str]:
        """When it was said: its own date, else its source's publication date."""
        return self.statement_date or self.source.published_date


@dataclass(frozen=True, slots=True)
class Inspection:
    inspection_id: Optional[str]
    local_authority: Optional[str]
    la_code: Optional[str]
    framework: Optional[str]
    inspection_type: Optional[str]
    start_date: Optional[str]
    end_date: Optional[str]
    published_date: Optional[str]
    lead_inspector: Optional[str]
    visit_theme: Optional[str]
    source_id: Optional[str]
    authority_id: Optional[str]
    source: Source
    grades: tuple[AreaGrades, ...] = ()  # the framework's order of areas
    recommendations: tuple[Recommendation, ...] = ()  # report order
    statements: tuple[Statement, ...] = ()  # said order

    @property
    def date(self) -> Optional[str]:
        """The date it is placed at: ``dates.inspection_date``."""
        return inspection_date(
            {"start_date": self.start_date, "end_date": self.end_date, "published_date": self.published_date}
        )

    @property
    def graded(self) -> bool:
        return bool(self.grades)

    @property
    def is_visit(self) -> bool:
        return self.inspection_type in _UNGRADED

    def area(self, name: str) -> Optional[AreaGrades]:
        return next((g for g in self.grades if g.area == name), None)

    @property
    def headline(self) -> tuple[AreaGrades, ...]:
        """The judgement(s) that sum it up, in ``headline_areas`` order."""
        return tuple(g for area in headline_areas(self.framework) for g in self.grades if g.area == area)


@dataclass(frozen=True, slots=True)
class Authority:
    """An ``authorities`` row."""

    authority_id: Optional[str]
    name: Optional[str]
    other_names: Optional[str]
    la_code: Optional[str]
    la_number: Optional[str]
    region: Optional[str]
    status: Optional[str]
    created_date: Optional[str]
    abolished_date: Optional[str]
    predecessors: Optional[str]
    successors: Optional[str]
    ofsted_url: Optional[str]
    source_id: Optional[str]
    change_source_id: Optional[str]

    @property
    def names(self) -> tuple[str, ...]:
        """Its name and every other name it went by."""
        others = [n.strip() for n in (self.other_names or "").split(";")]
        return tuple(n for n in [self.name or "", *others] if n)


@dataclass(frozen=True, slots=True)
class AuthorityRecord:
    """One authority's whole record, inspections oldest first."""

    key: str  # authority_id, else la_code, else "name:<local_authority>" for an authority without either
    name: str  # the authorities row's, else the name on its latest inspection
    la_code: Optional[str]  # the authorities row's, else the latest inspection's
    inspections: tuple[Inspection, ...]
    authority: Optional[Authority] = None  # its authorities row, when the table has one

    @property
    def authority_id(self) -> Optional[str]:
        return self.authority.authority_id if self.authority else None

    @property
    def former(self) -> bool:
        """No longer exists: the authorities table says so, or it has no GSS code."""
        return (self.authority is not None and self.authority.status == "former") or not self.la_code

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it is known by: the table's, then those its inspections are recorded under."""
        own = self.authority.names if self.authority else (self.name,)
        rows = [i.local_authority for i in reversed(self.inspections) if i.local_authority]
        return tuple(dict.fromkeys([*own, *rows]))

    @property
    def latest_graded(self) -> Optional[Inspection]:
        return next((i for i in reversed(self.inspections) if i.graded), None)

    @property
    def picture(self):
        """Its current picture (``dataset.picture``): what "now" means everywhere."""
        from civic_accountability.dataset.picture import picture

        return picture(self)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the record cites, by id."""
        cited: dict[str, Source] = {}
        for i in self.inspections:
            parts = [
                i.source,
                *(j.source for g in i.grades for j in g.judgements),
                *(r.source for r in i.recommendations),
                *(s.source for s in i.statements),
            ]
            for source in parts:
                if source.source_id:
                    cited.setdefault(source.source_id, source)
        return tuple(cited[k] for k in sorted(cited, key=natural_key))


# --- building ---------------------------------------------------------------------------------

T = TypeVar("T")


def _value(row: Row, column: str) -> Optional[str]:
    return row.get(column) or None


@cache
def _columns(cls: type) -> tuple[tuple[str, ...], Callable[[Row], tuple]]:
    """The fields of a record part that hold a column (the text-valued ones, first in
    every part), and a getter of those columns from a row that has them all."""
    names = tuple(f.name for f in fields(cls) if f.type == "Optional[str]")
    return names, itemgetter(*names)


def _from_row(cls: type[T], row: Row, **extra) -> T:
    """A dataclass from a row: each of its columns as read, None when empty or absent."""
    names, getter = _columns(cls)
    try:
        values = getter(row)  # a row read from the package has every column
    except (KeyError, TypeError):
        values = tuple(row.get(name) for name in names)
    if "" in values:
        values = tuple(v or None for v in values)
    return cls(*values, **extra)


def _area_key(area: Optional[str], framework: Optional[str]) -> tuple:
    order = _FRAMEWORK_AREAS.get(framework or "", ())
    if area in order:
        return (0, order.index(area), "")
    return (1, _AREA_ORDER.get(area or "", len(_AREA_ORDER)), area or "")


def area_grades(judgements: Iterable[Judgement], framework: Optional[str]) -> tuple[AreaGrades, ...]:
    """Judgement rows per area in the framework's order, merged where ``grades.same_grade``
    says two grades are one judgement. The group whose best source ranks highest leads
    (ties: the larger group, then the better grade); rows within a group best source first."""
    by_area: dict[Optional[str], list[Judgement]] = {}
    for j in judgements:
        by_area.setdefault(j.area, []).append(j)
    out = []
    for area in sorted(by_area, key=lambda a: _area_key(a, framework)):
        groups: list[list[Judgement]] = []
        for j in sorted(by_area[area], key=_source_rank):
            for group in groups:
                if same_grade(group[0].grade, j.grade, framework):  # type: ignore[arg-type]
                    group.append(j)
                    break
            else:
                groups.append([j])
        if len(groups) > 1:
            groups.sort(
                key=lambda g: (g[0].source.rank, -len(g), _GRADES.index(g[0].grade) if g[0].grade in _GRADES else 99)
            )
        out.append(AreaGrades(area, tuple(GradeGroup(g[0].grade, tuple(g)) for g in groups)))
    return tuple(out)


def _source_rank(j: Judgement) -> tuple:
    return j.source.rank


def recommendation_order(r: Recommendation) -> tuple:
    """Report order: each addressee's list (the council's before the safeguarding board's),
    by position (a non-number last), then identifier (as text, as every id tie-break here)."""
    addressee = r.addressee or ""
    rank = _ADDRESSEES.index(addressee) if addressee in _ADDRESSEES else len(_ADDRESSEES)
    number = r.number
    return (rank, addressee, number is None, number or 0, r.recommendation_id or "")


def statement_order(s: Statement) -> tuple:
    """Said order: the statement's date, else its source's; then source and id."""
    return (date_key(s.said), s.source_id or "", s.statement_id or "")


def inspection_order(i: Inspection) -> tuple:
    """The one inspection order: ``dates.inspection_date``, then publication date, then id
    (as text, as SQL and the site's ``sort`` compare it)."""
    return (date_key(i.date), date_key(i.published_date), i.inspection_id or "")


def _by_inspection(rows: Iterable[Row]) -> dict[Optional[str], list[Row]]:
    out: dict[Optional[str], list[Row]] = defaultdict(list)
    for row in rows:
        out[_value(row, "inspection_id")].append(row)
    return out


def _by_key(cls: type[T], rows: Optional[Iterable[Row]], key: str) -> dict[str, T]:
    """A table's rows as ``cls`` by their key (the first row of a repeated key; none without one)."""
    out: dict[str, T] = {}
    for row in rows or ():
        value = _value(row, key)
        if value:
            out.setdefault(value, _from_row(cls, row))
    return out


def read_sources(tables: Mapping[str, Iterable[Row]]) -> dict[str, Source]:
    """The sources table by id."""
    return _by_key(Source, tables.get("sources"), "source_id")


def read_authorities(tables: Mapping[str, Iterable[Row]]) -> dict[str, Authority]:
    """The authorities table by id."""
    return _by_key(Authority, tables.get("authorities"), "authority_id")


def build_records(tables: Mapping[str, Iterable[Row]]) -> tuple[AuthorityRecord, ...]:
    """Every authority's record, by name. ``tables``: table → rows (``{column: str | None}``).

    An inspection belongs to the authority its ``authority_id`` names, else the one whose
    ``la_code`` it shares, else the one whose name or other name it carries (all from the
    ``authorities`` table); failing those it makes a record of its own, keyed by its GSS
    code or, without one, its name.
    """
    sources = read_sources(tables)

    def source_of(source_id: Optional[str]) -> Source:
        return sources.get(source_id or "") or Source(source_id=source_id, listed=False)

    authorities = read_authorities(tables)
    by_code = {a.la_code: aid for aid, a in authorities.items() if a.la_code}
    by_name: dict[str, str] = {}
    for aid, a in authorities.items():
        for name in a.names:
            by_name.setdefault(name.casefold(), aid)

    judgements = _by_inspection(tables.get("judgements", ()) or ())
    recommendations = _by_inspection(tables.get("recommendations", ()) or ())
    statements = _by_inspection(tables.get("statements", ()) or ())

    grouped: dict[str, list[Inspection]] = defaultdict(list)
    for row in tables.get("inspections", ()) or ():
        iid, framework = _value(row, "inspection_id"), _value(row, "framework")
        made = [_from_row(Judgement, r, source=source_of(_value(r, "source_id"))) for r in judgements.get(iid, ())]
        recs = sorted(
            (
                _from_row(Recommendation, r, source=source_of(_value(r, "source_id")))
                for r in recommendations.get(iid, ())
            ),
            key=recommendation_order,
        )
        said = sorted(
            (_from_row(Statement, r, source=source_of(_value(r, "source_id"))) for r in statements.get(iid, ())),
            key=statement_order,
        )
        inspection = _from_row(
            Inspection,
            row,
            source=source_of(_value(row, "source_id")),
            grades=area_grades(made, framework),
            recommendations=tuple(recs),
            statements=tuple(said),
        )
        code, name = inspection.la_code, inspection.local_authority
        aid = next(
            (
                a
                for a in (inspection.authority_id, by_code.get(code or ""), by_name.get((name or "").casefold()))
                if a in authorities
            ),
            None,
        )
        grouped[aid or code or f"name:{name or ''}"].append(inspection)

    records = []
    for key, inspections in grouped.items():
        inspections.sort(key=inspection_order)
        authority = authorities.get(key)
        latest_name = next((i.local_authority for i in reversed(inspections) if i.local_authority), None)
        latest_code = next((i.la_code for i in reversed(inspections) if i.la_code), None)
        if authority is not None:
            name, code = authority.name or latest_name or key, authority.la_code or latest_code
        else:
            name, code = latest_name or key, (None if key.startswith("name:") else key)
        records.append(AuthorityRecord(key, name, code, tuple(inspections), authority))
    records.sort(key=lambda r: (r.name.casefold(), r.key))
    return tuple(records)
