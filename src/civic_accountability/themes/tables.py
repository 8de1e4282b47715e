"""The derived tables ``import reports`` writes: ``themes``, ``recommendation_themes`` and
``recommendation_repeats``, built from the recommendations, inspections and authorities rows.

Pure functions of their inputs (rows as dicts of text), so an import that adds or corrects
recommendations re-derives them; rows sorted by key.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import Iterable, Mapping, Sequence

from civic_accountability.contract.themes import THEMES
from civic_accountability.themes import repeats
from civic_accountability.themes.classify import classify
from civic_accountability.themes.repeats import item_of, link

Row = Mapping[str, str]

#: A person's corrections of the classifier, after checking the report (``method = reviewed``):
#: recommendation_id, themes (main first, ';'-separated), note. Kept under 2% of items.
REVIEWED_FILE = "reviewed_themes.csv"


def theme_rows() -> list[dict[str, str]]:
    return [
        {"theme_id": t.theme_id, "label": t.label, "covers": t.covers, "not_here": t.not_here}
        for t in sorted(THEMES, key=lambda t: t.theme_id)
    ]


def reviewed_themes() -> dict[str, list[str]]:
    """recommendation_id → its reviewed themes, from the package's committed list."""
    text = resources.files("civic_accountability.themes").joinpath(REVIEWED_FILE).read_text(encoding="utf-8")
    return {r["recommendation_id"]: r["themes"].split(";") for r in csv.DictReader(text.splitlines())}


def item_themes(recommendations: Iterable[Row]) -> dict[str, tuple[tuple[str, ...], str]]:
    """recommendation_id → (themes main first, method)."""
    reviewed = reviewed_themes()
    out = {}
    for r in recommendations:
        rid = r["recommendation_id"]
        if rid in reviewed:
            out[rid] = (tuple(reviewed[rid]), "reviewed")
        else:
            found = classify(r["text"], r.get("addressee"))
            out[rid] = (tuple(found.themes), found.method)
    return out


def recommendation_theme_rows(themes: Mapping[str, tuple[tuple[str, ...], str]]) -> list[dict[str, object]]:
    rows = [
        {"recommendation_id": rid, "theme_id": theme, "rank": str(rank), "method": method}
        for rid, (found, method) in themes.items()
        for rank, theme in enumerate(found, 1)
    ]
    return sorted(rows, key=lambda r: (r["recommendation_id"], r["theme_id"]))


def _date(inspection: Row) -> str:
    return inspection.get("start_date") or inspection.get("published_date") or ""


def histories(inspections: Sequence[Row], authorities: Sequence[Row], with_items: set[str]) -> dict[str, list[str]]:
    """Each inspection with recommendations → the chain of its council's inspections with
    recommendations, predecessors' (and theirs) included, oldest first."""
    predecessors = {a["authority_id"]: [p for p in (a.get("predecessors") or "").split("; ") if p] for a in authorities}
    by_authority: dict[str, list[Row]] = {}
    for i in inspections:
        if i["inspection_id"] in with_items:
            by_authority.setdefault(i.get("authority_id") or "", []).append(i)

    def lineage(authority: str, seen: frozenset = frozenset()) -> list[Row]:
        found = list(by_authority.get(authority, []))
        for p in predecessors.get(authority, []):
            if p not in seen:
                found += lineage(p, seen | {authority})
        return found

    out = {}
    for authority, own in by_authority.items():
        chain = [i["inspection_id"] for i in sorted(lineage(authority), key=lambda i: (_date(i), i["inspection_id"]))]
        for i in own:
            out[i["inspection_id"]] = chain
    return out


def repeat_rows(
    recommendations: Sequence[Row],
    inspections: Sequence[Row],
    authorities: Sequence[Row],
    themes: Mapping[str, tuple[tuple[str, ...], str]],
) -> list[dict[str, str]]:
    items = [
        item_of(
            r["recommendation_id"],
            r["inspection_id"],
            themes.get(r["recommendation_id"], ((), ""))[0],
            r["text"],
            r.get("addressee"),
        )
        for r in recommendations
    ]
    chains = histories(inspections, authorities, {r["inspection_id"] for r in recommendations})
    method = "model" if repeats.MODEL else "rule"  # the learned layer decides each link (repeats.MODEL)
    return [
        {"recommendation_id": later, "earlier_recommendation_id": earlier, "judged": judged, "method": method}
        for later, earlier, judged in link(items, chains)
    ]


def derived_tables(
    recommendations: Sequence[Row], inspections: Sequence[Row], authorities: Sequence[Row]
) -> dict[str, list[dict]]:
    """The three tables, by name, ready to write."""
    themes = item_themes(recommendations)
    return {
        "themes": theme_rows(),
        "recommendation_themes": recommendation_theme_rows(themes),
        "recommendation_repeats": repeat_rows(recommendations, inspections, authorities, themes),
    }


def add_derived(tables: dict[str, list[dict]], columns: dict[str, list[str]]) -> dict[str, int]:
    """Derive the three tables from ``tables``' recommendations, inspections and authorities
    and add them (with their columns, in the contract's order) to ``tables`` and ``columns``;
    their row counts, for the import's summary."""
    from civic_accountability.contract.specs import table_spec

    derived = derived_tables(tables["recommendations"], tables["inspections"], tables["authorities"])
    for name, rows in derived.items():
        tables[name] = rows
        columns[name] = list(table_spec(name).column_names)
    return {name: len(rows) for name, rows in derived.items()}
