#!/usr/bin/env python3
"""Deterministic synthetic data packages in the exact civic-accountability schema, any size.

Why: the validator must be measured and cross-checked on packages far larger than the
real record, shaped like it (sources ≪ inspections < judgements, recommendations,
statements; quotes holding commas, quote marks, newlines and non-ASCII text; every
statement's source archived so quotes are checked verbatim). The same seed always
gives the same bytes.

    python scripts/gen_synthetic.py OUT --rows 100000 [--seed 1] [--plant-errors] [--file-faults] [--every-row-bad]

``--plant-errors`` plants, at random rows, at least one error of every code that can
coexist in one package (every row-, table-, package- and meaning-level code).
``--file-faults`` additionally makes the package unreadable in the ways that hide
other checks: a resource missing from datapackage.json (package-error), a URL path
(unsafe-path), a missing file (source-error), an empty file (empty-file) and a header
with all four label faults. Together the two cover every code in ``errors.CODES``;
``PLANTED_CODES`` and ``FILE_FAULT_CODES`` list which flag plants which.
``--every-row-bad`` writes every identifier in capitals (a spreadsheet's "upper case"
applied to the sheet): an avalanche of errors, one per id column of every row, to measure
what the validator's output and memory do then (``docs/performance.md``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.contract.specs import generated_descriptor_files, table_specs
from civic_accountability.contract.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES

#: Share of the total rows each table gets (sources ≪ inspections < the rest).
SHARES = {
    "sources": 0.01,
    "inspections": 0.09,
    "judgements": 0.36,
    "recommendations": 0.40,
    "statements": 0.10,
    "recommendation_themes": 0.03,
    "recommendation_repeats": 0.01,
}
#: Codes --plant-errors plants (all of them coexist in one package).
PLANTED_CODES = (
    "encoding-error",
    "format-error",
    "blank-row",
    "extra-cell",
    "missing-cell",
    "type-error",
    "constraint-error",
    "primary-key",
    "unique-error",
    "foreign-key",
    "date-order",
    "future-date",
    "area-not-in-framework",
    "judgement-on-visit",
    "grade-conflict",
    "quote-format",
    "quote-not-found",
    "sha256-mismatch",
    "quote-unverified",
    "row-order",
    "theme-vocabulary",
    "theme-rank",
    "repeat-link",
    "self-neighbour",
)
#: Codes --file-faults plants; each hides some other checks, so they live in their own run.
FILE_FAULT_CODES = (
    "package-error",
    "unsafe-path",
    "source-error",
    "empty-file",
    "missing-label",
    "extra-label",
    "incorrect-label",
    "duplicate-label",
)
#: A fixed "today" under which generated data is valid and planted future dates are future.
TODAY = "2025-06-01"

_BAD_UTF8 = "\udcff"  # a lone surrogate, written as the invalid byte 0xff via surrogateescape

_SYLLABLES = (
    "ash",
    "bar",
    "brook",
    "by",
    "cas",
    "chester",
    "dale",
    "den",
    "don",
    "esk",
    "ford",
    "ham",
    "hart",
    "holm",
    "ing",
    "ley",
    "low",
    "mar",
    "mere",
    "mouth",
    "nor",
    "ock",
    "pen",
    "ridge",
    "sal",
    "shire",
    "stan",
    "ton",
    "wick",
    "win",
    "worth",
    "wy",
)
_FIRST = (
    "Alex",
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Hamid",
    "Iona",
    "Jack",
    "Kiran",
    "Lucy",
    "Matt",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sean",
    "Tara",
    "Uma",
    "Victor",
    "Wendy",
    "Zoë",
)
_LAST = (
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lepper",
    "Morgan",
    "Nash",
    "O'Brien",
    "Patel",
    "Reed",
    "Smith",
    "Tarpey",
    "Walsh",
    "Young",
)
_ROLES = (
    "leader of the council",
    "cabinet member for children's services",
    "director of children's services",
    "chief executive",
    "opposition spokesperson for children",
    "chair of the scrutiny committee",
    "local MP",
)
_PARTIES = ("Labour", "Conservative", "Liberal Democrat", "Green", "Independent")
_OUTLETS = ("Advertiser", "Gazette", "Echo", "Chronicle", "Herald", "Post")
_WORDS = (
    "children",
    "services",
    "council",
    "families",
    "improvement",
    "social",
    "workers",
    "report",
    "inspectors",
    "care",
    "leavers",
    "safeguarding",
    "practice",
    "progress",
    "managers",
    "plans",
    "risk",
    "support",
    "quality",
    "assessment",
    "decisions",
    "partners",
    "young",
    "people",
    "help",
    "protection",
    "findings",
    "timely",
    "robust",
    "oversight",
    "recruitment",
    "caseloads",
    "early",
    "placement",
    "stability",
)
_THEMES = (
    "Front door: contact, referral and assessment",
    "Children in need and subject to a child protection plan",
    "Care leavers",
    "Children in care",
    "Disabled children",
    "Help and protection of adolescents",
)
_SHORT = (
    "It is unacceptable",
    "We accept the findings in full",
    "Progress has been too slow",
    "This is good news",
    "We will act quickly",
    "Children deserve better",
    "Staff have worked incredibly hard",
)


@dataclass
class Tables:
    """Rows per table as lists of cells in schema column order (None for empty)."""

    rows: dict[str, list[list]] = field(default_factory=dict)
    archives: dict[str, str] = field(default_factory=dict)  # source_id → archived text


_slug = slugify  # the contract's one rule for ids


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    if words > 6 and rng.random() < 0.5:
        chosen[words // 2] += ","
    return " ".join(chosen).capitalize()


def _quote(rng: random.Random) -> str:
    """A verbatim quote: commas, inner quote marks, newlines, dashes and non-ASCII, trimmed."""
    parts = [_sentence(rng, rng.randint(5, 18)) + "."]
    if rng.random() < 0.3:
        parts.append(f'Inspectors called it "{rng.choice(_WORDS)} {rng.choice(_WORDS)}", and we agree.')
    if rng.random() < 0.2:
        parts.append(
            rng.choice(
                (
                    "Our café-style drop-ins — for families — will stay open.",
                    "The council’s plan is ambitious.",
                    "Naïve promises will not do.",
                )
            )
        )
    if rng.random() < 0.4:
        parts.append(_sentence(rng, rng.randint(4, 12)) + ".")
    joiner = "\n" if rng.random() < 0.15 else " "
    return joiner.join(parts)


def _archive_text(title: str, said: list[tuple[str, str]]) -> str:
    """An article quoting each (speaker, quote) with typographic marks, as papers print them."""
    paras = [title, ""]
    for speaker, quote in said:
        shown = quote.replace("\n", " ").replace(' "', " \u201c").replace('",', "\u201d,").replace(" - ", " \u2014 ")
        paras += [f"\u201c{shown}\u201d said {speaker}.", ""]
    return "\n".join(paras)


def _date(day: dt.date) -> str:
    return day.isoformat()


def _framework(start: dt.date) -> str:
    if start < dt.date(2012, 6, 1):
        return "slac"
    if start < dt.date(2013, 11, 1):
        return "child_protection"
    if start < dt.date(2018, 1, 1):
        return "sif"
    return "ilacs_2018" if start < dt.date(2023, 1, 1) else "ilacs_2023"


def _inspection_type(rng: random.Random, framework: str) -> str:
    if framework.startswith("ilacs"):
        return rng.choices(
            ("standard_inspection", "short_inspection", "focused_visit", "monitoring_visit"), (3, 3, 2, 2)
        )[0]
    return rng.choices(("inspection", "reinspection"), (9, 1))[0]


_FIRST_INSPECTIONS = (
    (dt.date(2015, 3, 10), "inspection"),
    (dt.date(2019, 5, 13), "focused_visit"),
    (dt.date(2016, 1, 12), "inspection"),
    (dt.date(2020, 2, 3), "monitoring_visit"),
    (dt.date(2014, 6, 2), "inspection"),
    (dt.date(2023, 4, 17), "standard_inspection"),
)


def _targets(total: int) -> dict[str, int]:
    counts = {name: max(10, int(total * share)) for name, share in SHARES.items()}
    counts["statements"] += total - sum(counts.values())
    counts["judgements"] -= 25  # the themes table's 25 rows
    return counts


def build(total: int, seed: int) -> Tables:
    """Valid rows for a package of ``total`` rows (at least 100)."""
    rng = random.Random(seed)
    n = _targets(max(total, 100))
    out = Tables()

    n_las = max(4, min(150, n["inspections"] // 4))
    las, seen_las = [], set()
    while len(las) < n_las:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if name in seen_las:
            continue
        seen_las.add(name)
        code = None if rng.random() < 0.03 else f"E{rng.choice((6, 8, 9, 10))!s:0>2}{rng.randrange(10**6):06d}"
        las.append((name, code))
    n["judgements"] -= len(las)  # the authorities table counts towards the total too

    # Sources: one statistics release, inspection reports, news articles (archived), other documents.
    n_src = n["sources"]
    n_news = max(1, n_src * 4 // 5)  # ~12 quotes per article, as in the Swindon record
    n_reports = max(1, (n_src - n_news) * 4 // 5)
    sources: list[list] = []
    stats_id = "ofsted-la-inspection-outcomes-2025"
    sources.append(
        [
            stats_id,
            "official_statistics",
            "Local authority inspection outcomes as at 31 March 2025",
            "Ofsted",
            None,
            "2025-05",
            "https://www.gov.uk/government/statistics/la-outcomes-2025",
            None,
        ]
    )
    reports, news = [], []
    used_ids = {stats_id}

    def unique(base: str) -> str:
        candidate, k = base, 1
        while candidate in used_ids:
            k += 1
            candidate = f"{base}-{k}"
        used_ids.add(candidate)
        return candidate

    for i in range(n_reports):
        la, _ = rng.choice(las)
        year = rng.randint(2010, 2024)
        sid = unique(f"ofsted-report-{_slug(la)}-{year}")
        title = f"{la}: inspection of local authority children's services, {rng.choice(('help, protection', 'care leavers'))}"
        sources.append(
            [
                sid,
                "inspection_report",
                title,
                "Ofsted",
                None,
                f"{year}-{rng.randint(1, 12):02d}",
                f"https://files.ofsted.gov.uk/v1/file/{rng.randrange(10**8)}",
                None,
            ]
        )
        reports.append((sid, la))
    for i in range(n_news):
        la, _ = rng.choice(las)
        day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5500))
        outlet = f"{la} {rng.choice(_OUTLETS)}"
        sid = unique(f"{_slug(outlet)}-{day:%Y-%m}-{rng.choice(_WORDS)}")
        title = rng.choice(
            (
                f'Council "{rng.choice(_SHORT).lower()}", says leader',
                f"{la}'s children's services: {rng.choice(_WORDS)}, {rng.choice(_WORDS)} and more",
                f"Ofsted verdict on {la}",
            )
        )
        author = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.7 else None
        sources.append(
            [
                sid,
                "news_article",
                title,
                outlet,
                author,
                _date(day),
                f"https://www.{_slug(outlet)}.example/news/{rng.randrange(10**7)}",
                None,
            ]
        )
        news.append((sid, la, title, day))
    while len(sources) < n_src:
        kind = rng.choice(("press_release", "council_document", "other"))
        la, _ = rng.choice(las)
        year = rng.randint(2010, 2024)
        sid = unique(f"{_slug(la)}-{kind.replace('_', '-')}-{year}")
        sources.append(
            [
                sid,
                kind,
                f"{la} {kind.replace('_', ' ')} {year}",
                f"{la} Council",
                None,
                str(year),
                None if rng.random() < 0.5 else f"https://www.{_slug(la)}.gov.example/{rng.randrange(10**6)}",
                None,
            ]
        )

    # Inspections: each LA inspected over 2009-2024 under the framework of its date.
    inspections: list[list] = []
    insp_ids: set[str] = set()
    graded: list[tuple[str, str, str]] = []  # (inspection_id, framework, source_id)
    for i in range(n["inspections"]):
        la, code = rng.choice(las)
        start = dt.date(2009, 6, 1) + dt.timedelta(days=rng.randrange(5600))
        if i < len(_FIRST_INSPECTIONS):  # every package, however small, has SIF inspections and visits
            start, itype = _FIRST_INSPECTIONS[i]
            framework = _framework(start)
        else:
            framework = _framework(start)
            itype = _inspection_type(rng, framework)
        end = start + dt.timedelta(days=rng.randint(3, 14))
        published = end + dt.timedelta(days=rng.randint(14, 60))
        partial = rng.random() < 0.05
        start_s = f"{start:%Y-%m}" if partial else _date(start)
        base = f"{_slug(la)}-{start_s}-{itype.replace('_', '-')}"
        iid, k = base, 1
        while iid in insp_ids:
            k += 1
            iid = f"{base}-{k}"
        insp_ids.add(iid)
        source_id = rng.choice(reports)[0] if rng.random() < 0.3 else stats_id
        visit = itype in {t.value for t in UNGRADED_TYPES}
        inspections.append(
            [
                iid,
                la,
                code,
                framework,
                itype,
                start_s,
                None if partial else _date(end),
                None if partial else _date(published),
                None if partial else f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                rng.choice(_THEMES) if visit else None,
                source_id,
                _slug(la),
            ]
        )
        if not visit:
            graded.append((iid, framework, source_id))

    # Judgements: each graded inspection's areas, in order; some restated by a news source (same grade).
    areas = {f.value: [a.value for a in areas] for f, areas in FRAMEWORK_AREAS.items()}
    judgements: list[list] = []
    grades = ("outstanding", "good", "requires_improvement", "inadequate")
    pairs = [(iid, fw, src, area) for iid, fw, src in graded for area in areas[fw]]
    rng.shuffle(pairs)
    k = 0
    judgement_ids: set[str] = set()
    while len(judgements) < n["judgements"]:
        iid, fw, src, area = pairs[k % len(pairs)]
        rnd = k // len(pairs)
        grade = grades[hash_int(iid + area) % 4] if fw != "slac" else ("adequate", "good")[hash_int(iid + area) % 2]
        if rnd > 0:
            src = news[(hash_int(iid) + rnd) % len(news)][0]
        jid = f"{iid}-{area.replace('_', '-')}-{src}"
        k += 1
        if jid not in judgement_ids:
            judgement_ids.add(jid)
            judgements.append([jid, iid, area, grade, src])

    # Recommendations: positions 1..k per inspection.
    recommendations: list[list] = []
    per_insp = [0] * len(inspections)
    for _ in range(n["recommendations"]):
        per_insp[rng.randrange(len(inspections))] += 1
    for insp, count in zip(inspections, per_insp):
        for pos in range(1, count + 1):
            text = _sentence(rng, rng.randint(8, 30)) + "."
            if rng.random() < 0.2:
                text = (
                    f'Ensure that "{rng.choice(_WORDS)}" plans are {rng.choice(_WORDS)}, specific and timely.\n' + text
                )
            recommendations.append([f"{insp[0]}-rec-{pos}", insp[0], "local_authority", str(pos), "", text, insp[10]])

    # Statements: quotes from news articles, each article archived with every quote it carries.
    statements: list[list] = []
    per_news: list[list[tuple[str, str]]] = [[] for _ in news]
    by_la: dict[str, list[str]] = {}
    for insp in inspections:
        by_la.setdefault(insp[1], []).append(insp[0])
    for i in range(n["statements"]):
        j = rng.randrange(len(news))
        sid, la, title, day = news[j]
        targets = by_la.get(la) or [inspections[0][0]]
        speaker = rng.choice(("Ofsted", f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"))
        is_body = speaker == "Ofsted"
        quote = _quote(rng)
        per_news[j].append((speaker, quote))
        statements.append(
            [
                f"{sid}-q{len(per_news[j]):02d}",
                rng.choice(targets),
                speaker,
                None if is_body else rng.choice(_ROLES),
                "Ofsted" if is_body else f"{la} Council",
                None if is_body or rng.random() < 0.5 else rng.choice(_PARTIES),
                _date(day) if rng.random() < 0.6 else None,
                quote,
                sid,
            ]
        )
    by_id = {row[0]: row for row in sources}
    for (sid, la, title, day), said in zip(news, per_news):
        text = _archive_text(title, said)
        out.archives[sid] = text
        if rng.random() < 0.8 or len(out.archives) <= 3:
            by_id[sid][7] = hashlib.sha256(text.encode("utf-8")).hexdigest()

    authorities = [
        [
            _slug(la),
            la,
            None,
            code,
            None,
            None,
            "current" if code else "former",
            None,
            None,
            None,
            None,
            None,
            stats_id,
            None,
        ]
        for la, code in las
    ]
    # statistical_neighbours: empty (a header only), so the row shares above stay the real data's
    out.rows = {
        "sources": sources,
        "authorities": authorities,
        "inspections": inspections,
        "judgements": judgements,
        "recommendations": recommendations,
        "statements": statements,
        "statistical_neighbours": [],
    }
    out.rows.update(_derived_rows(rng, recommendations, n["recommendation_themes"], n["recommendation_repeats"]))
    return out


def _derived_rows(
    rng: random.Random, recommendations: list[list], n_themes: int, n_repeats: int
) -> dict[str, list[list]]:
    """The derived tables: the contract's themes, ``n_themes`` ranked themes (one or two per
    item) and ``n_repeats`` links from an item to an earlier one."""
    from civic_accountability.contract.themes import THEMES

    themes = [[t.theme_id, t.label, t.covers, t.not_here or None] for t in THEMES]
    ids = [t.theme_id for t in THEMES]
    item_themes: list[list] = []
    for r in recommendations:
        if len(item_themes) >= n_themes:
            break
        for rank, theme in enumerate(rng.sample(ids, min(rng.randint(1, 2), n_themes - len(item_themes))), 1):
            item_themes.append([r[0], theme, str(rank), "rule"])
    repeats = [
        [later[0], earlier[0], rng.choice(("same_issue", "overlapping")), "rule"]
        for later, earlier in zip(recommendations[1:], recommendations[:-1])
    ][:n_repeats]
    return {"themes": themes, "recommendation_themes": item_themes, "recommendation_repeats": repeats}


def hash_int(text: str) -> int:
    """A stable small hash (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


# --- planted errors -------------------------------------------------------------------


@dataclass
class Plants:
    """Edits to the valid rows: raw text placed before a row, after the last row, a BOM."""

    raw_before: dict[int, str] = field(default_factory=dict)  # id(row object) → raw text written before it
    trailer: dict[str, str] = field(default_factory=dict)  # table → raw text after the last row
    bom: set[str] = field(default_factory=set)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, table) planted
    first: set[int] = field(default_factory=set)  # id(row object) written first, out of key order


def plant(tables: Tables, seed: int) -> Plants:
    """Plant every code of PLANTED_CODES, each on its own randomly chosen row so none masks another."""
    rng = random.Random(seed + 1)
    rows = tables.rows
    p = Plants()
    touched: set[int] = set()

    def pick(table: str, where=lambda r: True) -> list:
        choices = [r for r in rows[table][1:-1] if id(r) not in touched and where(r)]
        row = rng.choice(choices)
        touched.add(id(row))
        return row

    def note(code: str, table: str) -> None:
        p.codes.append((code, table))

    def raw(table: str, text: str, code: str) -> None:
        p.raw_before[id(pick(table))] = text
        note(code, table)

    def new_row(table: str, row: list) -> list:
        rows[table].append(row)
        touched.add(id(row))
        return row

    # Structure: sources and inspections carry the faults that stop a columnar reader.
    p.bom.add("sources")
    note("encoding-error", "sources")
    pick("sources")[2] = f"Council{_BAD_UTF8} report, with a stray byte"
    note("encoding-error", "sources")
    p.trailer["sources"] = 'zz-unclosed,other,"A title whose quote never closes\n'
    note("format-error", "sources")
    raw("inspections", "\n", "blank-row")
    raw("inspections", "   ,  ,,,,,,,,,\n", "blank-row")
    raw(
        "inspections",
        "extra-cell-insp,Ashby,,sif,inspection,2014,,,,,ofsted-la-inspection-outcomes-2025,ashby,surplus\n",
        "extra-cell",
    )
    raw("inspections", "missing-cell-insp,Ashby,E06000001,sif\n", "missing-cell")

    # Cells: type, range, length, enum, pattern, required, calendar date, trimmed text, URL.
    pick("recommendations")[3] = "two"
    note("type-error", "recommendations")
    pick("recommendations")[3] = "1001"
    pick("recommendations")[5] = "Improve " + "x" * 10_001
    pick("judgements")[3] = "excellent"
    pick("judgements")[0] = "Not-A-Slug"
    pick("inspections")[2] = "X123"
    pick("statements")[2] = None
    pick("statements")[6] = "2019-02-30"
    pick("statements")[7] += " "
    pick("sources")[6] = "ftp://example.org/x"
    note("constraint-error", "*")

    # Keys.
    new_row("statements", list(pick("statements")))
    note("primary-key", "statements")
    dup = list(pick("recommendations"))
    dup[0] += "-copy"
    new_row("recommendations", dup)
    note("unique-error", "recommendations")
    dup = list(pick("judgements"))
    dup[0] += "-again"
    new_row("judgements", dup)
    note("unique-error", "judgements")
    pick("judgements")[1] = "nowhere-2014-01-01-inspection"
    pick("statements")[8] = "no-such-source"
    note("foreign-key", "*")

    # Meaning.
    pick("inspections", lambda r: bool(r[6] and r[7]))[6] = "2000-01-01"
    note("date-order", "inspections")
    pick("sources")[5] = "2099-01"
    pick("statements")[6] = "2031-12-24"
    note("future-date", "*")
    by_id = {r[0]: r for r in rows["inspections"]}
    pick("judgements", lambda r: r[1] in by_id and by_id[r[1]][3] == "sif")[2] = "children_in_care"
    note("area-not-in-framework", "judgements")
    visit = pick("inspections", lambda r: r[4] in ("focused_visit", "monitoring_visit"))
    new_row("judgements", [f"{visit[0]}-overall-effectiveness-x", visit[0], "overall_effectiveness", "good", visit[10]])
    note("judgement-on-visit", "judgements")
    other = list(pick("judgements", lambda r: r[1] in by_id))
    conflicting = new_row(
        "sources", ["zz-conflicting-source", "other", "A source that disagrees", None, None, "2020", None, None]
    )
    other[3] = "inadequate" if other[3] != "inadequate" else "good"
    other[4] = conflicting[0]
    other[0] = f"{other[1]}-{other[2].replace('_', '-')}-{other[4]}"
    new_row("judgements", other)
    note("grade-conflict", "judgements")
    pick("statements")[7] = "We will act... eventually"
    note("quote-format", "statements")
    pick("statements")[7] = "Words that no archived article contains, anywhere"
    note("quote-not-found", "statements")
    pick("sources", lambda r: bool(r[7]))[7] = "0" * 64
    note("sha256-mismatch", "sources")
    unarchived = new_row(
        "sources",
        ["zz-unarchived-news", "news_article", "An article never archived", "Outlet", None, "2020", None, None],
    )
    quoted = list(pick("statements"))
    new_row(
        "statements",
        [
            f"{unarchived[0]}-q01",
            quoted[1],
            "Ofsted",
            None,
            "Ofsted",
            None,
            None,
            "Words nobody can check",
            unarchived[0],
        ],
    )
    note("quote-unverified", "statements")
    pick("themes")[1] = "A label the contract does not give"
    note("theme-vocabulary", "themes")
    ranked: dict[str, int] = {}
    for r in rows["recommendation_themes"]:
        ranked[r[0]] = ranked.get(r[0], 0) + 1
    pick("recommendation_themes", lambda r: ranked[r[0]] == 1)[2] = "2"
    note("theme-rank", "recommendation_themes")
    looped = pick("recommendation_repeats")
    looped[1] = looped[0]
    note("repeat-link", "recommendation_repeats")
    council = next(r for r in rows["authorities"] if r[6] == "current")
    new_row("statistical_neighbours", [council[0], council[0], "1", council[12]])
    note("self-neighbour", "statistical_neighbours")
    late = list(pick("recommendations"))
    late[0], late[3] = "zzz-written-first", "999"
    p.first.add(id(new_row("recommendations", late)))
    note("row-order", "recommendations")
    return p


# --- writing ---------------------------------------------------------------------------


def _csv_text(header: tuple[str, ...], rows: list[list], raw_before: dict[int, str], trailer: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    if not raw_before:
        writer.writerows(rows)
    else:
        for row in rows:
            if id(row) in raw_before:
                buf.write(raw_before[id(row)])
            writer.writerow(row)
    buf.write(trailer)
    return buf.getvalue()


def write_package(root: Path, tables: Tables, plants: Plants | None = None) -> None:
    """Descriptors from the models, data/*.csv sorted by primary key, archive/*.txt."""
    plants = plants or Plants()
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in generated_descriptor_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    for spec in table_specs():
        at = [spec.column_names.index(k) for k in spec.key_fields]
        rows = sorted(tables.rows[spec.name], key=lambda r: (id(r) not in plants.first, [r[i] or "" for i in at]))
        text = _csv_text(spec.column_names, rows, plants.raw_before, plants.trailer.get(spec.name, ""))
        data = text.encode("utf-8", errors="surrogateescape")
        if spec.name in plants.bom:
            data = b"\xef\xbb\xbf" + data
        (root / spec.path).write_bytes(data)
    archive = root / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir()
    for sid in sorted(tables.archives):
        (archive / f"{sid}.txt").write_bytes(tables.archives[sid].encode("utf-8"))


def add_file_faults(root: Path) -> list[tuple[str, str]]:
    """Make ``root`` fail in every file-level way at once (see FILE_FAULT_CODES)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resources = descriptor["resources"]
    descriptor["resources"] = [r for r in resources if r["name"] != "sources"]  # package-error
    for r in descriptor["resources"]:
        if r["name"] == "inspections":
            r["path"] = "https://example.org/inspections.csv"  # unsafe-path
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    (root / "data" / "judgements.csv").unlink()  # source-error
    (root / "data" / "recommendations.csv").write_bytes(b"")  # empty-file
    path = root / "data" / "statements.csv"
    head, rest = path.read_bytes().split(b"\n", 1)
    labels = head.decode().split(",")
    # As many labels as cells (no ragged rows), all four label faults: speaker → speaker_name
    # (incorrect-label), speaker_role and statement_date gone (missing-label), speaker_organisation
    # twice (duplicate-label), notes (extra-label).
    labels[2:7] = ["speaker_name", "speaker_organisation", "speaker_organisation", "notes", "speaker_party"]
    path.write_bytes(",".join(labels).encode() + b"\n" + rest)
    return [(c, "*") for c in FILE_FAULT_CODES]


def spoil_every_row(root: Path) -> None:
    """Every ``*_id`` cell of every table in capitals: each breaks its slug pattern."""
    for path in sorted((root / "data").glob("*.csv")):
        records = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        header = next(records)
        ids = [i for i, name in enumerate(header) if name.endswith("_id")]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        for record in records:
            for i in ids:
                record[i] = record[i].upper()
            writer.writerow(record)
        path.write_text(buf.getvalue(), encoding="utf-8")


def generate(
    root: Path, rows: int = 10_000, seed: int = 0, plant_errors: bool = False, file_faults: bool = False
) -> list[tuple[str, str]]:
    """Write a package to ``root``; return the (code, table) pairs planted (empty when valid)."""
    tables = build(rows, seed)
    plants = plant(tables, seed) if plant_errors else None
    write_package(root, tables, plants)
    planted = list(plants.codes) if plants else []
    if file_faults:
        planted += add_file_faults(root)
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the package to")
    parser.add_argument("--rows", type=int, default=10_000, help="total rows across the five tables")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plant-errors", action="store_true", help="plant every row-level error code")
    parser.add_argument("--file-faults", action="store_true", help="also plant the file-level codes")
    parser.add_argument("--every-row-bad", action="store_true", help="every identifier in capitals: an error avalanche")
    args = parser.parse_args(argv)
    if args.rows < 100:
        parser.error("--rows must be at least 100")
    planted = generate(args.out, args.rows, args.seed, args.plant_errors, args.file_faults)
    if args.every_row_bad:
        spoil_every_row(args.out)
    sizes = {p.name: p.stat().st_size for p in sorted((args.out / "data").glob("*.csv"))}
    print(
        f"wrote {args.out}: {sum(sizes.values()) / 1e6:.1f} MB in data/ "
        f"({', '.join(f'{k} {v / 1e6:.1f} MB' for k, v in sizes.items())})"
    )
    if planted:
        print("planted: " + ", ".join(sorted({c for c, _ in planted})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
