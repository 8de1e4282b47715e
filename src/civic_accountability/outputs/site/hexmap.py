"""A hex map of England's upper-tier authorities, drawn at build time as inline SVG.

Layout: ``hexmap.csv`` beside this module (GSS code → ``q``, ``r`` on an ``odd-r`` grid,
``r`` counting up from the south), derived by ``scripts/hexmap_layout.py`` from Open
Innovations' hexmap of UK upper-tier local authorities (MIT licence, © 2017- Open
Innovations), with the 2021 and 2023 reorganisations and code changes applied there.

Drawing is generic: ``hex_svg`` takes one ``Cell`` per code (link, words, a style key, a
mark) and a ``Style`` per key. ``picture_map`` is the first map: each council coloured by its
current picture (``dataset.picture``). A second map (for example the share of a council's
latest recommendations that repeat an earlier inspection's, from ``recommendation_repeats``)
is a second function building its own cells and styles and calling ``hex_svg``; the page
template shows every map in the ``maps`` list the build passes it (``build.hex_maps``).

No script, no request: every hexagon is a link with an accessible name, and each mark is also
told by its pattern and its name, never by colour alone. Same data, same bytes.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Iterable, Mapping, Optional, Sequence

from civic_accountability.dataset.picture import NO_OVERALL
from civic_accountability.outputs.site.charts import STYLE, _n, pattern_defs
from civic_accountability.outputs.site.model import FRAMEWORK_SHORT, SiteData, format_date, grade_label

SIZE = 14.0  # a hexagon's circumradius, in SVG units
CREDIT = ("Hex layout: Open Innovations' hexmap of upper-tier local authorities (MIT licence, © 2017- Open "
          "Innovations), 2020 revision, brought up to date for the 2021 and 2023 reorganisations and code changes.")


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
    corners = [(x + size * math.cos(math.radians(60 * i - 30)), y + size * math.sin(math.radians(60 * i - 30)))
               for i in range(6)]
    return "M" + " L".join(f"{_n(cx)},{_n(cy)}" for cx, cy in corners) + " Z"


def hex_svg(cells: Mapping[str, Cell], styles: Mapping[str, Style], map_id: str, title: str, desc: str,
            defs: str = "", grid: Optional[Mapping[str, tuple[int, int]]] = None) -> str:
    """The map as one ``<svg>``: a hexagon per code of ``grid`` (default: the layout) that has a cell."""
    grid = layout() if grid is None else grid
    placed = {code: grid[code] for code in sorted(cells) if code in grid}
    top = max((r for _, r in placed.values()), default=0)
    width = math.sqrt(3) * SIZE * (max((q for q, _ in placed.values()), default=0) + 1.5) + 4
    height = 1.5 * SIZE * top + 2 * SIZE + 4
    parts = [(f'<svg class="hexmap" viewBox="0 0 {_n(width)} {_n(height)}" xmlns="http://www.w3.org/2000/svg" '
              f'aria-labelledby="{map_id}-title {map_id}-desc">'),
             f'<title id="{map_id}-title">{escape(title)}</title><desc id="{map_id}-desc">{escape(desc)}</desc>',
             defs]
    for code, (q, r) in placed.items():
        cell = cells[code]
        x, y = _centre(q, r, top)
        ring = (f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(SIZE * 0.38)}" fill="#fff" stroke="#1b1b1b" '
                f'stroke-width="1.5"/>' if cell.ring else "")
        parts.append(f'<a href="{escape(cell.href)}" aria-label="{escape(cell.label)}" data-code="{code}">'
                     f'<title>{escape(cell.label)}</title>'
                     f'<path class="hex" d="{_hexagon(x, y)}" fill="{styles[cell.key].fill}"/>{ring}</a>')
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
    before = (f"; last overall grade {grade_label(p.last_overall_grade)}, {format_date(p.last_overall.date or '')}"
              if p.last_overall_grade else "")
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
    svg = hex_svg(cells, styles, map_id, "Map of England's councils by their latest inspection",
                  (f"{len(cells)} hexagons, one per current council, placed roughly where it is; each is coloured and "
                   "patterned by the overall grade of its latest inspection, or, where that inspection (ILACS 2026) "
                   "gives none, by its lowest area grade with a white ring. Each links to the council's page."),
                  pattern_defs(map_id, tuple(STYLE)))
    groups: dict[str, list] = {}
    for a in data.authorities:
        if a.la_code in cells:
            groups.setdefault(a.picture.standing, []).append(a)
    order = [*STYLE, NO_OVERALL]
    return {"id": map_id, "svg": svg, "legend": legend, "credit": CREDIT,
            "heading": "Map: every council's latest inspection",
            "groups": [(k, groups[k]) for k in order if k in groups]}


def covered(codes: Iterable[str], grid: Optional[Mapping[str, tuple[int, int]]] = None) -> tuple[list, list]:
    """(codes without a hexagon, hexagons without a code): both empty when the map is right."""
    grid = layout() if grid is None else grid
    codes = set(codes)
    return sorted(codes - set(grid)), sorted(set(grid) - codes)


__all__: Sequence[str] = ("CREDIT", "Cell", "Style", "covered", "hex_svg", "layout", "picture_map")
