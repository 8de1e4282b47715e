from __future__ import annotations

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import no_validate_option, now_option, package_argument


def _param(ctx, param, values):
    """--param name=value → {name: value}; a usage error (exit 2) for anything else."""
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise click.BadParameter(f"{item!r} is not name=value", param=param)
        out[name] = value
    return out


@click.command()
@click.argument("query")
@package_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ndjson"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_param,
    help="A value for :NAME in the query (repeatable); always text, compared by SQLite's rules.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer (exit 2); 0 for no limit.",
)
@click.option(
    "--max-result-mb",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Stop a query whose rows pass this many megabytes (exit 2).",
)
@no_validate_option
@now_option
def sql(query, path, fmt, params, timeout, max_result_mb, no_validate, now):
    """Run a read-only SQL QUERY over the package and print the rows.

    The package's tables and views are loaded into a private in-memory SQLite
    database, typed as in `export --to sqlite` (integers as integers, dates as
    text), with the views for questions across councils:

    \b
      current_picture       every current authority now: its latest graded inspection
                            of any framework, with the last overall grade beside it
      neighbour_comparison  each council's current picture beside its ten statistical
                            neighbours'
      latest_grades         every current authority's latest overall grade
      grade_history         each authority's overall grades, previous grade, change
      inspection_grades     one grade per inspection and area (report first)
      recommendations_full  every recommendation with authority, inspection, report
      statements_full       every statement with speaker, authority, inspection

    Their columns are in docs/data-dictionary.md. Only reading is allowed: a
    query that would write, attach a file or change a setting is refused. A bad
    query exits 2 with SQLite's message and where in the query it went wrong.

    \b
      civic-accountability sql "SELECT authority FROM current_picture
          WHERE overall_effectiveness = 'inadequate' OR lowest_grade = 'inadequate'"
      civic-accountability sql "SELECT position, text FROM recommendations_full
          WHERE authority_id = :la" -p la=swindon --format csv

    The package is validated first and invalid data is refused (exit 1) unless
    --no-validate. PATH is a package directory or its datapackage.json (default:
    the package in the current directory or its nearest parent, else the
    bundled one). Rows go to standard output; messages to standard error.

    A query is stopped after --timeout seconds (default 30), when its rows pass
    --max-result-mb (default 256), or when it builds a string or blob over 16 MB
    (exit 2 with the reason). Ctrl-C exits 130, SIGTERM 143.
    """
    from civic_accountability.commands.load import load_dataset
    from civic_accountability.commands.validate import DEFAULT_MAX_ERRORS
    from civic_accountability.outputs.exports import ExportError
    from civic_accountability.outputs.exports.data import from_report
    from civic_accountability.outputs.exports.sqlite import memory_database
    from civic_accountability.outputs.query import QueryError, bound, label_hints, read_only, render, run_query

    dataset = load_dataset(
        path,
        now,
        require_valid=not no_validate,
        max_errors=DEFAULT_MAX_ERRORS,
        refusal="the data is invalid, so no query was run (fix it, or use --no-validate to query it as it is)",
    )
    try:
        conn = memory_database(from_report(dataset.report))
    except ExportError as exc:
        raise CommandError(str(exc), 1) from None
    read_only(conn)
    watch = bound(conn, timeout)
    try:
        columns, rows = run_query(conn, query, params, watch, max_result_mb << 20)
    except QueryError as exc:
        raise CommandError(str(exc), 2) from None
    finally:
        conn.close()
    from civic_accountability.outputs.terminal import for_stdout

    for chunk in render(fmt, columns, rows):  # escapes shown, not obeyed, on a terminal
        click.echo(for_stdout(chunk, always=fmt == "table"), nl=False)
    for hint in label_hints(query, params):
        click.echo(hint, err=True)
