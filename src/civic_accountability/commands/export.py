from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import (
    force_option,
    no_validate_option,
    now_option,
    output_option,
    package_argument,
)

#: Must equal civic_accountability.outputs.exports.FORMATS (a test checks): listed here so
#: that --help does not import the exports package.
FORMAT_NAMES = ("sqlite", "xlsx", "json", "ndjson", "parquet", "zip")


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.command()
@click.option("--to", "to", type=click.Choice(FORMAT_NAMES), required=True, help="The format to write.")
@package_argument
@output_option
@force_option
@no_validate_option
@now_option
def export(to, path, output, force, no_validate, now):
    """Export a package (default: the bundled one) to another format.

    \b
    sqlite   OUT.db, one table per CSV with types, keys, indexes and full-text
             search, plus OUT.metadata.json: datasette OUT.db -m OUT.metadata.json
    xlsx     a README sheet (the data dictionary) and a sheet per table
    json     one JSON document: a Frictionless Data Package with the data inline
    ndjson   a directory with one TABLE.ndjson per table
    parquet  a directory with one typed TABLE.parquet per table
    zip      the release bundle: datapackage.json, schemas/, data/, README.md,
             licences and SHA256SUMS; the same data gives the same bytes

    The package is validated first and invalid data is refused (exit 1) unless
    --no-validate. Outputs are written atomically and never overwritten without
    --force. sqlite, xlsx and parquet need the extra of the same name:
    pip install 'civic-accountability[sqlite]'.
    """
    from civic_accountability.outputs.exports import FORMATS, ExportError, overwrite_problem

    fmt = FORMATS[to]
    missing = fmt.missing()
    if missing:
        _fail(f"the {to} export needs the Python package {missing!r}, which is not installed; "
              f"install it with: pip install 'civic-accountability[{fmt.extra}]'", 2)
    problem = overwrite_problem(fmt, output, force)
    if problem:
        _fail(problem, 2)

    from civic_accountability.outputs.exports.data import from_report
    from civic_accountability.validation.report import render_text
    from civic_accountability.validation.validate import resolve_today, validate_package

    try:
        today = resolve_today(now)
    except ValueError:
        raise click.BadParameter(f"{now!r} is not a date (YYYY-MM-DD)", param_hint="--now")
    report = validate_package(path, today)
    if report.exit_code == 2:
        click.echo(render_text(report), err=True)
        _fail("the package cannot be read; nothing was exported", 2)
    if report.errors and not no_validate:
        click.echo(render_text(report), err=True)
        _fail("the data is invalid, so nothing was exported (fix it, or use --no-validate to export it as it is)", 1)

    try:
        data = from_report(report)
        if sys.stdout.isatty():
            with click.progressbar(length=data.row_count, label=f"exporting {data.row_count:,} rows to {to}") as bar:
                written = fmt.load().export(data, output, bar.update)
        else:
            written = fmt.load().export(data, output)
    except ExportError as exc:
        _fail(f"{exc}; nothing was exported", 1)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    size = sum(p.stat().st_size for p in written)
    shown = ", ".join(str(p) for p in written) if len(written) <= 2 else f"{output}/ ({len(written)} files)"
    click.echo(f"wrote {shown}: {data.row_count:,} rows in {len(data.tables)} tables, {size:,} bytes")
