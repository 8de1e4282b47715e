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
from typing import TYPE_CHECKING

import click

from civic_accountability.commands.failure import CommandError

if TYPE_CHECKING:
    from civic_accountability.importers.reports.run import Summary

PACKAGE_OPTION = click.option(
    "--package",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Package whose data/*.csv the import merges with and writes.",
)
CHECK_OPTION = click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 if data/ differs from what the sources give."
)
OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the CSV files here instead of PACKAGE/data.",
)
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")


@click.group("import")
def import_group() -> None:
    """Rebuild rows of data/ from Ofsted's statistics and inspection reports, and the DfE's statistical neighbours."""


@import_group.command("statistics")
@click.option(
    "--ofsted-dir",
    type=click.Path(path_type=Path),
    default=Path("../shared/ofsted"),
    show_default=True,
    help="Directory holding Ofsted's two .ods releases.",
)
@PACKAGE_OPTION
@OUT_OPTION
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the run summary as JSON.",
)
@CHECK_OPTION
@QUIET_OPTION
def statistics(ofsted_dir: Path, package: Path, out, summary_json, check: bool, quiet: bool) -> None:
    """Import inspections and grades from Ofsted's official statistics (.ods).

    Rows citing the two releases are the import's and are rebuilt; every other row is
    kept as it is. With --check, exit 1 naming each cell that differs (table, key,
    field, both values): correct an imported fact with a row citing another source,
    never by editing the imported row.
    """
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        raise CommandError(
            "the statistics import needs python-calamine: pip install 'civic-accountability[import]'", 2
        ) from None
    from civic_accountability.importers import statistics as S

    for name in (S.FILE_2023, S.FILE_2025):
        if not (ofsted_dir / name).is_file():
            raise CommandError(
                f"{ofsted_dir / name} not found (Ofsted's releases; see the README's 'Where the data comes from')", 2
            )
    from civic_accountability.importers.ods import UnreadableSpreadsheet
    from civic_accountability.importers.tables import UnreadableTable

    try:
        result = S.build(ofsted_dir, package)
    except S.ImportProblem as exc:
        raise CommandError(str(exc), 1) from None
    except (UnreadableTable, UnreadableSpreadsheet) as exc:
        raise CommandError(str(exc), 2) from None
    if not quiet:
        S.print_summary(result.summary, sys.stderr)
    _finish(result, out if out is not None else package / "data", check, quiet, summary_json, failed=False)


def _finish(result, out_dir: Path, check: bool, quiet: bool, summary_json, failed: bool, exit_code: int = 1) -> None:
    """Write (or with --check compare) the tables, say what changed or differs, and exit
    ``exit_code`` (1, or 2 for a report kept unread) when ``failed`` or, with --check, out of date."""
    from civic_accountability.importers.result import changed_line
    from civic_accountability.importers.tables import check_report

    if check:
        found = result.differences(out_dir)
        if not quiet:
            click.echo(changed_line(list(dict.fromkeys(d.path for d in found)), check), err=True)
        for line in check_report(found, quiet):
            click.echo(line, err=True)
        sys.exit(exit_code if (found or failed) else 0)
    from civic_accountability.dataset.lock import PackageBusy

    try:
        changed = result.write(out_dir, check, summary_json)
    except PackageBusy as exc:
        raise CommandError(str(exc), 2) from None
    if not quiet:
        click.echo(changed_line(changed, check), err=True)
    sys.exit(exit_code if failed else 0)


def _progress(total: int):
    return click.progressbar(length=total, label="reports", file=sys.stderr)


@import_group.command("reports")
@click.option(
    "--reports-dir",
    type=click.Path(path_type=Path),
    default=Path("../shared/ofsted/reports"),
    show_default=True,
    help="Directory holding the report PDFs and MANIFEST.csv.",
)
@PACKAGE_OPTION
@OUT_OPTION
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Extracted-text cache (default: $CIVIC_ACCOUNTABILITY_CACHE, else "
    "$XDG_CACHE_HOME/civic-accountability/report-text).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the run summary (counts, skipped files, disagreements) as JSON.",
)
@CHECK_OPTION
@QUIET_OPTION
def reports(
    reports_dir: Path, package: Path, out, cache_dir, no_cache: bool, jobs, summary_json, check: bool, quiet: bool
) -> None:
    """Import Ofsted's inspection reports (PDF): sources, dates, lead inspectors, grades, recommendations.

    Files that are not reports, reports without an improvement section and reports
    that cannot be read are listed with the reason and never stop the rest. Exit 1
    when a readable report could not be parsed, when a recommendation list does not
    reconcile with the report's own numbering or bullets (or, with --check, when data/
    is out of date); exit 2 when the directory or its manifest is missing, or when a report
    that data/ already holds cannot be read (its rows are then kept as they were).
    PDF text is capped per page and per report (importers/reports/pdftext.py).
    """
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        raise CommandError(
            "the reports import needs pypdfium2: pip install 'civic-accountability[import]'", 2
        ) from None
    from civic_accountability.importers.checks import ImportProblem
    from civic_accountability.importers.reports import pdftext
    from civic_accountability.importers.reports.run import InputProblem, build
    from civic_accountability.importers.tables import UnreadableTable

    cache = None if no_cache else (cache_dir or pdftext.default_cache_dir())
    show_bar = not quiet and sys.stderr.isatty()
    try:
        result = build(
            reports_dir,
            package,
            cache_dir=cache,
            jobs=jobs or os.cpu_count() or 1,
            progress_factory=_progress if show_bar else None,
        )
    except InputProblem as exc:
        raise CommandError(str(exc), 2) from None
    except ImportProblem as exc:
        raise CommandError(str(exc), 1) from None
    except UnreadableTable as exc:
        raise CommandError(str(exc), 2) from None
    s = result.summary
    if not quiet:
        _print_summary(s)
    else:
        for x in s.unreconciled_lists:
            click.echo(
                f"Error: unreconciled list: {x['council']} {x['date']} p. {x['page']}: " + "; ".join(x["problems"]),
                err=True,
            )
    for x in s.kept_unread:  # an unreadable report keeps its rows, and the run says so
        click.echo(
            f"Error: {x['file']} could not be read {x['reason']}; the rows of {x['source_id']} were kept as they were",
            err=True,
        )
    _finish(
        result,
        out if out is not None else package / "data",
        check,
        quiet,
        summary_json,
        failed=bool(s.failed or s.unreconciled_lists or s.kept_unread),
        exit_code=2 if s.kept_unread else 1,
    )


@import_group.command("neighbours")
@click.option(
    "--lookup",
    type=click.Path(path_type=Path),
    default=Path("../shared/neighbours/Provider_data_lookup.csv"),
    show_default=True,
    help="data-to-insight's local-authority lookup (Provider_data_lookup.csv).",
)
@PACKAGE_OPTION
@CHECK_OPTION
@QUIET_OPTION
def neighbours(lookup: Path, package: Path, check: bool, quiet: bool) -> None:
    """Import each current council's ten statistical neighbours (the DfE's, from data-to-insight's lookup).

    Writes data/statistical_neighbours.csv and the lookup's row in data/sources.csv (with its
    sha256). Exit 1 when the lookup does not map onto the package's authorities (or, with
    --check, when data/ is out of date); exit 2 when the lookup cannot be read.
    """
    from civic_accountability.importers.neighbours import NeighboursError, run
    from civic_accountability.importers.result import changed_line

    try:
        built, changed = run(lookup, package, check)
    except FileNotFoundError as exc:
        raise CommandError(str(exc), 2) from None
    except NeighboursError as exc:
        raise CommandError(str(exc), 1) from None
    if not quiet:
        councils = len({r["authority_id"] for r in built.rows})
        click.echo(
            f"statistical neighbours: {len(built.rows)} rows for {councils} current councils; former councils "
            f"in the lookup without neighbours: {', '.join(built.former) or 'none'}",
            err=True,
        )
        click.echo(changed_line(changed, check), err=True)
    if check and changed:
        sys.exit(1)


def _print_summary(s: Summary) -> None:
    """The reports import's summary on stderr (``run.Summary``'s fields)."""
    e = lambda *a: click.echo(" ".join(str(x) for x in a), err=True)  # noqa: E731
    e(
        f"Ofsted reports: {s.files} files, {s.reports_read} reports read, {len(s.skipped)} skipped, "
        f"{len(s.failed)} could not be parsed"
    )
    for x in s.skipped:
        e(f"  skipped [{x['status']}] {x['file']}: {x['reason']}")
    for x in s.failed:
        e(f"  FAILED [{x['status']}] {x['file']}: {x['reason']}")
    for f in s.no_improvement_section:
        e(f"  no improvement section: {f}")
    for f in s.improvement_section_without_items:
        e(f"  improvement section without items: {f}")
    for x in s.not_verbatim:
        e(f"  WARNING recommendation not verbatim in the text: {x['file']} positions {x['positions']}")
    e("  reports per framework: " + ", ".join(f"{k} {v}" for k, v in s.reports_per_framework.items()))
    e("  inspections matched: " + ", ".join(f"{k} {v}" for k, v in s.matches.items()))
    e(
        "  lists reconciled with the report's numbering: "
        + ", ".join(
            f"{f} {c['reconciled']} of {c['reconciled'] + c['unreconciled']}" for f, c in s.lists_per_family.items()
        )
    )
    for x in s.unreconciled_lists:
        e(
            f"  UNRECONCILED list: {x['council']} {x['date']} p. {x['page']} ({x['addressee'] or 'no rows'}): "
            + "; ".join(x["problems"])
        )
    e(
        f"  recommendation ids: {len(s.recommendation_ids_added)} added, "
        f"{len(s.recommendation_ids_text_changed)} with changed text, {len(s.recommendation_ids_retired)} retired"
        + (" (add the retired to importers/reports/retired.py)" if s.recommendation_ids_retired else "")
    )
    e("  recommendations: " + ", ".join(f"{k} {v}" for k, v in s.recommendations_per_framework_addressee.items()))
    e(
        "  inspections with "
        + ", ".join(f"{k} {v}" for k, v in s.inspections_with.items())
        + f" (of {s.inspections_total})"
    )
    agree = s.grade_agreement
    e(
        f"  grades, report vs statistics: {sum(c.get('agree', 0) for c in agree.values())} agree, "
        f"{sum(c.get('disagree', 0) for c in agree.values())} disagree"
    )
    for d in s.grade_disagreements:
        how = "the same judgement on the old scale" if d["equivalent"] else "DISAGREE"
        e(
            f"    {how}: {d['inspection_id']} {d['area']}: report {d['report_grade']} (p. {d['page']}), "
            f"{d['statistics_source']} {d['statistics_grade']}"
        )
    r = s.short_standard_rule
    e(f"  short/standard from on-site days vs statistics: {r['agreement']}")
    for w in s.warnings:
        e(f"  warning: {w}")
