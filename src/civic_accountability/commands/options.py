"""Options shared by several commands, declared once (the sqlite-utils way).

Only click is imported here: every command module must stay cheap to import so
that ``civic-accountability --help`` is instant.
"""

from __future__ import annotations

from pathlib import Path

import click

package_argument = click.argument("path", required=False, type=click.Path(path_type=Path))
#: The same, for commands whose argument is a council (``timeline``, ``repeats``).
package_option = click.option(
    "--package",
    "path",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Package directory or its datapackage.json (default: the package in the current "
    "directory or its nearest parent, else the bundled one).",
)


def _check_date(ctx, param, value):
    """--now must be an ISO date: a usage error (exit 2) before any work starts."""
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def format_option(*choices: str, default: str = "text"):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True, help="Output format."
    )


now_option = click.option(
    "--now",
    metavar="YYYY-MM-DD",
    envvar="CIVIC_ACCOUNTABILITY_NOW",
    callback=_check_date,
    help="Treat this date as today for date rules [env: CIVIC_ACCOUNTABILITY_NOW].",
)
output_option = click.option(
    "-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="Where to write."
)
force_option = click.option("--force", is_flag=True, help="Overwrite an existing output.")
no_validate_option = click.option(
    "--no-validate", is_flag=True, help="Do not validate first (invalid data is used as it is)."
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["auto", "rows", "fast"]),
    default="auto",
    show_default=True,
    envvar="CIVIC_ACCOUNTABILITY_ENGINE",
    help="rows: pure Python, row by row; fast: columnar (needs the 'fast' extra); auto: fast above "
    "5 MB of CSV when polars is installed. Both report the same errors [env: CIVIC_ACCOUNTABILITY_ENGINE].",
)
