from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import format_option, package_argument


@click.command()
@package_argument
@format_option("text", "json")
@click.option("--check", is_flag=True, help="Exit 1 when a dataset-level sanity check fails.")
def describe(path, fmt, check):
    """Summarise a package: version, rows per table, inspections per local
    authority and per framework, and the dataset-level sanity checks (row counts
    within bounds, every current authority present)."""
    import json

    from civic_accountability.outputs.describe import summarise
    from civic_accountability.validation.validate import validate_package

    report = validate_package(path)
    if report.exit_code == 2:
        from civic_accountability.validation.report import render_text

        click.echo(render_text(report), err=True)
        sys.exit(2)
    summary = summarise(report)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        from civic_accountability.outputs.describe import render_summary

        click.echo(render_summary(summary))
    if check and not all(c["ok"] for c in summary["sanity_checks"]):
        sys.exit(1)
