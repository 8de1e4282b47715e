"""One authority's record in date order: inspections, grades, recommendations and
what was said. Pure functions over ``Report.rows``; the command does the I/O.

The rows come from a package that may be invalid, so nothing here trusts a value:
a missing field is ``None``, an unknown enum value is shown as it is, and an
unparseable date sorts last instead of raising.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections import Counter, defaultdict
from itertools import groupby
from typing import Optional

from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.contract.specs import table_spec
from civic_accountability.contract.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES, label
from civic_accountability.validation.rules import date_key, inspection_date  # the one date ordering

Rows = dict[str, list[tuple[int, dict]]]

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_AREA_ORDER = {area.value: i for areas in FRAMEWORK_AREAS.values() for i, area in enumerate(areas)}
_UNGRADED = {t.value for t in UNGRADED_TYPES}

QUOTE_WORDS = 12


class UnknownAuthority(LookupError):
    """No inspection belongs to the authority asked for; carries close matches."""

    def __init__(self, query: str, suggestions: list[str]):
        super().__init__(query)
        self.query = query
        self.suggestions = suggestions


# --- small readers -------------------------------------------------------------------------

def authority_key(text: Optional[str]) -> str:
    """What two spellings of one authority share: the slug without "and", so that
    "Bournemouth, Christchurch & Poole", "bournemouth-christchurch-poole" and
    "Bournemouth, Christchurch and Poole" are the same authority."""
    return "-".join(part for part in slugify(text).split("-") if part != "and")


def natural_key(text: Optional[str]) -> tuple:
    """``q2`` before ``q10``: identifiers compared number by number."""
    return tuple((0, int(part), "") if part[0] in "0123456789" else (1, 0, part)
                 for part in re.split(r"([0-9]+)", text or "") if part)


def human_date(value: Optional[str]) -> str:
    """``2014-03-11`` → ``11 Mar 2014``; ``2018-04`` → ``Apr 2018``; anything else as given."""
    match = _DATE_RE.match(value or "")
    if not match:
        return value or ""
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return value
    if day:
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
    return f"{_MONTHS[int(month) - 1]} {year}" if month else year


def words(value: Optional[str], short: bool = False) -> str:
    """A vocabulary value in words (the contract's label): ``requires_improvement`` → ``Requires improvement``."""
    return label(value, short) if value else "(not recorded)"


def shorten_quote(quote: Optional[str], limit: int = QUOTE_WORDS) -> str:
    """The quote's first ``limit`` words, with "…" when there is more."""
    parts = (quote or "").split()
    if len(parts) <= limit:
        return " ".join(parts)
    return " ".join(parts[:limit]).rstrip(",;:—–-") + "…"


# --- finding the authority -------------------------------------------------------------------

def _values(rows: Rows, table: str) -> list[dict]:
    return [values for _, values in rows.get(table, [])]


def match_inspections(inspections: list[dict], query: str) -> list[dict]:
    """Inspections of the authority named by ``query``: its name (any case), its
    GSS code or its slug. Rows sharing a matched GSS code come along, so a change
    of spelling in the sources does not split an authority's record."""
    wanted, wanted_key = query.strip().casefold(), authority_key(query)
    if not wanted:
        return []

    def hit(row: dict) -> bool:
        name, code = row.get("local_authority") or "", row.get("la_code") or ""
        return (name.casefold() == wanted or (code and code.casefold() == wanted)
                or bool(wanted_key) and authority_key(name) == wanted_key)

    codes = {r["la_code"] for r in inspections if hit(r) and r.get("la_code")}
    return [r for r in inspections if hit(r) or (r.get("la_code") in codes)]


def suggest_authorities(inspections: list[dict], query: str, limit: int = 5) -> list[str]:
    """Close matches for a mistyped authority, as ``Name (code)``: names that
    contain the query first ("Kingston" → "Kingston upon Thames"), then difflib's
    near-spellings ("Swindn" → "Swindon")."""
    labels: dict[str, str] = {}
    for row in inspections:
        name, code = row.get("local_authority"), row.get("la_code")
        if name:
            labels.setdefault(name, f"{name} ({code})" if code else name)
    by_key: dict[str, str] = {}
    for name in labels:
        by_key.setdefault(name.casefold(), name)
        by_key.setdefault(authority_key(name), name)
    found = []
    key = authority_key(query)
    if len(key) >= 3:
        found += sorted((name for name in labels if key in authority_key(name)),
                        key=lambda name: (not authority_key(name).startswith(key), name))
    for wanted in (query.strip().casefold(), key):
        found += [by_key[k] for k in difflib.get_close_matches(wanted, list(by_key), n=limit * 2, cutoff=0.6)]
    unique = list(dict.fromkeys(found))
    return [labels[name] for name in unique[:limit]]


# --- building the timeline ----------------------------------------------------------------

def _judgements(rows: list[dict], own_source: Optional[str]) -> list[dict]:
    """In the framework's order of areas; within an area, the inspection's own source first."""
    ordered = sorted(rows, key=lambda r: (_AREA_ORDER.get(r.get("area") or "", 99), r.get("area") or "",
                                         r.get("source_id") != own_source, natural_key(r.get("source_id"))))
    return [{"area": r.get("area"), "grade": r.get("grade"), "source_id": r.get("source_id")} for r in ordered]


def _fields(table: str, *without: str) -> tuple[str, ...]:
    """The table's columns, as the contract lists them, less those the timeline nests by."""
    return tuple(name for name in table_spec(table).column_names if name not in without)


def build_timeline(rows: Rows, query: str) -> dict:
    """The authority's timeline as plain data (the ``--format json`` structure).

    Raises ``UnknownAuthority`` when no inspection matches ``query``.
    """
    inspections = _values(rows, "inspections")
    matched = match_inspections(inspections, query)
    if not matched:
        raise UnknownAuthority(query, suggest_authorities(inspections, query))
    matched.sort(key=lambda r: (date_key(inspection_date(r)), natural_key(r.get("inspection_id"))))
    ids = {r.get("inspection_id") for r in matched}

    judgements: dict[str, list[dict]] = defaultdict(list)
    for row in _values(rows, "judgements"):
        if row.get("inspection_id") in ids:
            judgements[row["inspection_id"]].append(row)
    recommendations = Counter(r.get("inspection_id") for r in _values(rows, "recommendations"))
    rec_items: dict[str, list[dict]] = defaultdict(list)
    for row in _values(rows, "recommendations"):
        if row.get("inspection_id") in ids:
            rec_items[row["inspection_id"]].append(row)
    sources = {r["source_id"]: r for r in _values(rows, "sources") if r.get("source_id")}
    statements: dict[str, list[dict]] = defaultdict(list)
    for row in _values(rows, "statements"):
        if row.get("inspection_id") in ids:
            statements[row["inspection_id"]].append(row)

    def said_when(row: dict) -> tuple:
        source_date = (sources.get(row.get("source_id")) or {}).get("published_date")
        return (date_key(row.get("statement_date") or source_date), natural_key(row.get("source_id")),
                natural_key(row.get("statement_id")))

    entries, cited = [], []
    for row in matched:
        iid = row.get("inspection_id")
        said = sorted(statements.get(iid, []), key=said_when)
        entry = {field: row.get(field) for field in _fields("inspections")}
        entry["judgements"] = _judgements(judgements.get(iid, []), row.get("source_id"))
        entry["recommendations"] = recommendations.get(iid, 0)
        entry["recommendation_items"] = [
            {field: r.get(field) for field in _fields("recommendations", "recommendation_id", "inspection_id")}
            for r in sorted(rec_items.get(iid, []), key=_rec_order)]
        entry["statements"] = [{field: s.get(field) for field in _fields("statements", "inspection_id")} for s in said]
        entries.append(entry)
        cited += [entry["source_id"]] + [j["source_id"] for j in entry["judgements"]]
        cited += [s["source_id"] for s in entry["statements"]]
        cited += [r["source_id"] for r in entry["recommendation_items"]]

    latest = matched[::-1]
    source_fields = _fields("sources", "source_id", "sha256")
    return {
        "authority": next((r["local_authority"] for r in latest if r.get("local_authority")), query),
        "la_code": next((r["la_code"] for r in latest if r.get("la_code")), None),
        "inspections": entries,
        "sources": {
            sid: ({field: sources[sid].get(field) for field in source_fields} if sid in sources else None)
            for sid in sorted(set(filter(None, cited)), key=natural_key)
        },
    }


# --- the text view ------------------------------------------------------------------------

DATE_WIDTH = 13  # "11 Sep 2014" and two spaces
WIDTH = 100  # wrap free text here; grade rows and quotes are short by construction


def _speaker(statement: dict) -> str:
    name = statement.get("speaker") or "(speaker not recorded)"
    parts = [name]
    for key in ("speaker_role", "speaker_organisation"):
        value = statement.get(key)
        if value and value.casefold() != name.casefold() and value.casefold() not in parts[-1].casefold():
            parts.append(value)
    text = ", ".join(parts)
    if statement.get("speaker_party"):
        text += f" ({statement['speaker_party']})"
    if statement.get("statement_date"):
        text += f", {human_date(statement['statement_date'])}"
    return text


def _heading(entry: dict) -> str:
    framework = words(entry.get("framework"), short=True) if entry.get("framework") else ""
    kind = words(entry.get("inspection_type")).lower() if entry.get("inspection_type") else "inspection"
    return f"{framework} {kind}".strip()


def _facts(entry: dict, source_ref: int) -> list[str]:
    """When (on site, published), then who led it and where the record comes from."""
    when, who = [], []
    start, end = entry.get("start_date"), entry.get("end_date")
    if start and end:
        when.append(f"on site {human_date(start)} to {human_date(end)}")
    elif end:
        when.append(f"on site until {human_date(end)}")
    if entry.get("published_date"):
        when.append(f"published {human_date(entry['published_date'])}")
    if entry.get("lead_inspector"):
        who.append(f"lead inspector {entry['lead_inspector']}")
    who.append(f"source [{source_ref}]")
    lines = [" · ".join(when + who)]
    if len(lines[0]) > WIDTH - DATE_WIDTH and when:
        lines = [" · ".join(when), " · ".join(who)]
    return [line[:1].upper() + line[1:] for line in lines]


def _grade_lines(entry: dict, ref, area_width: int, grade_width: int) -> list[str]:
    if not entry["judgements"]:
        if entry.get("inspection_type") in _UNGRADED:
            return [f"No graded judgements (a {words(entry['inspection_type']).lower()} is not graded)"]
        return ["Judgements: none recorded"]
    lines = []
    for area, group in groupby(entry["judgements"], key=lambda j: j["area"]):
        group = list(group)
        grades = list(dict.fromkeys(j["grade"] for j in group))
        for i, grade in enumerate(grades):
            numbers = sorted({ref(j["source_id"]) for j in group if j["grade"] == grade})
            refs = " ".join(f"[{n}]" for n in numbers)
            label = words(area) if i == 0 else ""
            note = "  (sources disagree)" if len(grades) > 1 and i == 0 else ""
            lines.append(f"{label:<{area_width}}{words(grade):<{grade_width}}{refs}{note}")
    return lines


ADDRESSEE_ORDER = {"local_authority": 0, "lscb": 1}


def _rec_order(row: dict) -> tuple:
    try:
        pos = int(row.get("position") or 0)
    except (TypeError, ValueError):
        pos = 0
    return (ADDRESSEE_ORDER.get(row.get("addressee") or "local_authority", 2), pos,
            natural_key(row.get("recommendation_id")))


def _recommendation_lines(entry: dict, ref) -> list[str]:
    """The inspection's recommendations in the report's order, under their sub-headings."""
    lines: list[str] = []
    width = WIDTH - DATE_WIDTH
    last = None
    for r in entry.get("recommendation_items", []):
        whose = "LSCB review" if r.get("addressee") == "lscb" else None
        head = (whose, r.get("section") or None, r.get("source_id"))
        if head != last:
            heading = " · ".join(x for x in (whose, r.get("section")) if x)
            lines.append(f"  {heading + ' ' if heading else ''}[{ref(r.get('source_id'))}]".rstrip())
            last = head
        lines += textwrap.wrap(f"{r.get('position')}. {r.get('text') or ''}", width,
                               initial_indent="    ", subsequent_indent="       ")
    return lines


def _statement_lines(entry: dict, ref) -> list[str]:
    lines = []
    for source_id, by_source in groupby(entry["statements"], key=lambda s: s["source_id"]):
        lines.append(f"  From [{ref(source_id)}] {source_id or '(no source)'}")
        for speaker, said in groupby(by_source, key=_speaker):
            lines.append(f"    {speaker}")
            lines += [f"      “{shorten_quote(s['quote'])}”" for s in said]
    return lines


def _source_line(number: int, source_id: str, source: Optional[dict]) -> str:
    if source is None:
        return f"[{number}] {source_id or '(no source)'} (not in the sources table)"
    about = [words(source.get("source_type")).lower() if source.get("source_type") else None,
             source.get("publisher"), human_date(source.get("published_date")) or None]
    return f"[{number}] {source_id}: " + ", ".join(a for a in about if a)


def render_text(timeline: dict) -> str:
    """The timeline for a terminal: one block per inspection, dates down the left,
    grades aligned in words, sources numbered per block and listed beneath it."""
    entries = timeline["inspections"]
    judged = [j for e in entries for j in e["judgements"]]
    area_width = max((len(words(j["area"])) for j in judged), default=0) + 3
    grade_width = max((len(words(j["grade"])) for j in judged), default=0) + 3
    dated = [inspection_date(e) for e in entries if inspection_date(e)]
    span = f", {human_date(dated[0])} to {human_date(dated[-1])}" if dated else ""
    n_recs = sum(e["recommendations"] for e in entries)
    n_said = sum(len(e["statements"]) for e in entries)
    title = timeline["authority"] + (f" ({timeline['la_code']})" if timeline.get("la_code") else "")
    out = [title, f"{_plural(len(entries), 'inspection')}{span} · {_plural(n_recs, 'recommendation')}"
                  f" · {_plural(n_said, 'statement')}"]
    others = [e for e in entries if _recorded_as(e, timeline)]
    if others:
        out.append(f"{_plural(len(others), 'inspection')} recorded under another name or code: marked below")

    pad = " " * DATE_WIDTH
    for entry in entries:
        numbers: dict[str, int] = {}

        def ref(source_id: Optional[str]) -> int:
            return numbers.setdefault(source_id or "", len(numbers) + 1)

        body = [_heading(entry)] + _recorded_as(entry, timeline) + _facts(entry, ref(entry.get("source_id")))
        if entry.get("visit_theme"):
            body += textwrap.wrap(f"Theme: {entry['visit_theme']}", WIDTH - DATE_WIDTH, subsequent_indent="  ")
        body += _grade_lines(entry, ref, area_width, grade_width)
        said = entry["statements"]
        body.append(f"Recommendations: {entry['recommendations'] or 'none recorded'}"
                    f" · Statements: {len(said) or 'none recorded'}")
        body += _recommendation_lines(entry, ref)
        body += _statement_lines(entry, ref)
        body += [_source_line(n, sid, timeline["sources"].get(sid)) for sid, n in numbers.items()]
        when = human_date(inspection_date(entry)) or "(undated)"
        out += ["", f"{when:<{DATE_WIDTH}}{body[0]}"] + [(pad + line).rstrip() for line in body[1:]]
    return "\n".join(out)


def _recorded_as(entry: dict, timeline: dict) -> list[str]:
    """A line naming the authority as this row records it, when that differs from the
    title: a name shared across a restructuring may cover two councils."""
    name, code = entry.get("local_authority"), entry.get("la_code")
    if (name, code) == (timeline["authority"], timeline.get("la_code")):
        return []
    return [f"Recorded as {name or '(no name)'}" + (f" ({code})" if code else ", with no GSS code")]


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
