"""One authority's record in date order, for a terminal or as JSON: inspections,
grades, recommendations and what was said. Pure functions: the authority's record
(``dataset.authority``, the one the site reads) gives the grouping and every order;
this module only lays it out. The command does the I/O.
"""

from __future__ import annotations

import textwrap
from itertools import groupby
from typing import Optional

from civic_accountability.contract.fieldtypes import slugify  # noqa: F401  (the one slug rule, for callers)
from civic_accountability.contract.specs import table_spec
from civic_accountability.contract.vocab import UNGRADED_TYPES, label
from civic_accountability.dataset.authority import AuthorityRecord, Inspection, build_records, own_words
from civic_accountability.dataset.lookup import UnknownAuthority, matching_records, suggest_authorities
from civic_accountability.outputs.dates import human_date
from civic_accountability.validation.rules import date_key, inspection_date  # noqa: F401  (the one date ordering)

Rows = dict[str, list[tuple[int, dict]]]

_UNGRADED = {t.value for t in UNGRADED_TYPES}

QUOTE_WORDS = 12


# --- small readers -------------------------------------------------------------------------


def words(value: Optional[str], short: bool = False) -> str:
    """A vocabulary value in words (the contract's label): ``requires_improvement`` → ``Requires improvement``."""
    return label(value, short) if value else "(not recorded)"


def shorten_quote(quote: Optional[str], limit: int = QUOTE_WORDS) -> str:
    """The quote's first ``limit`` words, with "…" when there is more."""
    parts = (quote or "").split()
    if len(parts) <= limit:
        return " ".join(parts)
    return " ".join(parts[:limit]).rstrip(",;:—–-") + "…"


# --- building the timeline from the authority's record ------------------------------------------


def _fields(table: str, *without: str) -> tuple[str, ...]:
    """The table's columns, as the contract lists them, less those the timeline nests by."""
    return tuple(name for name in table_spec(table).column_names if name not in without)


def _columns(item, table: str, *without: str) -> dict:
    return {name: getattr(item, name) for name in _fields(table, *without)}


def _entry(inspection: Inspection) -> dict:
    entry = _columns(inspection, "inspections")
    entry["judgements"] = [
        {"area": j.area, "grade": j.grade, "source_id": j.source_id}
        for area in inspection.grades
        for j in area.judgements
    ]
    entry["recommendations"] = len(inspection.recommendations)
    entry["recommendation_items"] = [
        _columns(r, "recommendations", "inspection_id") for r in inspection.recommendations
    ]
    entry["statements"] = [_columns(s, "statements", "inspection_id") for s in inspection.statements]
    entry["grades"] = [
        {
            "area": area.area,
            "grade": area.grade,
            "source_ids": [j.source_id for j in area.groups[0].judgements],
            "other_grades": [
                {"grade": g.grade, "source_ids": [j.source_id for j in g.judgements]} for g in area.groups[1:]
            ],
        }
        for area in inspection.grades
    ]
    return entry


def timeline_of(record: AuthorityRecord, others: tuple[AuthorityRecord, ...] = ()) -> dict:
    """A record as the timeline's plain data (the ``--format json`` structure); ``others``:
    further authorities the query also named (e.g. a former council of the same name)."""
    return {
        "authority": record.name,
        "la_code": record.la_code,
        "authority_id": record.authority_id,
        "inspections": [_entry(i) for i in record.inspections],
        "sources": {
            s.source_id: (_columns(s, "sources", "source_id", "sha256") if s.listed else None)
            for s in record.sources
            if s.source_id
        },
        "also_matching": [
            {
                "authority_id": o.authority_id,
                "authority": o.name,
                "la_code": o.la_code,
                "former": o.former,
                "inspections": len(o.inspections),
            }
            for o in others
        ],
    }


def build_timeline(rows: Rows, query: str) -> dict:
    """The authority's timeline as plain data, from its record (``dataset.authority``).

    Raises ``UnknownAuthority`` (with close matches) when no authority matches ``query``.
    """
    records = build_records({name: [values for _, values in table] for name, table in rows.items()})
    found = matching_records(records, query)
    if not found:
        raise UnknownAuthority(query, suggest_authorities(records, query))
    from civic_accountability.themes.history import annotate_timeline  # themes, "asked before"

    return annotate_timeline(timeline_of(found[0], tuple(found[1:])), rows)


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
    """One line per grade an area was given, as the record groups them: sources whose grades
    are one judgement (``rules.same_grade``) share a line; "(sources disagree)" only where
    they are not. A grade is shown in its framework's own words (``own_words``: the old
    scale's "Adequate"), and a source that prints it otherwise is named with the equivalence."""
    if not entry["judgements"]:
        if entry.get("inspection_type") in _UNGRADED:
            return [f"No graded judgements (a {words(entry['inspection_type']).lower()} is not graded)"]
        return ["Judgements: none recorded"]
    lines = []
    for area in entry["grades"]:
        groups = [(area["grade"], area["source_ids"])] + [(g["grade"], g["source_ids"]) for g in area["other_grades"]]
        for i, (grade, source_ids) in enumerate(groups):
            grade = own_words(grade, entry.get("framework"))  # as the site shows it: the framework's words
            refs = " ".join(f"[{n}]" for n in sorted({ref(s) for s in source_ids}))
            name = words(area["area"]) if i == 0 else ""
            note = "  (sources disagree)" if len(groups) > 1 and i == 0 else ""
            spelt = sorted(
                {
                    (ref(j["source_id"]), j["grade"])
                    for j in entry["judgements"]
                    if j["area"] == area["area"] and j["source_id"] in source_ids and j["grade"] != grade
                },
                key=lambda pair: (pair[0], pair[1] or ""),
            )  # an invalid package may lack a grade
            note += "".join(f"  ([{n}] writes it {words(g).lower()}: the same grade)" for n, g in spelt)
            lines.append(f"{name:<{area_width}}{words(grade):<{grade_width}}{refs}{note}".rstrip())
    return lines


def _wrapped(text: str, indent: int, first: str = "", after: str = "") -> list[str]:
    """``first`` + text + ``after`` wrapped to the text width, continuation lines under the text."""
    width = WIDTH - DATE_WIDTH - indent
    lines = textwrap.wrap(
        first + " ".join((text or "").split()) + after,
        width,
        subsequent_indent=" " * len(first),
        break_on_hyphens=False,
    ) or [first + after]
    return [" " * indent + line for line in lines]


def _statement_lines(entry: dict, ref, short: bool) -> list[str]:
    lines = []
    for source_id, by_source in groupby(entry["statements"], key=lambda s: s["source_id"]):
        lines.append(f"  From [{ref(source_id)}] {source_id or '(no source)'}")
        for speaker, said in groupby(by_source, key=_speaker):
            lines.append(f"    {speaker}")
            for s in said:
                if short:
                    lines.append(f"      “{shorten_quote(s['quote'])}”")
                else:
                    lines += _wrapped(s["quote"], 6, "“", "”")
    return lines


def _recommendation_lines(entry: dict, ref) -> list[str]:
    """Every recommendation in full, in report order, numbered as printed."""
    items = entry.get("recommendation_items") or []
    if not items:
        return []
    refs = " ".join(f"[{n}]" for n in dict.fromkeys(ref(r.get("source_id")) for r in items))
    lines = [f"Recommendations ({len(items)}, from {refs}):"]
    numbers = [str(r.get("position")) if r.get("position") is not None else "-" for r in items]
    width = max(len(n) for n in numbers) + 2
    heading = None
    for number, item in zip(numbers, items):
        under = (item.get("addressee"), item.get("section"))  # where the package records them
        if any(under) and under != heading:
            addressee = "For the safeguarding board" if under[0] == "lscb" else None
            lines += _wrapped(": ".join(filter(None, [addressee, under[1]])), 2)
            heading = under
        lines += _wrapped(item.get("text") or "", 2, f"{number + '.':<{width}}")
        if item.get("themes"):
            lines += _wrapped("themes: " + ", ".join(item["themes"]), 2 + width)
        for e in item.get("asked_before") or []:
            lines += _wrapped(
                f"asked before ({words(e['judged']).lower()}, {human_date(e['date']) or 'undated'}): {e['text']}",
                2 + width,
            )
    return lines


def _source_line(number: int, source_id: str, source: Optional[dict]) -> str:
    if source is None:
        return f"[{number}] {source_id or '(no source)'} (not in the sources table)"
    about = [
        words(source.get("source_type")).lower() if source.get("source_type") else None,
        source.get("publisher"),
        human_date(source.get("published_date")) or None,
    ]
    return f"[{number}] {source_id}: " + ", ".join(a for a in about if a)


def render_text(timeline: dict, short: bool = False) -> str:
    """The timeline for a terminal: one block per inspection, dates down the left,
    grades aligned in words, every recommendation and quote in full (``short``: the
    number of recommendations and each quote's first words), sources numbered per
    block and listed beneath it."""
    entries = timeline["inspections"]
    judged = [j for e in entries for j in e["judgements"]]
    area_width = max((len(words(j["area"])) for j in judged), default=0) + 3
    grade_width = max((len(words(j["grade"])) for j in judged), default=0) + 3
    dated = [inspection_date(e) for e in entries if inspection_date(e)]
    span = f", {human_date(dated[0])} to {human_date(dated[-1])}" if dated else ""
    n_recs = sum(e["recommendations"] for e in entries)
    n_said = sum(len(e["statements"]) for e in entries)
    title = timeline["authority"] + (f" ({timeline['la_code']})" if timeline.get("la_code") else "")
    out = [
        title,
        f"{_plural(len(entries), 'inspection')}{span} · {_plural(n_recs, 'recommendation')}"
        f" · {_plural(n_said, 'statement')}",
    ]
    for other in timeline.get("also_matching") or ():
        code = f" ({other['la_code']})" if other.get("la_code") else ""
        former = ", a former authority" if other.get("former") else ""
        see = f"; see `civic-accountability timeline {other['authority_id']}`" if other.get("authority_id") else ""
        out.append(f"Also named so: {other['authority']}{code}{former}{see}")
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
        if short or not entry.get("recommendation_items"):
            body.append(
                f"Recommendations: {entry['recommendations'] or _no_recommendations(entry, timeline)}"
                f" · Statements: {len(said) or 'none recorded'}"
            )
        else:
            body += _recommendation_lines(entry, ref)
            body.append(f"Statements: {len(said) or 'none recorded'}")
        body += _statement_lines(entry, ref, short)
        body += [_source_line(n, sid, timeline["sources"].get(sid)) for sid, n in numbers.items()]
        when = human_date(inspection_date(entry)) or "(undated)"
        out += ["", f"{when:<{DATE_WIDTH}}{body[0]}"] + [(pad + line).rstrip() for line in body[1:]]
    return "\n".join(out)


#: Sources that would carry an inspection's recommendations: its report or letter.
_LETTERS = frozenset({"inspection_report", "inspection_letter"})


def _no_recommendations(entry: dict, timeline: dict) -> str:
    """Why an inspection shows no recommendations: none in its imported report or letter,
    or no report or letter imported at all (the statistics carry grades only)."""
    cited = {entry.get("source_id")} | {j["source_id"] for j in entry["judgements"]}
    if any((timeline["sources"].get(sid) or {}).get("source_type") in _LETTERS for sid in cited if sid):
        return "none recorded"
    return "not in the data (its report or letter is not imported)"


def _recorded_as(entry: dict, timeline: dict) -> list[str]:
    """A line naming the authority as this row records it, when that differs from the
    title: a name shared across a restructuring may cover two councils."""
    name, code = entry.get("local_authority"), entry.get("la_code")
    if (name, code) == (timeline["authority"], timeline.get("la_code")):
        return []
    return [f"Recorded as {name or '(no name)'}" + (f" ({code})" if code else ", with no GSS code")]


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
