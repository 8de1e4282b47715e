"""Run every validation layer over a package and collect one report.

I/O happens here (opening the package, reading CSVs and archives); every check
it calls is a pure function in ``csvread``, ``cells``, ``keys`` or ``rules`` (the
meaning rules through ``registry.RULES``, which the columnar engine runs too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from civic_accountability.contract.errors import FATAL_CODES, WARNING, ValidationError
from civic_accountability.contract.specs import table_specs
from civic_accountability.dataset.package import PACKAGE_TABLE, Package, descriptor_path_of, open_package
from civic_accountability.dataset.reader import read_archives
from civic_accountability.validation import rules
from civic_accountability.validation.cells import row_checker
from civic_accountability.validation.csvread import read_csv
from civic_accountability.validation.errorlog import ErrorLog
from civic_accountability.validation.keys import check_foreign_key, check_primary_key
from civic_accountability.validation.registry import run_rules

NOW_ENV = "CIVIC_ACCOUNTABILITY_NOW"
DATE_FIELDS = rules.DATE_FIELDS


@dataclass
class Report:
    package: Optional[Package]
    descriptor_path: Path
    errors: list[ValidationError] = field(default_factory=list)  # severity error (the engines add every finding here)
    row_counts: dict[str, int] = field(default_factory=dict)
    # Well-formed rows of each table as (line, values): what later commands build on.
    rows: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    warnings: list[ValidationError] = field(default_factory=list)  # valid data a person should look at

    @property
    def error_counts(self) -> Counter:
        """(table, code) → errors found, including those not kept (see ``ErrorLog``)."""
        counts = getattr(self.errors, "counts", None)
        return counts if counts is not None else Counter((e.table, e.code) for e in self.errors)

    @property
    def error_count(self) -> int:
        """Errors found; ``len(errors)`` is how many were kept."""
        return sum(self.error_counts.values())

    @property
    def valid(self) -> bool:
        """No errors; warnings do not make data invalid."""
        return self.error_count == 0

    @property
    def findings(self) -> list[ValidationError]:
        """Errors, then warnings: the order every output shows them in."""
        return self.errors + self.warnings

    @property
    def exit_code(self) -> int:
        return self.exit_status()

    def exit_status(self, strict: bool = False) -> int:
        """2: unreadable input; 1: invalid data (or, with ``strict``, any warning); 0: valid."""
        if any(code in FATAL_CODES for _, code in self.error_counts):
            return 2
        return 1 if self.error_count or (strict and self.warnings) else 0

    def split_warnings(self) -> None:
        """Move the warnings the engines collected with the errors to ``warnings``
        (an ``ErrorLog`` sets them aside as they come, so they are never counted as errors)."""
        if isinstance(self.errors, ErrorLog):
            self.warnings = self.warnings + self.errors.warnings
            self.errors.warnings = []
            return
        found = self.errors + self.warnings
        self.errors = [e for e in found if e.severity != WARNING]
        self.warnings = [e for e in found if e.severity == WARNING]

    @property
    def identity(self) -> dict[str, Optional[str]]:
        """The package checked: its datapackage.json (as displayed), name and version."""
        descriptor = self.package.descriptor if self.package else {}
        return {
            "path": _display(self.descriptor_path),
            "name": _text(descriptor.get("name")),
            "version": _text(descriptor.get("version")),
        }

    def file_of(self, table: str) -> str:
        """The path to show for a table: relative to the working directory when inside it."""
        if self.package is None or table == PACKAGE_TABLE:
            return _display(self.descriptor_path)
        path = self.package.paths.get(table)
        return _display(path) if path else self.package.relpaths.get(table, f"data/{table}.csv")


def _text(value: object) -> Optional[str]:
    """A descriptor's name or version as text (None when absent or not a scalar)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _display(path: Path) -> str:
    """The path relative to the working directory when inside it (absolute when there is none)."""
    try:
        rel = os.path.relpath(path)
    except OSError:  # the working directory was deleted
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def resolve_today(now: Optional[str]) -> str:
    """Today's date for date rules; ``--now`` or $CIVIC_ACCOUNTABILITY_NOW make runs reproducible."""
    value = now or os.environ.get(NOW_ENV)
    if value:
        return dt.date.fromisoformat(value).isoformat()
    return dt.date.today().isoformat()


def _archives(root: Path, source_ids: set[str], members=None) -> tuple[dict[str, str], dict[str, str]]:
    """Normalised text and sha256 of archive/<source_id>.txt for each source that has one
    (``members``: the package's archive listing, ``Package.archive``)."""
    texts, hashes = {}, {}
    for source_id, data in read_archives(
        root, source_ids, members
    ).items():  # guarded: inside the package, regular, capped
        hashes[source_id] = hashlib.sha256(data).hexdigest()
        texts[source_id] = rules.normalise_text(data.decode("utf-8", errors="replace"))
    return texts, hashes


@dataclass
class RowFacts:
    """``registry.Facts`` for the row engine: everything read up front."""

    today: str
    by_id: dict[str, dict]
    texts: dict[str, str]
    hashes: dict[str, str]

    def inspections(self, ids):
        return self.by_id

    def archived(self, source_ids):
        return self.hashes.keys() & source_ids

    def archive_texts(self, source_ids):
        return self.texts

    def archive_hashes(self, source_ids):
        return self.hashes


ENGINES = ("auto", "rows", "fast")
#: Above this many bytes of CSV, ``auto`` validates on columns (polars); below, the pure-Python
#: row path starts faster (importing polars alone takes ~0.13 s).
FAST_THRESHOLD = 5 * 1024 * 1024


class EngineUnavailable(RuntimeError):
    """The fast engine was asked for but polars is not installed."""


def choose_engine(engine: str, package: Package) -> str:
    """'rows' or 'fast'. Both give the same report; 'fast' is the columnar one (``fast``)."""
    import importlib.util

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if engine == "auto":
        size = sum(p.stat().st_size for p in package.paths.values() if p.is_file())
        if size <= FAST_THRESHOLD:
            return "rows"
    has_polars = importlib.util.find_spec("polars") is not None
    if engine == "fast" and not has_polars:
        raise EngineUnavailable("the fast engine needs polars: pip install 'civic-accountability[fast]'")
    return "fast" if engine == "fast" or (engine == "auto" and has_polars) else "rows"


def validate_package(
    path: Optional[Path] = None, today: Optional[str] = None, engine: str = "auto", max_errors: Optional[int] = None
) -> Report:
    """Validate the package at ``path`` (default: the bundled one). ``engine``: 'rows' (the
    reference), 'fast' (columnar, same results) or 'auto' (fast for large packages).
    ``max_errors``: keep only the first N errors in report order (all are still counted)."""
    specs = table_specs()
    package, errors = open_package(path, tuple(s.name for s in specs))
    report = Report(
        package=package,
        descriptor_path=descriptor_path_of(path),
        errors=ErrorLog(errors, limit=max_errors, key=report_order),
    )
    if package is None:
        return report
    today = today or resolve_today(None)
    if choose_engine(engine, package) == "fast":
        from civic_accountability.validation.fast import validate_columns

        validate_columns(report, specs, today, DATE_FIELDS)
    else:
        _validate_rows(report, package, specs, today)
    report.split_warnings()
    report.errors.sort(key=report_order)
    report.warnings.sort(key=report_order)
    return report


def _validate_rows(report: Report, package: Package, specs, today: str) -> None:
    """The reference engine: every layer one row at a time, in pure Python."""
    clean: dict[str, list[tuple[int, dict]]] = {}  # rows with no errors of their own
    usable: set[str] = set()  # tables whose header matched, so their keys can be trusted
    pk_index: dict[str, dict[str, int]] = {}
    for spec in specs:
        if spec.name not in package.paths:
            continue
        read = read_csv(spec.name, package.paths[spec.name], spec.column_names, package.root, report.errors)
        report.row_counts[spec.name] = read.row_count
        if not read.header_ok:
            continue
        usable.add(spec.name)
        check_row = row_checker(spec)
        typed, good = [], []
        for line, cells in read.rows:
            values, cell_errors = check_row(line, cells)
            typed.append((line, values))
            if cell_errors:
                report.errors.extend(cell_errors)
            else:
                good.append((line, values))
        pk_index[spec.name], pk_errors = check_primary_key(spec.name, spec.primary_key, typed)
        report.errors.extend(pk_errors)
        report.rows[spec.name] = typed
        clean[spec.name] = good

    for spec in specs:
        if spec.name not in usable:
            continue
        for fk in spec.foreign_keys:
            if fk.table in usable:
                report.errors.extend(check_foreign_key(spec.name, fk, report.rows[spec.name], pk_index[fk.table]))

    report.errors.extend(_meaning(package.root, specs, clean, today, package.archive))


_TABLE_ORDER = {PACKAGE_TABLE: -1, **{s.name: i for i, s in enumerate(table_specs())}}


def report_order(e: ValidationError) -> tuple:
    """Findings are reported by table (package order), line, field and code."""
    return _TABLE_ORDER.get(e.table, -1), e.line, e.field or "", e.code


def _meaning(
    root: Path, specs, clean: dict[str, list[tuple[int, dict]]], today: str, members=None
) -> list[ValidationError]:
    """Every rule of ``registry.RULES`` on every clean row of its tables."""
    ids = {r["source_id"] for table in ("statements", "sources") for _, r in clean.get(table, [])}
    texts, hashes = _archives(root, ids, members)
    facts = RowFacts(today, {r["inspection_id"]: r for _, r in clean.get("inspections", [])}, texts, hashes)
    errors: list[ValidationError] = []
    for spec in specs:
        if spec.name in clean:
            errors += run_rules(spec, lambda rule: clean[spec.name], facts)
    return errors
