"""``civic-accountability import``: rebuild data/ from Ofsted's published files.

Pipeline: ``import statistics`` (Ofsted's official-statistics spreadsheets), then
``import reports`` (the inspection report PDFs), which takes over the statistics'
inspection rows it matches. The statistics importer treats report rows as curated,
so each importer's ``--check`` passes on the committed data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

PACKAGE_OPTION = click.option(
    "--package", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Package whose data/*.csv the import merges with and writes.")
CHECK_OPTION = click.option("--check", is_flag=True,
                            help="Write nothing; exit 1 if data/ differs from what the sources give.")


@click.group("import")
def import_group() -> None:
    """Rebuild rows of data/ from Ofsted's statistics and inspection reports."""


@import_group.command("statistics")
@click.option("--ofsted-dir", type=click.Path(path_type=Path), default=Path("../shared/ofsted"), show_default=True,
              help="Directory holding Ofsted's two .ods releases.")
@PACKAGE_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the CSV files here instead of PACKAGE/data.")
@click.option("--summary-json", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the run summary as JSON.")
@CHECK_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def statistics(ofsted_dir: Path, package: Path, out, summary_json, check: bool, quiet: bool) -> None:
    """Import inspections and grades from Ofsted's official statistics (.ods)."""
    from civic_accountability.importers import statistics as S

    args = ["--ofsted-dir", str(ofsted_dir), "--package", str(package)]
    if out is not None:
        args += ["--out", str(out)]
    if summary_json is not None:
        args += ["--summary-json", str(summary_json)]
    if check:
        args.append("--check")
    if quiet:
        args.append("--quiet")
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        click.echo("Error: the statistics import needs python-calamine: pip install 'civic-accountability[import]'",
                   err=True)
        sys.exit(2)
    sys.exit(S.main(args))


def _progress(total: int):
    return click.progressbar(length=total, label="reports", file=sys.stderr)


@import_group.command("reports")
@click.option("--reports-dir", type=click.Path(path_type=Path), default=Path("../shared/ofsted/reports"),
              show_default=True, help="Directory holding the report PDFs and MANIFEST.csv.")
@PACKAGE_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the CSV files here instead of PACKAGE/data.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Extracted-text cache (default: $CIVIC_ACCOUNTABILITY_CACHE, else "
                   "$XDG_CACHE_HOME/civic-accountability/report-text).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--summary-json", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the run summary (counts, skipped files, disagreements) as JSON.")
@CHECK_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def reports(reports_dir: Path, package: Path, out, cache_dir, no_cache: bool, jobs, summary_json,
            check: bool, quiet: bool) -> None:
    """Import Ofsted's inspection reports (PDF): sources, dates, lead inspectors, grades, recommendations.

    Files that are not reports, reports without an improvement section and reports
    that cannot be read are listed with the reason and never stop the rest. Exit 1
    when a readable report could not be parsed (or, with --check, when data/ is out
    of date); exit 2 when the directory or its manifest is missing, or when a report
    that data/ already holds cannot be read (its rows are then kept as they were).
    PDF text is capped per page and per report (importers/reports/pdftext.py).
    """
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        click.echo("Error: the reports import needs pypdfium2: pip install 'civic-accountability[import]'", err=True)
        sys.exit(2)
    from civic_accountability.importers.reports import pdftext
    from civic_accountability.importers.reports.run import InputProblem, build
    from civic_accountability.importers.statistics import ImportProblem

    cache = None if no_cache else (cache_dir or pdftext.default_cache_dir())
    show_bar = not quiet and sys.stderr.isatty()
    try:
        result = build(reports_dir, package, cache_dir=cache, jobs=jobs or os.cpu_count() or 1,
                       progress_factory=_progress if show_bar else None)
    except InputProblem as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except ImportProblem as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    from civic_accountability.importers.result import changed_line

    changed = result.write(out if out is not None else package / "data", check, summary_json)
    s = result.summary
    if not quiet:
        _print_summary(s)
        click.echo(changed_line(changed, check), err=True)
    if s.get("kept_unread"):  # an unreadable report keeps its rows, and the run says so
        for x in s["kept_unread"]:
            click.echo(f"Error: {x['file']} could not be read {x['reason']}; the rows of {x['source_id']} "
                       f"were kept as they were", err=True)
        sys.exit(2)
    if s["failed"] or (check and changed):
        sys.exit(1)


def _print_summary(s) -> None:
    e = lambda *a: click.echo(" ".join(str(x) for x in a), err=True)  # noqa: E731
    e(f"Ofsted reports: {s['files']} files, {s['reports_read']} reports read, {len(s['skipped'])} skipped, "
      f"{len(s['failed'])} could not be parsed")
    for x in s["skipped"]:
        e(f"  skipped [{x['status']}] {x['file']}: {x['reason']}")
    for x in s["failed"]:
        e(f"  FAILED [{x['status']}] {x['file']}: {x['reason']}")
    for f in s["no_improvement_section"]:
        e(f"  no improvement section: {f}")
    for f in s["improvement_section_without_items"]:
        e(f"  improvement section without items: {f}")
    for x in s["not_verbatim"]:
        e(f"  WARNING recommendation not verbatim in the text: {x['file']} positions {x['positions']}")
    e("  reports per framework: " + ", ".join(f"{k} {v}" for k, v in s["reports_per_framework"].items()))
    e("  inspections matched: " + ", ".join(f"{k} {v}" for k, v in s["matches"].items()))
    e("  recommendations: " + ", ".join(f"{k} {v}" for k, v in s["recommendations_per_framework_addressee"].items()))
    e("  inspections with " + ", ".join(f"{k} {v}" for k, v in s["inspections_with"].items())
      + f" (of {s['inspections_total']})")
    agree = s["grade_agreement"]
    e(f"  grades, report vs statistics: {sum(c.get('agree', 0) for c in agree.values())} agree, "
      f"{sum(c.get('disagree', 0) for c in agree.values())} disagree")
    for d in s["grade_disagreements"]:
        how = "the same judgement on the old scale" if d["equivalent"] else "DISAGREE"
        e(f"    {how}: {d['inspection_id']} {d['area']}: report {d['report_grade']} (p. {d['page']}), "
          f"{d['statistics_source']} {d['statistics_grade']}")
    r = s["short_standard_rule"]
    e(f"  short/standard from on-site days vs statistics: {r['agreement']}")
    for w in s["warnings"]:
        e(f"  warning: {w}")
