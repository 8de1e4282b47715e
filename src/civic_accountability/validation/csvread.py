"""Validation layer 1: read one CSV file strictly and report its structural faults.

Reading is separate from checking cells so the rest of the validator only ever
sees rows whose cells line up with the header.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from civic_accountability.contract.errors import ValidationError, shorten
from civic_accountability.dataset.reader import UnsafeFile, read_member, read_regular

#: Largest cell the reader accepts before giving up on a file (bytes of text).
MAX_CELL = 64 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass
class ReadResult:
    """What one CSV file holds, as far as it could be read."""

    header_ok: bool = False
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells) with a full set of cells
    row_count: int = 0  # data rows seen, well-formed or not
    errors: list[ValidationError] = field(default_factory=list)
    unreadable: bool = False


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


class _LineFeeds:
    """The text's lines as ``csv`` reads them (split at LF, CRLF and a lone CR), counting
    only those that end in LF: ``count`` + 1 is the line the next record starts on, as Git,
    GitHub and editors number lines (a lone CR is not a line break to them)."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if line.endswith("\n"):
            self.count += 1
        return line


def check_header(table: str, header: list[str], expected: tuple[str, ...]) -> list[ValidationError]:
    """Label errors, Frictionless-style: the header must be exactly the schema's columns in order."""
    if tuple(header) == expected:
        return []
    errors = []
    err = lambda code, name, msg: errors.append(ValidationError(table, 1, code, name, name, msg))  # noqa: E731
    seen: set[str] = set()
    for name in header:
        if name in seen:
            err("duplicate-label", name, f"column {name!r} appears more than once in the header")
        seen.add(name)
    renamed = set()
    for i, (got, want) in enumerate(zip(header, expected)):
        if got != want and got not in expected and want not in header:
            renamed.update((got, want))
            err("incorrect-label", got, f"column {i + 1} is {got!r}; the schema calls it {want!r}")
    for name in expected:
        if name not in header and name not in renamed:
            err("missing-label", name, f"the header lacks the column {name!r}")
    for name in header:
        if name not in expected and name not in renamed:
            err("extra-label", name, f"the header has a column {name!r} that the schema does not define")
    if not errors:
        for i, (got, want) in enumerate(zip(header, expected)):
            if got != want:
                err(
                    "incorrect-label",
                    got,
                    f"column {i + 1} is {got!r} but should be {want!r}: columns are out of order",
                )
                break
    return errors


def read_checked(path: Path, root: Optional[Path] = None) -> bytes:
    """The file's bytes from the guarded open (``dataset.reader``), not a second open by
    path: ``open_package`` checked the file, and one swapped since (a link out of the
    package, a FIFO, a device, a giant) is refused here too. With ``root`` (the package
    directory ``path`` lies in) the path is resolved inside it again and opened without
    following links; without, the file must still be a regular one under the data cap."""
    if root is None:
        return read_regular(path, str(path), "data")
    return read_member(root, Path(path).relative_to(root).as_posix(), "data")


def blank_rows(table: str, first: int, last: int, count: int) -> ValidationError:
    """One finding for a run of ``count`` blank rows: a file padded with millions of empty
    or CR-only lines is one error, not millions (each ~300 bytes held)."""
    if count == 1:
        return ValidationError(table, first, "blank-row", None, None, "blank row; delete it")
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    return ValidationError(
        table, first, "blank-row", None, None, f"{count:,} blank rows in a run ({where}); delete them"
    )


def read_csv(
    table: str, path: Path, expected: tuple[str, ...], root: Optional[Path] = None, errors: Optional[list] = None
) -> ReadResult:
    """``path``'s rows and structural faults; ``root``: see ``read_checked``. ``errors``:
    where to add the faults (the report's bounded ``ErrorLog``, so a file of a million
    broken rows never holds a million errors), else ``ReadResult.errors``."""
    result = ReadResult() if errors is None else ReadResult(errors=errors)
    add = result.errors.append
    try:
        data = read_checked(path, root)
    except UnsafeFile as exc:
        # Named by ``path`` with or without ``root``, so both engines word it alike.
        message = f"file not found: {path}" if exc.missing else exc.message.replace(exc.rel, str(path), 1)
        add(ValidationError(table, 0, exc.code, None, str(path), message))
        result.unreadable = True
        return result
    if not data.strip():
        add(ValidationError(table, 1, "empty-file", None, None, "the file is empty; it needs at least the header row"))
        return result
    if data.startswith(BOM):
        add(
            ValidationError(
                table,
                1,
                "encoding-error",
                None,
                None,
                "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        )
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        add(
            ValidationError(
                table,
                _line_of(data, exc.start),
                "encoding-error",
                None,
                repr(bad),
                f"bytes that are not UTF-8 at byte {exc.start}; save the file as UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")

    csv.field_size_limit(MAX_CELL)
    if "\r" in text:  # csv breaks lines at a lone CR too: count the LFs ourselves
        lines = _LineFeeds(text)
        reader = csv.reader(lines, strict=True)
        line_feeds = lambda: lines.count  # noqa: E731
    else:  # every line csv reads ends in LF (or the end): its own count is the same
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        line_feeds = lambda: reader.line_num  # noqa: E731
    start = 1
    labels: tuple[str, ...] = expected
    run: Optional[list[int]] = None  # the current run of blank rows: first line, last line, count
    try:
        for cells in reader:
            line, start = start, line_feeds() + 1
            if run is not None and any(c.strip() for c in cells):
                add(blank_rows(table, *run))
                run = None
            if line == 1:
                header_errors = check_header(table, cells, expected)
                result.errors.extend(header_errors)
                result.header_ok = not header_errors
                labels = tuple(cells)  # ragged rows are judged against the header the file has
                continue
            result.row_count += 1
            if not any(c.strip() for c in cells):
                run = [line, line, 1] if run is None else [run[0], line, run[2] + 1]
            elif len(cells) > len(labels):
                extra = cells[len(labels)]
                add(
                    ValidationError(
                        table,
                        line,
                        "extra-cell",
                        None,
                        shorten(extra),
                        f"row has {len(cells)} cells but the header has {len(labels)}",
                    )
                )
            elif len(cells) < len(labels):
                add(
                    ValidationError(
                        table,
                        line,
                        "missing-cell",
                        labels[len(cells)],
                        None,
                        f"row has {len(cells)} cells but the header has {len(labels)}; "
                        f"{labels[len(cells)]!r} and after are missing",
                    )
                )
            else:
                result.rows.append((line, cells))
    except csv.Error as exc:
        if run is not None:
            add(blank_rows(table, *run))
            run = None
        reason = str(exc)
        if "field larger than field limit" in reason:
            message = f"a cell is larger than {MAX_CELL // (1024 * 1024)} MB; reading stopped here"
        elif "unexpected end of data" in reason or "EOF" in reason:
            message = "a quoted cell opened on this line is never closed; reading stopped here"
        else:
            message = f"malformed CSV ({reason}); reading stopped here"
        add(ValidationError(table, start, "format-error", None, None, message))
    if run is not None:
        add(blank_rows(table, *run))
    return result
