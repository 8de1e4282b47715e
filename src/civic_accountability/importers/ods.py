"""Read one sheet of an OpenDocument spreadsheet with each cell's hyperlink.

python-calamine gives cell values but not the ``HYPERLINK()`` formulas Ofsted uses
for each authority's report page, so this reads ``content.xml`` with the standard
library (streaming, so the 40 MB sheet XML of the 2023 release stays cheap).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
_T = "{%s}" % _NS["table"]
_HYPERLINK_RE = re.compile(r'HYPERLINK\(\s*"([^"]+)"')
#: Repeated empty cells pad rows to 16,384 columns; nothing Ofsted publishes is that wide.
_MAX_COLUMNS = 64


class UnreadableSpreadsheet(ValueError):
    """A release that is not a readable OpenDocument spreadsheet (truncated, garbage, not
    a zip, no ``content.xml``): the import stops with this one-line message, exit 2."""


def _unreadable(path: Path, exc: BaseException) -> UnreadableSpreadsheet:
    why = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return UnreadableSpreadsheet(
        f"{Path(path).name} is not a readable OpenDocument spreadsheet (truncated or not an .ods file: {why})"
    )


def open_workbook(path: Path):
    """python-calamine's workbook for ``path``; UnreadableSpreadsheet when it cannot be read."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None


def sheet_rows(workbook, path: Path, sheet: str) -> list[list]:
    """Every row of ``sheet`` as python-calamine's values; UnreadableSpreadsheet when a
    part of the file it needs is damaged (the zip directory can be whole, a sheet not)."""
    from python_calamine import CalamineError

    try:
        return workbook.get_sheet_by_name(sheet).to_python()
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None


@dataclass(frozen=True)
class Cell:
    text: str
    link: Optional[str] = None


def _cell(elem: ET.Element) -> Cell:
    text = "\n".join("".join(p.itertext()) for p in elem.findall("text:p", _NS))
    link = None
    formula = elem.get(_T + "formula") or ""
    match = _HYPERLINK_RE.search(formula)
    if match:
        link = match.group(1)
    else:
        anchor = elem.find(".//text:a", _NS)
        if anchor is not None:
            link = anchor.get("{%s}href" % _NS["xlink"])
    return Cell(text.strip(), link)


def read_sheet(path: Path, sheet: str) -> list[list[Cell]]:
    """Every row of ``sheet`` as cells (trailing empty cells dropped); UnreadableSpreadsheet
    when the file is not a whole .ods (not a zip, no ``content.xml``, broken XML)."""
    try:
        return _read_sheet(path, sheet)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, EOFError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None


def _read_sheet(path: Path, sheet: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    inside = False
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as xml:
        for event, elem in ET.iterparse(xml, events=("start", "end")):
            if elem.tag == _T + "table":
                if event == "start":
                    inside = elem.get(_T + "name") == sheet
                elif inside:
                    break
                continue
            if not inside or event != "end" or elem.tag != _T + "table-row":
                continue
            cells: list[Cell] = []
            for child in elem:
                if child.tag not in (_T + "table-cell", _T + "covered-table-cell"):
                    continue
                repeat = min(int(child.get(_T + "number-columns-repeated", "1")), _MAX_COLUMNS)
                cells.extend([_cell(child)] * repeat)
                if len(cells) >= _MAX_COLUMNS:
                    break
            while cells and not cells[-1].text and not cells[-1].link:
                cells.pop()
            repeat_rows = min(int(elem.get(_T + "number-rows-repeated", "1")), 1 if not cells else 1000)
            rows.extend([cells] * repeat_rows)
            elem.clear()
    return rows
