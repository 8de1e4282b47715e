"""What the site shows of the derived themes and repeats: each recommendation's themes and the
earlier items it repeats (council pages), and the national page "What Ofsted asks councils to
fix" (themes by framework and year; councils asked the same thing at three or more
inspections in a row)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Mapping

from civic_accountability.contract.themes import THEME_LABELS
from civic_accountability.themes.history import item_notes

PAGE = "asks.html"
#: Frameworks with recommendations, oldest first.
FRAMEWORK_ORDER = ("slac", "child_protection", "tlac", "sif", "ilacs_2018", "ilacs_2023", "ilacs_2026")


def _rows(table) -> list[dict]:
    table = list(table or [])
    return [values for _, values in table] if table and isinstance(table[0], tuple) else table


def prepare(tables: Mapping[str, list], data) -> dict:
    """``notes`` (recommendation_id → {"themes": [(id, label)], "before": [...]}, each earlier
    item with its "why": the reasons for the link, ``repeats --explain``'s lines) and the
    national page's values, from the package's rows and the site's authorities."""
    themes, before = item_notes(tables, explain=True)
    slug_of = {i.inspection_id: a.slug for a in data.authorities for i in a.inspections}
    name_of = {i.inspection_id: a.name for a in data.authorities for i in a.inspections}

    def href(rid: str, inspection_id) -> str:
        slug = slug_of.get(inspection_id or "")
        return f"authority/{slug}.html#{rid}" if slug else ""

    notes = {
        rid: {"themes": [(t, THEME_LABELS.get(t, t)) for t in found], "before": []} for rid, found in themes.items()
    }
    for rid, earlier in before.items():
        notes.setdefault(rid, {"themes": [], "before": []})["before"] = [
            dict(e, href=href(e["recommendation_id"], e["inspection_id"])) for e in earlier
        ]

    recs = {r["recommendation_id"]: r for r in _rows(tables.get("recommendations"))}
    inspections = {i["inspection_id"]: i for i in _rows(tables.get("inspections"))}

    def date(inspection_id) -> str:
        i = inspections.get(inspection_id or "") or {}
        return i.get("start_date") or i.get("end_date") or i.get("published_date") or ""

    # themes by framework (any rank) and, per year, the commonest main subjects
    by_framework: dict[str, Counter] = defaultdict(Counter)
    items_by_framework: Counter = Counter()
    by_year: dict[str, Counter] = defaultdict(Counter)
    for rid, r in recs.items():
        framework = (inspections.get(r["inspection_id"]) or {}).get("framework") or ""
        items_by_framework[framework] += 1
        for t in themes.get(rid, []):
            by_framework[t][framework] += 1
        if themes.get(rid) and date(r["inspection_id"])[:4]:
            by_year[date(r["inspection_id"])[:4]][themes[rid][0]] += 1
    frameworks = [f for f in FRAMEWORK_ORDER if items_by_framework.get(f)]
    theme_rows = sorted(
        (
            {
                "theme_id": t,
                "label": THEME_LABELS.get(t, t),
                "total": sum(c.values()),
                "cells": [(c.get(f, 0), round(100 * c.get(f, 0) / items_by_framework[f])) for f in frameworks],
            }
            for t, c in by_framework.items()
        ),
        key=lambda row: (-row["total"], row["theme_id"]),
    )
    peak = max((row["total"] for row in theme_rows), default=1)
    for row in theme_rows:
        row["bar"] = round(100 * row["total"] / peak)
    years = [
        {
            "year": y,
            "items": sum(c.values()),
            "top": [(THEME_LABELS.get(t, t), n) for t, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:3]],
        }
        for y, c in sorted(by_year.items(), reverse=True)
    ]

    # councils asked the same thing at three or more inspections in a row
    links = _rows(tables.get("recommendation_repeats"))
    earlier_of: dict[str, list[str]] = defaultdict(list)
    for link in links:
        earlier_of[link["recommendation_id"]].append(link["earlier_recommendation_id"])
    repeated_later = {link["earlier_recommendation_id"] for link in links}
    chains = []
    for rid in earlier_of:
        if rid in repeated_later:  # shown in the chains of the items that repeat it
            continue
        inspection_id = recs.get(rid, {}).get("inspection_id")
        for path in _paths(rid, earlier_of):  # an item that repeats two earlier ones: a chain each
            if len(path) < 3:
                continue
            steps = [
                {
                    "date": date(recs.get(p, {}).get("inspection_id")),
                    "text": recs.get(p, {}).get("text", ""),
                    "href": href(p, recs.get(p, {}).get("inspection_id")),
                }
                for p in path
            ]
            chains.append(
                {
                    "authority": name_of.get(inspection_id or "", ""),
                    "slug": slug_of.get(inspection_id or "", ""),
                    "times": len(path),
                    "theme": THEME_LABELS.get((themes.get(rid) or [""])[0], ""),
                    "steps": steps,
                }
            )
    chains.sort(key=lambda c: (c["authority"], -c["times"], c["steps"][0]["date"]))
    councils: dict[str, list[dict]] = {}
    for c in chains:
        councils.setdefault(c["authority"], []).append(c)
    return {
        "notes": notes,
        "frameworks": frameworks,
        "items_by_framework": [items_by_framework[f] for f in frameworks],
        "theme_rows": theme_rows,
        "years": years,
        "councils": councils,
        "total": sum(items_by_framework.values()),
        "repeats": Counter(link["judged"] for link in links),
        "repeated": {link["recommendation_id"] for link in links},
    }


def _paths(rid: str, earlier_of: Mapping[str, list[str]]) -> list[list[str]]:
    """Every chain from ``rid`` back through the items it repeats to one that repeats none (an
    item linked to two earlier items starts two chains), latest first."""
    if not earlier_of.get(rid):
        return [[rid]]
    return [[rid] + path for e in sorted(earlier_of[rid]) if e != rid for path in _paths(e, earlier_of)]
