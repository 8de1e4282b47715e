"""A council's repeated recommendations over time, from the derived tables: what `repeats`
prints and the pages show."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping, Optional

from civic_accountability.dataset.lookup import UnknownAuthority, matching_records, suggest_authorities

__all__ = ["UnknownAuthority", "chain_lengths", "council_repeats", "render_text"]

Rows = Mapping[str, Iterable]


def _values(table) -> list[dict]:
    return (
        [values for _, values in table] if table and isinstance(next(iter(table), None), tuple) else list(table or [])
    )


def chain_lengths(links: Iterable[Mapping]) -> dict[str, int]:
    """recommendation_id → at how many inspections in a row it was asked (1 + the longest chain of
    earlier items it repeats), for every item that repeats one."""
    earlier: dict[str, list[str]] = {}
    for link in links:
        earlier.setdefault(link["recommendation_id"], []).append(link["earlier_recommendation_id"])

    @lru_cache(maxsize=None)
    def length(rid: str) -> int:
        return 1 + max((length(e) for e in earlier.get(rid, ()) if e != rid), default=0)

    return {rid: length(rid) for rid in earlier}


def _explainer(recs: Mapping[str, Mapping], themes: Mapping[str, list[str]]):
    """``(link) -> [reasons]``: why each pair is linked (``repeats.why``: the learned layer's line,
    then the rules'), read as ``import reports`` reads the package's recommendations."""
    from civic_accountability.themes.repeats import context, item_of, why

    items = {
        rid: item_of(rid, r["inspection_id"], themes.get(rid, ()), r["text"], r.get("addressee"))
        for rid, r in recs.items()
    }
    ctx = context(items.values())  # what the linker reads: word weights, vectors, each inspection's items

    def explain(link: Mapping) -> list[str]:
        if link.get("method") == "reviewed":
            return ["reviewed: a person checked both reports"]
        later, earlier = items.get(link["recommendation_id"]), items.get(link["earlier_recommendation_id"])
        if later is None or earlier is None:
            return ["an item of this link is not among the recommendations"]
        return why(later, earlier, ctx, recs[later.recommendation_id]["text"])

    return explain


def council_repeats(rows: Rows, query: str, explain: bool = False) -> dict:
    """The council's inspections with recommendations, newest first, each with the items that
    repeat an earlier inspection's, the earlier items and how often the issue was asked
    (``explain``: and why the rules link each pair, ``"why"``)."""
    from civic_accountability.dataset.authority import build_records

    tables = {name: _values(table) for name, table in rows.items()}
    records = build_records(tables)
    found = matching_records(records, query)
    if not found:
        raise UnknownAuthority(query, suggest_authorities(records, query))
    record = found[0]
    inspections = {i["inspection_id"]: i for i in tables.get("inspections", [])}
    recs = {r["recommendation_id"]: r for r in tables.get("recommendations", [])}
    themes: dict[str, list[str]] = {}
    for t in sorted(tables.get("recommendation_themes", []), key=lambda t: int(t["rank"])):
        themes.setdefault(t["recommendation_id"], []).append(t["theme_id"])
    links = tables.get("recommendation_repeats", [])
    times = chain_lengths(links)
    reasons = _explainer(recs, themes) if explain else None
    by_later: dict[str, list[Mapping]] = {}
    for link in links:
        by_later.setdefault(link["recommendation_id"], []).append(link)

    def date(inspection_id: Optional[str]) -> Optional[str]:
        i = inspections.get(inspection_id or "") or {}
        return i.get("start_date") or i.get("published_date")

    out = []
    own = {i.inspection_id for i in record.inspections}
    items_of: dict[str, list[dict]] = {}
    for r in recs.values():
        if r["inspection_id"] in own:
            items_of.setdefault(r["inspection_id"], []).append(r)
    for inspection_id in sorted(items_of, key=lambda i: (date(i) or "", i), reverse=True):
        items = sorted(
            items_of[inspection_id],
            key=lambda r: (r.get("addressee") != "local_authority", int(r.get("position") or 0)),
        )
        repeated = []
        for r in items:
            earlier = []
            for link in by_later.get(r["recommendation_id"], []):
                e = recs.get(link["earlier_recommendation_id"], {})
                earlier.append(
                    {
                        "recommendation_id": link["earlier_recommendation_id"],
                        "inspection_id": e.get("inspection_id"),
                        "date": date(e.get("inspection_id")),
                        "text": e.get("text"),
                        "judged": link["judged"],
                    }
                )
                if reasons is not None:
                    earlier[-1]["why"] = reasons(link)
            if earlier:
                repeated.append(
                    {
                        "recommendation_id": r["recommendation_id"],
                        "text": r["text"],
                        "themes": themes.get(r["recommendation_id"], []),
                        "asked_before": earlier,
                        "times_asked": times.get(r["recommendation_id"], 1),
                    }
                )
        out.append(
            {
                "inspection_id": inspection_id,
                "date": date(inspection_id),
                "framework": inspections.get(inspection_id, {}).get("framework"),
                "items": len(items),
                "repeated": repeated,
            }
        )
    return {"authority": record.name, "authority_id": record.authority_id, "inspections": out}


def render_text(result: dict) -> str:
    from textwrap import fill

    from civic_accountability.contract.vocab import label

    lines = [f"{result['authority']}: recommendations asked again at a later inspection", ""]
    if not result["inspections"]:
        lines.append("No inspection with recommendations.")
    for insp in result["inspections"]:
        n = len(insp["repeated"])
        lines.append(
            f"{insp['date'] or 'undated'}  {label(insp['framework'], short=True)}  {insp['inspection_id']}: "
            f"{n} of {insp['items']} items repeat the previous inspection's"
        )
        for item in insp["repeated"]:
            times = f", asked at {item['times_asked']} inspections in a row" if item["times_asked"] > 2 else ""
            lines.append(fill(item["text"], 100, initial_indent="  - ", subsequent_indent="    "))
            lines.append(f"    themes: {', '.join(item['themes']) or '-'}{times}")
            for e in item["asked_before"]:
                lines.append(
                    fill(
                        f"{label(e['judged'])}, {e['date'] or 'undated'} ({e['recommendation_id']}): {e['text']}",
                        100,
                        initial_indent="    before: ",
                        subsequent_indent="      ",
                    )
                )
                for reason in e.get("why", ()):
                    lines.append(fill(reason, 100, initial_indent="      why: ", subsequent_indent="        "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def item_notes(rows: Rows, explain: bool = False) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """(recommendation_id → its themes, main first; recommendation_id → the earlier items it
    repeats, each {"recommendation_id", "inspection_id", "date", "text", "judged"}) from a
    package's rows (tables missing from them give empty maps). ``explain``: each earlier item
    also has "why", the reasons for the link, as ``repeats --explain`` prints them (what the
    linker reads is read once, over all the recommendations)."""
    tables = {
        name: _values(rows.get(name))
        for name in ("recommendation_themes", "recommendation_repeats", "recommendations", "inspections")
    }
    themes: dict[str, list[str]] = {}
    for t in sorted(tables["recommendation_themes"], key=lambda t: int(t["rank"])):
        themes.setdefault(t["recommendation_id"], []).append(t["theme_id"])
    recs = {r["recommendation_id"]: r for r in tables["recommendations"]}
    dates = {
        i["inspection_id"]: i.get("start_date") or i.get("end_date") or i.get("published_date")
        for i in tables["inspections"]
    }
    reasons = _explainer(recs, themes) if explain and tables["recommendation_repeats"] else None
    before: dict[str, list[dict]] = {}
    for link in tables["recommendation_repeats"]:
        e = recs.get(link["earlier_recommendation_id"], {})
        before.setdefault(link["recommendation_id"], []).append(
            {
                "recommendation_id": link["earlier_recommendation_id"],
                "inspection_id": e.get("inspection_id"),
                "date": dates.get(e.get("inspection_id")),
                "text": e.get("text"),
                "judged": link["judged"],
            }
        )
        if reasons is not None:
            before[link["recommendation_id"]][-1]["why"] = reasons(link)
    return themes, before


def annotate_timeline(timeline: dict, rows: Rows) -> dict:
    """Each of the timeline's recommendation items gets its ``themes`` and ``asked_before``."""
    themes, before = item_notes(rows)
    for entry in timeline["inspections"]:
        for item in entry.get("recommendation_items") or []:
            item["themes"] = themes.get(item["recommendation_id"], [])
            item["asked_before"] = before.get(item["recommendation_id"], [])
    return timeline
