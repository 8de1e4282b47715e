"""Dataset-level sanity checks: assertions about the whole record, not single rows.

In the spirit of OpenSanctions' assertions: a package can pass every row-level
rule and still be wrong as a dataset (an import that silently lost a sheet, a
merge that duplicated inspections, an authority that vanished). These checks
catch that. They are pure functions over loaded tables::

    tables: dict[str, list[dict[str, str | None]]]   # table name → rows (column → cell)

and ``sanity_checks(tables)`` returns ``[{"name", "ok", "detail"}, ...]``.

The expected numbers come from Ofsted's official statistics (see
``importers/statistics.py`` and ``notes/ofsted-import.md``); the list of
authorities, current and former, is the package's own ``authorities`` table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Optional

from civic_accountability.contract.vocab import VISIT_TYPES
from civic_accountability.dataset.sources import STATISTICS_SOURCES

Row = Mapping[str, Any]
Tables = Mapping[str, Sequence[Row]]

#: Expected numbers of inspections (graded: not focused or monitoring visits)
#: per framework, as (low, high). Closed frameworks (no inspections since) are
#: bounded tightly from the releases' totals, with a small margin for an
#: inspection the statistics missed and a curator adds: more than that means a
#: merge duplicated inspections; fewer means an import lost rows.
#: Counts from the releases: SLAC 152 inspections + 9 re-inspections; child
#: protection 50 + 1; TLAC 5; SIF 152 + 21; ILACS before 2023 168 (2025 history);
#: ILACS from 2023 103 up to 31 March 2025 (grows with every release); the
#: inspection reports (issue 11) add 42 ILACS 2023 inspections after the statistics'
#: cut-off (145 in all) and the first 11 under the framework in force from April 2026.
GRADED_BOUNDS: dict[str, tuple[int, int]] = {
    "slac": (161, 165),
    "child_protection": (51, 53),
    "tlac": (5, 6),
    "sif": (173, 177),
    "ilacs_2018": (168, 171),
    "ilacs_2023": (103, 700),
    "ilacs_2026": (0, 700),
}
#: Focused and monitoring visits per framework. The releases list visits only
#: for 2022-23 (60: 54 before 2023, 6 after) and 2024-25 (60), so the record is
#: incomplete by design; the low bound guards those imported rows, the high one
#: is a generous ceiling on all visits Ofsted could have made.
VISIT_BOUNDS: dict[str, tuple[int, int]] = {
    "ilacs_2018": (54, 1500),
    "ilacs_2023": (66, 2000),
}
#: Rows per table (low, high).
#: Low bounds: a full build, the statistics and then the inspection reports. The
#: statistics import alone gives 777 inspections and 3,460 judgements and no report
#: sources or recommendations: a valid step of the pipeline, but not a dataset to
#: publish, so ``describe --check`` fails on it (issue 21). The report import adds
#: 493 sources, 53 inspections, 2,595 judgements and 4,641 recommendations (500
#: sources, 836 inspections, 6,066 judgements in all); the low bounds leave a small
#: margin for a report Ofsted withdraws.
TABLE_BOUNDS: dict[str, tuple[int, int]] = {
    "sources": (490, 100_000),
    "inspections": (830, 20_000),
    "judgements": (6_000, 100_000),
    "recommendations": (4_600, 100_000),
    "statements": (0, 1_000_000),
}

#: Areas of which at least one must be graded for a graded inspection.
HEADLINE_AREAS = {
    "slac": {"safeguarding_overall", "looked_after_children_overall"},
    # no overall effectiveness judgement from April 2026: any of its four judgements
    "ilacs_2026": {"impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"},
}
DEFAULT_HEADLINE = {"overall_effectiveness"}


def _v(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _check(name: str, ok: bool, detail: str) -> dict:
    return {"name": name, "ok": bool(ok), "detail": detail}


def _listing(items: Sequence[str], limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def reference_from_authorities(tables: Tables) -> list[dict[str, str]]:
    """The authorities the checks compare against (code, name, status), from the package's
    ``authorities`` table: the one list of current and former authorities."""
    return [
        {"la_code": _v(r, "la_code"), "local_authority": _v(r, "name"), "status": _v(r, "status")}
        for r in tables.get("authorities", [])
    ]


# --------------------------------------------------------------------------- checks


def check_official_sources(tables: Tables) -> dict:
    sources = {_v(r, "source_id"): r for r in tables.get("sources", [])}
    missing = [s for s in STATISTICS_SOURCES if s not in sources]
    wrong = [s for s in STATISTICS_SOURCES if s in sources and _v(sources[s], "source_type") != "official_statistics"]
    ok = not missing and not wrong
    if ok:
        detail = f"both Ofsted releases cited: {', '.join(STATISTICS_SOURCES)}"
    else:
        detail = "; ".join(
            filter(
                None,
                [
                    f"missing: {_listing(missing)}" if missing else "",
                    f"not official_statistics: {_listing(wrong)}" if wrong else "",
                ],
            )
        )
    return _check("official-statistics-sources", ok, detail)


def _current_missing(reference: Sequence[Row], codes: set) -> tuple[dict, list[str]]:
    """The current authorities (code → name), and those whose code is not in ``codes``."""
    current = {_v(r, "la_code"): _v(r, "local_authority") for r in reference if _v(r, "status") == "current"}
    return current, sorted(f"{name} ({code})" for code, name in current.items() if code not in codes)


def check_current_authorities(tables: Tables, reference: Sequence[Row]) -> dict:
    current, missing = _current_missing(reference, {_v(r, "la_code") for r in tables.get("inspections", [])})
    return _check(
        "every-current-authority-present",
        not missing,
        f"all {len(current)} current English authorities have inspections"
        if not missing
        else f"{len(missing)} of {len(current)} current authorities have no inspection: {_listing(missing)}",
    )


def check_current_authorities_judged(tables: Tables, reference: Sequence[Row]) -> dict:
    """Every current authority has had a graded ILACS inspection (Ofsted has inspected all)."""
    judged = {
        _v(r, "la_code")
        for r in tables.get("inspections", [])
        if _v(r, "framework").startswith("ilacs") and _v(r, "inspection_type") not in VISIT_TYPES
    }
    current, missing = _current_missing(reference, judged)
    return _check(
        "every-current-authority-ilacs-inspected",
        not missing,
        f"all {len(current)} current authorities have a graded ILACS inspection"
        if not missing
        else f"{len(missing)} current authorities lack a graded ILACS inspection: {_listing(missing)}",
    )


def check_authority_names(tables: Tables, reference: Sequence[Row]) -> dict:
    """Names and codes as the statistics give them: a code names one authority; no code = a former one."""
    by_code = {_v(r, "la_code"): _v(r, "local_authority") for r in reference if _v(r, "la_code")}
    uncoded = {_v(r, "local_authority") for r in reference if not _v(r, "la_code")}
    problems = set()
    for r in tables.get("inspections", []):
        code, name = _v(r, "la_code"), _v(r, "local_authority")
        if code:
            if code not in by_code:
                problems.add(f"{code} is not an authority code in the statistics ({name})")
            elif by_code[code] != name:
                problems.add(f"{code} is {by_code[code]!r} in the statistics, not {name!r}")
        elif name not in uncoded:
            problems.add(f"{name!r} has no la_code but is not a former authority without one")
    problems_l = sorted(problems)
    return _check(
        "authority-names-match-statistics",
        not problems_l,
        "every inspection names its authority as Ofsted's statistics do"
        if not problems_l
        else f"{len(problems_l)} problems: {_listing(problems_l, 5)}",
    )


def check_framework_counts(tables: Tables) -> list[dict]:
    graded: Counter = Counter()
    visits: Counter = Counter()
    for r in tables.get("inspections", []):
        (visits if _v(r, "inspection_type") in VISIT_TYPES else graded)[_v(r, "framework")] += 1
    out = []
    for label, counts, bounds in (("inspections", graded, GRADED_BOUNDS), ("visits", visits, VISIT_BOUNDS)):
        for framework, (lo, hi) in bounds.items():
            n = counts.get(framework, 0)
            out.append(_check(f"{label}-per-framework:{framework}", lo <= n <= hi, f"{n} {label} (expected {lo}–{hi})"))
    return out


def check_table_counts(tables: Tables) -> list[dict]:
    out = []
    for table, (lo, hi) in TABLE_BOUNDS.items():
        n = len(tables.get(table, []))
        out.append(_check(f"rows:{table}", lo <= n <= hi, f"{n:,} rows (expected {lo:,}–{hi:,})"))
    return out


def _authority_key(r: Row) -> str:
    return _v(r, "la_code") or "name:" + _v(r, "local_authority")


def check_no_duplicate_inspections(tables: Tables) -> dict:
    """Two rows for one inspection: same authority, framework and type, and same start or publication date."""
    seen: dict[tuple, str] = {}
    dupes = []
    for r in sorted(tables.get("inspections", []), key=lambda r: _v(r, "inspection_id")):
        base = (_authority_key(r), _v(r, "framework"), _v(r, "inspection_type"))
        for date_field in ("start_date", "published_date"):
            d = _v(r, date_field)
            if len(d) != 10:  # a partial date may stand for several inspections
                continue
            key = base + (date_field, d)
            if key in seen:
                dupes.append(f"{seen[key]} = {_v(r, 'inspection_id')}")
            else:
                seen[key] = _v(r, "inspection_id")
    dupes = sorted(set(dupes))
    return _check(
        "no-duplicate-inspections",
        not dupes,
        "no two inspection rows share authority, framework, type and a start or publication date"
        if not dupes
        else f"{len(dupes)} likely duplicates: {_listing(dupes, 5)}",
    )


def check_graded_inspections_judged(tables: Tables) -> dict:
    """Every graded inspection has a headline judgement (overall effectiveness; SLAC: either overall)."""
    areas: dict[str, set[str]] = defaultdict(set)
    for j in tables.get("judgements", []):
        areas[_v(j, "inspection_id")].add(_v(j, "area"))
    missing = []
    for r in tables.get("inspections", []):
        if _v(r, "inspection_type") in VISIT_TYPES:
            continue
        headline = HEADLINE_AREAS.get(_v(r, "framework"), DEFAULT_HEADLINE)
        if not areas.get(_v(r, "inspection_id"), set()) & headline:
            missing.append(_v(r, "inspection_id"))
    missing.sort()
    return _check(
        "graded-inspections-have-headline-judgement",
        not missing,
        "every graded inspection has its overall judgement"
        if not missing
        else f"{len(missing)} graded inspections lack an overall judgement: {_listing(missing)}",
    )


def sanity_checks(tables: Tables, reference: Optional[Sequence[Row]] = None) -> list[dict]:
    """Run every dataset-level check; each result is ``{"name", "ok", "detail"}``."""
    if reference is None:
        reference = reference_from_authorities(tables)
    results = [check_official_sources(tables)]
    results += check_table_counts(tables)
    results.append(check_current_authorities(tables, reference))
    results.append(check_current_authorities_judged(tables, reference))
    results.append(check_authority_names(tables, reference))
    results += check_framework_counts(tables)
    results.append(check_no_duplicate_inspections(tables))
    results.append(check_graded_inspections_judged(tables))
    return results
