"""What the site shows, assembled from a validated package's rows.

Pure functions: rows in (``Report.rows`` values: ``{column: str | None}``), plain
frozen dataclasses out, in a stable order, so the same data always renders the
same pages. Nothing here reads files or knows about HTML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.contract.vocab import (
    MEANINGS,
    SHORT_LABELS,
    UNGRADED_TYPES,
    Area,
    Framework,
    Grade,
    SourceType,
    label,
)
from civic_accountability.dataset.authority import (
    AreaGrades,
    AuthorityRecord,
    Inspection,
    Source,
    build_records,
    headline_areas,
    own_words,
    read_authorities,
    read_sources,
)
from civic_accountability.dataset.descriptor import web_link
from civic_accountability.dataset.picture import Picture
from civic_accountability.outputs.dates import long_date as format_date
from civic_accountability.validation.rules import inspection_date

Row = Mapping[str, Optional[str]]

#: Grade order, best first; the index is the chart's rank (adequate shares RI's rung:
#: both are the third of four grades in their frameworks).
GRADES: tuple[str, ...] = tuple(g.value for g in Grade)
#: Every framework's names, from the one label set (a framework added to the contract is named here too).
FRAMEWORK_LABELS: dict[str, str] = {f.value: label(f) for f in Framework}
FRAMEWORK_SHORT: dict[str, str] = {f.value: label(f, short=True) for f in Framework}
ADDRESSEE_LABELS = {
    "local_authority": "To the local authority",
    "lscb": "To the Local Safeguarding Children Board (review of its effectiveness)",
}
_MEANING_PREFIX = re.compile(r"^(SLAC|SIF|ILACS before 2023|ILACS from 2023|ILACS from 2026): ")
_SOURCE_TYPES = {t.value for t in SourceType if t is not SourceType.other}


def grade_label(grade: str) -> str:
    """A grade in words: the contract's label."""
    return label(grade)


def area_label(area: str) -> str:
    """The vocabulary's meaning of an area, without its framework prefix."""
    try:
        meaning = MEANINGS[Area(area)]
    except ValueError:
        return label(area)  # not in the contract (data that failed validation): shown readably
    text = _MEANING_PREFIX.sub("", meaning).rstrip(".")
    return text[:1].upper() + text[1:]


def headline_short(area: str) -> str:
    """How a headline judgement is prefixed where several sum an inspection up (the contract's short label)."""
    try:
        return SHORT_LABELS.get(Area(area), "")
    except ValueError:
        return ""


def source_kinds(types: Iterable[str]) -> list[str]:
    """The source types present, in the order the sources page lists them: official
    statistics first (they cover every council), then the contract's order, then any
    type the contract does not know (data that failed validation), so none is hidden."""
    known = sorted((t.value for t in SourceType), key=lambda t: t != SourceType.official_statistics.value)
    present = set(types)
    return [t for t in known if t in present] + sorted(present - set(known))


def type_label(inspection_type: str) -> str:
    """An inspection type in words: the contract's label ("Re-inspection")."""
    return label(inspection_type)


@dataclass(frozen=True, slots=True)
class SourceRef:
    source_id: str
    source_type: str
    title: str
    publisher: str
    published_date: str
    url: str

    @property
    def kind(self) -> str:
        """What the source is, in words (the contract's label; "document" for any other)."""
        return label(self.source_type).lower() if self.source_type in _SOURCE_TYPES else "document"

    @property
    def name(self) -> str:
        """How the source is named: its title, or what it is, who published it and when."""
        when = format_date(self.published_date)
        if self.title:
            bits = [b for b in (self.publisher, when) if b]
            return f"{self.title} ({', '.join(bits)})" if bits else self.title
        who = f"{self.publisher} " if self.publisher else ""
        text = f"{who}{self.kind}"
        text = text[:1].upper() + text[1:]
        return f"{text}, {when}" if when else f"{text}, date not given in the source"

    @property
    def anchor(self) -> str:
        """The source's entry on the sources page."""
        return f"source-{self.source_id}"

    @property
    def address(self) -> str:
        """The URL without its scheme: how an untitled source is told apart from another."""
        return re.sub(r"^[a-z]+://(www\.)?", "", self.url).rstrip("/") if self.url else ""

    @property
    def statistics(self) -> bool:
        return self.source_type == "official_statistics"


@dataclass(frozen=True, slots=True)
class GradeView:
    """One area's grade for one inspection, with every source that states it."""

    area: str
    grade: str  # the grade shown, in the framework's own words: the primary source's where sources differ
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


@dataclass(frozen=True, slots=True)
class StatementView:
    statement_id: str
    speaker: str
    role: str
    organisation: str
    party: str
    date: str
    quote: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class RecommendationView:
    recommendation_id: str
    text: str
    addressee: str = ""
    section: str = ""
    position: int = 0
    source: Optional[SourceRef] = None


@dataclass(frozen=True, slots=True)
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
    recommendation_rows: tuple[RecommendationView, ...]
    statements: tuple[StatementView, ...]

    @property
    def recommendations(self) -> tuple[str, ...]:
        return tuple(r.text for r in self.recommendation_rows)

    @property
    def recommendation_groups(self) -> tuple[tuple[str, tuple[tuple[str, tuple[RecommendationView, ...]], ...]], ...]:
        """(addressee label, ((section, recommendations), ...)) in report order."""
        out: list[tuple[str, list[tuple[str, list[RecommendationView]]]]] = []
        for rec in self.recommendation_rows:
            heading = ADDRESSEE_LABELS.get(rec.addressee, label(rec.addressee))
            if not out or out[-1][0] != heading:
                out.append((heading, []))
            sections = out[-1][1]
            if not sections or sections[-1][0] != rec.section:
                sections.append((rec.section, []))
            sections[-1][1].append(rec)
        return tuple((heading, tuple((sec, tuple(recs)) for sec, recs in sections)) for heading, sections in out)

    @property
    def recommendation_sources(self) -> tuple[SourceRef, ...]:
        seen: dict[str, SourceRef] = {}
        for r in self.recommendation_rows:
            ref = r.source or self.source
            seen.setdefault(ref.source_id, ref)
        return tuple(seen.values())

    @property
    def statement_groups(self) -> tuple[tuple[SourceRef, tuple[StatementView, ...]], ...]:
        """Quotes grouped by the source that reports them, oldest source first."""
        groups: dict[str, list[StatementView]] = {}
        for s in self.statements:
            groups.setdefault(s.source.source_id, []).append(s)
        ordered = sorted(groups.values(), key=lambda g: (g[0].source.published_date or "9999", g[0].source.source_id))
        return tuple((g[0].source, tuple(g)) for g in ordered)

    @property
    def date(self) -> str:
        """The date the inspection is placed at: the rules' one choice (``rules.inspection_date``)."""
        return (
            inspection_date(
                {"start_date": self.start_date, "end_date": self.end_date, "published_date": self.published_date}
            )
            or ""
        )

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
    def headline_text(self) -> str:
        """The headline grade(s) in words: 'Inadequate', 'Safeguarding: Adequate; Looked after children: Good'."""
        heads = self.headline
        if len(heads) == 1:
            return heads[0].label
        return "; ".join(f"{headline_short(g.area) or g.area_label}: {g.label}" for g in heads)

    @property
    def title(self) -> str:
        return f"{type_label(self.inspection_type)}, {FRAMEWORK_SHORT.get(self.framework, self.framework)}"

    @property
    def framework_label(self) -> str:
        return FRAMEWORK_LABELS.get(self.framework, self.framework)


@dataclass(frozen=True, slots=True)
class AuthorityLink:
    """Another authority named on a page (a predecessor or successor)."""

    slug: str  # empty when the site has no page for it
    name: str


@dataclass(frozen=True, slots=True)
class AuthorityView:
    key: str  # authority_id, else la_code, or "name:<local_authority>" for an authority without one
    name: str
    la_code: str
    slug: str
    region: str
    inspections: tuple[InspectionView, ...]  # oldest first

    former: bool = False  # the authorities table says it no longer exists
    created_date: str = ""
    abolished_date: str = ""
    predecessors: tuple[AuthorityLink, ...] = ()
    successors: tuple[AuthorityLink, ...] = ()
    ofsted_url: str = ""  # its page on Ofsted's reports site, where the data gives one
    other_names: str = ""
    record: Optional[AuthorityRecord] = field(default=None, compare=False, repr=False)  # what it shows

    @property
    def current(self) -> bool:
        """Still exists: has an ONS code and the authorities table does not mark it former."""
        return bool(self.la_code) and not self.former

    @property
    def picture(self) -> Optional[Picture]:
        """Its current picture (``dataset.picture``: the ``current_picture`` view's rule)."""
        return self.record.picture if self.record is not None else None

    @property
    def graded_inspections(self) -> tuple[InspectionView, ...]:
        return tuple(i for i in self.inspections if i.graded)

    @property
    def latest_graded(self) -> Optional[InspectionView]:
        graded = self.graded_inspections
        return graded[-1] if graded else None

    @property
    def previous_graded(self) -> Optional[InspectionView]:
        graded = [i for i in self.graded_inspections if i.headline]
        return graded[-2] if len(graded) > 1 else None

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
        return tuple(i for i in self.inspections[index + 1 :] if not i.graded)

    @property
    def recommendation_count(self) -> int:
        return sum(len(i.recommendation_rows) for i in self.inspections)

    @property
    def statement_count(self) -> int:
        return sum(len(i.statements) for i in self.inspections)

    @property
    def summary(self) -> str:
        """One sentence a reader can take in at a glance: the grade now and since when,
        visits since, the grade before."""
        latest = self.latest_graded
        if latest is None:
            return f"{self.name} has no graded inspection in the data ({len(self.inspections)} visits)."
        when = format_date(latest.date) or "an undated inspection"
        if latest.headline:
            what = f"{type_label(latest.inspection_type).lower()}, {FRAMEWORK_SHORT.get(latest.framework, latest.framework)}"
            heads = latest.headline
            grade = (
                heads[0].label
                if len(heads) == 1
                else " and ".join(f"{g.label} for {(headline_short(g.area) or g.area_label).lower()}" for g in heads)
            )
            if self.former:
                text = f"Last overall grade: {grade}, {when} ({what})"
            else:
                text = f"Overall grade: {grade} since {when} ({what})"
        else:
            text = f"Last inspected {when} under the {latest.framework_label}"
            p = self.picture
            if p is not None and p.lowest_grade:
                worst = sum(1 for g in latest.grades if g.grade == p.lowest_grade)
                text += f"; its lowest area grade {grade_label(p.lowest_grade)} ({worst} of {len(latest.grades)} areas)"
        visits = self.later_visits
        if visits:
            text += f"; {len(visits)} visit{'s' if len(visits) != 1 else ''} since, the latest {format_date(visits[-1].date) or 'undated'}"
        else:
            text += "; no visits since"
        with_headline = [i for i in self.graded_inspections if i.headline]
        before = self.previous_graded if latest.headline else (with_headline[-1] if with_headline else None)
        if before is not None:
            if not latest.headline:
                text += "; its last overall grade"
            heads = before.headline
            grade = (
                heads[0].label
                if len(heads) == 1
                else " and ".join(f"{g.label} for {(headline_short(g.area) or g.area_label).lower()}" for g in heads)
            )
            text += (
                f"{'' if not latest.headline else '; before that'}, {grade} ({format_date(before.date) or 'undated'})"
            )
        return text + "."


@dataclass(frozen=True, slots=True)
class SiteData:
    authorities: tuple[AuthorityView, ...]  # by name
    sources: tuple[SourceRef, ...]
    has_regions: bool
    row_counts: Mapping[str, int] = field(default_factory=dict)
    #: authority_id → its statistical neighbours' ids, nearest first (``statistical_neighbours``)
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def grades_used(self) -> tuple[str, ...]:
        """The grades that occur in the data, best first: what a legend needs to explain."""
        used = {g.grade for a in self.authorities for i in a.inspections for g in i.grades}
        return tuple(g for g in GRADES if g in used)

    @property
    def as_at(self) -> str:
        """The data's own date: the latest publication date of any source or inspection (never the clock)."""
        dates = [s.published_date for s in self.sources if s.published_date]
        dates += [i.published_date for a in self.authorities for i in a.inspections if i.published_date]
        return max(dates, default="")

    def authority(self, slug: str) -> AuthorityView:
        return next(a for a in self.authorities if a.slug == slug)


def _ref(source: Source) -> SourceRef:
    """A source as pages cite it; one missing from the sources table is named by its id."""
    sid = source.source_id or ""
    if not source.listed:
        return SourceRef(sid, "other", sid, "", "", "")
    # a link only for a web address (the contract's http:// or https://): never javascript:, even with --no-validate
    url = web_link(source.url, ("https", "http"))
    return SourceRef(
        sid, source.source_type or "", source.title or "", source.publisher or "", source.published_date or "", url
    )


def _grade(area: AreaGrades, framework: str, ref) -> GradeView:
    """The record's grouping of an area's sources, shown in the framework's own words."""
    first, *others = area.groups
    return GradeView(
        area.area or "",
        own_words(first.grade, framework) or "",
        tuple(ref(s) for s in first.sources),
        tuple((own_words(g.grade, framework) or "", tuple(ref(s) for s in g.sources)) for g in others),
    )


def _inspection(i: Inspection, ref) -> InspectionView:
    framework = i.framework or ""
    return InspectionView(
        i.inspection_id or "",
        i.local_authority or "",
        i.la_code or "",
        framework,
        i.inspection_type or "",
        i.start_date or "",
        i.end_date or "",
        i.published_date or "",
        i.lead_inspector or "",
        i.visit_theme or "",
        ref(i.source),
        tuple(_grade(a, framework, ref) for a in i.grades),
        tuple(
            RecommendationView(
                r.recommendation_id or "",
                r.text or "",
                r.addressee or "",
                r.section or "",
                10**6 if r.number is None else r.number,
                ref(r.source),
            )
            for r in i.recommendations
        ),
        tuple(
            StatementView(
                s.statement_id or "",
                s.speaker or "",
                s.speaker_role or "",
                s.speaker_organisation or "",
                s.speaker_party or "",
                s.statement_date or "",
                s.quote or "",
                ref(s.source),
            )
            for s in i.statements
        ),
    )


def _ids(text: Optional[str]) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", text or "") if p.strip()]


def slugs_for(records: Iterable[AuthorityRecord]) -> dict[str, str]:
    """record key → its page's slug: its authority id (ids are slugs, stable forever); for an
    authority the table lacks (only with --no-validate), its name's slug, "-former" without a
    code. Authorities with an id or code claim their plain slug first; a clash adds the key."""
    records = list(records)
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for r in sorted(records, key=lambda r: (r.authority is None, r.key.startswith("name:"), r.name.casefold(), r.key)):
        if r.authority is not None:
            base = r.key
        else:
            base = (slugify(r.name) or "authority") + ("-former" if r.key.startswith("name:") else "")
        slug, n = base, 1
        while slug in taken:  # a clash: add the code, then a counter (stable: keys are sorted)
            n += 1
            slug = f"{base}-{slugify(r.key)}" if n == 2 else f"{base}-{slugify(r.key)}-{n}"
        taken.add(slug)
        slugs[r.key] = slug
    return slugs


def assemble(tables: Mapping[str, list[Row]]) -> SiteData:
    """The site's views of every authority's record (``dataset.authority``: the grouping,
    orders and grade-merging all live there), in a stable order.

    Name, region, status, dates, predecessors, successors and Ofsted page come from the
    ``authorities`` table; an authority it lacks (only possible with --no-validate) is
    shown under its own name, with no region, and as former when it has no code.
    """
    records = build_records(tables)
    authorities = read_authorities(tables)
    refs: dict[tuple, SourceRef] = {}

    def ref(source: Source) -> SourceRef:
        key = (source.source_id, source.listed)
        if key not in refs:
            refs[key] = _ref(source)
        return refs[key]

    slugs = slugs_for(records)
    names = {aid: a.name or aid for aid, a in authorities.items()}

    def links(ids: Optional[str]) -> tuple[AuthorityLink, ...]:
        return tuple(AuthorityLink(slugs.get(i, ""), names.get(i, i)) for i in _ids(ids))

    views = []
    for r in records:
        a = r.authority
        views.append(
            AuthorityView(
                r.key,
                r.name,
                r.la_code or "",
                slugs[r.key],
                (a.region if a else None) or "",
                tuple(_inspection(i, ref) for i in r.inspections),
                former=r.former,
                created_date=(a.created_date if a else None) or "",
                abolished_date=(a.abolished_date if a else None) or "",
                predecessors=links(a.predecessors) if a else (),
                successors=links(a.successors) if a else (),
                ofsted_url=web_link(a.ofsted_url if a else None),
                other_names=(a.other_names if a else None) or "",
                record=r,
            )
        )
    views.sort(key=lambda v: (v.name.casefold(), v.slug))
    return SiteData(
        tuple(views),
        tuple(ref(s) for _, s in sorted(read_sources(tables).items())),
        has_regions=any(v.region for v in views),
        neighbours=read_neighbours(tables),
    )


def read_neighbours(tables: Mapping[str, list[Row]]) -> dict[str, tuple[str, ...]]:
    """authority_id → its neighbours' ids by rank (a rank that is not a number sorts last)."""
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in tables.get("statistical_neighbours") or ():
        aid, other = row.get("authority_id"), row.get("neighbour_authority_id")
        if aid and other:
            rank = row.get("rank") or ""
            ranked[aid].append((int(rank) if rank.isdigit() else 10**6, other))
    return {aid: tuple(other for _, other in sorted(pairs)) for aid, pairs in sorted(ranked.items())}


def grade_counts(data: SiteData) -> dict[tuple[str, str], dict[int, dict[str, int]]]:
    """(framework, headline area) → year → grade → number of inspections.

    Year of publication where known (the statistics give publication dates for
    every inspection), else of the inspection itself.
    """
    counts: dict[tuple[str, str], dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
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
    "AuthorityLink",
    "AuthorityView",
    "GradeView",
    "RecommendationView",
    "InspectionView",
    "SiteData",
    "SourceRef",
    "StatementView",
    "assemble",
    "area_label",
    "format_date",
    "grade_counts",
    "grade_label",
    "slugify",
    "slugs_for",
]
