"""The canonical bytes of a table's CSV, so diffs show only real changes.

Canonical: UTF-8 without BOM, the schema's header, rows sorted by primary key
(stable, so rows sharing a key keep their order), LF line endings, minimal
RFC 4180 quoting (a cell is quoted only when it must be), empty lines dropped, and
``sources.sha256`` filled from the archived text where it is empty. Every cell
value is kept exactly: this is a pure function of the file's bytes, and a file
it cannot read without guessing is refused rather than rewritten.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional

from civic_accountability.contract.specs import TableSpec

BOM = b"\xef\xbb\xbf"
#: Largest cell read (as the validator's reader): beyond it the file is refused.
MAX_CELL = 64 * 1024 * 1024


class Refused(ValueError):
    """The file cannot be made canonical without guessing; the message says why."""


@dataclass(frozen=True)
class Canonical:
    content: bytes  # the canonical file
    changes: tuple[str, ...]  # why it differs from the input (empty: already canonical)


_SPECIAL = re.compile(r'[,"\r\n]')


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if _SPECIAL.search(value) else value


def write_rows(rows: list[list[str]]) -> bytes:
    """Rows as canonical CSV bytes: a cell is quoted only when it holds a comma, a quote,
    CR or LF. This is Python's csv QUOTE_MINIMAL with lineterminator "\\n", except that
    a lone CR is quoted too: Python 3.11's writer leaves it bare, and every reader then
    takes it for a line break (the value would not survive a round trip)."""
    return "".join(",".join(map(_cell, row)) + "\n" for row in rows).encode("utf-8")


def parse(data: bytes, expected: tuple[str, ...]) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """(header, [(line, cells)], empty lines dropped); Refused for anything not plain CSV."""
    if not data.strip():
        raise Refused("the file is empty; it needs at least the header row")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(f"line {line}: bytes that are not UTF-8 at byte {exc.start}; save the file as UTF-8")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: Optional[list[str]] = None
    blank, start = 0, 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                header = cells
                if tuple(cells) != expected:
                    raise Refused(f"the header is not the schema's: expected {','.join(expected)}")
                continue
            if not cells:
                blank += 1
                continue
            if len(cells) != len(expected):
                raise Refused(f"line {line} has {len(cells)} cells but the header has {len(expected)}")
            rows.append((line, cells))
    except csv.Error as exc:
        raise Refused(f"line {start}: malformed CSV ({exc})")
    return header or [], rows, blank


def _layout_changes(original: bytes, same_order: bytes) -> list[str]:
    """Why the input's bytes differ from the canonical writing of the same rows."""
    if original == same_order:
        return []
    reasons, text = [], original
    if b"\r\n" in text:
        reasons.append("CRLF line endings")
        text = text.replace(b"\r\n", b"\n")
    if text and not text.endswith(b"\n"):
        reasons.append("no newline at the end")
        text += b"\n"
    if text != same_order:
        reasons.append("quoting not minimal RFC 4180")
    return reasons


def _few(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def canonical(spec: TableSpec, data: bytes,
              archive_sha256: Callable[[str], Optional[str]] = lambda source_id: None) -> Canonical:
    """The canonical form of one table's CSV bytes. ``archive_sha256(source_id)`` gives
    the hash of ``archive/<source_id>.txt`` or None (used for ``sources`` only)."""
    changes: list[str] = []
    if data.startswith(BOM):
        changes.append("starts with a byte-order mark")
        data = data[len(BOM):]
    header, rows, blank = parse(data, spec.column_names)
    if blank:
        changes.append(f"{blank} empty line{'s' if blank > 1 else ''}")
    changes += _layout_changes(data, write_rows([header] + [cells for _, cells in rows]))

    if spec.name == "sources" and "sha256" in header:
        id_at, hash_at = header.index("source_id"), header.index("sha256")
        filled = []
        for _, cells in rows:
            if cells[hash_at] == "" and cells[id_at]:
                digest = archive_sha256(cells[id_at])
                if digest:
                    cells[hash_at] = digest
                    filled.append(cells[id_at])
        if filled:
            changes.append(f"sha256 missing for {_few(filled)}")

    key_at = header.index(spec.primary_key)
    keys = [cells[key_at] for _, cells in rows]
    late = next((i for i in range(1, len(keys)) if keys[i] < keys[i - 1]), None)
    ordered = rows
    if late is not None:
        ordered = sorted(rows, key=lambda row: row[1][key_at])
        changes.append(f"rows out of key order (line {rows[late][0]}: {keys[late]!r} after {keys[late - 1]!r})")
    return Canonical(write_rows([header] + [cells for _, cells in ordered]), tuple(changes))
