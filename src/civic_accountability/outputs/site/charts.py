"""Charts drawn at build time as inline SVG: no script, no request, no library.

Every grade has a colour (Okabe-Ito, safe for colour-blind readers), a fill
pattern and a marker shape, and every mark also carries its grade as text (a
label or a ``<title>``), so no grade is told by colour alone. Each chart has a
``<title>`` and ``<desc>``; the pages put a table of the same numbers beside it.
Output is a pure function of the input: same data, same bytes.
"""

from __future__ import annotations

import math
from html import escape
from typing import Mapping, Optional, Sequence

from civic_accountability.outputs.site.model import GRADES, AuthorityView, grade_label

#: grade → (colour, pattern drawn over it in white, marker shape)
STYLE: dict[str, tuple[str, str, str]] = {
    "outstanding": ("#0072B2", "none", "star"),
    "good": ("#009E73", "diagonal", "circle"),
    "requires_improvement": ("#E69F00", "horizontal", "triangle"),
    "adequate": ("#CC79A7", "dots", "square"),
    "inadequate": ("#D55E00", "cross", "cross"),
}
#: The timeline's rungs, top to bottom; adequate and RI are both the third of four grades.
RUNGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Outstanding", ("outstanding",)),
    ("Good", ("good",)),
    ("Requires improvement / Adequate", ("requires_improvement", "adequate")),
    ("Inadequate", ("inadequate",)),
    ("Visit (no grade)", ()),
)
FONT = 'font-family="system-ui, sans-serif"'


def _n(value: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros: stable, short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pattern_defs(prefix: str, grades: Sequence[str] = GRADES) -> str:
    """One ``<pattern>`` per grade; ids are prefixed so several charts share a page."""
    out = []
    for grade in grades:
        colour, kind, _ = STYLE[grade]
        marks = {
            "none": "",
            "diagonal": '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#fff" stroke-width="1.6"/>',
            "horizontal": '<path d="M0,2 h8 M0,6 h8" stroke="#fff" stroke-width="1.4"/>',
            "dots": '<circle cx="2" cy="2" r="1.3" fill="#fff"/><circle cx="6" cy="6" r="1.3" fill="#fff"/>',
            "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.3"/>',
        }[kind]
        out.append(
            f'<pattern id="{prefix}-{grade}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
        )
    return f"<defs>{''.join(out)}</defs>"


def marker(grade: Optional[str], x: float, y: float, size: float = 7) -> str:
    """A grade's shape at (x, y); ``None`` draws the hollow diamond of an ungraded visit."""
    if grade is None:
        s = size * 0.8
        return (
            f'<path d="M{_n(x)},{_n(y - s)} L{_n(x + s)},{_n(y)} L{_n(x)},{_n(y + s)} L{_n(x - s)},{_n(y)} Z" '
            f'fill="#fff" stroke="#333" stroke-width="1.5"/>'
        )
    colour, _, shape = STYLE[grade]
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}" stroke="#222" stroke-width="1"/>'
    if shape == "square":
        s = size * 0.9
        return (
            f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" '
            f'fill="{colour}" stroke="#222" stroke-width="1"/>'
        )
    if shape == "triangle":
        return (
            f'<path d="M{_n(x)},{_n(y - size * 1.1)} L{_n(x + size)},{_n(y + size * 0.8)} '
            f'L{_n(x - size)},{_n(y + size * 0.8)} Z" fill="{colour}" stroke="#222" stroke-width="1"/>'
        )
    if shape == "cross":
        s = size * 0.75
        return (
            f'<path d="M{_n(x - s)},{_n(y - s)} L{_n(x + s)},{_n(y + s)} M{_n(x + s)},{_n(y - s)} '
            f'L{_n(x - s)},{_n(y + s)}" stroke="{colour}" stroke-width="4" stroke-linecap="round"/>'
        )
    # star
    points = []
    for i in range(10):
        r = size * 1.2 if i % 2 == 0 else size * 0.5
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{_n(x + r * math.cos(angle))},{_n(y - r * math.sin(angle))}")
    return f'<polygon points="{" ".join(points)}" fill="{colour}" stroke="#222" stroke-width="1"/>'


def legend_swatch(grade: str) -> str:
    """A small standalone SVG of a grade's pattern and shape, for legends beside text labels."""
    prefix = f"sw-{grade}"
    return (
        f'<svg class="swatch" width="34" height="16" viewBox="0 0 34 16" aria-hidden="true" focusable="false">'
        f'{pattern_defs(prefix, (grade,))}<rect x="0.5" y="0.5" width="15" height="15" fill="url(#{prefix}-{grade})" '
        f'stroke="#222"/>{marker(grade, 26, 8, 5)}</svg>'
    )


def _year_fraction(date: str) -> Optional[float]:
    """A partial date as a fractional year; a month or year alone sits in its middle."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 0.5) / 372


def _rung(grade: Optional[str]) -> int:
    for i, (_, grades) in enumerate(RUNGS):
        if grade in grades:
            return i
    return len(RUNGS) - 1


#: The two layouts every chart is drawn in: pages show the narrow one on small screens
#: (style.css), so no chart text is ever scaled below 12 × (340 / 340) px on a 390 px phone.
WIDE, NARROW = 900, 340


def _year_bands(
    parts: list[str], first_year: int, last_year: int, x_of, top: float, bottom_y: float, every: int, font: int
) -> None:
    """Alternate shaded bands, one per year, with the year's label inside its own band,
    so a point is read against the year it falls in."""
    for year in range(first_year, last_year + 1):
        x0, x1 = x_of(year), x_of(year + 1)
        if year % 2 == 0:
            parts.append(
                f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(x1 - x0)}" height="{_n(bottom_y - top)}" fill="#f2f2f2"/>'
            )
        if (year - first_year) % every == 0:
            parts.append(
                f'<text x="{_n((x0 + x1) / 2)}" y="{_n(bottom_y + font + 6)}" text-anchor="middle" '
                f'font-size="{font}" {FONT} fill="#222">{year}</text>'
            )
            parts.append(
                f'<line x1="{_n(x0)}" y1="{_n(bottom_y)}" x2="{_n(x0)}" y2="{_n(bottom_y + 5)}" stroke="#444"/>'
            )


def timeline(authority: AuthorityView, first_year: int, last_year: int, chart_id: str, narrow: bool = False) -> str:
    """Grades across every inspection: one mark per inspection at its date, at its
    headline grade's rung (a SLAC inspection's first headline, safeguarding), and a
    hollow diamond for each ungraded visit. ``narrow`` is the phone layout: the rung
    names sit above their lines and years are labelled where they fit."""
    span = max(last_year + 1 - first_year, 1)
    if narrow:
        width, font, marker_size = NARROW, 12, 6
        left, right, top, bottom = 6, 6, 22, 30
        step = 46
    else:
        width, font, marker_size = WIDE, 14, 8
        left, right, top, bottom = 270, 24, 16, 42
        step = 48
    height = top + step * len(RUNGS) + bottom
    plot_w = width - left - right
    bottom_y = height - bottom

    def x_of(year: float) -> float:
        return left + (year - first_year) / span * plot_w

    def y_of(rung: int) -> float:
        return top + step * (rung + 0.5) + (8 if narrow else 0)

    per_year = plot_w / span
    every = next(n for n in (1, 2, 3, 4, 5, 10, 20, 50) if per_year * n >= (font * 2.6 + 6))
    parts = [
        f'<svg id="{chart_id}" class="chart {"chart-narrow" if narrow else "chart-wide"}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(authority.name)}: grades at every inspection</title>',
        f'<desc id="{chart_id}-desc">{escape(_timeline_description(authority))}</desc>',
    ]
    _year_bands(parts, first_year, last_year, x_of, top, bottom_y, every, 12 if narrow else 13)
    for i, (label, _) in enumerate(RUNGS):
        y = y_of(i)
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#bbb"/>')
        if narrow:
            parts.append(
                f'<text x="{left}" y="{_n(y - step / 2 + font - 2)}" font-size="{font}" {FONT} '
                f'fill="#333">{escape(label)}</text>'
            )
        else:
            parts.append(
                f'<text x="{left - 12}" y="{_n(y + 5)}" text-anchor="end" font-size="{font}" {FONT} '
                f'fill="#222">{escape(label)}</text>'
            )
    parts.append(f'<line x1="{left}" y1="{bottom_y}" x2="{width - right}" y2="{bottom_y}" stroke="#444"/>')

    points = []
    for insp in authority.inspections:
        x = _year_fraction(insp.date)
        if x is None:
            continue
        headline = insp.headline[0] if insp.headline else (insp.grades[0] if insp.grades else None)
        grade = headline.grade if headline else None
        if insp.graded and grade not in STYLE:
            continue
        if not insp.graded:
            grade = None
        points.append((x_of(x), y_of(_rung(grade)), grade, insp))
    line = [(px, py) for px, py, g, _ in points if g is not None]
    if len(line) > 1:
        d = " ".join(f"{'M' if i == 0 else 'L'}{_n(px)},{_n(py)}" for i, (px, py) in enumerate(line))
        parts.append(f'<path d="{d}" fill="none" stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/>')
    placed: list[tuple[float, float, float, float]] = []  # label boxes already drawn: no overlaps

    def free(box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return x1 <= width - 2 and all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1 for a0, b0, a1, b1 in placed)

    for px, py, grade, insp in points:
        what = grade_label(grade) if grade else "no grade"
        parts.append(
            f"<g><title>{escape(insp.title)}, {escape(insp.date)}: {escape(what)}</title>"
            f"{marker(grade, px, py, marker_size)}"
        )
        if grade and not narrow:
            text = grade_label(grade)
            w = len(text) * 7.4
            for ty in (py - 10, py + 22):
                box = (px + 10, ty - 12, px + 12 + w, ty + 3)
                if free(box):
                    placed.append(box)
                    parts.append(
                        f'<text x="{_n(px + 12)}" y="{_n(ty)}" font-size="13" {FONT} fill="#111">{escape(text)}</text>'
                    )
                    break
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _timeline_description(authority: AuthorityView) -> str:
    bits = []
    for insp in authority.inspections:
        if insp.graded:
            head = insp.headline[0] if insp.headline else insp.grades[0]
            bits.append(f"{insp.date or 'undated'} {insp.title}: {head.area_label} {grade_label(head.grade)}")
        else:
            bits.append(f"{insp.date or 'undated'} {insp.title}: no grade")
    return "; ".join(bits) + "." if bits else "No inspections in the data."


def stacked_bars(
    counts: Mapping[int, Mapping[str, int]], years: Sequence[int], chart_id: str, title: str, narrow: bool = False
) -> str:
    """Inspections per year, each bar split by grade (patterned, with a count label
    where it fits and a ``<title>`` on every segment). ``narrow`` is the phone layout:
    one horizontal bar per year."""
    grades = [g for g in GRADES if any(counts.get(y, {}).get(g) for y in years)]
    peak = max([sum(counts.get(y, {}).values()) for y in years] + [1])
    ceiling = _nice_ceiling(peak)
    if narrow:
        width, row = NARROW, 24
        left, right, top, bottom = 44, 14, 6, 28
        height = top + row * max(len(years), 1) + bottom
    else:
        width, height = WIDE, 280
        left, right, top, bottom = 48, 12, 14, 42
    plot_w, plot_h = width - left - right, height - top - bottom

    parts = [
        f'<svg id="{chart_id}" class="chart {"chart-narrow" if narrow else "chart-wide"}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_bars_description(counts, years))}</desc>',
        pattern_defs(chart_id, grades),
    ]
    label = (
        'font-size="12" font-weight="bold" ' + FONT + ' fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke"'
    )
    if narrow:
        for tick in _ticks(ceiling):
            x = left + tick / ceiling * plot_w
            parts.append(f'<line x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{top + plot_h}" stroke="#e4e4e4"/>')
            parts.append(
                f'<text x="{_n(x)}" y="{height - bottom + 18}" text-anchor="middle" font-size="12" {FONT} '
                f'fill="#222">{tick}</text>'
            )
        for i, year in enumerate(years):
            y = top + row * i + 3
            h = row - 6
            x = left
            for grade in grades:
                n = counts.get(year, {}).get(grade, 0)
                if not n:
                    continue
                w = n / ceiling * plot_w
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
                    f'fill="url(#{chart_id}-{grade})" stroke="#fff" stroke-width="0.5">'
                    f"<title>{year}: {escape(grade_label(grade))}, {n}</title></rect>"
                )
                if w >= 8 * len(str(n)) + 6:
                    parts.append(
                        f'<text x="{_n(x + w / 2)}" y="{_n(y + h / 2 + 4)}" text-anchor="middle" {label}>{n}</text>'
                    )
                x += w
            parts.append(
                f'<text x="{left - 6}" y="{_n(y + h / 2 + 4)}" text-anchor="end" font-size="12" {FONT} '
                f'fill="#222">{year}</text>'
            )
        parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#444"/>')
        parts.append("</svg>")
        return "".join(parts)

    slot = plot_w / max(len(years), 1)
    bar_w = min(slot * 0.7, 60)
    for tick in _ticks(ceiling):
        y = top + plot_h - tick / ceiling * plot_h
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#e4e4e4"/>')
        parts.append(
            f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" font-size="12" {FONT} fill="#222">{tick}</text>'
        )
    for i, year in enumerate(years):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for grade in grades:
            n = counts.get(year, {}).get(grade, 0)
            if not n:
                continue
            h = n / ceiling * plot_h
            y -= h
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(h)}" '
                f'fill="url(#{chart_id}-{grade})" stroke="#fff" stroke-width="0.5">'
                f"<title>{year}: {escape(grade_label(grade))}, {n}</title></rect>"
            )
            if h >= 15 and bar_w >= 8 * len(str(n)) + 4:
                parts.append(
                    f'<text x="{_n(x + bar_w / 2)}" y="{_n(y + h / 2 + 4)}" text-anchor="middle" {label}>{n}</text>'
                )
        if len(years) * 34 <= plot_w or i % 2 == 0:
            parts.append(
                f'<text x="{_n(x + bar_w / 2)}" y="{height - bottom + 17}" text-anchor="middle" '
                f'font-size="12" {FONT} fill="#222">{year}</text>'
            )
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#444"/>')
    parts.append("</svg>")
    return "".join(parts)


def _bars_description(counts: Mapping[int, Mapping[str, int]], years: Sequence[int]) -> str:
    bits = []
    for year in years:
        row = counts.get(year, {})
        if row:
            bits.append(f"{year}: " + ", ".join(f"{grade_label(g)} {row[g]}" for g in GRADES if row.get(g)))
    return "Inspections by year of publication and grade. " + "; ".join(bits) + "."


def _nice_ceiling(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak <= step * 4:
            return -(-peak // step) * step
    return peak


def _ticks(ceiling: int) -> list[int]:
    for parts in (4, 5, 3, 2):
        if ceiling % parts == 0:
            return [ceiling * i // parts for i in range(parts + 1)]
    return [0, ceiling]
