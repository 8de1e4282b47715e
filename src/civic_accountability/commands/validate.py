from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import engine_option, format_option, now_option, package_argument


@click.command()
@package_argument
@format_option("text", "json", "github")
@click.option("--max-errors", type=click.IntRange(min=1), metavar="N", help="Show at most N findings (errors first).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (sources disagreeing, quotes unverified, rows "
              "out of order).")
@now_option
@engine_option
def validate(path, fmt, max_errors, strict, now, engine):
    """Check a package against the data contract.

    PATH is a package directory or its datapackage.json (default: the package in the
    current directory or its nearest parent, else the bundled one). Checks files and
    headers, cells, primary keys, foreign keys and meaning (areas per framework, date
    order, quotes verbatim in their archived source, sources agreeing, rows in key
    order). Each finding is an error (the data breaks the contract) or a warning (valid,
    but a person should look: two sources disagree, a quote has no archived text to
    check it against, rows are out of key order). Exits 0 when valid (warnings allowed
    unless --strict), 1 when the data is invalid, 2 when the package cannot be read.
    """
    from civic_accountability.dataset.load import load_dataset
    from civic_accountability.validation.report import RENDERERS

    report = load_dataset(path, now, engine, require_valid=False, require_readable=False).report
    click.echo(RENDERERS[fmt](report, max_errors, strict=strict))
    sys.exit(report.exit_status(strict))
