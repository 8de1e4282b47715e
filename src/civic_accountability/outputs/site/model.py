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
    ADEQUATE_IS_REQUIRES_IMPROVEMENT,
    FRAMEWORK_AREAS,
    MEANINGS,
    UNGRADED_TYPES,
    Area,
    Framework,
    Grade,
    label,
)
from civic_accountability.validation.rules import date_key, inspection_date, same_grade

Row = Mapping[str, Optional[str]]

#: Frameworks whose third grade was "adequate": shown in their own words.
OLD_SCALE: frozenset[str] = frozenset(f.value for f in ADEQUATE_IS_REQUIRES_IMPROVEMENT)

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
    "ilacs_2026": (),  # the 2026 framework gives no overall effectiveness judgement
}
DEFAULT_HEADLINE = ("overall_effectiveness",)
#: How a headline judgement is prefixed where several sum an inspection up.
HEADLINE_SHORT: dict[str, str] = {"safeguarding_overall": "Safeguarding", "looked_after_children_overall": "Looked after children"}
#: Sources that speak for Ofsted itself: their grade is shown first when sources differ.
PRIMARY_SOURCE_TYPES = ("inspection_report", "inspection_letter", "official_statistics")
ADDRESSEE_LABELS = {"local_authority": "To the local authority",
                    "lscb": "To the Local Safeguarding Children Board (review of its effectiveness)"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MEANING_PREFIX = re.compile(r"^(SLAC|SIF|ILACS before 2023|ILACS from 2023|ILACS from 2026): ")


def own_grade(grade: str, framework: str) -> str:
    """A grade in its framework's own words: the old frameworks' third grade was "adequate"
    (Ofsted's statistics now print it as requires improvement; ``rules.same_grade`` says they are one)."""
    if framework in OLD_SCALE and grade == "requires_improvement" and same_grade(grade, "adequate", framework):
        return "adequate"
    return grade


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
    def kind(self) -> str:
        return {"news_article": "news article", "official_statistics": "official statistics",
                "inspection_report": "inspection report", "inspection_letter": "inspection letter",
                "press_release": "press release", "council_document": "council document"}.get(
                    self.source_type, "document")

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


@dataclass(frozen=True)
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
class RecommendationView:
    recommendation_id: str
    text: str
    addressee: str = ""
    section: str = ""
    position: int = 0
    source: Optional[SourceRef] = None


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
            label = ADDRESSEE_LABELS.get(rec.addressee, rec.addressee.replace("_", " ").capitalize())
            if not out or out[-1][0] != label:
                out.append((label, []))
            sections = out[-1][1]
            if not sections or sections[-1][0] != rec.section:
                sections.append((rec.section, []))
            sections[-1][1].append(rec)
        return tuple((label, tuple((sec, tuple(recs)) for sec, recs in sections)) for label, sections in out)

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
        return inspection_date({"start_date": self.start_date, "end_date": self.end_date,
                                "published_date": self.published_date}) or ""

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


@dataclass(frozen=True)
class AuthorityLink:
    """Another authority named on a page (a predecessor or successor)."""

    slug: str  # empty when the site has no page for it
    name: str


@dataclass(frozen=True)
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

    @property
    def current(self) -> bool:
        """Still exists: has an ONS code and the authorities table does not mark it former."""
        return bool(self.la_code) and not self.former

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
        return tuple(i for i in self.inspections[index + 1:] if not i.graded)

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
            grade = heads[0].label if len(heads) == 1 else " and ".join(
                f"{g.label} for {(headline_short(g.area) or g.area_label).lower()}" for g in heads)
            if self.former:
                text = f"Last overall grade: {grade}, {when} ({what})"
            else:
                text = f"Overall grade: {grade} since {when} ({what})"
        else:
            text = f"Last inspected {when} under the {latest.framework_label}"
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
            grade = heads[0].label if len(heads) == 1 else " and ".join(
                f"{g.label} for {(headline_short(g.area) or g.area_label).lower()}" for g in heads)
            text += f"{'' if not latest.headline else '; before that'}, {grade} ({format_date(before.date) or 'undated'})"
        return text + "."


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

    @property
    def as_at(self) -> str:
        """The data's own date: the latest publication date of any source or inspection (never the clock)."""
        dates = [s.published_date for s in self.sources if s.published_date]
        dates += [i.published_date for a in self.authorities for i in a.inspections if i.published_date]
        return max(dates, default="")

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
    """One GradeView per area in the framework's order. Sources whose grades are the same
    judgement (``rules.same_grade``: old-scale adequate is RI) agree; those that disagree are
    kept, not hidden. Grades are shown in the framework's own words."""
    by_area: dict[str, list[tuple[str, list[SourceRef]]]] = defaultdict(list)
    for row in rows:
        ref = sources.get(_s(row, "source_id")) or _missing_source(_s(row, "source_id"))
        grade = _s(row, "grade")
        groups = by_area[_s(row, "area")]
        for shown, refs in groups:
            if same_grade(shown, grade, framework or None):
                refs.append(ref)
                break
        else:
            groups.append((grade, [ref]))
    try:
        order = [a.value for a in FRAMEWORK_AREAS[Framework(framework)]]
    except (ValueError, KeyError):
        order = []
    areas = [a for a in order if a in by_area] + sorted(a for a in by_area if a not in order)
    views = []
    for area in areas:
        graded = {own_grade(g, framework): tuple(sorted(refs, key=_source_rank)) for g, refs in by_area[area]}
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


def _ids(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", text or "") if p.strip()]


def assemble(tables: Mapping[str, list[Row]]) -> SiteData:
    """Group the tables by authority and inspection, in a stable order.

    Authorities are the ``authorities`` table's rows: name, region, status, dates,
    predecessors, successors and Ofsted page come from it. An inspection whose authority
    is not there (only possible with --no-validate) is shown under its own name, with no
    region, and as former when it has no code.
    """
    authority_rows = {_s(r, "authority_id"): r for r in tables.get("authorities", []) or [] if _s(r, "authority_id")}
    sources = {r["source_id"]: _source(r) for r in tables.get("sources", []) if r.get("source_id")}
    judgements, recommendations, statements = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in tables.get("judgements", []):
        judgements[_s(r, "inspection_id")].append(r)
    for r in tables.get("recommendations", []):
        recommendations[_s(r, "inspection_id")].append(r)
    for r in tables.get("statements", []):
        statements[_s(r, "inspection_id")].append(r)
    addressee_order = {"local_authority": 0, "lscb": 1}
    # Inspections without authority_id still find their authority: by code, else by a name it went by.
    by_code = {_s(r, "la_code"): aid for aid, r in authority_rows.items() if _s(r, "la_code")}
    by_name: dict[str, str] = {}
    for aid, r in authority_rows.items():
        for name in [_s(r, "name")] + [n.strip() for n in _s(r, "other_names").split(";")]:
            if name:
                by_name.setdefault(name.casefold(), aid)

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
        recs = tuple(RecommendationView(_s(x, "recommendation_id"), _s(x, "text"), _s(x, "addressee"),
                                        _s(x, "section"), _position(x),
                                        sources.get(_s(x, "source_id")) or _missing_source(_s(x, "source_id")))
                     for x in sorted(recommendations[iid], key=lambda x: (
                         addressee_order.get(_s(x, "addressee"), 9), _position(x), _s(x, "recommendation_id"))))
        view = InspectionView(
            iid, _s(r, "local_authority"), _s(r, "la_code"), _s(r, "framework"), _s(r, "inspection_type"),
            _s(r, "start_date"), _s(r, "end_date"), _s(r, "published_date"), _s(r, "lead_inspector"),
            _s(r, "visit_theme"), sources.get(_s(r, "source_id")) or _missing_source(_s(r, "source_id")),
            _grades(judgements[iid], _s(r, "framework"), sources), recs, tuple(said),
        )
        aid = _s(r, "authority_id") or by_code.get(view.la_code, "") or by_name.get(view.local_authority.casefold(), "")
        key = aid if aid and aid in authority_rows else (view.la_code or f"name:{view.local_authority}")
        by_authority[key].append(view)

    for key, views in by_authority.items():
        views.sort(key=lambda i: (date_key(i.date or None), date_key(i.published_date or None), i.inspection_id))
        # The name on the authority's most recent row: names change (e.g. "Bedford Borough" → "Bedford").
        names[key] = _s(authority_rows[key], "name") if key in authority_rows else views[-1].local_authority

    slugs: dict[str, str] = {}
    taken: set[str] = set()
    # Authorities with a code claim their plain slug first; one without a code no longer exists.
    for key in sorted(by_authority, key=lambda k: (k not in authority_rows, k.startswith("name:"), names[k].casefold(), k)):
        if key in authority_rows:
            base = key  # authority ids are slugs, stable forever
        else:
            base = slugify(names[key]) if not key.startswith("name:") else f"{slugify(names[key])}-former"
        slug, n = base, 1
        while slug in taken:  # a clash: add the code, then a counter (stable: keys are sorted)
            n += 1
            slug = f"{base}-{slugify(key)}" if n == 2 else f"{base}-{slugify(key)}-{n}"
        taken.add(slug)
        slugs[key] = slug

    def links(ids: str) -> tuple[AuthorityLink, ...]:
        return tuple(AuthorityLink(slugs.get(i, ""), _s(authority_rows[i], "name") if i in authority_rows else i)
                     for i in _ids(ids))

    authorities = []
    for key in by_authority:
        row = authority_rows.get(key)
        if row is not None:
            la_code = _s(row, "la_code") or next((i.la_code for i in reversed(by_authority[key]) if i.la_code), "")
            authorities.append(AuthorityView(
                key, names[key], la_code, slugs[key], _s(row, "region"),
                tuple(by_authority[key]), former=_s(row, "status") == "former" or not la_code,
                created_date=_s(row, "created_date"), abolished_date=_s(row, "abolished_date"),
                predecessors=links(_s(row, "predecessors")), successors=links(_s(row, "successors")),
                ofsted_url=_s(row, "ofsted_url"), other_names=_s(row, "other_names")))
        else:
            la_code = "" if key.startswith("name:") else key
            authorities.append(AuthorityView(key, names[key], la_code, slugs[key], "",
                                             tuple(by_authority[key]), former=not la_code))
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
    "AuthorityLink", "AuthorityView", "GradeView", "RecommendationView", "InspectionView", "SiteData", "SourceRef", "StatementView",
    "assemble", "area_label", "format_date", "grade_counts", "grade_label", "slugify",
]
