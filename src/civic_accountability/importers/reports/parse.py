"""Pure text → structured report: title, dates, lead inspector, framework, grades, recommendations.

Input is what ``pdftext.extract_pages`` gives: pages of ``[text, size, bold, x0]``
lines. Nothing here reads files or knows about the package's tables.

Layouts handled (see notes/ofsted-reports-import.md):

* SIF (2013-2018): "Inspection date:", "Report published:", numbered paragraphs; the
  local authority's list under "What does the local authority need to improve?"
  (sub-headings "Priority and immediate action", "Areas for improvement") or
  "Recommendations"; the LSCB review's own list in its own section.
* ILACS (2018-): "Inspection dates:", "Lead inspector: NAME, His Majesty's Inspector",
  a grade table on page 1, bullets under "What needs to improve?".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

WS = re.compile(r"\s+")
GRADE_RE = r"(outstanding|good|requires? improvement(?: to be good)?|inadequate|adequate)"
GRADE_VALUE = {"outstanding": "outstanding", "good": "good", "inadequate": "inadequate", "adequate": "adequate"}


class ParseError(Exception):
    """A readable report whose required facts cannot be found."""


@dataclass
class Recommendation:
    addressee: str
    position: int
    section: str
    text: str
    page: int
    number: Optional[int] = None  # as printed ("10." → 10); None for a bullet or prose
    marker: str = "number"  # number, bullet or prose


@dataclass
class Report:
    title: str
    authority_printed: str
    start_date: Optional[str]
    end_date: Optional[str]
    periods: list[tuple[str, str]]
    published_date: Optional[str]
    lead_inspectors: list[str]
    framework: str
    judgements: dict[str, tuple[str, int]]  # area -> (grade, page)
    recommendations: list[Recommendation]
    has_improvement_section: bool
    lscb_only: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def on_site_days(self) -> Optional[int]:
        days = 0
        for a, b in self.periods:
            days += (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days + 1
        return days or None


def norm(text: str) -> str:
    return WS.sub(" ", text).strip()


# --------------------------------------------------------------------------- dates

DATE_TOKEN = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?)?(?:\s+(\d{4}))?",
    re.I,
)


def parse_dates(text: str) -> list[tuple[str, str]]:
    """On-site periods from a printed range: '17 to 28 July 2023', '11 March – 2 April 2014',
    '30 September to 11 October 2024 and 13 to 16 January 2025'."""
    periods = []
    text = re.sub(
        r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b",
        lambda m: f"{int(m.group(1))} {list(MONTHS)[int(m.group(2)) - 1]} {m.group(3)}",
        text,
    )
    for part in re.split(r"\band\b|;", text):
        toks = [
            (int(d), MONTHS[m.lower().rstrip(".")] if m else None, int(y) if y else None)
            for d, m, y in DATE_TOKEN.findall(part)
        ]
        toks = [t for t in toks if 1 <= t[0] <= 31]
        if not toks:
            continue
        month = year = None
        filled = []
        for d, m, y in reversed(toks):  # the month and year written last apply to earlier days
            month = m or month
            year = y or year
            filled.append((d, month, year))
        filled.reverse()
        if any(m is None or y is None for _, m, y in filled):
            raise ParseError(f"cannot read inspection dates {text!r}")
        dates = [dt.date(y, m, d).isoformat() for d, m, y in filled]
        periods.append((dates[0], dates[-1]))
    return periods


def parse_printed_date(text: str) -> Optional[str]:
    m = DATE_TOKEN.search(text)
    if not m or not m.group(2) or not m.group(3):
        return None
    return dt.date(int(m.group(3)), MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1))).isoformat()


# --------------------------------------------------------------------------- cleaning

PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I)


def running_lines(pages: list[list[list]]) -> set[str]:
    """Header and footer texts: a line among a page's first or last three that recurs
    (digits ignored) on at least three pages and a quarter of them."""
    counts: Counter[str] = Counter()
    for lines in pages:
        texts = [norm(l[0]) for l in lines if norm(l[0])]
        edge = set(re.sub(r"\d+", "#", t) for t in texts[:3] + texts[-3:])
        counts.update(edge)
    threshold = max(3, len(pages) // 4)
    return {t for t, n in counts.items() if n >= threshold}


def body_size(pages: list[list[list]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for text, size, *_rest in lines:
            if len(text) > 40:
                sizes[size] += len(text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


@dataclass
class CleanLine:
    text: str
    bold: bool
    x0: float
    page: int  # 1-based


def content_lines(pages: list[list[list]]) -> list[CleanLine]:
    """Lines without page numbers, running headers and footers, or footnote text (smaller type)."""
    running = running_lines(pages)
    body = body_size(pages)
    out = []
    for pno, lines in enumerate(pages, 1):
        if pno > 1 and all(len(l) > 4 for l in lines):
            # reading order: top to bottom (a PDF's content order may put a heading after its list)
            lines = sorted(lines, key=lambda l: (-round(l[4] / 2), l[3]) if l[0].strip() else (0, 0))
            lines = [l for l in lines if l[0].strip()]
        texts = [(i, norm(l[0])) for i, l in enumerate(lines) if norm(l[0])]
        edge_idx = {i for i, _ in texts[:3] + texts[-3:]}
        for i, l in enumerate(lines):
            t = norm(l[0])
            if not t:
                continue
            if i in edge_idx and (PAGE_NUMBER.match(t) or pno > 1 and re.sub(r"\d+", "#", t) in running):
                continue
            if pno > 1 and body and l[1] and l[1] < 0.85 * body:
                continue  # footnote text, small print
            out.append(CleanLine(t, bool(l[2]), float(l[3]), pno))
    return out


# --------------------------------------------------------------------------- recommendations

IMPROVE_START = re.compile(
    r"^(What needs to improve\b.*|What does the local authority need to improve\??|Recommendations:?"
    r"|Areas for improvement:?)$",
    re.I,
)
SUBHEADING = re.compile(
    r"^(Priority and immediate action|Immediately|Areas for improvement|Areas for priority action|Immediate action"
    r"|Within (?:one|two|three|four|six|twelve|\d+) (?:week|month)s?|Recommendations"
    r"|(?:Priority|Immediate) actions?)[:.]?$",
    re.I,
)
END_HEADING = re.compile(
    r"^(The experiences and progress|The impact of leaders|Summary for children|Information about"
    r"|Inspection judgements|Key strengths|Section \d|Executive summary|Contents|Overall effectiveness"
    r"|The local authority|Leadership, management|Children looked after|Children who need help"
    r"|What the inspection judge|Inspection findings|The inspection team|Local authority|Areas for development"
    r"|Summary of)"
)
LSCB_HEADING = re.compile(
    r"^(Section 2\b.*|The Local Safeguarding Children Board(?: \(LSCB\))?|Review of the (?:effectiveness of the )?local"
    r" safeguarding children board.*|The effectiveness of the local safeguarding children board.*)$",
    re.I,
)
CONTENTS_ENTRY = re.compile(r"\s\d{1,3}$")
NOTHING = re.compile(
    r"(did not|does not|do not) (find|identify|have) any|no areas for (priority|improvement)"
    r"|there are no (areas|recommendations|priority)|no recommendations|^no areas (?:were|have been) identified",
    re.I,
)
INTRO = re.compile(
    r"(take|taking) the following actions?\.?$|following (areas|actions?|recommendations)[.:]?$|:$", re.I
)
NUMBERED = re.compile(r"^(\d{1,3})\.(?:\s+|(?=[A-Z]))(.*)$")
BULLET = re.compile(
    "^([\u25fc\u25a0\u25cf\u2022\u25aa\uf0b7\uf0a7\uf06e\uf02d\uf0d8\uf0fc\u27a2\u2023\u2043\u25e6\u25a1])\\s*(.*)$"
)
SUBMARK = re.compile(r"^(\(?[a-z]\)|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|[a-z]\.|-|\u2013)\s+(.*)$")


def join_parts(parts: list[str]) -> str:
    """Lines joined by single spaces; a word hyphenated at a line end keeps its printed
    hyphen and is not split ('multi-' + 'agency' → 'multi-agency')."""
    out: list[str] = []
    prev = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (len(prev) >= 2 and prev[-1] == "-" and prev[-2].isalpha()):
            out.append(" ")
        out.append(p)
        prev = p
    return norm("".join(out))


LSCB_IMPROVE = re.compile(
    r"^What does the (?:LSCB|[A-Z]{3,6}|Local Safeguarding Children(?:[’']s)? Board(?: \(LSCB\))?) need to improve\??$",
    re.I,
)
#: The board's own report bound into the council's PDF (Kingston upon Hull 2015).
LSCB_TITLE = re.compile(r"^(?:Inspection|Review) of the effectiveness of the local safeguarding", re.I)
SENTENCE_END = re.compile(r"[.;:?!]['’”)]*$")


@dataclass
class _Item:
    addressee: str
    section: str
    parts: list[str]
    page: int
    number: Optional[int]
    marker: str
    nothing: bool = False


def _drop_glued_subheading(text: str) -> str:
    """Calderdale 2015 prints the next sub-heading inside item 3's paragraph as well as
    on its own line ("…missing from home and care. Areas for improvement"): a list
    sub-heading after the item's last sentence is the heading, not the item."""
    m = re.search(r"(?<=[.;!?]) (" + SUBHEADING.pattern[1:-1] + r")$", text, re.I)
    return text[: m.start()] if m else text


def opens_unheaded_list(ln: CleanLine) -> bool:
    """A bold timing sub-heading with no improvement heading over it opens a list."""
    return ln.page >= 2 and ln.bold and ln.text[:1].isupper() and bool(SUBHEADING.match(ln.text))


def _is_marker(t: str) -> bool:
    return bool(NUMBERED.match(t) or BULLET.match(t))


def find_recommendations(
    lines: list[CleanLine], addressee: str = "local_authority"
) -> tuple[list[Recommendation], bool, list[str]]:
    """Every top-level item of every improvement list, in order.

    A list opens at an improvement heading and closes at a bold heading that is not
    one of its sub-headings (or a known next heading after a finished sentence).
    Inside it: the timing sub-headings ("Priority and immediate action", "Areas for
    improvement") and the theme sub-headings printed on their own line at the list's
    left edge before an item ("Children looked after") make the item's ``section``
    (outer / inner); a numbered line with no sentence in it over a run of bullets
    (Slough 2016) is a theme heading too. A section with no list in it, only prose,
    is one item under its heading (North Lincolnshire 2022)."""
    warnings: list[str] = []
    found = False
    inside = False
    heading = ""
    major = theme = ""
    current: Optional[_Item] = None
    top_kind: Optional[str] = None
    top_x = 0.0
    items: list[_Item] = []
    region_markers = 0
    prose: list[tuple[str, int]] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            items.append(current)
        current = None

    def section() -> str:
        return " / ".join(p for p in (major, theme) if p)

    def end_region() -> None:
        nonlocal inside, prose, region_markers
        close()
        if inside and region_markers == 0 and prose:
            text = join_parts([t for t, _ in prose])
            if text and not NOTHING.search(text) and not INTRO.search(text):
                items.append(_Item(addressee, heading, [text], prose[0][1], None, "prose"))
        inside = False
        prose, region_markers = [], 0

    def next_line(i: int) -> Optional[CleanLine]:
        return lines[i + 1] if i + 1 < len(lines) else None

    for i, ln in enumerate(lines):
        t = ln.text
        if ln.page >= 2 and (LSCB_HEADING.match(t) or LSCB_TITLE.match(t)) and not CONTENTS_ENTRY.search(t):
            end_region()
            addressee = "lscb"
            continue
        heading_like = ln.bold and len(t) < 90 and not _is_marker(t)
        if not inside:
            starts = (
                (IMPROVE_START.match(t) or LSCB_IMPROVE.match(t))
                and not CONTENTS_ENTRY.search(t)
                and (ln.bold or len(t) < 60)
            )
            if starts and ln.page == 1 and not IMPROVE_START.match(t):
                starts = False
            if not starts and opens_unheaded_list(ln):
                starts = True  # the board's list under "Priority and immediate action" alone (Coventry 2014)
            if starts:
                if LSCB_IMPROVE.match(t) and ln.page >= 2:
                    addressee = "lscb"
                inside, found, top_kind, current = True, True, None, None
                heading = t.rstrip(":").strip()
                major = theme = ""
                if SUBHEADING.match(t) and not t.lower().startswith("recommendations"):
                    major = t.rstrip(":").strip()
            continue
        # inside an improvement list
        text_so_far = " ".join(current.parts).strip() if current is not None else ""
        ends_sentence = current is None or SENTENCE_END.search(text_so_far) is not None
        if SUBHEADING.match(t) and t[:1].isupper() and (ln.bold or ends_sentence and len(t) < 40):
            close()
            major, theme = t.rstrip(":.").strip(), ""
            top_kind = None  # each sub-heading's list has its own top level
            continue
        m_num = NUMBERED.match(t)
        m_bul = BULLET.match(t)
        nxt = next_line(i)
        # a theme sub-heading: its own line at the list's left edge, not a sentence, before an item
        if (
            not ln.bold
            and not m_num
            and not m_bul
            and len(t) < 90
            and t[:1].isupper()
            and not re.search(r"[.,;]$", t)
            and ends_sentence
            and (top_kind is None or ln.x0 <= top_x + 8)
            and nxt is not None
            and nxt.page - ln.page <= 1
            and _is_marker(nxt.text)
            and (top_kind is None or nxt.x0 <= top_x + 8)
        ):
            close()
            theme = t.rstrip(":").strip()
            continue
        # a numbered group heading over bullets (Slough 2016: "1. Quality and effectiveness of practice")
        if (
            m_num
            and not SENTENCE_END.search(m_num.group(2))
            and len(t) < 90
            and nxt is not None
            and BULLET.match(nxt.text)
            and nxt.x0 > ln.x0 + 8
            and ends_sentence
            and BULLET.match(nxt.text).group(2)[:1].isupper()
        ):
            close()
            theme = m_num.group(2).strip()
            top_kind = None
            region_markers += 1
            continue
        if heading_like or (END_HEADING.match(t) and not m_num and not m_bul and ends_sentence):
            end_region()
            continue
        m_sub = SUBMARK.match(t) if current is not None else None
        kind = "number" if m_num else (f"bullet{m_bul.group(1)}" if m_bul else None)
        body = m_num.group(2) if m_num else (m_bul.group(2) if m_bul else None)
        if kind is not None:
            region_markers += 1
            if top_kind is None:
                top_kind, top_x = kind, ln.x0
            if kind == top_kind and ln.x0 <= top_x + 8:
                close()
                current = _Item(
                    addressee,
                    section(),
                    [body],
                    ln.page,
                    int(m_num.group(1)) if m_num else None,
                    "number" if m_num else "bullet",
                    bool(NOTHING.search(body)),
                )
            elif current is not None:
                current.parts.append(body)  # a sub-item joins its parent
            continue
        if m_sub is not None and ln.x0 > top_x + 8:
            current.parts.append(m_sub.group(2))
            continue
        if current is not None:
            current.parts.append(t)
        else:
            prose.append((t, ln.page))
    end_region()
    recs: list[Recommendation] = []
    positions: Counter[str] = Counter()
    for it in items:
        text = _drop_glued_subheading(join_parts(it.parts))
        if it.nothing or NOTHING.search(text) and len(text) < 200:
            continue
        if INTRO.search(text) and it.marker != "prose":
            continue  # "the local authority should take the following action." introduces the list
        if not text:
            continue
        positions[it.addressee] += 1
        recs.append(
            Recommendation(it.addressee, positions[it.addressee], it.section, text, it.page, it.number, it.marker)
        )
    return recs, found, warnings


# --------------------------------------------------------------------------- judgements

SIF_AREAS = (
    ("help_and_protection", r"Children who need help and protection"),
    ("looked_after_and_permanence", r"Children looked after and achieving permanence"),
    ("adoption_performance", r"Adoption performance"),
    ("care_leavers", r"Experiences and progress of care leavers"),
    ("leadership_management_governance", r"Leadership, management and governance"),
)
ILACS_AREAS = (
    ("impact_of_leaders", r"The impact of leaders on (?:social work )?practice with children and families"),
    ("help_and_protection", r"The experiences and progress of children who need help and protection"),
    ("children_in_care_and_care_leavers", r"The experiences and progress of children in care and care leavers"),
    ("children_in_care", r"The experiences and progress of children in care(?! and)"),
    ("care_leavers", r"The experiences and progress of (?:children )?care leavers"),
    ("overall_effectiveness", r"Overall effectiveness"),
)


TLAC_AREAS = (
    ("overall_effectiveness", r"Overall effectiveness of services for looked after children and young people"),
    ("capacity_to_improve", r"Capacity to improve"),
    ("outcomes_for_looked_after_children", r"Outcomes for looked after children and young people"),
    ("quality_of_provision", r"Quality of provision"),
    ("leadership_and_management", r"Leadership and management"),
)
BOARD = r"(?:Local Safeguarding Children(?:[’']s)? Board(?: \(\w+\))?|(?-i:[A-Z]{0,3}SCB))"
#: The board's grade: the sentence of the board's own section (page 2 on), else the
#: summary's on page 1 ("The effectiveness of the Local Safeguarding Children Board
#: (LSCB) is good"); then the shorter "The LSCB is inadequate because:".
LSCB_SENTENCES = (
    re.compile(
        r"The effectiveness of the [\w ’'-]{0,60}?" + BOARD + r"(?: \(LSCB\))? (?:is|requires?)\s+" + GRADE_RE + r"\b",
        re.I,
    ),
    re.compile(
        r"\bThe "
        + BOARD
        + r"(?: \(LSCB\))?(?: is| requires?)?\s+"
        + GRADE_RE
        + r"(?: because)?(?:\s*[.:]|$|\s+(?-i:[A-Z]))",
        re.I,
    ),
)


def lscb_grade(flat: list[str], lscb_only: bool) -> Optional[tuple[str, int]]:
    pages = list(enumerate(flat, 1))
    order = pages[1:] + pages[:1] if not lscb_only else pages
    for rx in LSCB_SENTENCES:
        for pno, text in order:
            m = rx.search(text)
            if m:
                return grade_value(m.group(m.lastindex)), pno
    return None


def grade_value(label: str) -> str:
    label = label.lower()
    return GRADE_VALUE.get(label, "requires_improvement")


def find_grade(pattern: str, text: str) -> Optional[str]:
    m = re.search(pattern + r"\s*[.:]?\s*" + GRADE_RE + r"\b", text, re.I)
    return grade_value(m.group(m.lastindex)) if m else None


def parse_judgements(framework: str, page_texts: list[str], lscb_only: bool = False) -> dict[str, tuple[str, int]]:
    flat = [norm(p) for p in page_texts]
    out: dict[str, tuple[str, int]] = {}
    if framework == "sif":
        head = flat[0] + " " + (flat[1] if len(flat) > 1 else "")
        for area, pat in SIF_AREAS:
            g = find_grade(r"(?:\d\.(?:\d\s)?\s*)?" + pat, head)
            if g:
                out[area] = (g, 1)
        m = re.search(
            r"(?:The overall judgement is(?: that children’s services? (?:are|is|require|requires))?"
            r"|Children[’']s services (?:in|on) (?:the )?[A-Z][\w ,.&'’-]{1,60}? (?:are|is|require|requires))\s+"
            r"(outstanding|good|requires? improvement(?: to be good)?|improvement(?: to be good)?|inadequate|adequate)",
            head,
            re.I,
        )
        if m:
            lab = m.group(1)
            if lab.lower().startswith("improvement"):
                lab = "requires improvement"
            out["overall_effectiveness"] = (grade_value(lab), 1)
        board = lscb_grade(flat, lscb_only)
        if board:
            out["lscb_effectiveness"] = board
        return out
    if framework == "tlac":
        # a heading and its grade may sit either side of a page break (Sandwell 2013, pp. 18-19)
        whole, starts = "", []
        for text in flat:
            starts.append(len(whole))
            whole += text + " "
        for area, pat in TLAC_AREAS:
            m = re.search(pat + r"\s+(?:\d{1,3}\s+)?Grade \d \((outstanding|good|adequate|inadequate)\)", whole, re.I)
            if m:
                out[area] = (grade_value(m.group(1)), sum(1 for st in starts if st <= m.start(1)))
        return out
    head = flat[0]
    for area, pat in ILACS_AREAS:
        g = find_grade(pat, head)
        if g:
            out[area] = (g, 1)
    if framework == "ilacs_2018":
        out.pop("children_in_care", None)
        out.pop("care_leavers", None)
    else:
        out.pop("children_in_care_and_care_leavers", None)
    if framework == "ilacs_2026":
        out.pop("overall_effectiveness", None)
    return out


def detect_framework(page_texts: list[str]) -> str:
    """The framework, from the report's own first page: SIF and TLAC by their titles;
    ILACS before 2023 grades "children in care and care leavers" together; from 2023
    care leavers apart, with an overall effectiveness grade; the framework in force
    from April 2026 grades the same four areas with no overall effectiveness."""
    first = norm(page_texts[0]) if page_texts else ""
    lower = first.lower()
    if lower.startswith("inspection of looked after children services"):
        return "tlac"
    if (
        "children looked after and achieving permanence" in lower
        or "inspection of services for children in need" in lower
        or "review of the effectiveness of the local safeguarding children" in lower
    ):
        return "sif"
    if re.search(r"experiences and progress of children in care and care\s*leavers\s+" + GRADE_RE, first, re.I):
        return "ilacs_2018"
    if re.search(r"Overall effectiveness\s+" + GRADE_RE, first, re.I):
        return "ilacs_2023"
    if re.search(r"experiences and progress of (?:children )?care\s*leavers\s+" + GRADE_RE, first, re.I):
        return "ilacs_2026"
    return "ilacs_2018"


# --------------------------------------------------------------------------- the report

ROLE_ANY = re.compile(
    r"\s*,?\s*\(?\b(?:Senior\s+)?(?:(?:His|Her) Majesty[’']s Inspector|HMI|Ofsted Inspector)\)?\.?,?", re.I
)


def parse_lead(lines: list[CleanLine]) -> list[str]:
    """Lead inspector(s) as printed, without the role; several are returned in order."""
    for i, ln in enumerate(lines):
        m = re.match(r"^(?:Lead inspectors?(?: on site)?|Reporting inspector)\s*:?\s*(.*)$", ln.text)
        if not m or ln.text.lower().startswith("lead inspector attended"):
            continue
        value = m.group(1).strip()
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if not value or value.endswith(",") or re.match(r"^(?:(?:His|Her) Majesty|HMI\b)", nxt):
            value = f"{value} {nxt}".strip()
        value = ROLE_ANY.sub(",", value)
        names = [n.strip(" ,.") for n in re.split(r",?\s+and\s+|\s*;\s*|\s*&\s*|\s*,\s*", value)]
        return [n for n in names if n]
    return []


def parse_title(lines: list[CleanLine]) -> tuple[str, str]:
    """(title as printed on page 1, the authority as printed)."""
    head = []
    for ln in lines:
        if ln.page != 1:
            break
        if re.match(r"^Inspection dates?\b", ln.text, re.I):
            break
        head.append(ln.text)
    if not head:
        raise ParseError("no title on the first page")
    if head[0].lower().startswith("inspection of looked after children") and len(head) >= 2:
        # TLAC (2013): the title over two lines, then the authority
        return f"{head[-1]}: {norm(' '.join(head[:-1]))}", head[-1]
    if head[0].lower().startswith("inspection of"):
        title = norm(" ".join(head))
        m = re.match(r"Inspection of (.+?) local authority children", title, re.I)
        return title, (m.group(1) if m else "")
    authority, rest = head[0], head[1:]
    while rest and _CONTINUED.search(authority):  # "London Borough of Barking and" / "Dagenham"
        authority, rest = f"{authority} {rest[0]}", rest[1:]
    return f"{authority}: {norm(' '.join(rest))}", authority


#: An authority's name that goes on to the next line of page 1 ends with one of these.
_CONTINUED = re.compile(r"\b(?:and|upon)$|&$", re.I)  # "Bristol City of" is printed so: not "of"


def parse_report(pages: list[list[list]]) -> Report:
    texts = ["\n".join(l[0] for l in lines) for lines in pages]
    if not texts or not norm(" ".join(texts)):
        raise ParseError("no text layer (a scanned document?)")
    lines = content_lines(pages)
    title, authority = parse_title(lines)
    first = [ln for ln in lines if ln.page <= 2]
    dates_text = None
    published = None
    for i, ln in enumerate(first):
        m = re.match(r"^Inspection dates?\s*:?\s*(.*)$", ln.text, re.I)
        if m and dates_text is None:
            dates_text = m.group(1)
            j = i + 1
            while j < len(first) and (
                re.search(r"(\band|to|[–─-]|\b\d{1,2})$", dates_text.strip())
                or re.match(r"^\d{1,2}\b.*\d{4}$", first[j].text)
                and not re.match(r"^\d+\.", first[j].text)
            ):
                dates_text += " " + first[j].text
                j += 1
        m = re.match(r"^(?:Report )?published\s*:\s*(.*)$", ln.text, re.I)
        if m and published is None:
            published = parse_printed_date(m.group(1))
    if dates_text is None:
        raise ParseError("no 'Inspection dates' line on the first pages")
    periods = parse_dates(dates_text.replace("─", "–"))
    if not periods:
        raise ParseError(f"cannot read inspection dates {dates_text!r}")
    framework = detect_framework(texts)
    lead = parse_lead(lines)
    # A review of the LSCB published on its own (no local authority inspection in it).
    lscb_only = framework == "sif" and "inspection of services" not in title.lower()
    if framework == "tlac":  # without running heads: a heading and its grade may straddle a page break
        texts = ["\n".join(ln.text for ln in lines if ln.page == pno) for pno in range(1, len(pages) + 1)]
    judgements = parse_judgements(framework, texts, lscb_only)
    if lscb_only:
        judgements = {a: g for a, g in judgements.items() if a == "lscb_effectiveness"}
    recs, found, warnings = find_recommendations(lines, "lscb" if lscb_only else "local_authority")
    return Report(
        title=title,
        authority_printed=authority,
        start_date=periods[0][0],
        end_date=periods[-1][1],
        periods=periods,
        published_date=published,
        lead_inspectors=lead,
        framework=framework,
        judgements=judgements,
        recommendations=recs,
        has_improvement_section=found,
        lscb_only=lscb_only,
        warnings=warnings,
    )
