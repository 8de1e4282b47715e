"""The completeness proof: a report's own list markers against the rows made from it.

Pure, and independent of how ``parse.find_recommendations`` walks a list: it reads the
report's content lines again, finds the line each row starts on, and checks, for every
list (the lines from an improvement heading to the next bold heading that is not one
of its sub-headings):

* the printed numbers of the rows run on with no gap and no repeat;
* every marker line at the rows' level (same kind of marker, same left edge) between
  the heading and the list's end starts a row — nothing left over, numbered or
  bulleted — except a line saying there is nothing to improve or introducing the list;
* no row ends with a heading: a line printed on its own (no sentence end) glued after
  the row's last sentence ("…homeless. Quality of practice").

A list that fails is reported by council, date and page; the import fails on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from civic_accountability.importers.reports import parse as P

#: Points of left-edge drift allowed between two markers of the same level.
EDGE = 8.0


@dataclass
class ListCheck:
    addressee: str
    page: int
    heading: str
    rows: int
    numbers: list[int | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return not self.problems


def _marker(text: str) -> tuple[str, int | None, str] | None:
    m = P.NUMBERED.match(text)
    if m:
        return "number", int(m.group(1)), m.group(2)
    m = P.BULLET.match(text)
    if m:
        return "bullet", None, m.group(2)
    return None


def _key(text: str) -> str:
    return P.norm(text)[:40]


def regions(lines: list[P.CleanLine]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each list: from an improvement heading to the line
    before the next bold heading that is not a timing sub-heading (or the next list)."""
    out = []
    start = None
    for i, ln in enumerate(lines):
        t = ln.text
        opens = (
            (P.IMPROVE_START.match(t) or P.LSCB_IMPROVE.match(t))
            and not P.CONTENTS_ENTRY.search(t)
            and (ln.bold or len(t) < 60)
            and not (ln.page == 1 and not P.IMPROVE_START.match(t))
        )
        opens = opens or (start is None and P.opens_unheaded_list(ln))
        if (
            start is not None
            and ln.bold
            and not opens
            and not P.SUBHEADING.match(t)
            and _marker(t) is None
            and len(t) < 90
        ):
            out.append((start, i - 1))
            start = None
        if opens and not (start is not None and P.SUBHEADING.match(t)):
            if start is not None:
                out.append((start, i - 1))
            start = i
    if start is not None:
        out.append((start, len(lines) - 1))
    return out


def glued_heading(text: str, standalone: Iterable[str]) -> str | None:
    """The heading glued to the end of an item's text, if any."""
    for h in standalone:
        if len(text) > len(h) + 1 and text.endswith(" " + h) and P.SENTENCE_END.search(text[: -len(h) - 1]):
            return h
    return None


def check_report(lines: list[P.CleanLine], recs: list[dict[str, Any]]) -> list[ListCheck]:
    """One ``ListCheck`` per list that has rows or markers. ``recs`` are the report's
    recommendations as dicts (addressee, section, text, page)."""
    standalone = {
        ln.text
        for ln in lines
        if len(ln.text) < 90
        and _marker(ln.text) is None
        and not P.SENTENCE_END.search(ln.text)
        and ln.text[:1].isupper()
        and ln.text.count("(") == ln.text.count(")")
    }
    # where each row starts: the first marker line (not yet used) whose body begins its text
    starts: dict[int, int] = {}
    used: set[int] = set()
    for r_i, rec in enumerate(recs):
        key = _key(rec["text"])
        prose = rec.get("marker") == "prose"
        for i, ln in enumerate(lines):
            if i in used or ln.page < rec["page"]:
                continue
            mk = _marker(ln.text)
            if (mk is None) != prose:
                continue
            body = _key(mk[2] if mk else ln.text)
            if len(body) >= min(len(key), 12) and key.startswith(body):
                starts[r_i] = i
                used.add(i)
                break
    checks: list[ListCheck] = []
    assigned: set[int] = set()
    for first, last in regions(lines):
        mine = sorted((i, r_i) for r_i, i in starts.items() if first <= i <= last)
        assigned.update(r_i for _, r_i in mine)
        markers = [(i, _marker(lines[i].text)) for i in range(first + 1, last + 1)]
        markers = [(i, m) for i, m in markers if m is not None]
        if not mine and not markers:
            continue
        addressee = recs[mine[0][1]]["addressee"] if mine else ""
        chk = ListCheck(addressee, lines[first].page, lines[first].text, len(mine))
        for _, r_i in mine:
            mk = _marker(lines[starts[r_i]].text)
            chk.numbers.append(mk[1] if mk else None)
        numbered = [(n, recs[r_i].get("section", "")) for n, (_, r_i) in zip(chk.numbers, mine) if n is not None]
        for (a, sec_a), (b, sec_b) in pairwise(numbered):
            if b == 1 and sec_b != sec_a:
                continue  # a list numbered afresh under its next sub-heading
            if b == a:
                chk.problems.append(f"item {b} repeated")
            elif b != a + 1:
                chk.problems.append(f"numbering jumps from {a} to {b}")
        # every marker at the rows' level starts a row
        levels = {(_marker(lines[i].text) or ("prose",))[0] for i, _ in mine}
        xs = [lines[i].x0 for i, _ in mine if _marker(lines[i].text)]
        row_lines = {i for i, _ in mine}
        for i, (kind, num, body) in markers:
            if i in row_lines or kind not in levels or not xs or lines[i].x0 > min(xs) + EDGE:
                continue
            if P.NOTHING.search(body) or P.INTRO.search(P.norm(body)):
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if (
                kind == "number"
                and nxt is not None
                and P.BULLET.match(nxt.text)
                and nxt.x0 > lines[i].x0 + EDGE
                and not P.SENTENCE_END.search(body)
            ):
                continue  # a numbered group heading over its bullets
            label = f"item {num}" if num is not None else "a bullet"
            chk.problems.append(f"{label} (p. {lines[i].page}) is not a row: {P.norm(body)[:50]!r}")
        if not mine:
            chk.problems.append(f"{len(markers)} list markers and no rows")
        for _, r_i in mine:
            h = glued_heading(recs[r_i]["text"], standalone)
            if h:
                chk.problems.append(f"item at position {recs[r_i]['position']} ends with the heading {h!r}")
        checks.append(chk)
    for r_i, rec in enumerate(recs):
        if r_i not in assigned and rec.get("marker") != "prose":
            checks.append(
                ListCheck(
                    rec["addressee"],
                    rec["page"],
                    "",
                    1,
                    problems=[f"position {rec['position']} is in no list of the report"],
                )
            )
    return checks
