"""``themes classify``: what recommendations ask to improve; ``repeats``: what a council was
asked again."""

from __future__ import annotations

import sys

import click

from civic_accountability.commands.failure import CommandError, unknown_authority
from civic_accountability.commands.options import format_option, now_option, package_option


@click.group()
def themes() -> None:
    """The 25 themes of what Ofsted asks councils to improve (data/themes.csv)."""


@themes.command()
@click.argument("texts", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: one block per text; json: one JSON object a line.",
)
@click.option("--explain", is_flag=True, help="Show the phrases (and model features) that decided each theme.")
def classify(texts, fmt, explain):
    """Classify recommendation TEXTS (or, without any, one per line of stdin), in input order.

    Each gets 1 to 3 themes, main subject first (none when no theme's words are found),
    by the package's rules and the learned layer over them (themes/model.py): the same
    ones `import reports` runs for every recommendation. --explain gives the phrases behind
    each theme, then the learned layer's top weighted features ("main ..." for the main
    subject, "member ..." for a further theme).
    --format json writes one line per text: {"text": ..., "themes": [...]} (with
    --explain also "reasons": {theme: [phrases]}).
    """
    import json

    from civic_accountability.contract.themes import THEME_LABELS
    from civic_accountability.themes.classify import classify as classify_text

    if not texts:
        if sys.stdin.isatty():
            raise click.UsageError("give texts as arguments or one per line on stdin")
        texts = [line.rstrip("\n") for line in sys.stdin]
    for text in texts:
        if not text.strip():
            if fmt == "json":
                click.echo(json.dumps({"text": text, "themes": []}, ensure_ascii=False))
            continue
        found = classify_text(text)
        if fmt == "json":
            out = {"text": text, "themes": found.themes}
            if explain:
                out["reasons"] = found.reasons()
            click.echo(json.dumps(out, ensure_ascii=False))
            continue
        click.echo(text)
        if not found.themes:
            click.echo("  (no theme found)")
        reasons = found.reasons()
        for rank, theme in enumerate(found.themes, 1):
            line = f"  {rank}. {theme} ({THEME_LABELS[theme]})"
            if explain:
                line += ": " + ", ".join(f'"{w}"' for w in reasons[theme])
            click.echo(line)
        click.echo("")


@click.command()
@click.argument("council")
@package_option
@format_option("text", "json")
@now_option
@click.option(
    "--explain",
    is_flag=True,
    help="Show why each pair is linked (the model's score, the rules, the shared words or activity).",
)
def repeats(council, path, fmt, now, explain):
    """A council's recommendations that repeat what its previous inspection asked, over time.

    COUNCIL is named as `timeline` takes it (id, name, GSS code, another name). Each later
    recommendation is shown with the earlier item it repeats (same issue, or overlapping),
    that item's inspection date and words; a predecessor's inspections count (Cumbria's for
    Cumberland). --format json gives {"authority", "authority_id", "inspections": [{
    "inspection_id", "date", "framework", "items", "repeated": [{"recommendation_id",
    "text", "themes", "asked_before": [{"recommendation_id", "inspection_id", "date",
    "text", "judged"}], "times_asked"}]}]}. --explain adds to each earlier item "why": the
    learned layer's probability for the pair against its threshold and what weighed most, then
    the rules that link it (whole text, heads of the asks, the same named activity) with the
    words or activity the two share, as `import reports` reads them (themes/repeats.py).
    """
    import json

    from civic_accountability.commands.load import load_dataset
    from civic_accountability.outputs.terminal import for_stdout
    from civic_accountability.themes.history import UnknownAuthority, council_repeats, render_text

    report = load_dataset(path, now, require_valid=False, require_readable=False).report
    if report.package is None or "recommendation_repeats" not in report.rows:
        raise CommandError("the package's recommendations and their repeats cannot be read.", 2)
    try:
        result = council_repeats(report.rows, council, explain)
    except UnknownAuthority as exc:
        raise unknown_authority(exc) from None
    if fmt == "json":
        click.echo(for_stdout(json.dumps(result, indent=2, ensure_ascii=False)))
    else:
        click.echo(for_stdout(render_text(result), always=True))
