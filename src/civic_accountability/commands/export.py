from __future__ import annotations

import sys

import click

from civic_accountability.commands.failure import CommandError
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
STDOUT = "-"


def _fail(message: str, code: int) -> None:
    raise CommandError(message, code)


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
    --force. `-o -` writes a one-file format (json, xlsx, zip) to standard
    output; xlsx and zip only into a pipe or file, never a terminal. sqlite,
    xlsx and parquet need the extra of the same name:
    pip install 'civic-accountability[sqlite]'.

    PATH is a package directory or its datapackage.json (default: the package
    in the current directory or its nearest parent, else the bundled one).
    """
    from civic_accountability.outputs.exports import FORMATS, ExportError, overwrite_problem

    fmt = FORMATS[to]
    missing = fmt.missing()
    if missing:
        _fail(
            f"the {to} export needs the Python package {missing!r}, which is not installed; "
            f"install it with: pip install 'civic-accountability[{fmt.extra}]'",
            2,
        )
    to_stdout = str(output) == STDOUT
    if to_stdout:
        if fmt.directory or to == "sqlite":
            _fail(f"the {to} export writes more than one file, so it cannot go to standard output; give -o a path", 2)
        if to != "json" and sys.stdout.isatty():
            _fail(f"the {to} export is binary; redirect standard output to a file or pipe", 2)
    else:
        problem = overwrite_problem(fmt, output, force)
        if problem:
            _fail(problem, 2)

    from civic_accountability.commands.load import load_dataset
    from civic_accountability.commands.validate import DEFAULT_MAX_ERRORS
    from civic_accountability.outputs.exports.data import from_report

    dataset = load_dataset(
        path,
        now,
        require_valid=not no_validate,
        max_errors=DEFAULT_MAX_ERRORS,
        refusal="the data is invalid, so nothing was exported (fix it, or use --no-validate to export it as it is)",
    )
    try:
        data = from_report(dataset.report)
        if to_stdout:
            written = _export_to_stdout(fmt, data)
        elif sys.stdout.isatty():
            with click.progressbar(length=data.row_count, label=f"exporting {data.row_count:,} rows to {to}") as bar:
                written = fmt.load().export(data, output, bar.update)
        else:
            written = fmt.load().export(data, output)
    except ExportError as exc:
        _fail(f"{exc}; nothing was exported", 1)
    except BrokenPipeError:  # the reader stopped (`| head`): cli.main ends quietly
        raise
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    if to_stdout:
        click.echo(
            f"wrote standard output: {data.row_count:,} rows in {len(data.tables)} tables, {written:,} bytes", err=True
        )
        return
    size = sum(p.stat().st_size for p in written)
    shown = ", ".join(str(p) for p in written) if len(written) <= 2 else f"{output}/ ({len(written)} files)"
    click.echo(f"wrote {shown}: {data.row_count:,} rows in {len(data.tables)} tables, {size:,} bytes")


def _export_to_stdout(fmt, data) -> int:
    """Write the export to a private temporary file, then copy it to standard output:
    the format modules stay file writers, and a failed export prints nothing."""
    import shutil
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="civic-export-") as tmp:
        target = Path(tmp) / f"export.{fmt.name}"
        fmt.load().export(data, target)
        sys.stdout.flush()
        out = sys.stdout.buffer
        with open(target, "rb") as fh:
            shutil.copyfileobj(fh, out)
        out.flush()
        return target.stat().st_size
