from __future__ import annotations

import click

from civic_accountability.commands.options import engine_option, format_option, now_option, package_argument

#: Errors kept and shown unless --max-errors says otherwise: enough to fix a file by, few
#: enough that a file where every row fails still gives a short report in little memory.
DEFAULT_MAX_ERRORS = 1000


@click.command()
@package_argument
@format_option("text", "json", "github")
@click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_ERRORS,
    show_default=True,
    metavar="N",
    help="Keep and show at most N findings, errors first (0: all); every error is still counted in the summary.",
)
@click.option(
    "--strict", is_flag=True, help="Exit 1 on warnings too (sources disagreeing, quotes unverified, rows out of order)."
)
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
    from civic_accountability.cli import finish
    from civic_accountability.commands.load import load_dataset
    from civic_accountability.validation.report import RENDERERS

    max_errors = max_errors or None  # 0: no limit
    report = load_dataset(path, now, engine, require_valid=False, require_readable=False, max_errors=max_errors).report
    click.echo(RENDERERS[fmt](report, max_errors, strict=strict))
    finish(report.exit_status(strict))
