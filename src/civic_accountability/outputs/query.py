"""Running a user's SQL safely over the in-memory package database, and printing rows.

Read-only is enforced twice: ``PRAGMA query_only`` makes SQLite refuse every write, and
an authorizer allows only reading (SELECT, reading columns, functions, recursive CTEs
and the pragmas that describe tables), so ATTACH (which could create a file), pragma
changes and writes to a temporary table are refused before they run.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import time
from typing import Iterator, Optional

#: Pragmas a reader may call to see what the database holds.
_DESCRIBING_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "collation_list",
    "function_list",
}
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


class QueryError(Exception):
    """A query that cannot run: SQLite's message, with where in the query it went wrong."""


def _authorize(action, arg1, arg2, db_name, trigger):
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _DESCRIBING_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only(conn: sqlite3.Connection) -> None:
    """From now on ``conn`` only reads."""
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(_authorize)
    # a long query still notices Ctrl-C: the handler runs Python, which raises KeyboardInterrupt
    conn.set_progress_handler(lambda: 0, 100_000)


#: ``sql``'s bounds (documented in ``sql --help`` and docs/hostile-input.md): seconds a query
#: may run (``--timeout``; 0: no limit), megabytes of rows it may return (``--max-result-mb``),
#: and the largest string or blob it may build (SQLite's own limit is 1 GB:
#: ``randomblob(400000000)`` took 3 GB before this bound).
TIMEOUT_SECONDS = 30.0
MAX_RESULT_MB = 256
MAX_VALUE_BYTES = 16 << 20


class Watch:
    """SQLite's progress handler for one query: stops it at its deadline. A signal that
    arrives while SQLite runs (Ctrl-C, SIGTERM) is handled inside this handler, where the
    exception its Python handler raises is swallowed by sqlite3 (the query only ends as
    "interrupted"): so the signal is recorded here and its handler run again once SQLite
    has returned, and the command exits as for that signal (130, 143)."""

    def __init__(self, seconds: float = 0.0):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None
        self.timed_out = False
        self.signum: Optional[int] = None
        self.previous: dict[int, object] = {}

    def __call__(self) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.timed_out = True
            return 1
        return 0

    def watch_signals(self) -> None:
        import signal

        def record(signum, frame):
            self.signum = signum
            self.previous[signum](signum, frame)

        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            handler = signal.getsignal(signum) if signum is not None else None
            if callable(handler):
                try:
                    signal.signal(signum, record)
                except ValueError:  # not the main thread: signals are not ours to watch
                    return
                self.previous[signum] = handler

    def release(self) -> None:
        """Give the signals back to their handlers; re-raise one recorded during the query."""
        import signal

        previous, self.previous = self.previous, {}
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signum, self.signum = self.signum, None
        if signum is not None and callable(previous.get(signum)):
            previous[signum](signum, None)


def bound(conn: sqlite3.Connection, seconds: float = TIMEOUT_SECONDS, max_value_bytes: int = MAX_VALUE_BYTES) -> Watch:
    """Limit what a query on ``conn`` may take: its time (``Watch``) and its largest value."""
    watch = Watch(seconds)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_value_bytes)
    conn.set_progress_handler(watch, 100_000)
    return watch


_NAMED = [
    re.compile(r'near "(.+)": syntax error'),
    re.compile(r"no such (?:column|table|function): (\S+)"),
    re.compile(r"ambiguous column name: (\S+)"),
]


def error_position(query: str, message: str) -> Optional[int]:
    """Where in ``query`` SQLite's ``message`` points: the offending token's first
    occurrence, or the end for an incomplete query; None when it names no place."""
    if message.startswith("incomplete input"):
        return len(query.rstrip())
    for pattern in _NAMED:
        match = pattern.search(message)
        if not match:
            continue
        token = match.group(1)
        found = re.search(r"(?<![\w.])" + re.escape(token) + r"(?![\w])", query, re.I) or re.search(
            re.escape(token), query, re.I
        )
        if found:
            return found.start()
    return None


def _locate(query: str, message: str) -> str:
    offset = error_position(query, message)
    if offset is None:
        return message
    before = query[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    text = query.splitlines()[line - 1] if query.splitlines() else ""
    return f"{message} (line {line}, column {column})\n  {text}\n  {' ' * (column - 1)}^"


def _size(row: tuple) -> int:
    """Roughly the bytes a row takes once printed (each value's text, plus a separator)."""
    return sum(len(v) + 1 if isinstance(v, (str, bytes)) else 9 for v in row)


def run_query(
    conn: sqlite3.Connection,
    query: str,
    params: dict[str, str],
    watch: Optional[Watch] = None,
    max_bytes: Optional[int] = None,
) -> tuple[list[str], list[tuple]]:
    """The column names and rows of ``query``; QueryError for anything SQLite refuses, for a
    query past ``watch``'s deadline and for rows past ``max_bytes``."""
    if not query.strip():
        raise QueryError("the query is empty")
    if watch is not None:
        watch.watch_signals()
        try:
            return _run(conn, query, params, watch, max_bytes)
        finally:
            watch.release()
    return _run(conn, query, params, watch, max_bytes)


def _run(
    conn: sqlite3.Connection, query: str, params: dict[str, str], watch: Optional[Watch], max_bytes: Optional[int]
) -> tuple[list[str], list[tuple]]:
    try:
        cursor = conn.execute(query, params)
        rows, size = [], 0
        while batch := cursor.fetchmany(1000):
            rows += batch
            size += sum(map(_size, batch))
            if max_bytes is not None and size > max_bytes:
                raise QueryError(
                    f"the result passes {max_bytes / (1 << 20):,.0f} MB after {len(rows):,} rows; "
                    "ask for fewer (LIMIT, WHERE) or raise --max-result-mb"
                )
    except sqlite3.ProgrammingError as exc:
        text = str(exc)
        if "one statement at a time" in text:
            raise QueryError("give one SQL statement (no ';' between statements)") from None
        missing = re.search(r"binding parameter :(\w+)", text)
        if missing:
            raise QueryError(
                f"the query uses :{missing.group(1)} but no value was given: add --param {missing.group(1)}=VALUE"
            ) from None
        if "binding" in text.lower() or "supplied" in text:
            raise QueryError(f"{text} (name each parameter :name and give it with --param name=VALUE)") from None
        raise QueryError(text) from None
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if text == "interrupted":
            if watch is not None and watch.signum is not None:
                watch.release()  # raises what the signal's handler raises: 130 or 143 as the CLI maps them
            if watch is not None and watch.timed_out:
                raise QueryError(
                    f"the query ran longer than {watch.seconds:g} s and was stopped; narrow it or raise --timeout"
                ) from None
            raise KeyboardInterrupt from None
        if "string or blob too big" in text:
            raise QueryError(
                f"the query builds a value larger than {MAX_VALUE_BYTES >> 20} MB (string or blob too big)"
            ) from None
        if text == "not authorized" or "readonly" in text or "query_only" in text:
            raise QueryError(
                "only reading is allowed: the query would write, attach a file or change a "
                "setting (use SELECT, WITH … SELECT, or PRAGMA table_info(name))"
            ) from None
        raise QueryError(_locate(query, text)) from None
    except OverflowError as exc:
        raise QueryError(str(exc)) from None
    columns = [d[0] for d in cursor.description or ()]
    return columns, rows


_LITERAL = re.compile(r"'((?:[^']|'')*)'")


def label_hints(query: str, params: dict[str, str]) -> list[str]:
    """A hint for each text the query compares that is a vocabulary's label, not its id:
    ``'Inadequate'`` matches nothing, since the data holds ``inadequate``."""
    from civic_accountability.contract.vocab import LABELS

    ids = {member.value for member in LABELS}
    by_name: dict[str, str] = {}
    for member, name in LABELS.items():
        for spelling in (name, member.value.replace("_", " ")):
            by_name.setdefault(spelling.casefold(), member.value)
    texts = [m.group(1).replace("''", "'") for m in _LITERAL.finditer(query)] + list(params.values())
    hints = []
    for text in dict.fromkeys(texts):
        wanted = by_name.get(" ".join(text.split()).casefold())
        if wanted and text not in ids:
            hints.append(f"Hint: '{text}' is a label; the data holds ids, so compare with '{wanted}'")
    return hints


# --- output ---------------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, bytes):
        return value.hex()
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.hex()
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def render(fmt: str, columns: list[str], rows: list[tuple]) -> Iterator[str]:
    """The rows as ``fmt`` (table, csv, json, ndjson), in chunks ending with a newline."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _json_value(v) for v in row])
        yield buffer.getvalue()
    elif fmt == "json":
        yield (
            json.dumps([dict(zip(columns, map(_json_value, row))) for row in rows], indent=2, ensure_ascii=False) + "\n"
        )
    elif fmt == "ndjson":
        for row in rows:
            yield json.dumps(dict(zip(columns, map(_json_value, row))), ensure_ascii=False) + "\n"
    else:
        yield table(columns, rows)


def table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns under a header and a rule; numbers to the right; empty for null."""
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [
        bool(rows) and all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"
