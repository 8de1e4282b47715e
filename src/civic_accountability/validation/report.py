"""Render a validation report as text for people, JSON for programs, or GitHub
workflow commands for pull-request annotations. Each names the package checked first,
then shows errors, then warnings."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from typing import Optional

from civic_accountability import __version__
from civic_accountability.contract.errors import WARNING
from civic_accountability.validation.validate import Report

FORMATS = ("text", "json", "github")
JSON_FORMAT_VERSION = 1


def _shown(report: Report, max_errors: Optional[int]):
    """The findings to show (errors first), and how many found are not among them (errors
    not kept by the bounded log, or past ``max_errors``)."""
    found = report.findings
    shown = found if max_errors is None else found[:max_errors]
    return shown, report.error_count + len(report.warnings) - len(shown)


def _error_codes(report: Report) -> dict[str, int]:
    """code → errors found (kept or not)."""
    by_code: Counter = Counter()
    for (_, code), n in report.error_counts.items():
        by_code[code] += n
    return dict(sorted(by_code.items()))


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _by_code(findings) -> str:
    return ", ".join(f"{code} {n}" for code, n in sorted(Counter(e.code for e in findings).items()))


def _summary(report: Report, strict: bool = False) -> str:
    rows = sum(report.row_counts.values())
    tables = len(report.row_counts)
    warned = f"{_plural(len(report.warnings), 'warning')} ({_by_code(report.warnings)})" if report.warnings else ""
    if report.valid:
        text = f"valid: {rows:,} rows in {tables} tables"
        if warned:
            text += f"; {warned}" + (" (--strict: exit 1)" if strict else "")
        return text
    n_tables = len({table for table, _ in report.error_counts})
    codes = ", ".join(f"{code} {n}" for code, n in _error_codes(report).items())
    text = f"invalid: {_plural(report.error_count, 'error')} in {n_tables} file(s) ({codes}); {rows:,} rows read"
    return text + (f"; {warned}" if warned else "")


def package_line(report: Report) -> str:
    """``package: PATH (name version)``: which package a report is about."""
    ident = report.identity
    about = " ".join(v for v in (ident["name"], ident["version"] and f"version {ident['version']}") if v)
    return f"package: {ident['path']}" + (f" ({about})" if about else "")


def render_text(report: Report, max_errors: Optional[int] = None, strict: bool = False) -> str:
    shown, hidden = _shown(report, max_errors)
    out = [package_line(report)]
    for heading, group in (
        ("errors", [e for e in shown if e.severity != WARNING]),
        ("warnings", [e for e in shown if e.severity == WARNING]),
    ):
        if not group:
            continue
        out.append(f"{heading}:")
        for table, in_table in groupby(group, key=lambda e: e.table):
            out.append(f"  {report.file_of(table)}")
            for e in in_table:
                where = f"line {e.line}" if e.line else "file"
                field = f", {e.field}" if e.field else ""
                out.append(f"    {where}{field}: [{e.code}] {e.message}")
    if hidden:
        out.append(f"… {hidden:,} more not shown (raise --max-errors; 0 shows all)")
    out.append(_summary(report, strict))
    return "\n".join(out)


def render_json(report: Report, max_errors: Optional[int] = None, strict: bool = False) -> str:
    """Stable structure (see README, "JSON output"); new keys may be added, none removed."""
    shown, hidden = _shown(report, max_errors)
    ident = report.identity

    def entries(severity_is_warning: bool) -> list[dict]:
        return [
            {**e.to_dict(), "file": report.file_of(e.table)}
            for e in shown
            if (e.severity == WARNING) == severity_is_warning
        ]

    errors, warnings = entries(False), entries(True)
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "civic-accountability", "version": __version__},
        "package": str(report.package.root) if report.package else None,
        "descriptor": str(report.descriptor_path),
        "package_name": ident["name"],
        "package_version": ident["version"],
        "valid": report.valid,
        "exit_code": report.exit_status(strict),
        "summary": {
            "errors": report.error_count,
            "errors_shown": len(errors),
            "by_code": _error_codes(report),
            "warnings": len(report.warnings),
            "warnings_shown": len(warnings),
            "warnings_by_code": dict(sorted(Counter(e.code for e in report.warnings).items())),
            "rows": dict(report.row_counts),
        },
        "errors": errors,
        "warnings": warnings,
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


def render_github(report: Report, max_errors: Optional[int] = None, strict: bool = False) -> str:
    shown, hidden = _shown(report, max_errors)
    out = [f"::notice title=civic-accountability validate::{_escape(package_line(report))}"]
    for e in shown:
        props = f"file={_escape(report.file_of(e.table), True)}"
        if e.line:
            props += f",line={e.line}"
        props += f",title={_escape(e.code, True)}"
        field = f"{e.field}: " if e.field else ""
        out.append(f"::{e.severity} {props}::{_escape(field + e.message)}")
    if hidden:
        out.append(f"::notice::{hidden} more findings not shown (raise --max-errors)")
    out.append(_summary(report, strict))
    return "\n".join(out)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
