"""What the site shows, assembled from a validated package's rows.

Pure functions: rows in (``Report.rows`` values: ``{column: str | None}``), plain
frozen dataclasses out, in a stable order, so the same data always renders the
same pages. Nothing here reads files or knows about HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from civic_accountability.contract.vocab import (
    FRAMEWORK_AREAS, MEANINGS, UNGRADED_TYPES, Area, Framework, Grade, label)

Row = Mapping[str, Optional[str]]

#: Grade order, best first; the index is the chart's rank (adequate shares RI's rung:
#: both are the third of four grades in their frameworks).
GRADES: tuple[str, ...] = tuple(g.value for g in Grade)
GRADE_LABELS: dict[str, str] = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
}
#: Every framework's names, from the one label set (a framework added to the contract is named here too).
FRAMEWORK_LABELS: dict[str, str] = {f.value: label(f) for f in Framework}
FRAMEWORK_SHORT: dict[str, str] = {f.value: label(f, short=True) for f in Framework}
#: The judgement(s) that sum an inspection up: what the home page and charts show.
HEADLINE_AREAS: dict[str, tuple[str, ...]] = {
    "slac": ("safeguarding_overall", "looked_after_children_overall"),
}
DEFAULT_HEADLINE = ("overall_effectiveness",)
#: How a headline judgement is prefixed where several sum an inspection up.
HEADLINE_SHORT: dict[str, str] = {"safeguarding_overall": "Safeguarding", "looked_after_children_overall": "Looked after children"}
#: Sources that speak for Ofsted itself: their grade is shown first when sources differ.
PRIMARY_SOURCE_TYPES = ("inspection_report", "inspection_letter", "official_statistics")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MEANING_PREFIX = re.compile(r"^(SLAC|SIF|ILACS before 2023|ILACS from 2023): ")


def grade_label(grade: str) -> str:
    return GRADE_LABELS.get(grade, grade.replace("_", " ").capitalize())


def area_label(area: str) -> str:
    """The vocabulary's meaning of an area, without its framework prefix."""
    try:
        meaning = MEANINGS[Area(area)]
    except ValueError:
        return area.replace("_", " ").capitalize()
    label = _MEANING_PREFIX.sub("", meaning).rstrip(".")
    return label[:1].upper() + label[1:]


def headline_short(area: str) -> str:
    return HEADLINE_SHORT.get(area, "")


def type_label(inspection_type: str) -> str:
    return inspection_type.replace("_", " ").capitalize()


def headline_areas(framework: str) -> tuple[str, ...]:
    return HEADLINE_AREAS.get(framework, DEFAULT_HEADLINE)


def format_date(value: Optional[str]) -> str:
    """A partial ISO date as people write it: '17 July 2023', 'July 2023', '2023'."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("&", " and ")).strip("-") or "authority"


@dataclass(frozen=True)
class SourceRef:
    source_id: str
    source_type: str
    title: str
    publisher: str
    published_date: str
    url: str

    @property
    def name(self) -> str:
        """How the source is named when there is no link (or beside one)."""
        if self.title:
            bits = [b for b in (self.publisher, format_date(self.published_date)) if b]
            return f"{self.title} ({', '.join(bits)})" if bits else self.title
        kind = self.source_type.replace("_", " ").capitalize()
        if self.publisher:
            kind += f" in {self.publisher}" if self.source_type == "news_article" else f" by {self.publisher}"
        return f"{kind}, {format_date(self.published_date)}" if self.published_date else f"{kind} (undated)"


@dataclass(frozen=True)
class GradeView:
    """One area's grade for one inspection, with every source that states it."""

    area: str
    grade: str  # the grade shown: the primary source's where sources differ
    sources: tuple[SourceRef, ...]
    other_grades: tuple[tuple[str, tuple[SourceRef, ...]], ...] = ()  # sources that disagree

    @property
    def label(self) -> str:
        return grade_label(self.grade)

    @property
    def area_label(self) -> str:
        return area_label(self.area)

    @property
    def disputed(self) -> bool:
        return bool(self.other_grades)


@dataclass(frozen=True)
class StatementView:
    statement_id: str
    speaker: str
    role: str
    organisation: str
    party: str
    date: str
    quote: str
    source: SourceRef


@dataclass(frozen=True)
class InspectionView:
    inspection_id: str
    local_authority: str
    la_code: str
    framework: str
    inspection_type: str
    start_date: str
    end_date: str
    published_date: str
    lead_inspector: str
    visit_theme: str
    source: SourceRef
    grades: tuple[GradeView, ...]
    recommendations: tuple[str, ...]
    statements: tuple[StatementView, ...]

    @property
    def date(self) -> str:
        """The date the inspection is placed at: on site if known, else published."""
        return self.start_date or self.published_date or self.end_date

    @property
    def year(self) -> Optional[int]:
        return int(self.date[:4]) if self.date else None

    @property
    def graded(self) -> bool:
        return bool(self.grades)

    @property
    def is_visit(self) -> bool:
        return self.inspection_type in {t.value for t in UNGRADED_TYPES}

    @property
    def headline(self) -> tuple[GradeView, ...]:
        wanted = headline_areas(self.framework)
        return tuple(g for a in wanted for g in self.grades if g.area == a)

    @property
    def title(self) -> str:
        return f"{type_label(self.inspection_type)}, {FRAMEWORK_SHORT.get(self.framework, self.framework)}"

    @property
    def framework_label(self) -> str:
        return FRAMEWORK_LABELS.get(self.framework, self.framework)


@dataclass(frozen=True)
class AuthorityView:
    key: str  # la_code, or "name:<local_authority>" for an authority without one
    name: str
    la_code: str
    slug: str
    region: str
    inspections: tuple[InspectionView, ...]  # oldest first

    former: bool = False  # the reference table says it no longer exists

    @property
    def current(self) -> bool:
        """Still exists: has an ONS code and the reference table (if any) does not mark it former."""
        return bool(self.la_code) and not self.former

    @property
    def latest_graded(self) -> Optional[InspectionView]:
        graded = [i for i in self.inspections if i.graded]
        return graded[-1] if graded else None

    @property
    def latest(self) -> Optional[InspectionView]:
        return self.inspections[-1] if self.inspections else None

    @property
    def later_visits(self) -> tuple[InspectionView, ...]:
        """Ungraded visits after the latest graded inspection."""
        latest = self.latest_graded
        if latest is None:
            return tuple(i for i in self.inspections if not i.graded)
        index = self.inspections.index(latest)
        return tuple(i for i in self.inspections[index + 1:] if not i.graded)

    @property
    def recommendation_count(self) -> int:
        return sum(len(i.recommendations) for i in self.inspections)

    @property
    def statement_count(self) -> int:
        return sum(len(i.statements) for i in self.inspections)


@dataclass(frozen=True)
class SiteData:
    authorities: tuple[AuthorityView, ...]  # by name
    sources: tuple[SourceRef, ...]
    has_regions: bool
    row_counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def grades_used(self) -> tuple[str, ...]:
        """The grades that occur in the data, best first: what a legend needs to explain."""
        used = {g.grade for a in self.authorities for i in a.inspections for g in i.grades}
        return tuple(g for g in GRADES if g in used)

    def authority(self, slug: str) -> AuthorityView:
        return next(a for a in self.authorities if a.slug == slug)


def _s(row: Row, column: str) -> str:
    return row.get(column) or ""


def _source(row: Row) -> SourceRef:
    url = _s(row, "url")  # a link only for a web address: never javascript:, even with --no-validate
    return SourceRef(_s(row, "source_id"), _s(row, "source_type"), _s(row, "title"), _s(row, "publisher"),
                     _s(row, "published_date"), url if url.lower().startswith(("https://", "http://")) else "")


def _missing_source(source_id: str) -> SourceRef:
    return SourceRef(source_id, "other", source_id, "", "", "")


def _grades(rows: Iterable[Row], framework: str, sources: Mapping[str, SourceRef]) -> tuple[GradeView, ...]:
    """One GradeView per area in the framework's order; sources that disagree are kept, not hidden."""
    by_area: dict[str, dict[str, list[SourceRef]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        ref = sources.get(_s(row, "source_id")) or _missing_source(_s(row, "source_id"))
        by_area[_s(row, "area")][_s(row, "grade")].append(ref)
    try:
        order = [a.value for a in FRAMEWORK_AREAS[Framework(framework)]]
    except ValueError:
        order = []
    areas = [a for a in order if a in by_area] + sorted(a for a in by_area if a not in order)
    views = []
    for area in areas:
        graded = {g: tuple(sorted(refs, key=_source_rank)) for g, refs in by_area[area].items()}
        ranked = sorted(graded, key=lambda g: (min(_source_rank(r) for r in graded[g]), -len(graded[g]),
                                               GRADES.index(g) if g in GRADES else 99))
        shown, others = ranked[0], ranked[1:]
        views.append(GradeView(area, shown, graded[shown], tuple((g, graded[g]) for g in others)))
    return tuple(views)


def _source_rank(ref: SourceRef) -> tuple:
    primary = ref.source_type in PRIMARY_SOURCE_TYPES
    return (0 if primary else 1, PRIMARY_SOURCE_TYPES.index(ref.source_type) if primary else 0, ref.source_id)


def _position(row: Row) -> int:
    try:
        return int(_s(row, "position"))
    except ValueError:
        return 10**6


def assemble(tables: Mapping[str, list[Row]], regions: Optional[Mapping[str, str]] = None,
             former: frozenset[str] = frozenset()) -> SiteData:
    """Group the five tables by authority and inspection, in a stable order.

    ``regions`` and ``former`` are keyed like authorities: la_code, or
    ``name:<local_authority>`` for one without a code (see ``regions.Reference``).
    """
    regions = regions or {}
    sources = {r["source_id"]: _source(r) for r in tables.get("sources", []) if r.get("source_id")}
    judgements, recommendations, statements = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in tables.get("judgements", []):
        judgements[_s(r, "inspection_id")].append(r)
    for r in tables.get("recommendations", []):
        recommendations[_s(r, "inspection_id")].append(r)
    for r in tables.get("statements", []):
        statements[_s(r, "inspection_id")].append(r)

    by_authority: dict[str, list[InspectionView]] = defaultdict(list)
    names: dict[str, str] = {}
    for r in tables.get("inspections", []):
        iid = _s(r, "inspection_id")
        said = []
        for s in statements[iid]:
            ref = sources.get(_s(s, "source_id")) or _missing_source(_s(s, "source_id"))
            said.append(StatementView(_s(s, "statement_id"), _s(s, "speaker"), _s(s, "speaker_role"),
                                      _s(s, "speaker_organisation"), _s(s, "speaker_party"),
                                      _s(s, "statement_date"), _s(s, "quote"), ref))
        said.sort(key=lambda s: (s.date or s.source.published_date or "9999", s.source.source_id, s.statement_id))
        recs = tuple(_s(x, "text") for x in sorted(recommendations[iid], key=lambda x: (_position(x), _s(x, "recommendation_id"))))
        view = InspectionView(
            iid, _s(r, "local_authority"), _s(r, "la_code"), _s(r, "framework"), _s(r, "inspection_type"),
            _s(r, "start_date"), _s(r, "end_date"), _s(r, "published_date"), _s(r, "lead_inspector"),
            _s(r, "visit_theme"), sources.get(_s(r, "source_id")) or _missing_source(_s(r, "source_id")),
            _grades(judgements[iid], _s(r, "framework"), sources), recs, tuple(said),
        )
        key = view.la_code or f"name:{view.local_authority}"
        by_authority[key].append(view)

    for key, views in by_authority.items():
        views.sort(key=lambda i: (i.date or "0000", i.published_date or "", i.inspection_id))
        # The name on the authority's most recent row: names change (e.g. "Bedford Borough" → "Bedford").
        names[key] = views[-1].local_authority

    authorities = []
    taken: set[str] = set()
    # Authorities with a code claim their plain slug first; one without a code no longer exists.
    for key in sorted(by_authority, key=lambda k: (k.startswith("name:"), names[k].casefold(), k)):
        base = slugify(names[key]) if not key.startswith("name:") else f"{slugify(names[key])}-former"
        slug, n = base, 1
        while slug in taken:  # a clash: add the code, then a counter (stable: keys are sorted)
            n += 1
            slug = f"{base}-{slugify(key)}" if n == 2 else f"{base}-{slugify(key)}-{n}"
        taken.add(slug)
        la_code = "" if key.startswith("name:") else key
        authorities.append(AuthorityView(key, names[key], la_code, slug, regions.get(key, ""),
                                         tuple(by_authority[key]), former=key in former))
    authorities.sort(key=lambda a: (a.name.casefold(), a.slug))
    return SiteData(tuple(authorities), tuple(sorted(sources.values(), key=lambda s: s.source_id)),
                    has_regions=any(a.region for a in authorities))


def grade_counts(data: SiteData) -> dict[tuple[str, str], dict[int, dict[str, int]]]:
    """(framework, headline area) → year → grade → number of inspections.

    Year of publication where known (the statistics give publication dates for
    every inspection), else of the inspection itself.
    """
    counts: dict[tuple[str, str], dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for authority in data.authorities:
        for insp in authority.inspections:
            when = insp.published_date or insp.date
            if not when:
                continue
            for g in insp.headline:
                counts[(insp.framework, g.area)][int(when[:4])][g.grade] += 1
    order = {f.value: i for i, f in enumerate(Framework)}
    def rank(key: tuple[str, str]) -> tuple:
        heads = headline_areas(key[0])
        return (order.get(key[0], 99), heads.index(key[1]) if key[1] in heads else 99, key[1])

    return {k: {y: dict(v[y]) for y in sorted(v)} for k, v in sorted(counts.items(), key=lambda kv: rank(kv[0]))}


__all__ = [
    "AuthorityView", "GradeView", "InspectionView", "SiteData", "SourceRef", "StatementView",
    "assemble", "area_label", "format_date", "grade_counts", "grade_label", "slugify",
]
