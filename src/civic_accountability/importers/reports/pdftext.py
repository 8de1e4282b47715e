"""Extract a PDF's text as lines with layout facts, with a cache keyed on the file's sha256.

The PDF library is pypdfium2 (PDFium's text layer; Apache-2.0 / BSD-3-Clause), chosen
by measurement (notes/ofsted-reports-import.md): it is ~10x faster than pypdf and
~40x faster than pdfplumber here, keeps a hyphen printed at a line end, and gives
per-character font size and weight, which tell footnotes (smaller type) and
headings (bold) from body text.

A page is a list of lines in the PDF's content order; a line is ``[text, size,
bold, x0, y]``: ``size`` the median font size of its visible characters, ``bold``
whether most of them are bold, ``x0`` and ``y`` the left and top edges of its
first visible character (points from the page's bottom-left corner). Superscript
digits (footnote markers: digits set in type under 80% of the line's size right
after a visible character) are removed from ``text``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Optional

#: Caps on the text read from one PDF, so a small file whose text expands (an 870 KB PDF
#: can hold 300 MB of text: 10 GB once read character by character) is refused as
#: unreadable before it is read. The largest of the 497 reports holds 3,601 characters on
#: a page, 145,626 in all, and 58 pages: the caps are ~14 times those.
MAX_PAGE_CHARS = 50_000
MAX_REPORT_CHARS = 2_000_000
MAX_PAGES = 1_000

#: Bump when the extraction's output changes, so cached text is redone.
EXTRACTOR_VERSION = 4
CACHE_ENV = "CIVIC_ACCOUNTABILITY_CACHE"

Line = list  # [text, size, bold, x0, y]


class NotAPdf(Exception):
    """The file is not a PDF (e.g. a web page saved under a .pdf name)."""


class UnreadablePdf(Exception):
    """The file claims to be a PDF but the library cannot open it."""


def default_cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "civic-accountability" / "report-text"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


#: Characters PDFium returns for glyphs it marks specially: \x02 and U+FFFE stand
#: for a hyphen (PDFium's marker for a hyphen printed at a line end, joined to the
#: next word), a soft hyphen prints as a hyphen.
_CHAR_FIX = {"\x02": "-", "\ufffe": "-", "\u00ad": "-", "\r": ""}


def extract_pages(data: bytes) -> list[list[Line]]:
    """The lines of every page of the PDF in ``data``."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise NotAPdf(
            "not a PDF file (no %PDF header)" + (": looks like an HTML page" if b"<html" in data[:2000].lower() else "")
        )
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium.PdfiumError
        raise UnreadablePdf(str(exc)) from exc
    pages: list[list[Line]] = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    total = 0
    try:
        if len(doc) > MAX_PAGES:
            raise UnreadablePdf(f"{len(doc):,} pages, above the cap of {MAX_PAGES:,} for a report")
        for number, page in enumerate(doc, start=1):
            tp = page.get_textpage()
            n = tp.count_chars()
            total += n
            if n > MAX_PAGE_CHARS or total > MAX_REPORT_CHARS:
                tp.close()
                page.close()
                raise UnreadablePdf(
                    f"page {number} holds {n:,} characters of text, above the cap of {MAX_PAGE_CHARS:,} a page"
                    if n > MAX_PAGE_CHARS
                    else f"the text passes the cap of {MAX_REPORT_CHARS:,} characters for a report at page {number}"
                )
            text = tp.get_text_range(0, n) if n else ""
            handle = tp.raw
            lines: list[Line] = []
            start = 0
            # get_text_range gives one character per PDFium character index.
            aligned = len(text) == n
            for end in [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]:
                chars = []
                for i in range(start, end):
                    ch = text[i]
                    if ch in "\r\n":
                        continue
                    if aligned and not ch.isspace():
                        size = raw.FPDFText_GetFontSize(handle, i)
                        weight = raw.FPDFText_GetFontWeight(handle, i)
                    else:
                        size, weight = 0.0, 0
                    chars.append((i, ch, size, weight))
                start = end + 1
                visible = [c for c in chars if not c[1].isspace()]
                if not visible:
                    if chars:
                        lines.append(["", 0.0, False, 0.0, 0.0])
                    continue
                size = _median([c[2] for c in visible])
                bold = sum(1 for c in visible if c[3] >= 600) * 2 > len(visible)
                x0 = y = 0.0
                if aligned and raw.FPDFText_GetCharBox(handle, visible[0][0], left, right, bottom, top):
                    x0, y = round(left.value, 1), round(top.value, 1)
                out = []
                prev_visible = False
                for _, ch, csize, _w in chars:
                    if ch.isdigit() and prev_visible and size and csize and csize < 0.8 * size:
                        continue  # a superscript footnote marker
                    out.append(_CHAR_FIX.get(ch, ch))
                    prev_visible = not ch.isspace()
                lines.append(["".join(out).rstrip(), round(size, 1), bold, x0, y])
            tp.close()
            page.close()
            pages.append(lines)
    finally:
        doc.close()
    return pages


def cached_pages(
    path: Path, cache_dir: Optional[Path], data: Optional[bytes] = None
) -> tuple[str, list[list[Line]], bool]:
    """(sha256, pages, from_cache) for the PDF at ``path``; the cache is used and filled when given."""
    if data is None:
        data = path.read_bytes()
    digest = sha256_bytes(data)
    target = cache_dir / f"{digest}.v{EXTRACTOR_VERSION}.json" if cache_dir else None
    if target is not None and target.is_file():
        try:
            return digest, json.loads(target.read_text(encoding="utf-8")), True
        except (OSError, ValueError):
            pass  # a damaged cache entry is redone
    pages = extract_pages(data)
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(pages, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only cache only costs speed
    return digest, pages, False


def page_texts(pages: list[list[Line]]) -> list[str]:
    """Plain text of each page (the lines joined by newlines)."""
    return ["\n".join(line[0] for line in lines) for lines in pages]
