"""Import every English local authority's inspections from Ofsted's official statistics.

Reads two Ofsted releases (OpenDocument spreadsheets, read with python-calamine):

* ``Childrens_social_care_in_England_2023_underlying_data.ods`` (source
  ``ofsted-csc-data-2023``): sheet ``LA_inspections_2009-2023`` (both tables:
  current authorities and those that existed before restructuring; publication
  dates only) and sheet ``LA_level_in_year_2022-23`` (2022-23 inspections and
  visits; visit dates only).
* ``LA_Inspection_Outcomes_as_at_31_March_2025.ods`` (source
  ``ofsted-la-outcomes-2025-03``): sheets ``ILACS_inspection_history``,
  ``In-year_inspections`` and ``Inspections_as_at_31_March`` (inspection and
  publication dates, ONS codes).

and merges them with the rows already in the package's ``data/*.csv``.

Ownership rule (what makes the import idempotent and safe after hand edits):
rows whose ``source_id`` is one of the two release sources belong to this script
and are regenerated on every run; every other row is curated and written back
untouched. An imported inspection that matches a curated inspection row is not
emitted again: its judgements attach to the curated ``inspection_id``.

Rows the reports importer owns (``importers.reports``: inspections whose
``source_id`` is an inspection report) are curated rows here: an imported inspection
that matches one attaches its judgements to it, so running this importer after the
reports importer changes nothing (pipeline: ``import statistics`` then ``import
reports``; both ``--check`` pass on the committed data).

Run it as ``civic-accountability import statistics --ofsted-dir ../shared/ofsted``
(``commands/importing.py`` calls ``build`` and writes or checks its ``Result``).

Mapping decisions and matching tolerances are documented in notes/ofsted-import.md
and in the constants below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, TypedDict

from civic_accountability.contract.dates import date_range, gap_days  # noqa: F401  (tests call S.gap_days)
from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.contract.names import name_key
from civic_accountability.contract.vocab import FRAMEWORK_FAMILY, VISIT_TYPES
from civic_accountability.dataset.sources import SRC_2023, SRC_2025
from civic_accountability.importers.checks import (  # noqa: F401  (S.ImportProblem, S.check_areas: tests, commands)
    ImportProblem,
    check_areas,
    sorted_by_key,
    validate_generated,
)
from civic_accountability.importers.result import Result

# --------------------------------------------------------------------------- tables
# The table I/O both importers share lives in importers.tables (the names here are
# also the ones tests and older callers import from this module).
from civic_accountability.importers.tables import (  # noqa: E402,F401
    TABLE_COLUMNS,
    TABLES,
    read_package_tables,
    read_table,
    render_table,
    write_atomic,
    write_tables,
)

# --------------------------------------------------------------------------- releases

OWNED_SOURCES = frozenset({SRC_2023, SRC_2025})

FILE_2023 = "Childrens_social_care_in_England_2023_underlying_data.ods"
FILE_2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"

RELEASE_TITLES = {
    # The cover sheets' own names for the releases ("Policy area" / first cell).
    SRC_2023: "Children's social care data in England 2023: underlying data",
    SRC_2025: "Local authority inspection outcomes as at 31 March 2025",
}

# Sheet priority: lower wins when two sheets describe the same inspection
# (dates, type and the inspection row's source come from the best sheet). The
# 2025 release is preferred: it is later (it corrects earlier errors, see its
# Notes sheet) and gives both inspection and publication dates.
SHEET_PRIORITY = {
    (SRC_2025, "ILACS_inspection_history"): 0,
    (SRC_2025, "In-year_inspections"): 1,
    (SRC_2025, "Inspections_as_at_31_March"): 2,
    (SRC_2023, "LA_inspections_2009-2023"): 3,
    (SRC_2023, "LA_level_in_year_2022-23"): 4,
}

# --------------------------------------------------------------------------- vocabularies

#: Ofsted's grade labels (case-folded, whitespace collapsed) → our grade.
GRADE_LABELS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires_improvement",
    "requires improvement": "requires_improvement",
    "adequate": "adequate",
    "inadequate": "inadequate",
}
#: Cell values that mean "no judgement given" (the 2023 release uses " -").
NO_JUDGEMENT = {"", "-", "–", "—", "n/a", "na", "not judged", "not applicable"}

#: Ofsted's inspection/visit type labels → our inspection_type.
TYPE_LABELS = {
    "ilacs standard inspection": "standard_inspection",
    "ilacs short inspection": "short_inspection",
    "ilacs focused visit": "focused_visit",
    "la monitoring visit": "monitoring_visit",
    "ilacs monitoring visit": "monitoring_visit",
}
ILACS_GRADED_TYPES = frozenset({"standard_inspection", "short_inspection"})

ILACS_2023_FROM = "2023-01-01"

#: ILACS area keys used while reading; ``cic`` is the "children in care" column,
#: which the releases label with the 2023 wording even for earlier inspections.
ILACS_AREA = {
    "ilacs_2018": {
        "overall_effectiveness": "overall_effectiveness",
        "impact_of_leaders": "impact_of_leaders",
        "help_and_protection": "help_and_protection",
        "cic": "children_in_care_and_care_leavers",
    },
    "ilacs_2023": {
        "overall_effectiveness": "overall_effectiveness",
        "impact_of_leaders": "impact_of_leaders",
        "help_and_protection": "help_and_protection",
        "cic": "children_in_care",
        "care_leavers": "care_leavers",
    },
}

# --------------------------------------------------------------------------- 2023 sheet layout

#: Column groups of ``LA_inspections_2009-2023``: (framework, inspection_type,
#: publication-date header, {grade header: area}). Headers are matched after
#: case-folding and collapsing whitespace. ILACS groups are listed separately.
GROUPS_2023 = [
    (
        "slac",
        "inspection",
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        {
            "SLAC Safeguarding Overall effectiveness (OE)": "safeguarding_overall",
            "SLAC Looked After Children Overall Effectiveness (OE)": "looked_after_children_overall",
        },
    ),
    (
        "slac",
        "reinspection",
        "SLAC re-inspection of Safeguarding publication date",
        {
            "SLAC re-inspection Safeguarding OE": "safeguarding_overall",
        },
    ),
    (
        "slac",
        "reinspection",
        "SLAC re-inspection of services for Children Looked After publication date",
        {
            "SLAC re-inspection of services Children Looked After OE": "looked_after_children_overall",
        },
    ),
    (
        "child_protection",
        "inspection",
        "Child Protection Inspections (CPI) publication date",
        {
            "CPI Overall Effectiveness (OE)": "overall_effectiveness",
        },
    ),
    (
        "child_protection",
        "reinspection",
        "Child Protection Re-Inspection (CPRI) publication date",
        {
            "CPRI Overall Effectiveness (OE)": "overall_effectiveness",
        },
    ),
    (
        "tlac",
        "inspection",
        "Targeted Looked After Children (TLAC) inspection publication date",
        {
            "TLAC Overall Effectiveness (OE)": "overall_effectiveness",
        },
    ),
    (
        "sif",
        "inspection",
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        {
            "First SIF Overall Judgement (OE)": "overall_effectiveness",
            "First SIF children who need help and protection": "help_and_protection",
            "First SIF children looked after and achieving permanence": "looked_after_and_permanence",
            "First SIF CLA Sub: Adoption Performance": "adoption_performance",
            "First SIF CLA Sub: Experiences and progress of care leavers": "care_leavers",
            "First SIF leadership, management and governance": "leadership_management_governance",
            "LSCB Overall Effectiveness": "lscb_effectiveness",
        },
    ),
    (
        "sif",
        "reinspection",
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
        {
            "SIF Re-inspection Overall Judgement (OE)": "overall_effectiveness",
            "SIF Re-inspection children who need help and protection": "help_and_protection",
            "SIF Re-inspection children looked after and achieving permanence": "looked_after_and_permanence",
            "SIF Re-inspection CLA Sub: Adoption Performance": "adoption_performance",
            "SIF Re-inspection CLA Sub: Experiences and progress of care leavers": "care_leavers",
            "SIF Re-inspection leadership, management and governance": "leadership_management_governance",
        },
    ),
]
#: ILACS groups: (prefix of the headers, has a separate care-leavers column).
#: The second table (authorities before restructuring) has one unprefixed group.
ILACS_GROUPS_2023 = ["First ILACS framework", "Second ILACS framework", "ILACS framework"]
ILACS_SUFFIXES_2023 = {
    "inspection type": "type",
    "publication date": "published",
    "overall effectiveness": "overall_effectiveness",
    "impact of leaders": "impact_of_leaders",
    "experiences and progress of children who need help and protection": "help_and_protection",
    "experiences and progress of children in care and care leavers": "cic",
    "experiences and progress of children in care": "cic",
    "experiences and progress of care leavers": "care_leavers",
}

#: 2025 and 2022-23 sheets: header → field.
HEADERS_2025 = {
    "local authority area code": "la_code",
    "local authority name": "name",
    "local authority status": "status",
    "ofsted region": "region",
    "region": "region",
    "inspection date": "start",
    "inspection/visit date": "start",
    "publication date": "published",
    "inspection type": "type",
    "inspection/visit type": "type",
    "overall effectiveness": "overall_effectiveness",
    "the impact of leaders on social work practice with children and families": "impact_of_leaders",
    "impact of leaders": "impact_of_leaders",
    "the experiences and progress of children who need help and protection": "help_and_protection",
    "experiences and progress of children who need help and protection": "help_and_protection",
    "the experiences and progress of children in care": "cic",
    "experiences and progress of children in care": "cic",
    "the experiences and progress of care leavers": "care_leavers",
    "experiences and progress of care leavers": "care_leavers",
    "visit theme": "theme",
}
ILACS_AREA_KEYS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "cic", "care_leavers")

#: 2023-release names that the 2025 release spells differently, beyond the
#: case/"&" differences that ``name_key`` already absorbs.
NAME_ALIASES_2023 = {"Bedford Borough": "Bedford"}

# --------------------------------------------------------------------------- matching tolerances

#: Two observations of one graded inspection may disagree on a date by this many
#: days and still match (the releases disagree by 61 days on Nottingham's 2022
#: ILACS publication date; distinct graded inspections of one authority under
#: one framework are at least 924 days apart in the 2025 history).
GRADED_TOLERANCE_DAYS = 92
#: When one side gives only a start date and the other only a publication date:
#: the longest start-to-publication lag in the 2025 release is 225 days.
MAX_PUBLICATION_LAG_DAYS = 240
#: Visits recur every few months (77 days apart at the closest in 2024-25), so
#: visits match only on an equal start or publication date.
VISIT_TOLERANCE_DAYS = 0


# --------------------------------------------------------------------------- small helpers


def norm_label(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold()


def cell_date(value: Any, where: str) -> Optional[str]:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text or text in NO_JUDGEMENT:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    raise ImportProblem(f"{where}: {value!r} is not a date")


def cell_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def cell_grade(value: Any, where: str) -> Optional[str]:
    label = norm_label(value) if value is not None else ""
    if label in NO_JUDGEMENT:
        return None
    try:
        return GRADE_LABELS[label]
    except KeyError:
        raise ImportProblem(f"{where}: unknown grade label {value!r}") from None


def cell_type(value: Any, where: str) -> str:
    label = norm_label(value)
    try:
        return TYPE_LABELS[label]
    except KeyError:
        raise ImportProblem(f"{where}: unknown inspection type {value!r}") from None


def lag_fits(start: Optional[str], published: Optional[str]) -> bool:
    """Could an inspection starting on ``start`` have been published on ``published``?"""
    rs, rp = date_range(start), date_range(published)
    if rs is None or rp is None:
        return False
    shortest = (rp[0] - rs[1]).days
    longest = (rp[1] - rs[0]).days
    return longest >= 0 and shortest <= MAX_PUBLICATION_LAG_DAYS


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_sheet(path: Path, sheet: str) -> list[list[Any]]:
    from civic_accountability.importers.ods import open_workbook, sheet_rows  # a damaged .ods: UnreadableSpreadsheet

    wb = open_workbook(path)
    if sheet not in wb.sheet_names:
        raise ImportProblem(f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(wb.sheet_names)})")
    return sheet_rows(wb, path, sheet)


# --------------------------------------------------------------------------- authorities


@dataclass(frozen=True)
class Authority:
    key: str  # la_code, or "former:<name>" for an authority the 2025 release does not list
    name: str  # as the statistics name it (2025 release where it lists the authority)
    code: Optional[str]
    status: str  # "current" or "former"
    region: Optional[str] = None


@dataclass
class AuthorityIndex:
    """The 2025 release's authorities, plus lookups for names from the 2023 release."""

    by_code: dict[str, Authority] = field(default_factory=dict)
    name_matches: list[dict] = field(default_factory=list)  # how each non-identical name was resolved
    unmatched: list[dict] = field(default_factory=list)  # 2023 names with no 2025 authority
    formers: dict[str, Authority] = field(default_factory=dict)
    names_2023: dict[str, str] = field(default_factory=dict)  # authority key → the 2023 release's spelling

    def add(self, code: str, name: str, status: str, region: Optional[str]) -> None:
        old = self.by_code.get(code)
        if old and (old.name != name or old.status != status):
            raise ImportProblem(
                f"2025 release: code {code} is both {old.name!r} ({old.status}) and {name!r} ({status})"
            )
        self.by_code[code] = Authority(code, name, code, status, region)

    def resolve_2023(self, name: str, *, before_restructure: bool, sheet: str, region: Optional[str]) -> Authority:
        """The authority a 2023-release name refers to.

        Names in the first table (and the 2022-23 sheet) resolve among all 2025
        authorities; names in the table of authorities that existed before the
        restructure resolve only among those the 2025 release marks "No longer
        exists" (so the old Dorset county is not taken for today's Dorset).
        """
        auth = self._resolve_2023(name, before_restructure, sheet, region)
        self.names_2023.setdefault(auth.key, name)
        return auth

    def _resolve_2023(self, name: str, before_restructure: bool, sheet: str, region: Optional[str]) -> Authority:
        target = NAME_ALIASES_2023.get(name, name)
        pool = [a for a in self.by_code.values() if a.status == "former" or not before_restructure]
        found = [a for a in pool if a.name == target] or [a for a in pool if name_key(a.name) == name_key(target)]
        if len(found) == 1:
            auth = found[0]
            if auth.name != name:
                rec = {
                    "release_2023_name": name,
                    "release_2025_name": auth.name,
                    "la_code": auth.code,
                    "how": "alias" if name in NAME_ALIASES_2023 else "case/punctuation/ampersand",
                }
                if rec not in self.name_matches:
                    self.name_matches.append(rec)
            return auth
        if len(found) > 1:
            raise ImportProblem(f"{sheet}: 2023 name {name!r} matches several 2025 authorities")
        key = f"former:{name}" if before_restructure else f"unmatched:{name}"
        auth = self.formers.get(key)
        if auth is None:
            auth = Authority(key, name, None, "former", region)
            self.formers[key] = auth
            self.unmatched.append(
                {
                    "release_2023_name": name,
                    "sheet": sheet,
                    "table": "before restructure" if before_restructure else "current (2023)",
                }
            )
        return auth


# --------------------------------------------------------------------------- observations


@dataclass
class Observation:
    """One sheet's statement that an inspection happened (and, maybe, its grades)."""

    source_id: str
    sheet: str
    row: int  # 1-based spreadsheet row
    group: str  # column group within the row ("" for one-inspection-per-row sheets)
    authority: Authority
    family: str
    inspection_type: str
    start_date: Optional[str]
    published_date: Optional[str]
    visit_theme: Optional[str] = None
    grades: dict[str, str] = field(default_factory=dict)  # area key → grade

    @property
    def priority(self) -> tuple[int, int, str]:
        return (SHEET_PRIORITY[(self.source_id, self.sheet)], self.row, self.group)

    @property
    def where(self) -> str:
        return f"{self.source_id} {self.sheet} row {self.row}" + (f" ({self.group})" if self.group else "")


def _header_index(header: list[Any]) -> dict[str, int]:
    return {norm_label(h): i for i, h in enumerate(header) if norm_label(h)}


def _in_year_row(
    source: str, sheet: str, rowno: int, auth: Authority, itype: Optional[str], rec: dict, where: str, dated: bool
) -> Observation:
    """One ILACS row of an in-year sheet (both releases): its grades (a visit has none), its start
    date, its publication date when the release gives one (``dated``: 2025's), and a visit's theme."""
    grades = {}
    for key in ILACS_AREA_KEYS:
        if key in rec:
            g = cell_grade(rec[key], f"{where} {key}")
            if g:
                grades[key] = g
    if itype in VISIT_TYPES and grades:
        raise ImportProblem(f"{where}: a {itype} with graded judgements")
    start = cell_date(rec["start"], where)
    published = cell_date(rec["published"], where) if dated else None
    return Observation(
        source, sheet, rowno, "", auth, "ilacs", itype, start, published, cell_text(rec.get("theme")), grades
    )


def read_release_2025(path: Path, index: AuthorityIndex) -> list[Observation]:
    obs: list[Observation] = []
    sheets = ("ILACS_inspection_history", "In-year_inspections", "Inspections_as_at_31_March")
    parsed: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for sheet in sheets:
        rows = read_sheet(path, sheet)
        hdr_at = next((i for i, r in enumerate(rows) if r and norm_label(r[0]) == "web link"), None)
        if hdr_at is None:
            raise ImportProblem(f"{path.name} {sheet}: no header row starting 'Web link'")
        cols = {}
        for label, i in _header_index(rows[hdr_at]).items():
            if label in HEADERS_2025:
                cols[HEADERS_2025[label]] = i
        for need in ("la_code", "name", "start", "published"):
            if need not in cols:
                raise ImportProblem(f"{path.name} {sheet}: missing column for {need}")
        recs = []
        for i in range(hdr_at + 1, len(rows)):
            r = rows[i]
            if not any(str(c).strip() for c in r):
                continue
            recs.append((i + 1, {k: (r[j] if j < len(r) else "") for k, j in cols.items()}))
        parsed[sheet] = recs
        for rowno, rec in recs:
            status = "former" if norm_label(rec.get("status", "")) == "no longer exists" else "current"
            index.add(str(rec["la_code"]).strip(), cell_text(rec["name"]), status, cell_text(rec.get("region")))

    for sheet in sheets:
        for rowno, rec in parsed[sheet]:
            where = f"{path.name} {sheet} row {rowno}"
            auth = index.by_code[str(rec["la_code"]).strip()]
            if "type" in rec:
                itype = cell_type(rec["type"], where)
            else:
                itype = None  # latest-judgements sheet: a short or standard inspection, resolved on merge
            obs.append(_in_year_row(SRC_2025, sheet, rowno, auth, itype, rec, where, dated=True))
    return obs


def read_release_2023(path: Path, index: AuthorityIndex) -> list[Observation]:
    obs: list[Observation] = []
    sheet = "LA_inspections_2009-2023"
    rows = read_sheet(path, sheet)
    header_rows = [
        i
        for i, r in enumerate(rows)
        if len(r) > 1 and norm_label(r[0]) == "web link" and norm_label(r[1]) == "local authority name"
    ]
    if len(header_rows) != 2:
        raise ImportProblem(f"{path.name} {sheet}: expected two tables, found {len(header_rows)} header rows")
    for t, hdr_at in enumerate(header_rows):
        before_restructure = t == 1
        end = header_rows[t + 1] if t + 1 < len(header_rows) else len(rows)
        hidx = _header_index(rows[hdr_at])

        def col(label: str) -> int:
            try:
                return hidx[norm_label(label)]
            except KeyError:
                raise ImportProblem(f"{path.name} {sheet} table {t + 1}: no column {label!r}") from None

        groups = []
        for fw, itype, date_label, areas in GROUPS_2023:
            groups.append((fw, itype, col(date_label), {col(lbl): area for lbl, area in areas.items()}))
        ilacs_groups = []
        for prefix in ILACS_GROUPS_2023:
            cols = {}
            for suffix, key in ILACS_SUFFIXES_2023.items():
                label = norm_label(f"{prefix} {suffix}")
                if label in hidx and key not in cols:
                    cols[key] = hidx[label]
            if "published" in cols:
                ilacs_groups.append((prefix, cols))
        if not ilacs_groups:
            raise ImportProblem(f"{path.name} {sheet} table {t + 1}: no ILACS columns")
        name_col = col("Local authority name")
        region_col = col("LA region")

        for i in range(hdr_at + 1, end):
            r = rows[i]
            name = cell_text(r[name_col]) if name_col < len(r) else None
            if not name:
                continue  # blank separator rows and the second table's caption
            if norm_label(name).startswith("table "):
                continue
            rowno = i + 1
            where = f"{path.name} {sheet} row {rowno}"
            auth = index.resolve_2023(
                name, before_restructure=before_restructure, sheet=sheet, region=cell_text(r[region_col])
            )
            for fw, itype, dcol, areas in groups:
                published = cell_date(r[dcol], f"{where} col {dcol + 1}")
                grades = {}
                for c, area in areas.items():
                    g = cell_grade(r[c], f"{where} col {c + 1}")
                    if g:
                        grades[area] = g
                if published is None:
                    if grades:
                        raise ImportProblem(f"{where}: {fw} {itype} grades without a publication date")
                    continue
                obs.append(
                    Observation(
                        SRC_2023,
                        sheet,
                        rowno,
                        f"{fw}-{itype}-{dcol + 1}",
                        auth,
                        fw,
                        itype,
                        None,
                        published,
                        None,
                        grades,
                    )
                )
            for prefix, cols in ilacs_groups:
                published = cell_date(r[cols["published"]], f"{where} {prefix}")
                grades = {}
                for key in ILACS_AREA_KEYS:
                    if key in cols:
                        g = cell_grade(r[cols[key]], f"{where} {prefix} {key}")
                        if g:
                            grades[key] = g
                if published is None:
                    if grades:
                        raise ImportProblem(f"{where}: {prefix} grades without a publication date")
                    continue
                itype = cell_type(r[cols["type"]], f"{where} {prefix}")
                obs.append(
                    Observation(SRC_2023, sheet, rowno, prefix, auth, "ilacs", itype, None, published, None, grades)
                )

    # 2022-23 in-year inspections and visits (visit dates, no publication dates).
    sheet = "LA_level_in_year_2022-23"
    rows = read_sheet(path, sheet)
    hdr_at = next((i for i, r in enumerate(rows) if r and norm_label(r[0]) == "web link"), None)
    if hdr_at is None:
        raise ImportProblem(f"{path.name} {sheet}: no header row starting 'Web link'")
    cols = {HEADERS_2025[lbl]: i for lbl, i in _header_index(rows[hdr_at]).items() if lbl in HEADERS_2025}
    for i in range(hdr_at + 1, len(rows)):
        r = rows[i]
        rec = {k: (r[j] if j < len(r) else "") for k, j in cols.items()}
        name = cell_text(rec.get("name"))
        if not name:
            continue
        rowno = i + 1
        where = f"{path.name} {sheet} row {rowno}"
        auth = index.resolve_2023(name, before_restructure=False, sheet=sheet, region=cell_text(rec.get("region")))
        itype = cell_type(rec["type"], where)
        obs.append(_in_year_row(SRC_2023, sheet, rowno, auth, itype, rec, where, dated=False))
    return obs


def read_cover(path: Path) -> dict[str, Any]:
    rows = read_sheet(path, "Cover")
    out: dict[str, Any] = {}
    for r in rows:
        if len(r) >= 2 and norm_label(r[0]) == "published on:":
            out["published_date"] = cell_date(r[1], f"{path.name} Cover")
    if "published_date" not in out:
        raise ImportProblem(f"{path.name}: the cover sheet gives no 'Published on:' date")
    return out


# --------------------------------------------------------------------------- merging


@dataclass
class Event:
    """One real inspection or visit, as one or more observations describe it."""

    authority: Authority
    family: str
    observations: list[Observation] = field(default_factory=list)
    inspection_id: Optional[str] = None
    curated: Optional[dict[str, str]] = None  # the curated inspection row it matched

    def best(self, attr: str) -> Optional[str]:
        for o in sorted(self.observations, key=lambda o: o.priority):
            value = getattr(o, attr)
            if value:
                return value
        return None

    @property
    def is_visit(self) -> bool:
        return self.inspection_type in VISIT_TYPES

    @property
    def inspection_type(self) -> str:
        t = self.best("inspection_type")
        if t is None:
            raise ImportProblem(f"no sheet gives the type of {self.describe()}")
        return t

    @property
    def start_date(self) -> Optional[str]:
        return self.best("start_date")

    @property
    def published_date(self) -> Optional[str]:
        return self.best("published_date")

    @property
    def visit_theme(self) -> Optional[str]:
        return self.best("visit_theme")

    @property
    def source_id(self) -> str:
        return min(self.observations, key=lambda o: o.priority).source_id

    @property
    def framework(self) -> str:
        if self.family != "ilacs":
            return self.family
        start = self.start_date
        if start:
            return "ilacs_2018" if start < ILACS_2023_FROM else "ilacs_2023"
        published = self.published_date
        if published and published < ILACS_2023_FROM:
            return "ilacs_2018"
        gives_care_leavers = any("care_leavers" in o.grades for o in self.observations)
        return "ilacs_2023" if gives_care_leavers else "ilacs_2018"

    def describe(self) -> str:
        return (
            f"{self.authority.name} {self.family} {self.best('inspection_type')} "
            f"start={self.start_date} published={self.published_date}"
        )


def _type_compatible(a: Optional[str], b: Optional[str]) -> bool:
    if a is None or b is None:  # the latest-judgements sheet gives no type: a graded ILACS inspection
        other = a or b
        return other is None or other in ILACS_GRADED_TYPES
    if a == b:
        return True
    return a in ILACS_GRADED_TYPES and b in ILACS_GRADED_TYPES


def _same_sheet_other_row(o: Observation, event: Event) -> bool:
    return any(x.source_id == o.source_id and x.sheet == o.sheet and x.row != o.row for x in event.observations)


def _distance(o: Observation, event: Event, tolerance: int) -> Optional[int]:
    """How far apart an observation and an event are, in days; None when they cannot be one inspection."""
    best = None
    for x in event.observations:
        candidates = []
        if o.published_date and x.published_date:
            candidates.append(gap_days(o.published_date, x.published_date))
        if o.start_date and x.start_date:
            candidates.append(gap_days(o.start_date, x.start_date))
        for c in candidates:
            if c is not None and c <= tolerance:
                best = c if best is None else min(best, c)
        if not candidates and tolerance:
            # One side gives only a start, the other only a publication date.
            s, p = (o.start_date, x.published_date) if o.start_date else (x.start_date, o.published_date)
            if lag_fits(s, p):
                best = tolerance if best is None else best
    return best


def group_observations(observations: list[Observation], log: "Log") -> list[Event]:
    events: list[Event] = []
    by_key: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for o in sorted(observations, key=lambda o: o.priority):
        pool = [
            e
            for e in by_key[(o.authority.key, o.family)]
            if _type_compatible(o.inspection_type, e.best("inspection_type"))
            and (o.inspection_type in VISIT_TYPES) == (e.best("inspection_type") in VISIT_TYPES)
            and not _same_sheet_other_row(o, e)
        ]
        if o.family != "ilacs":
            pool = [e for e in pool if e.best("inspection_type") == o.inspection_type]
        is_visit = o.inspection_type in VISIT_TYPES
        exact = [e for e in pool if _distance(o, e, 0) == 0]
        chosen = None
        if len(exact) == 1:
            chosen = exact[0]
        elif len(exact) > 1:
            log.warn("ambiguous-match", f"{o.where} matches {len(exact)} inspections exactly; kept apart")
        elif not is_visit:
            near = [
                (d, e)
                for e in pool
                if (o.source_id, o.sheet) not in {(x.source_id, x.sheet) for x in e.observations}
                and (d := _distance(o, e, GRADED_TOLERANCE_DAYS)) is not None
            ]
            near.sort(key=lambda de: de[0])
            if len(near) == 1 or (len(near) > 1 and near[0][0] < near[1][0]):
                chosen = near[0][1]
                log.cross_release_match(o, chosen, near[0][0])
            elif len(near) > 1:
                log.warn("ambiguous-match", f"{o.where} is within tolerance of {len(near)} inspections; kept apart")
        if chosen is None:
            chosen = Event(o.authority, o.family)
            events.append(chosen)
            by_key[(o.authority.key, o.family)].append(chosen)
        chosen.observations.append(o)
    for e in events:
        log.check_event(e)
    return events


# --------------------------------------------------------------------------- curated rows


def curated_family(row: dict[str, str]) -> Optional[str]:
    return FRAMEWORK_FAMILY.get(row.get("framework", ""))


def same_authority(event: Event, row: dict[str, str]) -> bool:
    code = (row.get("la_code") or "").strip()
    if code and event.authority.code:
        return code == event.authority.code
    names = {name_key(event.authority.name)} | {name_key(o.authority.name) for o in event.observations}
    return name_key(row.get("local_authority") or "") in names


def curated_distance(event: Event, row: dict[str, str]) -> Optional[tuple[int, int]]:
    """(rank, days) between an imported inspection and a curated row, or None when they cannot be one.

    Rank 0: the same date field compared (days apart); rank 1: one side's start
    against the other's publication date (days of start-to-publication lag).
    """
    tolerance = VISIT_TOLERANCE_DAYS if event.is_visit else GRADED_TOLERANCE_DAYS
    cand = []
    if event.published_date and row.get("published_date"):
        cand.append(gap_days(event.published_date, row["published_date"]))
    if event.start_date and row.get("start_date"):
        cand.append(gap_days(event.start_date, row["start_date"]))
    cand = [c for c in cand if c is not None]
    if cand:
        d = min(cand)
        return (0, d) if d <= tolerance else None
    if event.is_visit:
        return None
    # Only a start on one side and only a publication date on the other: the
    # distance reported is the start-to-publication lag, which must be plausible.
    if row.get("start_date") and event.published_date and lag_fits(row["start_date"], event.published_date):
        return (1, gap_days(row["start_date"], event.published_date))
    if event.start_date and row.get("published_date") and lag_fits(event.start_date, row["published_date"]):
        return (1, gap_days(event.start_date, row["published_date"]))
    return None


def match_curated(events: list[Event], curated: list[dict[str, str]], log: "Log") -> None:
    pairs = []
    for e in events:
        for row in curated:
            if curated_family(row) != e.family or not same_authority(e, row):
                continue
            ctype = row.get("inspection_type") or ""
            if (ctype in VISIT_TYPES) != e.is_visit:
                continue
            d = curated_distance(e, row)
            if d is None:
                continue
            type_penalty = 0 if ctype == e.inspection_type else 1
            pairs.append((d, type_penalty, row["inspection_id"], e.describe(), e, row))
    pairs.sort(key=lambda p: p[:4])
    # Best pairs first: same-field dates before start-vs-publication lags, fewer days first.
    used_rows: set[str] = set()
    for d, penalty, rid, _, e, row in pairs:
        if e.curated is not None or rid in used_rows:
            if e.curated is None:
                log.warn("curated-match-taken", f"{e.describe()} also fits curated {rid}, already matched")
            continue
        e.curated = row
        e.inspection_id = rid
        used_rows.add(rid)
        log.curated_match(e, row, d[1], "same date field" if d[0] == 0 else "start-to-publication lag")


# --------------------------------------------------------------------------- ids and rows


def reuse_previous_ids(events: list[Event], previous: list[dict[str, str]], reserved: set[str]) -> None:
    """Keep the ids of inspections this script wrote before (identifiers are stable forever).

    A previously imported row is the same inspection when authority, framework
    family and type agree and it shares a start or publication date exactly. So
    a later release that adds a start date to an inspection known only by its
    publication date does not rename it.
    """
    used: set[str] = set()
    for e in sorted(events, key=lambda e: min(o.priority for o in e.observations)):
        if e.inspection_id is not None:
            continue
        for row in sorted(previous, key=lambda r: r["inspection_id"]):
            rid = row["inspection_id"]
            if rid in used or rid in reserved or curated_family(row) != e.family or not same_authority(e, row):
                continue
            if row.get("inspection_type") != e.inspection_type:
                continue
            same_start = bool(e.start_date) and row.get("start_date") == e.start_date
            same_pub = bool(e.published_date) and row.get("published_date") == e.published_date
            if same_start or same_pub:
                e.inspection_id = rid
                used.add(rid)
                break


def assign_ids(events: list[Event], reserved: set[str]) -> None:
    taken = set(reserved) | {e.inspection_id for e in events if e.inspection_id}
    pending = [e for e in events if e.inspection_id is None]

    def base(e: Event) -> str:
        date = e.start_date or e.published_date
        return f"{slugify(e.authority.name)}-{date}-{e.inspection_type.replace('_', '-')}"

    for e in sorted(
        pending,
        key=lambda e: (
            base(e),
            e.published_date or "",
            e.start_date or "",
            e.authority.key,
            min(o.priority for o in e.observations),
        ),
    ):
        b = base(e)
        candidate, n = b, 1
        while candidate in taken:
            n += 1
            candidate = f"{b}-{n}"
        e.inspection_id = candidate
        taken.add(candidate)


def judgement_rows(events: list[Event], log: "Log") -> list[dict[str, str]]:
    out = []
    for e in events:
        framework = e.curated["framework"] if e.curated else e.framework
        if e.curated and e.curated.get("framework") != e.framework:
            log.warn(
                "framework-differs",
                f"curated {e.inspection_id} says {e.curated.get('framework')}; the releases imply {e.framework}",
            )
        per_source: dict[tuple[str, str], tuple[str, Observation]] = {}
        for o in sorted(e.observations, key=lambda o: o.priority):
            for key, grade in o.grades.items():
                if e.family == "ilacs":
                    area = ILACS_AREA[framework].get(key) if framework in ILACS_AREA else None
                    if area is None:
                        log.warn("area-dropped", f"{o.where}: {key} grade {grade} has no area under {framework}")
                        continue
                else:
                    area = key
                prev = per_source.get((o.source_id, area))
                if prev is None:
                    per_source[(o.source_id, area)] = (grade, o)
                elif prev[0] != grade:
                    log.warn(
                        "grade-conflict-within-release",
                        f"{e.inspection_id} {area}: {prev[1].where} says {prev[0]}, {o.where} says {grade}; "
                        f"kept {prev[0]}",
                    )
        for (source_id, area), (grade, _) in per_source.items():
            out.append(
                {
                    "judgement_id": f"{e.inspection_id}-{area.replace('_', '-')}-{source_id}",
                    "inspection_id": e.inspection_id,
                    "area": area,
                    "grade": grade,
                    "source_id": source_id,
                }
            )
    return out


def inspection_rows(events: list[Event]) -> list[dict[str, str]]:
    rows = []
    for e in events:
        if e.curated is not None:
            continue
        rows.append(
            {
                "inspection_id": e.inspection_id,
                "local_authority": e.authority.name,
                "la_code": e.authority.code or "",
                "framework": e.framework,
                "inspection_type": e.inspection_type,
                "start_date": e.start_date or "",
                "end_date": "",
                "published_date": e.published_date or "",
                "lead_inspector": "",
                "visit_theme": e.visit_theme or "",
                "source_id": e.source_id,
            }
        )
    return rows


def source_rows(ofsted_dir: Path) -> list[dict[str, str]]:
    rows = []
    for sid, fname in ((SRC_2023, FILE_2023), (SRC_2025, FILE_2025)):
        path = ofsted_dir / fname
        cover = read_cover(path)
        rows.append(
            {
                "source_id": sid,
                "source_type": "official_statistics",
                "title": RELEASE_TITLES[sid],
                "publisher": "Ofsted",
                "author": "",
                "published_date": cover["published_date"],
                # The covers link only to the statistics collection page ("#latest-official-statistics"),
                # not to this release, so no URL is recorded (never guessed).
                "url": "",
                "sha256": sha256_of(path),
            }
        )
    return rows


# --------------------------------------------------------------------------- reporting


@dataclass
class Log:
    warnings: list[dict] = field(default_factory=list)
    cross_release: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    curated: list[dict] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append({"code": code, "message": message})

    def cross_release_match(self, o: Observation, e: Event, days: int) -> None:
        self.cross_release.append({"observation": o.where, "inspection": e.describe(), "days_apart": days})

    def curated_match(self, e: Event, row: dict[str, str], days: int, how: str) -> None:
        self.curated.append(
            {
                "curated_inspection_id": row["inspection_id"],
                "imported": e.describe(),
                "days_apart": days,
                "compared": how,
                "source_ids": sorted({o.source_id for o in e.observations}),
            }
        )

    def check_event(self, e: Event) -> None:
        for attr in ("inspection_type", "start_date", "published_date", "visit_theme"):
            values = sorted({getattr(o, attr) for o in e.observations if getattr(o, attr)})
            if len(values) > 1:
                chosen = e.best(attr)
                self.conflicts.append(
                    {
                        "inspection": f"{e.authority.name} {e.family}",
                        "field": attr,
                        "values": values,
                        "kept": chosen,
                        "by_source": {o.where: getattr(o, attr) for o in e.observations if getattr(o, attr)},
                    }
                )


# --------------------------------------------------------------------------- the import


class RowCounts(TypedDict):
    total: int
    imported: int
    curated: int
    replaced_owned_rows: int


class Summary(TypedDict):
    """What ``build`` reports (``--summary-json`` writes it; ``print_summary`` prints it)."""

    observations: dict[str, int]
    inspections_imported: int
    inspections_per_framework: dict[str, dict[str, int]]
    judgements_per_source: dict[str, int]
    judgements_per_framework: dict[str, int]
    rows: dict[str, RowCounts]
    new_inspection_rows: int
    curated_matches: list[dict]
    cross_release_tolerance_matches: list[dict]
    conflicts_between_sheets: list[dict]
    authority_names_matched: list[dict]
    authority_names_unmatched: list[dict]
    warnings: list[dict]
    validation: dict[str, Any]


def build(ofsted_dir: Path, package: Path, *, require_models: bool = False) -> Result:
    """The import, step by step: read the releases, read the package, match and name the
    inspections, generate the rows, merge them with the curated ones, validate, summarise."""
    log = Log()
    index = AuthorityIndex()
    obs = read_release_2025(ofsted_dir / FILE_2025, index)
    obs += read_release_2023(ofsted_dir / FILE_2023, index)
    events = group_observations(obs, log)

    existing, columns = read_package_tables(package)
    kept = {t: [r for r in rows if r.get("source_id") not in OWNED_SOURCES] for t, rows in existing.items()}
    dropped = {t: len(existing[t]) - len(kept[t]) for t in TABLES}

    name_inspections(events, existing["inspections"], kept["inspections"], log)
    kept["authorities"] = []  # every authorities row is the releases' (curated columns carried over by id)
    new = generated_rows(ofsted_dir, events, existing["authorities"], log)
    tables = merge_tables(kept, new, log)
    warn_dangling(kept, tables, log)
    validation = validate_generated(new, tables, require_models)
    summary = summarise(obs, events, new, tables, kept, dropped, index, log, validation)
    from civic_accountability.themes.tables import (
        add_derived,  # themes and repeats follow the rows, as in import reports
    )

    summary["derived_rows"] = add_derived(tables, columns)
    return Result(tables, columns, summary)


def name_inspections(
    events: list[Event], existing: list[dict[str, str]], curated: list[dict[str, str]], log: "Log"
) -> None:
    """Match events to curated inspection rows, keep the ids earlier imports gave, name the rest."""
    match_curated(events, curated, log)
    previous = [r for r in existing if r.get("source_id") in OWNED_SOURCES]
    curated_ids = {r["inspection_id"] for r in curated}
    reuse_previous_ids(events, previous, curated_ids)
    assign_ids(events, curated_ids)


def generated_rows(
    ofsted_dir: Path, events: list[Event], authorities_before: list[dict[str, str]], log: "Log"
) -> dict[str, list[dict[str, str]]]:
    """The rows the releases give, per table."""
    from civic_accountability.importers.authorities import authority_for
    from civic_accountability.importers.authorities import build as build_authorities

    authorities = build_authorities(ofsted_dir, {r["authority_id"]: r for r in authorities_before})
    authority_of = authority_for(authorities)
    inspections = inspection_rows(events)
    for row in inspections:
        row["authority_id"] = authority_of(row["local_authority"], row["la_code"]) or ""
    return {
        "sources": source_rows(ofsted_dir),
        "authorities": authorities,
        "inspections": inspections,
        "judgements": judgement_rows(events, log),
        "recommendations": [],
        "statements": [],
    }


def merge_tables(
    kept: dict[str, list[dict[str, str]]], new: dict[str, list[dict[str, str]]], log: "Log"
) -> dict[str, list[dict[str, str]]]:
    """Curated rows first-come, generated rows added unless a curated row holds the id; sorted by key."""
    tables: dict[str, list[dict[str, str]]] = {}
    for table in TABLES:
        pk = TABLE_COLUMNS[table][0]
        kept_ids = {r[pk] for r in kept[table]}
        rows = list(kept[table])
        for r in new.get(table, ()):  # a table the releases do not feed (statistical_neighbours) stays as it is
            if r[pk] in kept_ids:
                log.warn("id-taken-by-curated-row", f"{table} {r[pk]} already exists as a curated row; not imported")
                continue
            rows.append(r)
        tables[table] = sorted_by_key(table, rows)
    return tables


def warn_dangling(kept: dict[str, list[dict[str, str]]], tables: dict[str, list[dict[str, str]]], log: "Log") -> None:
    """Curated rows must still find the inspections and sources they refer to."""
    insp_ids = {r["inspection_id"] for r in tables["inspections"]}
    src_ids = {r["source_id"] for r in tables["sources"]}
    for table in ("judgements", "recommendations", "statements"):
        for r in kept[table]:
            if r.get("inspection_id") and r["inspection_id"] not in insp_ids:
                log.warn(
                    "dangling-curated-row",
                    f"curated {table} row {r[TABLE_COLUMNS[table][0]]} refers to "
                    f"inspection {r['inspection_id']}, which no longer exists",
                )
    for table in TABLES:
        for r in kept[table]:
            if r.get("source_id") and r["source_id"] not in src_ids:
                log.warn(
                    "dangling-curated-row",
                    f"curated {table} row {r[TABLE_COLUMNS[table][0]]} cites "
                    f"source {r['source_id']}, which is not in sources",
                )


def summarise(
    obs: list[Observation],
    events: list[Event],
    new: dict[str, list[dict[str, str]]],
    tables: dict[str, list[dict[str, str]]],
    kept: dict[str, list[dict[str, str]]],
    dropped: dict[str, int],
    index: AuthorityIndex,
    log: "Log",
    validation: dict[str, Any],
) -> Summary:
    fw_of = {e.inspection_id: (e.curated["framework"] if e.curated else e.framework) for e in events}
    per_framework: dict[str, dict[str, int]] = defaultdict(Counter)
    for e in events:
        per_framework[e.curated["framework"] if e.curated else e.framework][
            e.curated["inspection_type"] if e.curated else e.inspection_type
        ] += 1
    return {
        "observations": dict(sorted(Counter(f"{o.source_id} {o.sheet}" for o in obs).items())),
        "inspections_imported": len(events),
        "inspections_per_framework": {f: dict(sorted(c.items())) for f, c in sorted(per_framework.items())},
        "judgements_per_source": dict(sorted(Counter(j["source_id"] for j in new["judgements"]).items())),
        "judgements_per_framework": dict(sorted(Counter(fw_of[j["inspection_id"]] for j in new["judgements"]).items())),
        "rows": {
            t: {
                "total": len(tables[t]),
                "imported": len([r for r in tables[t] if r.get("source_id") in OWNED_SOURCES]),
                "curated": len(kept[t]),
                "replaced_owned_rows": dropped[t],
            }
            for t in TABLES
        },
        "new_inspection_rows": len(new["inspections"]),
        "curated_matches": log.curated,
        "cross_release_tolerance_matches": log.cross_release,
        "conflicts_between_sheets": log.conflicts,
        "authority_names_matched": index.name_matches,
        "authority_names_unmatched": index.unmatched,
        "warnings": log.warnings,
        "validation": validation,
    }


def print_summary(summary: Summary, out) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p("Ofsted import")
    p(
        f"  inspections found in the releases: {summary['inspections_imported']} "
        f"({summary['new_inspection_rows']} new rows, {len(summary['curated_matches'])} matched to curated rows)"
    )
    for fw, types in summary["inspections_per_framework"].items():
        p(f"    {fw}: " + ", ".join(f"{t} {n}" for t, n in types.items()))
    p(
        "  rows: "
        + ", ".join(
            f"{t} {v['total']} ({v['imported']} imported, {v['curated']} curated)" for t, v in summary["rows"].items()
        )
    )
    for m in summary["curated_matches"]:
        p(f"  curated match: {m['curated_inspection_id']} <- {m['imported']} ({m['days_apart']} days, {m['compared']})")
    for m in summary["cross_release_tolerance_matches"]:
        p(f"  matched within tolerance: {m['observation']} -> {m['inspection']} ({m['days_apart']} days)")
    for c in summary["conflicts_between_sheets"]:
        p(f"  conflict: {c['inspection']} {c['field']}: {c['values']} (kept {c['kept']})")
    for m in summary["authority_names_matched"]:
        p(f"  name: 2023 {m['release_2023_name']!r} = 2025 {m['release_2025_name']!r} ({m['la_code']}, {m['how']})")
    for m in summary["authority_names_unmatched"]:
        p(f"  name not in the 2025 release: {m['release_2023_name']!r} ({m['table']}); la_code left empty")
    for w in summary["warnings"]:
        p(f"  warning [{w['code']}]: {w['message']}")
    v = summary["validation"]
    p(
        "  rows validated against civic_accountability.contract.models"
        if v["validated"]
        else f"  NOT validated: {v['reason']}"
    )
