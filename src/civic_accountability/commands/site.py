from __future__ import annotations

from pathlib import Path

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import force_option, no_validate_option, now_option, package_argument


@click.command()
@package_argument
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory to write the site into (replaced as a whole).",
)
@force_option
@no_validate_option
@click.option("--no-exports", is_flag=True, help="Do not run `export` for the SQLite, Excel and zip downloads.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@now_option
def site(path, output, force, no_validate, no_exports, quiet, now):
    """Build the static website: a page for every authority, the national
    picture, and the downloads and documentation page.

    PATH is a package directory or its datapackage.json (default: the package
    in the current directory or its nearest parent, else the bundled one).
    The site needs no server and makes no outside request: open
    OUTPUT/index.html, or publish the folder as it is. The same data gives
    the same pages, byte for byte. The SQLite, Excel and zip downloads are made
    by `export` when this installation has it. OUTPUT is built beside itself
    and swapped in whole; a non-empty directory not built by this command is
    refused unless --force.
    """
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise CommandError("the site command needs Jinja2: pip install 'civic-accountability[site]'", 2) from None
    from civic_accountability.commands.load import load_dataset
    from civic_accountability.outputs.site.build import SiteError, build_site

    dataset = load_dataset(
        path,
        now,
        require_valid=not no_validate,
        max_errors=20,
        refusal="the package is invalid; fix it, or pass --no-validate to build from it anyway",
    )
    tables, package = dataset.tables, dataset.package
    try:
        result = build_site(tables, package, Path(output), force=force, exports=not no_exports, no_validate=no_validate)
    except SiteError as exc:
        raise CommandError(str(exc), 2) from None
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}", 2) from None
    for warning in result.warnings:
        click.echo(f"Note: {warning}", err=True)
    if not quiet:
        click.echo(
            f"wrote {result.out}: {result.authorities} authority pages, {result.files} files, "
            f"{result.bytes / 1_000_000:.1f} MB; open {result.out / 'index.html'}"
        )
