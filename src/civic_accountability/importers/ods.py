"""Read one sheet of an OpenDocument spreadsheet with each cell's hyperlink.

python-calamine gives cell values but not the ``HYPERLINK()`` formulas Ofsted uses
for each authority's report page, so this reads ``content.xml`` with the standard
library (streaming, so the 40 MB sheet XML of the 2023 release stays cheap).
"""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
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
    """Every row of ``sheet`` as cells (trailing empty cells dropped)."""
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
