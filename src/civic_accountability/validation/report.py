"""Render a validation report as text for people, JSON for programs, or GitHub
workflow commands for pull-request annotations."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from typing import Optional

from civic_accountability import __version__
from civic_accountability.validation.validate import Report

FORMATS = ("text", "json", "github")
JSON_FORMAT_VERSION = 1


def _shown(report: Report, max_errors: Optional[int]):
    errors = report.errors if max_errors is None else report.errors[:max_errors]
    return errors, len(report.errors) - len(errors)


def _summary(report: Report) -> str:
    rows = sum(report.row_counts.values())
    tables = len(report.row_counts)
    if report.valid:
        return f"valid: {rows:,} rows in {tables} tables"
    by_code = Counter(e.code for e in report.errors)
    codes = ", ".join(f"{code} {n}" for code, n in sorted(by_code.items()))
    n_tables = len({e.table for e in report.errors})
    noun = "error" if len(report.errors) == 1 else "errors"
    return f"invalid: {len(report.errors):,} {noun} in {n_tables} file(s) ({codes}); {rows:,} rows read"


def render_text(report: Report, max_errors: Optional[int] = None) -> str:
    errors, hidden = _shown(report, max_errors)
    out = []
    for table, group in groupby(errors, key=lambda e: e.table):
        out.append(report.file_of(table))
        for e in group:
            where = f"line {e.line}" if e.line else "file"
            field = f", {e.field}" if e.field else ""
            out.append(f"  {where}{field}: [{e.code}] {e.message}")
    if hidden:
        out.append(f"… {hidden:,} more not shown (raise --max-errors)")
    out.append(_summary(report))
    return "\n".join(out)


def render_json(report: Report, max_errors: Optional[int] = None) -> str:
    """Stable structure (see README, "JSON output"); new keys may be added, none removed."""
    errors, hidden = _shown(report, max_errors)
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "civic-accountability", "version": __version__},
        "package": str(report.package.root) if report.package else None,
        "valid": report.valid,
        "exit_code": report.exit_code,
        "summary": {
            "errors": len(report.errors),
            "errors_shown": len(errors),
            "by_code": dict(sorted(Counter(e.code for e in report.errors).items())),
            "rows": dict(report.row_counts),
        },
        "errors": [{**e.to_dict(), "file": report.file_of(e.table)} for e in errors],
    }
    if hidden:
        doc["summary"]["truncated"] = True
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _escape(text: str, prop: bool = False) -> str:
    """GitHub workflow-command escaping (data and, for properties, ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(report: Report, max_errors: Optional[int] = None) -> str:
    errors, hidden = _shown(report, max_errors)
    out = []
    for e in errors:
        props = f"file={_escape(report.file_of(e.table), True)}"
        if e.line:
            props += f",line={e.line}"
        props += f",title={_escape(e.code, True)}"
        field = f"{e.field}: " if e.field else ""
        out.append(f"::error {props}::{_escape(field + e.message)}")
    if hidden:
        out.append(f"::warning::{hidden} more errors not shown")
    out.append(_summary(report))
    return "\n".join(out)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
