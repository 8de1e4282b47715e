"""What ``describe`` tells: counts per table, authority and framework, and sanity checks."""

from __future__ import annotations

from collections import Counter

from civic_accountability.validation.validate import Report


def inspections_by_authority(tables: dict, records=None) -> dict[str, int]:
    """Inspections per authority as the per-authority record groups them (by authority_id,
    else code, else name), each named as the authorities table names it; two that share a
    name (Dorset, and the former Dorset County) are told apart by their id or code."""
    from civic_accountability.dataset.authority import build_records

    records = [r for r in (build_records(tables) if records is None else records) if r.inspections]
    shared = Counter(r.name for r in records)
    named = {}
    for r in records:
        tag = r.authority_id or r.la_code
        named[f"{r.name} ({tag})" if shared[r.name] > 1 and tag else r.name] = len(r.inspections)
    return dict(sorted(named.items()))


def summarise(report: Report) -> dict:
    tables = {name: [values for _, values in rows] for name, rows in report.rows.items()}
    from civic_accountability.dataset.authority import build_records
    from civic_accountability.dataset.picture import current_pictures, standing_counts

    inspections = tables.get("inspections", [])
    records = build_records(tables)
    by_la = inspections_by_authority(tables, records)
    by_framework = Counter(r["framework"] for r in inspections if r.get("framework"))
    summary = {
        "name": report.package.descriptor.get("name") if report.package else None,
        "version": report.package.descriptor.get("version") if report.package else None,
        "path": str(report.package.root) if report.package else None,
        "valid": report.valid,
        "errors": len(report.errors),
        "rows": dict(report.row_counts),
        "inspections_by_framework": dict(sorted(by_framework.items())),
        # current authorities by the overall grade of their latest graded inspection of any
        # framework ("none": ILACS 2026 gives no overall grade): the current_picture view's rule
        "current_picture": standing_counts(current_pictures(records).values()),
        "local_authorities": len(by_la),
        "inspections_by_local_authority": by_la,
        "sanity_checks": [],
    }
    from civic_accountability.validation.sanity import sanity_checks

    summary["sanity_checks"] = sanity_checks(tables)
    return summary


_STANDING = {"none": "no overall grade (ILACS 2026)"}


def render_summary(summary: dict) -> str:
    out = [
        f"{summary['name']} {summary['version']}  ({summary['path']})",
        f"validation: {'valid' if summary['valid'] else str(summary['errors']) + ' errors (run validate)'}",
        "",
        "rows per table:",
    ]
    out += [f"  {name:<16}{n:>8,}" for name, n in summary["rows"].items()]
    out += ["", "inspections per framework:"]
    out += [f"  {name:<16}{n:>8,}" for name, n in summary["inspections_by_framework"].items()]
    if summary.get("current_picture"):
        out += ["", "now: current authorities by the overall grade of their latest inspection (current_picture):"]
        out += [f"  {_STANDING.get(name, name):<40}{n:>4}" for name, n in summary["current_picture"].items()]
    out += ["", f"inspections per local authority ({summary['local_authorities']} authorities):"]
    out += [f"  {name:<40}{n:>4}" for name, n in summary["inspections_by_local_authority"].items()]
    if summary["sanity_checks"]:
        out += ["", "sanity checks:"]
        out += [f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}" for c in summary["sanity_checks"]]
    return "\n".join(out)
