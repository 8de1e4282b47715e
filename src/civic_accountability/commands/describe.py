from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import format_option, now_option, package_argument


@click.command()
@package_argument
@format_option("text", "json")
@click.option("--check", is_flag=True, help="Exit 1 when a dataset-level sanity check fails.")
@now_option
def describe(path, fmt, check, now):
    """Summarise a package: version, rows per table, inspections per local
    authority and per framework, and the dataset-level sanity checks (row counts
    within bounds, every current authority present).

    PATH is a package directory or its datapackage.json (default: the package
    in the current directory or its nearest parent, else the bundled one)."""
    import json

    from civic_accountability.commands.load import load_dataset
    from civic_accountability.outputs.describe import summarise

    summary = summarise(load_dataset(path, now, require_valid=False).report)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        from civic_accountability.outputs.describe import render_summary

        click.echo(render_summary(summary))
    if check and not all(c["ok"] for c in summary["sanity_checks"]):
        sys.exit(1)
