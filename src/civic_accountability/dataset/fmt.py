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

from civic_accountability.contract.columns import KEY_JOIN
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


def write_row(cells: list[str]) -> str:
    """One row as a canonical CSV line: a cell is quoted only when it holds a comma, a
    quote, CR or LF. This is Python's csv QUOTE_MINIMAL with lineterminator "\\n", except
    that a lone CR is quoted too: Python 3.11's writer leaves it bare, and every reader
    then takes it for a line break (the value would not survive a round trip)."""
    return ",".join(map(_cell, cells)) + "\n"


def write_rows(rows: list[list[str]]) -> bytes:
    """Rows as canonical CSV bytes."""
    return "".join(map(write_row, rows)).encode("utf-8")


@dataclass
class Parsed:
    """A table read for formatting: each row kept as its canonical line (one string,
    not a list of cells, so a large file costs little more than its text)."""

    header: list[str]
    lines: list[str]  # canonical line of each row, in file order
    keys: list[str]  # primary key of each row
    line_numbers: list[int]  # the CSV line each row starts on
    blank: int  # empty lines dropped
    filled: list[str]  # source ids whose sha256 was filled
    same_order: bytes  # the canonical file with rows in file order, before any sha256 is filled


def parse(
    spec: TableSpec, data: bytes, archive_sha256: Callable[[str], Optional[str]] = lambda source_id: None
) -> Parsed:
    """Read ``data`` strictly (Refused for anything not plain CSV with the schema's header)."""
    expected = spec.column_names
    if not data.strip():
        raise Refused("the file is empty; it needs at least the header row")
    csv.field_size_limit(MAX_CELL)
    # decoded as read, in chunks: a whole-file str (or StringIO, 4 bytes a character) would
    # cost several times the file
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""), strict=True)
    parsed = Parsed(list(expected), [], [], [], 0, [], b"")
    key_at = [expected.index(k) for k in spec.key_fields]
    fill = spec.name == "sources" and "sha256" in expected
    id_at, hash_at = (expected.index("source_id"), expected.index("sha256")) if fill else (0, 0)
    refills: list[tuple[int, str]] = []
    header_seen, start = False, 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not header_seen:
                header_seen = True
                if tuple(cells) != expected:
                    raise Refused(f"the header is not the schema's: expected {','.join(expected)}")
                continue
            if not cells:
                parsed.blank += 1
                continue
            if len(cells) != len(expected):
                raise Refused(f"line {line} has {len(cells)} cells but the header has {len(expected)}")
            parsed.lines.append(write_row(cells))
            parsed.keys.append(KEY_JOIN.join(cells[i] for i in key_at))
            parsed.line_numbers.append(line)
            if fill and cells[hash_at] == "" and cells[id_at]:
                digest = archive_sha256(cells[id_at])
                if digest:
                    cells[hash_at] = digest
                    refills.append((len(parsed.lines) - 1, write_row(cells)))
                    parsed.filled.append(cells[id_at])
    except csv.Error as exc:
        raise Refused(f"line {start}: malformed CSV ({exc})") from None
    except UnicodeDecodeError:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:  # the same error, with its offset in the whole file
            line = data.count(b"\n", 0, exc.start) + 1
            raise Refused(
                f"line {line}: bytes that are not UTF-8 at byte {exc.start}; save the file as UTF-8"
            ) from None
        raise
    parsed.same_order = (write_row(parsed.header) + "".join(parsed.lines)).encode("utf-8")
    for i, line_text in refills:
        parsed.lines[i] = line_text
    return parsed


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


def first_out_of_order(keys: list[str]) -> Optional[int]:
    """Index of the first key smaller than the one before it, or None when sorted. The
    order is plain code-point order of the primary key (Python's ``sorted``), the order
    ``fmt`` writes; a validation warning about key order should use this function."""
    return next((i for i in range(1, len(keys)) if keys[i] < keys[i - 1]), None)


def _few(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def canonical(
    spec: TableSpec, data: bytes, archive_sha256: Callable[[str], Optional[str]] = lambda source_id: None
) -> Canonical:
    """The canonical form of one table's CSV bytes. ``archive_sha256(source_id)`` gives
    the hash of ``archive/<source_id>.txt`` or None (used for ``sources`` only)."""
    changes: list[str] = []
    if data.startswith(BOM):
        changes.append("starts with a byte-order mark")
        data = data[len(BOM) :]
    parsed = parse(spec, data, archive_sha256)
    if parsed.blank:
        changes.append(f"{parsed.blank} empty line{'s' if parsed.blank > 1 else ''}")
    changes += _layout_changes(data, parsed.same_order)
    if parsed.filled:
        changes.append(f"sha256 missing for {_few(parsed.filled)}")

    keys, lines = parsed.keys, parsed.lines
    late = first_out_of_order(keys)
    if late is not None:
        changes.append(
            f"rows out of key order (line {parsed.line_numbers[late]}: {keys[late]!r} after {keys[late - 1]!r})"
        )
        lines = [lines[i] for i in sorted(range(len(keys)), key=keys.__getitem__)]
    if not changes:
        return Canonical(parsed.same_order, ())
    return Canonical((write_row(parsed.header) + "".join(lines)).encode("utf-8"), tuple(changes))
