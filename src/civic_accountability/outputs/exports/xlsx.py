"""Excel export: a README sheet holding the data dictionary, then one sheet per table.

Integers are numbers and full dates are real dates; partial dates (YYYY, YYYY-MM)
stay text. Every other value is written as a text cell, never a formula: a value
beginning with ``=``, ``+``, ``-`` or ``@`` is shown exactly as in the CSV
(and marked quote-prefixed, so editing it in Excel does not turn it into one).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from civic_accountability.contract.specs import ColumnSpec, TableSpec
from civic_accountability.dataset.atomic import atomic_file, scratch_dir
from civic_accountability.outputs.exports import ExportError
from civic_accountability.outputs.exports.data import ExportData, Value

FORMULA_PREFIXES = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
EXCEL_TEXT_LIMIT = 32_767
MAX_WIDTH = 60
#: Excel's serial dates start in 1900 and miscount its first two months (the 1900
#: leap-year bug), so earlier days stay text.
FIRST_EXCEL_DATE = dt.date(1900, 3, 1)


def excel_value(col: ColumnSpec, value: Value) -> Any:
    """The Python value openpyxl should store for a cell (the type decides the cell's)."""
    if value is None:
        return None
    if col.column_type.excel_number and isinstance(value, int):
        return value
    if col.is_partial_date and len(value) == 10:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:  # an impossible date, exported with --no-validate
            return value
        if day >= FIRST_EXCEL_DATE:
            return day
    return value


#: Characters an XLSX file cannot hold as they are: those XML 1.0 forbids (most
#: control characters, U+FFFE, U+FFFF) and the carriage return, which XML readers
#: turn into a line feed.
NOT_STORABLE_RE = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_storable(data: ExportData) -> None:
    """Raise ExportError for a value an Excel file cannot hold exactly, before anything
    is written: the export never alters a value and never writes a corrupt file."""
    for table in data.tables:
        for line, record in zip(table.lines, table.records):
            for c in table.spec.columns:
                value = record[c.name]
                if not isinstance(value, str):
                    continue
                where = f"{table.name} (CSV line {line}), {c.name}"
                bad = NOT_STORABLE_RE.search(value)
                if bad:
                    raise ExportError(
                        f"{where} holds the character U+{ord(bad.group()):04X}, which Excel files "
                        f"cannot store (a control character, carriage return or non-character)"
                    )
                if len(value) > EXCEL_TEXT_LIMIT:
                    raise ExportError(f"{where} is longer than Excel's {EXCEL_TEXT_LIMIT:,}-character cell limit")


def make_cell(ws, col: ColumnSpec, value: Value):
    """A write-only cell for one value; text never becomes a formula."""
    from openpyxl.cell import WriteOnlyCell

    stored = excel_value(col, value)
    if not isinstance(stored, str):
        cell = WriteOnlyCell(ws, stored)
        if isinstance(stored, dt.date):
            cell.number_format = DATE_FORMAT
        return cell
    cell = WriteOnlyCell(ws, None)
    cell.value = stored  # assigned after creation so that the type below is what is stored
    cell.data_type = "s"
    if stored.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True
    return cell


def _allowed(col: ColumnSpec) -> str:
    if col.enum:
        return ", ".join(col.enum)
    if col.is_partial_date:
        return "YYYY-MM-DD (an Excel date here), or YYYY-MM / YYYY (text)"
    return f"pattern {col.pattern}" if col.pattern else ""


def readme_rows(data: ExportData) -> list[tuple[bool, list[Any]]]:
    """The README sheet as (bold, row) pairs: package facts, the tables, and the data
    dictionary read from the models."""
    meta = data.metadata
    licences = "; ".join(
        f"{lic.get('title') or lic.get('name')} ({lic.get('path', '')})".replace(" ()", "")
        for lic in meta.get("licenses") or []
        if isinstance(lic, dict)
    )
    rows: list[tuple[bool, list[Any]]] = [
        (True, [str(meta.get("title") or meta.get("name") or "")]),
        (False, [str(meta.get("description") or "")]),
        (False, []),
        (False, ["Version", str(meta.get("version") or "")]),
        (False, ["Licence", licences]),
        (
            False,
            [
                "Values",
                "An empty cell is null. Dates are Excel dates when the source gives the day; "
                "a date known only to the month or year is text (YYYY-MM or YYYY).",
            ],
        ),
        (False, []),
        (True, ["Sheet", "Title", "Rows", "Primary key", "Foreign keys", "Description"]),
    ]
    for table in data.tables:
        spec = table.spec
        fks = ", ".join(f"{fk.field} → {fk.table}.{fk.table_field}" for fk in spec.foreign_keys)
        rows.append((False, [spec.name, spec.title, len(table.records), spec.key_label, fks or None, spec.description]))
    rows += [
        (False, []),
        (True, ["Data dictionary"]),
        (True, ["Sheet", "Column", "Type", "Required", "Description", "Allowed values", "Example"]),
    ]
    for table in data.tables:
        for c in table.spec.columns:
            rows.append(
                (
                    False,
                    [
                        table.name,
                        c.name,
                        c.type,
                        "yes" if c.required else "no",
                        c.description,
                        _allowed(c),
                        c.example or "",
                    ],
                )
            )
    rows += [(False, []), (True, ["Values and their meanings"]), (True, ["Sheet", "Column", "Value", "Meaning"])]
    for table in data.tables:
        for c in table.spec.columns:
            rows += [(False, [table.name, c.name, value, meaning]) for value, meaning in c.enum_meanings().items()]
    return rows


def _widths(spec: TableSpec, records: list[dict]) -> list[int]:
    widths = []
    for c in spec.columns:
        longest = max([len(c.name)] + [len(str(r[c.name])) for r in records[:1000] if r[c.name] is not None])
        widths.append(min(longest + 2, MAX_WIDTH))
    return widths


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    """Write the workbook; openpyxl's temporary sheet files live beside ``target`` and go
    with it, and a failure (a full disk) leaves no half-written file and no stray output."""
    import tempfile

    check_storable(data)
    with scratch_dir(target) as scratch:
        saved, tempfile.tempdir = tempfile.tempdir, str(scratch)
        try:
            _write(data, target, progress)
        finally:
            tempfile.tempdir = saved
    return [target]


def _close_quietly(wb) -> None:
    """Finish each write-only sheet's generators after a failure, so none prints an
    "Exception ignored" traceback when it is collected later."""
    for ws in wb.worksheets:
        for gen in (getattr(ws, "_rows", None), getattr(getattr(ws, "_writer", None), "xf", None)):
            try:
                if gen is not None:
                    gen.close()
            except Exception:  # the sheet's file is gone: nothing left to finish
                pass
        ws._rows = None


def _write(data: ExportData, target: Path, progress) -> None:
    import zipfile

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    try:
        _fill(wb, data, progress)
        with atomic_file(target) as tmp:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                ExcelWriter(wb, archive).save()  # our ZipFile, closed even when the disk fills
            make_reproducible(tmp)
    except BaseException:
        _close_quietly(wb)
        raise


def _fill(wb, data: ExportData, progress) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wb.properties.title = str(data.metadata.get("title") or "")
    wb.properties.creator = "civic-accountability"

    readme = wb.create_sheet("README")
    for letter, width in zip("ABCDEFG", (20, 28, 12, 12, 70, 50, 30)):
        readme.column_dimensions[letter].width = width
    for is_heading, row in readme_rows(data):
        cells = []
        for value in row:
            cell = WriteOnlyCell(readme, None)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            if is_heading:
                cell.font = bold
            cells.append(cell)
        readme.append(cells)

    for table in data.tables:
        spec, records = table.spec, table.records
        ws = wb.create_sheet(spec.name)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(spec.columns))
        ws.auto_filter.ref = f"A1:{last}{len(records) + 1}"
        for i, width in enumerate(_widths(spec, records), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for c in spec.columns:
            cell = WriteOnlyCell(ws, c.name)
            cell.font = bold
            cell.alignment = Alignment(vertical="top")
            header.append(cell)
        ws.append(header)
        for record in records:
            ws.append([make_cell(ws, c, record[c.name]) for c in spec.columns])
        progress(len(records))


_W3CDTF_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def make_reproducible(path: Path) -> None:
    """Rewrite the workbook with fixed entry times and document dates (the release
    timestamp), so the same data gives the same bytes, like the zip bundle."""
    import zipfile

    from civic_accountability.outputs.exports.bundle import timestamp

    when = timestamp()
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % when
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, content in entries:
            if info.filename == "docProps/core.xml":
                content = _W3CDTF_RE.sub(lambda m: m.group(1) + stamp.encode() + m.group(3), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, content)
