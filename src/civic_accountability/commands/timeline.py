from __future__ import annotations

import click

from civic_accountability.commands.failure import CommandError, unknown_authority
from civic_accountability.commands.options import format_option, now_option, package_option


@click.command()
@click.argument("authority")
@package_option
@format_option("text", "json")
@click.option(
    "--short", is_flag=True, help="Text view: the number of recommendations and each quote's first words only."
)
@now_option
def timeline(authority, path, fmt, short, now):
    """One local authority's record in date order: each inspection with its grades
    per area (and the sources that give them; when sources disagree, every grade is
    shown), its recommendations and the statements made about it, in full.

    AUTHORITY is the authority's id, its name as Ofsted's statistics spell it (any
    case, "&" or "and"), its council's formal name, its GSS code, its slug or another
    name it went by: "Swindon", "Swindon Borough Council", "E06000030" and "swindon"
    are the same. The record is the one the site
    shows: inspections belong to the authority their authority_id names (else the
    authorities table's entry with their GSS code or name), and rows recorded under
    another name or code are marked. Where a name belongs to two authorities (e.g.
    "Dorset", the county until 2019 and the unitary council since), the current one is
    shown and the other is named. An unknown authority exits 2 and suggests close
    matches.

    Inspections sort by start date, else end date, else publication date, then by
    publication date and id. A date known only to the month or year sorts before the
    dated events within that month or year; undated inspections come last.
    Statements sort by their own date, else their source's publication date.
    Judgements sort by area in the framework's order; within an area, Ofsted's own
    sources first (report, letter, statistics). Two grades that are one judgement
    (the old frameworks' "adequate" is today's "requires improvement") share a line;
    "(sources disagree)" marks only grades that differ.

    The package is validated first. If it is invalid, the timeline is still shown
    from the rows that could be read, with a warning on stderr giving the number of
    validation errors (exit 0): check them with `validate` before publishing
    anything from that package. A package that cannot be read at all exits 2.

    The text view prints every recommendation (numbered as in the report) and
    every quote in full, and numbers each block's sources; --short prints only the
    number of recommendations and each quote's first words. --format json gives
    this structure:

    \b
      {"authority", "la_code", "validation_errors": N,
       "inspections": [{"inspection_id", "local_authority", "la_code",
          "framework", "inspection_type",
          "start_date", "end_date", "published_date", "lead_inspector",
          "visit_theme", "source_id", "authority_id",
          "judgements": [{"area", "grade", "source_id"}],
          "recommendations": N,
          "recommendation_items": [{"recommendation_id", "addressee",
             "position", "section", "text", "source_id", "themes": [...],
             "asked_before": [{"recommendation_id", "inspection_id", "date",
                "text", "judged"}]}],
          "statements": [{"statement_id", "speaker", "speaker_role",
             "speaker_organisation", "speaker_party", "statement_date",
             "quote", "source_id"}],
          "grades": [{"area", "grade", "source_ids": [...],
             "other_grades": [{"grade", "source_ids": [...]}]}]}],
       "sources": {source_id: {"source_type", "title", "publisher", "author",
          "published_date", "url"} or null},
       "authority_id",
       "also_matching": [{"authority_id", "authority", "la_code", "former",
          "inspections": N}]}

    Values are the CSV values (dates as written, null when empty); judgements has
    one entry per row; grades has one per area, the sources that agree on it
    (first, Ofsted's own) and any that give another grade; sources lists every source
    the timeline cites, null for one missing from the sources table; also_matching
    names other authorities the query also names.
    """
    import json

    from civic_accountability.commands.load import load_dataset
    from civic_accountability.outputs.terminal import for_stdout
    from civic_accountability.outputs.timeline import UnknownAuthority, build_timeline, render_text

    # shown from whatever rows could be read: only a package without readable inspections stops it
    report = load_dataset(path, now, require_valid=False, require_readable=False).report
    if report.package is None or "inspections" not in report.rows:
        from civic_accountability.validation.report import render_text as render_errors

        click.echo(render_errors(report), err=True)
        raise CommandError("the package's inspections cannot be read, so there is no timeline to show.", 2)
    try:
        result = build_timeline(report.rows, authority)
    except UnknownAuthority as exc:
        raise unknown_authority(exc) from None
    if report.errors:
        n = len(report.errors)
        click.echo(
            f"Warning: the package has {n:,} validation error{'' if n == 1 else 's'}; this timeline is "
            "built from the rows that could be read. Run `civic-accountability validate` for details.",
            err=True,
        )
    if fmt == "json":
        payload = {
            "authority": result["authority"],
            "la_code": result["la_code"],
            "validation_errors": len(report.errors),
            "inspections": result["inspections"],
            "sources": result["sources"],
            "authority_id": result["authority_id"],
            "also_matching": result["also_matching"],
        }
        click.echo(for_stdout(json.dumps(payload, indent=2, ensure_ascii=False)))
    else:
        click.echo(for_stdout(render_text(result, short=short), always=True))
