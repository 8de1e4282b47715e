"""A hex map of England's upper-tier authorities, drawn at build time as inline SVG.

Layout: ``hexmap.csv`` beside this module (GSS code → ``q``, ``r`` on an ``odd-r`` grid,
``r`` counting up from the south), derived by ``scripts/hexmap_layout.py`` from Open
Innovations' hexmap of UK upper-tier local authorities (MIT licence, © 2017- Open
Innovations), with the 2021 and 2023 reorganisations and code changes applied there.

Drawing is generic: ``hex_svg`` takes one ``Cell`` per code (link, words, a style key, a
mark) and a ``Style`` per key. ``picture_map`` is the first map: each council coloured by its
current picture (``dataset.picture``); ``repeats_map`` the second: the share of each council's
latest recommendations that repeat an item of an earlier inspection (``recommendation_repeats``).
The page template shows every map in the ``maps`` list the build passes it (``build.hex_maps``).

No script, no request: every hexagon is a link with an accessible name, and each mark is also
told by its pattern and its name, never by colour alone. Same data, same bytes.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Collection, Iterable, Mapping, Optional, Sequence

from civic_accountability.dataset.picture import NO_OVERALL
from civic_accountability.outputs.site.charts import STYLE, _n, pattern_defs
from civic_accountability.outputs.site.model import FRAMEWORK_SHORT, SiteData, format_date, grade_label

SIZE = 14.0  # a hexagon's circumradius, in SVG units
CREDIT = (
    "Hex layout: Open Innovations' hexmap of upper-tier local authorities (MIT licence, © 2017- Open "
    "Innovations), 2020 revision, brought up to date for the 2021 and 2023 reorganisations and code changes."
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One hexagon: where it links, what it says, how it is drawn."""

    href: str
    label: str  # its accessible name and tooltip: the council and what the map shows for it
    key: str  # a Style key
    ring: bool = False  # draw a hollow ring in its middle (the key's legend explains it)


@dataclass(frozen=True, slots=True)
class Style:
    label: str  # the legend's words
    fill: str  # an SVG paint (a colour, or url(#pattern))


@cache
def layout() -> dict[str, tuple[int, int]]:
    """GSS code → (q, r), from the committed layout."""
    from importlib import resources

    text = resources.files("civic_accountability.outputs.site").joinpath("hexmap.csv").read_text(encoding="utf-8")
    return {row["la_code"]: (int(row["q"]), int(row["r"])) for row in csv.DictReader(text.splitlines())}


def _centre(q: int, r: int, top: int) -> tuple[float, float]:
    """A pointy-top hexagon's centre on the odd-r grid (odd rows shifted half a hexagon right)."""
    width = math.sqrt(3) * SIZE
    return (width * (q + 0.5 * (r & 1)) + width / 2 + 2, 1.5 * SIZE * (top - r) + SIZE + 2)


def _hexagon(x: float, y: float) -> str:
    """A hexagon a little smaller than its cell: the gap keeps a focused one's outline clear of its neighbours."""
    size = SIZE * 0.92
    corners = [
        (x + size * math.cos(math.radians(60 * i - 30)), y + size * math.sin(math.radians(60 * i - 30)))
        for i in range(6)
    ]
    return "M" + " L".join(f"{_n(cx)},{_n(cy)}" for cx, cy in corners) + " Z"


def hex_svg(
    cells: Mapping[str, Cell],
    styles: Mapping[str, Style],
    map_id: str,
    title: str,
    desc: str,
    defs: str = "",
    grid: Optional[Mapping[str, tuple[int, int]]] = None,
) -> str:
    """The map as one ``<svg>``: a hexagon per code of ``grid`` (default: the layout) that has a cell."""
    grid = layout() if grid is None else grid
    placed = {code: grid[code] for code in sorted(cells) if code in grid}
    top = max((r for _, r in placed.values()), default=0)
    width = math.sqrt(3) * SIZE * (max((q for q, _ in placed.values()), default=0) + 1.5) + 4
    height = 1.5 * SIZE * top + 2 * SIZE + 4
    parts = [
        (
            f'<svg class="hexmap" viewBox="0 0 {_n(width)} {_n(height)}" xmlns="http://www.w3.org/2000/svg" '
            f'aria-labelledby="{map_id}-title {map_id}-desc">'
        ),
        f'<title id="{map_id}-title">{escape(title)}</title><desc id="{map_id}-desc">{escape(desc)}</desc>',
        defs,
    ]
    for code, (q, r) in placed.items():
        cell = cells[code]
        x, y = _centre(q, r, top)
        ring = (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(SIZE * 0.38)}" fill="#fff" stroke="#1b1b1b" stroke-width="1.5"/>'
            if cell.ring
            else ""
        )
        parts.append(
            f'<a href="{escape(cell.href)}" aria-label="{escape(cell.label)}" data-code="{code}">'
            f"<title>{escape(cell.label)}</title>"
            f'<path class="hex" d="{_hexagon(x, y)}" fill="{styles[cell.key].fill}"/>{ring}</a>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- the first map: the current picture ----------------------------------------------------


def _picture_words(a) -> str:
    p = a.picture
    latest = p.latest if p else None
    if latest is None:
        return f"{a.name}: no graded inspection in the data"
    when = format_date(latest.date or "") or "undated"
    framework = FRAMEWORK_SHORT.get(latest.framework or "", latest.framework or "")
    if p.overall_effectiveness:
        return f"{a.name}: {grade_label(p.overall_effectiveness)} overall ({framework}, {when})"
    lowest = grade_label(p.lowest_grade) if p.lowest_grade else "no area grade"
    before = (
        f"; last overall grade {grade_label(p.last_overall_grade)}, {format_date(p.last_overall.date or '')}"
        if p.last_overall_grade
        else ""
    )
    return f"{a.name}: no overall grade ({framework}, {when}); lowest area grade {lowest}{before}"


def picture_cells(data: SiteData, root: str) -> dict[str, Cell]:
    """One cell per current council: its standing's colour, or, for a latest inspection with no
    overall grade (ILACS 2026), its lowest area grade's colour with a ring."""
    cells = {}
    for a in data.authorities:
        if not a.current or a.picture is None:
            continue
        p = a.picture
        if p.overall_effectiveness:
            key, ring = p.overall_effectiveness, False
        else:
            key, ring = (p.lowest_grade or NO_OVERALL), p.latest is not None
        cells[a.la_code] = Cell(f"{root}authority/{a.slug}.html", _picture_words(a), key, ring)
    return cells


def picture_map(data: SiteData, root: str, map_id: str = "map-now") -> dict:
    """The current-picture map and what the page shows with it (legend, list, credit)."""
    cells = picture_cells(data, root)
    used = [g for g in STYLE if any(c.key == g for c in cells.values())]
    styles = {g: Style(grade_label(g), f"url(#{map_id}-{g})") for g in STYLE}
    styles[NO_OVERALL] = Style("No graded inspection", "#e5e5e5")
    legend = [(styles[g].label, styles[g].fill, False) for g in used]  # (words, paint, ring)
    if any(c.ring for c in cells.values()):
        legend.append(("No overall grade (ILACS 2026): coloured by its lowest area grade, with a ring", "#fff", True))
    if any(c.key == NO_OVERALL for c in cells.values()):
        legend.append((styles[NO_OVERALL].label, styles[NO_OVERALL].fill, False))
    svg = hex_svg(
        cells,
        styles,
        map_id,
        "Map of England's councils by their latest inspection",
        (
            f"{len(cells)} hexagons, one per current council, placed roughly where it is; each is coloured and "
            "patterned by the overall grade of its latest inspection, or, where that inspection (ILACS 2026) "
            "gives none, by its lowest area grade with a white ring. Each links to the council's page."
        ),
        pattern_defs(map_id, tuple(STYLE)),
    )
    from civic_accountability.outputs.site.build import standing_label

    groups: dict[str, list] = {}
    for a in data.authorities:
        if a.la_code in cells:
            groups.setdefault(a.picture.standing, []).append((a, ""))
    order = [*STYLE, NO_OVERALL]
    return {
        "id": map_id,
        "svg": svg,
        "legend": legend,
        "credit": CREDIT,
        "heading": "Map: every council's latest inspection",
        "groups": [(standing_label(k), groups[k]) for k in order if k in groups],
    }


# --- the second map: latest recommendations asked before -------------------------------------

#: Bands of the share of a council's latest recommendations that repeat an earlier inspection's:
#: key → (legend words, colour, pattern marks in white), lightest first. Each band has its own
#: pattern, so the map does not rest on colour alone.
REPEAT_BANDS: dict[str, tuple[str, str, str]] = {
    "none": ("None of them", "#dadaeb", ""),
    "some": (
        "Fewer than a quarter",
        "#9e9ac8",
        '<circle cx="2" cy="2" r="1.3" fill="#fff"/><circle cx="6" cy="6" r="1.3" fill="#fff"/>',
    ),
    "quarter": (
        "A quarter to a half",
        "#6a51a3",
        '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#fff" stroke-width="1.6"/>',
    ),
    "half": ("Half or more", "#3f007d", '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.3"/>'),
}
NOT_COMPARED = "not_compared"  # a latest inspection with recommendations, none earlier to compare
NO_RECOMMENDATIONS = "no_recommendations"


def repeat_band(repeated: int, total: int) -> str:
    """The band of ``repeated`` of ``total`` items (total > 0)."""
    share = repeated / total
    return "none" if repeated == 0 else "some" if share < 0.25 else "quarter" if share < 0.5 else "half"


def latest_repeats(data: SiteData, repeated: Collection[str]) -> dict[str, tuple[Optional[object], int, int, bool]]:
    """la_code → (latest inspection with recommendations or None, its items, how many of them are in
    ``repeated`` (ids with a ``recommendation_repeats`` row), whether the council or a predecessor
    has an earlier inspection with recommendations to compare with), for each current council."""
    by_slug = {a.slug: a for a in data.authorities}
    out = {}
    for a in data.authorities:
        if not a.current:
            continue
        with_recs = [i for i in a.inspections if i.recommendation_rows]
        if not with_recs:
            out[a.la_code] = (None, 0, 0, False)
            continue
        latest = with_recs[-1]
        when = latest.start_date or latest.published_date or ""
        before = with_recs[:-1] + [
            i
            for link in a.predecessors
            if link.slug in by_slug
            for i in by_slug[link.slug].inspections
            if i.recommendation_rows
        ]
        earlier = any((i.start_date or i.published_date or "") < when for i in before)
        items = latest.recommendation_rows
        out[a.la_code] = (latest, len(items), sum(r.recommendation_id in repeated for r in items), earlier)
    return out


def repeats_map(data: SiteData, root: str, repeated: Collection[str], map_id: str = "map-repeats") -> dict:
    """The second map: each current council coloured by the share of its latest inspection's
    recommendations that repeat an item of an earlier inspection (same issue or overlapping)."""
    found = latest_repeats(data, repeated)
    names = {a.la_code: a for a in data.authorities if a.la_code in found}
    cells, groups = {}, {}
    for code, (latest, total, hits, earlier) in found.items():
        a = names[code]
        if latest is None:
            key, words, note = NO_RECOMMENDATIONS, f"{a.name}: no recommendations in the data", ""
        else:
            when = format_date(latest.start_date or latest.published_date or "") or "undated"
            framework = FRAMEWORK_SHORT.get(latest.framework, latest.framework)
            if not earlier:
                key = NOT_COMPARED
                words = (
                    f"{a.name}: {total} recommendations at its latest inspection ({framework}, {when}); "
                    "no earlier inspection with recommendations to compare"
                )
                note = f"{total} recommendations"
            else:
                key = repeat_band(hits, total)
                words = (
                    f"{a.name}: {hits} of {total} recommendations at its latest inspection ({framework}, {when}) "
                    "repeat an earlier inspection's"
                )
                note = f"{hits} of {total}"
        cells[code] = Cell(f"{root}authority/{a.slug}.html", words, key, key == NOT_COMPARED)
        groups.setdefault(key, []).append((a, note))
    styles = {k: Style(words, f"url(#{map_id}-{k})") for k, (words, _, _) in REPEAT_BANDS.items()}
    styles[NOT_COMPARED] = Style("No earlier inspection with recommendations to compare (a ring)", "#bdbdbd")
    styles[NO_RECOMMENDATIONS] = Style("No recommendations in the data", "#e5e5e5")
    order = [*REPEAT_BANDS, NOT_COMPARED, NO_RECOMMENDATIONS]
    legend = [(styles[k].label, styles[k].fill, k == NOT_COMPARED) for k in order if k in groups]
    defs = (
        "<defs>"
        + "".join(
            f'<pattern id="{map_id}-{k}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
            for k, (_, colour, marks) in REPEAT_BANDS.items()
        )
        + "</defs>"
    )
    svg = hex_svg(
        cells,
        styles,
        map_id,
        "Map of England's councils: latest recommendations asked before",
        (
            f"{len(cells)} hexagons, one per current council, placed roughly where it is; each is coloured and "
            "patterned by the share of the recommendations of its latest inspection with recommendations that "
            "repeat an item of an earlier inspection (judged the same issue or overlapping), from none to half "
            "or more. Each links to the council's page."
        ),
        defs,
    )
    return {
        "id": map_id,
        "svg": svg,
        "legend": legend,
        "credit": CREDIT,
        "heading": "Map: how many of each council's latest recommendations were asked before",
        "intro": (
            "Of the recommendations of each council's latest inspection that has any, the share linked to an "
            "item of the council's previous inspection with recommendations (or its predecessor's) that "
            "asked the same (same issue) or overlapped (overlapping). The links are made by rules "
            "(recommendation_repeats in the data dictionary), not read by a person."
        ),
        "groups": [(styles[k].label.removesuffix(" (a ring)"), groups[k]) for k in order if k in groups],
    }


def covered(codes: Iterable[str], grid: Optional[Mapping[str, tuple[int, int]]] = None) -> tuple[list, list]:
    """(codes without a hexagon, hexagons without a code): both empty when the map is right."""
    grid = layout() if grid is None else grid
    codes = set(codes)
    return sorted(codes - set(grid)), sorted(set(grid) - codes)


__all__: Sequence[str] = (
    "CREDIT",
    "Cell",
    "Style",
    "covered",
    "hex_svg",
    "layout",
    "picture_map",
    "repeat_band",
    "repeats_map",
)
