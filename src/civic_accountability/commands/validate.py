from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import format_option, now_option, package_argument


@click.command()
@package_argument
@format_option("text", "json", "github")
@click.option("--max-errors", type=click.IntRange(min=1), metavar="N", help="Show at most N errors.")
@now_option
@click.option(
    "--engine", type=click.Choice(["auto", "rows", "fast"]), default="auto", show_default=True,
    envvar="CIVIC_ACCOUNTABILITY_ENGINE",
    help="rows: pure Python, row by row; fast: columnar (needs the 'fast' extra); auto: fast above "
         "5 MB of CSV when polars is installed. Both report the same errors [env: CIVIC_ACCOUNTABILITY_ENGINE].",
)
def validate(path, fmt, max_errors, now, engine):
    """Check a package against the data contract.

    PATH is a package directory or its datapackage.json (default: the bundled
    package). Checks files and headers, cells, primary keys, foreign keys and
    meaning (areas per framework, date order, quotes verbatim in their archived
    source, sources agreeing). Exits 0 when valid, 1 when the data is invalid,
    2 when the package cannot be read.
    """
    from civic_accountability.validation.report import RENDERERS
    from civic_accountability.validation.validate import EngineUnavailable, resolve_today, validate_package

    try:
        today = resolve_today(now)
    except ValueError:
        raise click.BadParameter(f"{now!r} is not a date (YYYY-MM-DD)", param_hint="--now")
    try:
        report = validate_package(path, today, engine=engine)
    except EngineUnavailable as exc:
        raise click.UsageError(str(exc))
    click.echo(RENDERERS[fmt](report, max_errors))
    sys.exit(report.exit_code)
