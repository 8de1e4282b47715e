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
FONT = "font-family=\"system-ui, sans-serif\""


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
        out.append(f'<pattern id="{prefix}-{grade}" patternUnits="userSpaceOnUse" width="8" height="8">'
                   f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>')
    return f"<defs>{''.join(out)}</defs>"


def marker(grade: Optional[str], x: float, y: float, size: float = 7) -> str:
    """A grade's shape at (x, y); ``None`` draws the hollow diamond of an ungraded visit."""
    if grade is None:
        s = size * 0.8
        return (f'<path d="M{_n(x)},{_n(y - s)} L{_n(x + s)},{_n(y)} L{_n(x)},{_n(y + s)} L{_n(x - s)},{_n(y)} Z" '
                f'fill="#fff" stroke="#333" stroke-width="1.5"/>')
    colour, _, shape = STYLE[grade]
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}" stroke="#222" stroke-width="1"/>'
    if shape == "square":
        s = size * 0.9
        return (f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" '
                f'fill="{colour}" stroke="#222" stroke-width="1"/>')
    if shape == "triangle":
        return (f'<path d="M{_n(x)},{_n(y - size * 1.1)} L{_n(x + size)},{_n(y + size * 0.8)} '
                f'L{_n(x - size)},{_n(y + size * 0.8)} Z" fill="{colour}" stroke="#222" stroke-width="1"/>')
    if shape == "cross":
        s = size * 0.75
        return (f'<path d="M{_n(x - s)},{_n(y - s)} L{_n(x + s)},{_n(y + s)} M{_n(x + s)},{_n(y - s)} '
                f'L{_n(x - s)},{_n(y + s)}" stroke="{colour}" stroke-width="4" stroke-linecap="round"/>')
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
    return (f'<svg class="swatch" width="34" height="16" viewBox="0 0 34 16" aria-hidden="true" focusable="false">'
            f'{pattern_defs(prefix, (grade,))}<rect x="0.5" y="0.5" width="15" height="15" fill="url(#{prefix}-{grade})" '
            f'stroke="#222"/>{marker(grade, 26, 8, 5)}</svg>')


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


def timeline(authority: AuthorityView, first_year: int, last_year: int, chart_id: str) -> str:
    """Grades across every inspection: one mark per inspection at its date, at its
    headline grade's rung (a SLAC inspection's first headline, safeguarding), and a
    hollow diamond for each ungraded visit."""
    width, height = 900, 300
    left, right, top, bottom = 270, 24, 16, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_h / len(RUNGS)
    span = max(last_year + 1 - first_year, 1)

    def x_of(year: float) -> float:
        return left + (year - first_year) / span * plot_w

    def y_of(rung: int) -> float:
        return top + step * (rung + 0.5)

    parts = [f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(authority.name)}: grades at every inspection</title>',
             f'<desc id="{chart_id}-desc">{escape(_timeline_description(authority))}</desc>']
    for i, (label, _) in enumerate(RUNGS):
        y = y_of(i)
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 12}" y="{_n(y + 5)}" text-anchor="end" font-size="14" {FONT} '
                     f'fill="#222">{escape(label)}</text>')
    for year in range(first_year, last_year + 2):
        x = x_of(year)
        parts.append(f'<line x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{height - bottom}" stroke="#eee"/>')
        if year <= last_year and (plot_w / span >= 40 or year % 2 == 0):
            parts.append(f'<text x="{_n(x_of(year + 0.5))}" y="{height - bottom + 20}" text-anchor="middle" '
                         f'font-size="13" {FONT} fill="#222">{year}</text>')
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#444"/>')

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
    for px, py, grade, insp in points:
        what = grade_label(grade) if grade else "no grade"
        parts.append(f'<g><title>{escape(insp.title)}, {escape(insp.date)}: {escape(what)}</title>'
                     f'{marker(grade, px, py, 8)}')
        if grade:
            parts.append(f'<text x="{_n(px + 12)}" y="{_n(py - 10)}" font-size="13" {FONT} fill="#111">'
                         f'{escape(grade_label(grade))}</text>')
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


def stacked_bars(counts: Mapping[int, Mapping[str, int]], years: Sequence[int], chart_id: str,
                 title: str) -> str:
    """Inspections per year, each bar split by grade (patterned, with a count label
    where it fits and a ``<title>`` on every segment)."""
    width, height = 900, 280
    left, right, top, bottom = 48, 12, 14, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    grades = [g for g in GRADES if any(counts.get(y, {}).get(g) for y in years)]
    peak = max([sum(counts.get(y, {}).values()) for y in years] + [1])
    ceiling = _nice_ceiling(peak)
    slot = plot_w / max(len(years), 1)
    bar_w = min(slot * 0.7, 60)

    parts = [f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(_bars_description(counts, years))}</desc>',
             pattern_defs(chart_id, grades)]
    for tick in _ticks(ceiling):
        y = top + plot_h - tick / ceiling * plot_h
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="#e4e4e4"/>')
        parts.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" font-size="12" {FONT} '
                     f'fill="#222">{tick}</text>')
    for i, year in enumerate(years):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for grade in grades:
            n = counts.get(year, {}).get(grade, 0)
            if not n:
                continue
            h = n / ceiling * plot_h
            y -= h
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(h)}" '
                         f'fill="url(#{chart_id}-{grade})" stroke="#fff" stroke-width="0.5">'
                         f'<title>{year}: {escape(grade_label(grade))}, {n}</title></rect>')
            if h >= 15 and bar_w >= 18:
                parts.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n(y + h / 2 + 4)}" text-anchor="middle" '
                             f'font-size="11" font-weight="bold" {FONT} fill="#000" stroke="#fff" '
                             f'stroke-width="3" paint-order="stroke">{n}</text>')
        parts.append(f'<text x="{_n(x + bar_w / 2)}" y="{height - bottom + 17}" text-anchor="middle" '
                     f'font-size="12" {FONT} fill="#222">{year}</text>')
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
