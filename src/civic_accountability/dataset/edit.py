"""Change a few rows of a package's table and leave every other byte as it was.

A writer that adds or completes rows (``quotes --write``) must not rewrite the rows it
did not touch: re-serialising a whole table with Python's ``csv`` writer drops a cell
an unrelated row has too many, and leaves a lone CR in a quoted cell bare, which every
reader then takes for a line break. So the table is split into its records with their
byte spans, and the output is the input's bytes with only the changed records
replaced and the new ones inserted (in primary-key order, written canonically as
``fmt`` writes them, with the file's own line ending).

``write_member`` is the one way these writers put a file into a package: only inside
the package once links are resolved, never over a link, FIFO or folder, atomically.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from civic_accountability.dataset.fmt import BOM, MAX_CELL, write_row


class EditError(ValueError):
    """The table (or the place to write) cannot be changed without guessing; the message says why."""


@dataclass(frozen=True)
class Record:
    cells: list[str]
    start: int  # byte offset of its first character
    end: int  # byte offset just past its line ending
    line: int  # the physical line it starts on


@dataclass(frozen=True)
class Table:
    header: list[str]
    records: list[Record]  # data rows in file order (blank lines are not records)
    newline: str  # the header's line ending, used for inserted rows

    def rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, r.cells)) for r in self.records]


def read_table(data: bytes, name: str) -> Table:
    """The header and records of ``data`` (a CSV table), each with its byte span.
    ``name`` is used in the messages. EditError for what a strict reader refuses."""
    start = len(BOM) if data.startswith(BOM) else 0
    spans: list[tuple[int, int]] = []
    while start < len(data):  # physical lines: a UTF-8 character never holds the byte \n
        nl = data.find(b"\n", start)
        end = len(data) if nl < 0 else nl + 1
        spans.append((start, end))
        start = end
    used = 0

    def lines() -> Iterator[str]:
        nonlocal used
        for s, e in spans:
            used += 1
            try:
                yield data[s:e].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise EditError(f"{name} line {used}: bytes that are not UTF-8 ({exc.reason})") from None

    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(lines(), strict=True)
    header, records, newline = None, [], "\n"
    while True:
        first = used
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise EditError(
                f"{name} line {first + 1}: malformed CSV ({exc}); run `civic-accountability validate` first"
            ) from None
        s, e = spans[first][0], spans[used - 1][1]
        if header is None:
            header = cells
            newline = "\r\n" if data[s:e].endswith(b"\r\n") else "\n"
        elif cells:
            records.append(Record(cells, s, e, first + 1))
    if header is None:
        raise EditError(f"{name} is empty; it needs at least the header row")
    return Table(header, records, newline)


def _line(cells: list[str], ending: str) -> bytes:
    return (write_row(cells)[:-1] + ending).encode("utf-8")


def edit_table(data: bytes, table: Table, key: str, replace: dict[int, list[str]], insert: list[list[str]]) -> bytes:
    """``data`` with record ``i`` replaced by ``replace[i]`` (keeping its line ending) and
    each row of ``insert`` placed before the first record whose ``key`` is greater (at the
    end when none is); every other byte unchanged."""
    key_at = table.header.index(key)
    placed: dict[int, list[list[str]]] = {}
    for row in sorted(insert, key=lambda r: r[key_at]):
        at = next(
            (i for i, r in enumerate(table.records) if len(r.cells) > key_at and r.cells[key_at] > row[key_at]),
            len(table.records),
        )
        placed.setdefault(at, []).append(row)
    out, cursor = bytearray(), 0
    for i, record in enumerate(table.records):
        if i in placed or i in replace:
            out += data[cursor : record.start]
            cursor = record.start
        for row in placed.get(i, ()):
            out += _line(row, table.newline)
        if i in replace:
            own = data[record.start : record.end]
            ending = "\r\n" if own.endswith(b"\r\n") else "\n" if own.endswith(b"\n") else ""
            out += _line(replace[i], ending)
            cursor = record.end
    out += data[cursor:]
    tail = placed.get(len(table.records), ())
    if tail and out and not out.endswith(b"\n"):
        out += table.newline.encode()  # the last row gains the line ending a row needs before the next
    for row in tail:
        out += _line(row, table.newline)
    return bytes(out)


def write_member(root: Path, rel: str, data: bytes) -> None:
    """Write ``data`` to the package file ``rel`` atomically: only inside the package once
    links are resolved, and only over a regular file (a link, FIFO, device or folder there
    is refused, not replaced). EditError says why it may not be written."""
    from civic_accountability.dataset.atomic import write_atomic

    target = Path(root) / rel
    real_root = os.path.realpath(root)
    parent = os.path.realpath(target.parent)
    if parent != real_root and not parent.startswith(real_root.rstrip(os.sep) + os.sep):
        raise EditError(f"{rel} would be written outside the package directory ({target.parent} is a link out)")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise EditError(f"cannot write {rel}: {exc.strerror}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = (
            "a link" if stat.S_ISLNK(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        )
        raise EditError(f"cannot write {rel}: it is {what}; only a package's own regular files are replaced")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise EditError(f"cannot write {rel}: {exc.strerror or exc}") from None
