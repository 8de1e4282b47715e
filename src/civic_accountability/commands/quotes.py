from __future__ import annotations

from pathlib import Path

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import format_option
from civic_accountability.contract.fieldtypes import SLUG_PATTERN
from civic_accountability.contract.specs import table_spec


def _project():
    """The project modules --write needs, imported only then (the validator is slow to import)."""
    from civic_accountability.dataset.package import descriptor_path_of, open_package
    from civic_accountability.validation.validate import validate_package

    return descriptor_path_of, open_package, validate_package


SLUG_RE = SLUG_PATTERN
#: The statements table's columns, from the contract (the models generate cellspecs).
STATEMENT_COLUMNS = table_spec("statements").column_names
SOURCE_TYPES = ("news_article", "press_release", "council_document", "inspection_report", "inspection_letter", "other")


def _fail(message: str, code: int = 2) -> None:
    raise CommandError(message, code)


@click.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--source-id",
    required=True,
    metavar="ID",
    help="The article's source_id (a lowercase slug, e.g. northshire-gazette-2024-03-ofsted).",
)
@click.option(
    "--inspection",
    "inspection_id",
    metavar="ID",
    help="The inspection_id the statements are about (required with --write).",
)
@format_option("csv", "json", default="csv")
@click.option(
    "--write",
    "package",
    is_flag=False,
    flag_value=".",
    default=None,
    metavar="[PACKAGE]",
    type=click.Path(path_type=Path),
    help="Add the accepted rows to PACKAGE (a directory holding datapackage.json; default: the current directory).",
)
@click.option("--include-flagged", is_flag=True, help="Also write proposals flagged for a human look.")
@click.option("--title", help="sources.title: the article's headline.")
@click.option("--publisher", help="sources.publisher, e.g. the newspaper.")
@click.option("--author", help="sources.author: the byline.")
@click.option("--date", "published_date", metavar="YYYY[-MM[-DD]]", help="sources.published_date.")
@click.option("--url", help="sources.url: where the public can read it (never guessed).")
@click.option(
    "--source-type",
    type=click.Choice(SOURCE_TYPES),
    default=None,
    help="sources.source_type for a new sources row.  [default: news_article]",
)
@click.option(
    "--statement-date",
    metavar="YYYY[-MM[-DD]]",
    help="statements.statement_date for every written row (empty unless the article says when).",
)
def quotes(
    article,
    source_id,
    inspection_id,
    fmt,
    package,
    include_flagged,
    title,
    publisher,
    author,
    published_date,
    url,
    source_type,
    statement_date,
):
    """Propose a statement row for every direct quotation in a plain-text ARTICLE.

    Each quotation becomes one row per contiguous span (a speech broken by narration,
    or running over several paragraphs, gives several rows), with the speaker the
    article attributes it to and the speaker's role, party and organisation as the
    article describes them (empty where it does not). Rules only: no model, no network.

    Every proposal carries the attribution pattern it used (reason) and flags for what
    needs a human look: headline, caption, scare-quotes (a word or two quoted in
    narration), judgement-words (only a grade or a judgement area's name), no-speaker,
    ambiguous-pronoun, duplicate, not-verbatim. Every quote is checked with the
    validator's own verbatim check before it is printed.

    Prints the proposals (--format csv: the statements columns plus flags and reason;
    json: the same as objects). statement_id is given to the rows that would be
    written: unflagged ones, or all with --include-flagged.

    With --write [PACKAGE] the accepted rows are added to the package: the article
    is archived as archive/<source_id>.txt, its sources row added or completed from
    --title, --publisher, --author, --date, --url (sha256 computed), and the
    statements appended as <source_id>-q01, -q02… after any the source already has,
    every table kept sorted by primary key. The result is validated in a temporary
    copy first; if it would add a validation error nothing is written (exit 1). Each
    file is replaced atomically.

    Exit codes: 0 ok, 1 the write would leave the package invalid, 2 usage error or
    unreadable input.
    """
    import re

    from civic_accountability.importers.quotes import FLAG_HELP, propose_statements

    if not re.match(SLUG_RE, source_id):
        _fail(f"--source-id {source_id!r} is not a lowercase slug like northshire-gazette-2024-03-ofsted")
    if inspection_id is not None and not re.match(SLUG_RE, inspection_id):
        _fail(f"--inspection {inspection_id!r} is not a lowercase slug")
    if package is not None and not inspection_id:
        _fail("--write needs --inspection: every statement row names the inspection it is about")
    try:
        data = Path(article).read_bytes()
    except IsADirectoryError:
        _fail(f"{article} is a directory, not an article")
    except OSError as exc:
        _fail(f"cannot read {article}: {exc.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"{article} is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 plain text")
    text = text.removeprefix("\ufeff")

    proposals = propose_statements(text)
    accepted = [p for p in proposals if (include_flagged or not p.flagged) and p.speaker and not p.problem]

    existing_ids: dict[str, str] = {}
    if package is not None:
        plan = _plan_write(
            package,
            data,
            source_id,
            inspection_id,
            accepted,
            statement_date,
            dict(
                title=title,
                publisher=publisher,
                author=author,
                published_date=published_date,
                url=url,
                source_type=source_type,
            ),
        )
        existing_ids = plan["ids"]
    else:
        existing_ids = {p.quote: f"{source_id}-q{i:02d}" for i, p in enumerate(accepted, 1)}

    rows = []
    for p in proposals:
        sid = existing_ids.get(p.quote, "") if p in accepted else ""
        rows.append(
            {
                **_statement_row(p, sid, inspection_id or "", statement_date, source_id),
                "flags": p.flags,
                "reason": p.reason,
                "paragraph": p.paragraph,
            }
        )
    _print(rows, fmt)
    flagged = sum(p.flagged for p in proposals)
    summary = f"{len(proposals)} quotation{'s' if len(proposals) != 1 else ''} found, {flagged} flagged for a look"
    if not proposals:
        summary = "no quotations found"
    click.echo(summary + ".", err=True)
    for flag, meaning in FLAG_HELP.items():
        n = sum(flag in p.flags for p in proposals)
        if n:
            click.echo(f"  {flag} ({n}): {meaning}", err=True)
    if package is not None:
        try:
            _check_in_copy(plan["package"], plan["files"])
        except BaseException:
            plan["lock"].release()
            raise
        _apply(plan)


def _print(rows: list[dict], fmt: str) -> None:
    import csv
    import io
    import json

    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS + ("flags", "reason"))
    for r in rows:
        writer.writerow([r[c] for c in STATEMENT_COLUMNS] + [" ".join(r["flags"]), r["reason"]])
    click.echo(buf.getvalue(), nl=False)


# ---------------------------------------------------------------- --write
# The reading, copying, locking and writing live in dataset/ (edit, snapshot, lock);
# these functions decide what the write adds.


def _read_table(pkg, table: str):
    """The table's bytes and records (``dataset.edit.Table``), read through the guarded reader."""
    from civic_accountability.dataset.edit import EditError, read_table
    from civic_accountability.dataset.reader import UnsafeFile, read_member

    rel = pkg.relpaths[table]
    try:
        data = read_member(pkg.root, rel, "data")
        parsed = read_table(data, rel)
    except UnsafeFile as exc:
        _fail(f"cannot read {rel}: {exc.message}")
    except EditError as exc:
        _fail(str(exc))
    needs = {
        "sources": ("source_id",),
        "statements": ("statement_id", "source_id", "quote"),
        "inspections": ("inspection_id",),
    }[table]
    missing = [c for c in needs if c not in parsed.header]
    if missing:
        _fail(f"{rel} has no {', '.join(missing)} column in its header; run `civic-accountability validate` first")
    return data, parsed


def _next_number(mine: list[dict]) -> int:
    """One more than the largest -qNN the source's statements already have."""
    import re

    numbers = [m.group(1) for r in mine if (m := re.search(r"-q(\d+)$", r.get("statement_id", "")))]
    too_long = next((n for n in numbers if len(n) > 6), None)
    if too_long is not None:
        _fail(
            f"a statement id ends in -q followed by {len(too_long):,} digits; ids are numbered -q01, -q02…: "
            "correct that id first"
        )
    return max(map(int, numbers), default=0) + 1


def _plan_write(
    package: Path, data: bytes, source_id: str, inspection_id: str, accepted: list, statement_date, source_fields: dict
) -> dict:
    """Work out every file the write changes under the package's writer lock (held until
    ``_apply`` releases it) and return the plan; exits (writing nothing) when it cannot."""
    from civic_accountability.dataset.lock import PackageBusy, PackageLock

    descriptor_path_of, _, _ = _project()
    descriptor = descriptor_path_of(package)
    if not descriptor.is_file():
        _fail(f"no datapackage.json at {descriptor}: --write needs a package directory")
    try:
        lock = PackageLock(descriptor.parent)
    except PackageBusy as exc:
        _fail(str(exc))
    try:
        plan = _plan_locked(package, data, source_id, inspection_id, accepted, statement_date, source_fields)
    except BaseException:
        lock.release()
        raise
    plan["lock"] = lock
    return plan


def _plan_locked(
    package: Path, data: bytes, source_id: str, inspection_id: str, accepted: list, statement_date, source_fields: dict
) -> dict:
    import hashlib

    from civic_accountability.dataset.edit import edit_table
    from civic_accountability.dataset.reader import UnsafeFile, read_archive

    descriptor_path_of, open_package, _ = _project()
    descriptor = descriptor_path_of(package)
    pkg, errors = open_package(package, ("sources", "statements"))
    if pkg is None or errors or not all(pkg.paths[t].is_file() for t in ("sources", "statements")):
        why = "; ".join(e.message for e in errors) or "its sources or statements CSV is missing"
        _fail(f"cannot read the package at {descriptor.parent}: {why}")
    names = tuple(
        r["name"] for r in pkg.descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)
    )
    pkg, _ = open_package(package, names)  # every resource, so the copy validated below is whole
    root = pkg.root
    if "inspections" in pkg.paths and pkg.paths["inspections"].is_file():
        known = {r.get("inspection_id") for r in _read_table(pkg, "inspections")[1].rows()}
        if inspection_id not in known:
            _fail(
                f"nothing written: no inspection {inspection_id!r} in {pkg.relpaths['inspections']}; "
                "add the inspection first, or give the id of an existing one",
                code=1,
            )
    archive_rel = f"archive/{source_id}.txt"
    archive = root / archive_rel
    try:
        archived = read_archive(root, source_id)
    except UnsafeFile as exc:
        if not exc.missing:
            _fail(f"cannot archive the article as {archive_rel}: {exc.message}")
        archived = None
    if archived is not None and archived != data:
        _fail(
            f"{archive} already holds a different text; an archived source is never replaced. "
            "Use another --source-id, or the archived text itself."
        )
    sha256 = hashlib.sha256(data).hexdigest()

    s_data, s_table = _read_table(pkg, "sources")
    s_header = s_table.header
    at = next(
        (i for i, r in enumerate(s_table.records) if dict(zip(s_header, r.cells)).get("source_id") == source_id), None
    )
    changes, new_sources = [], []
    if at is None:
        source = {c: "" for c in s_header}
        source.update(source_id=source_id, source_type=source_fields.get("source_type") or "news_article")
        changes.append(f"added the sources row {source_id}")
    else:
        if len(s_table.records[at].cells) != len(s_header):
            _fail(
                f"the sources row {source_id} (line {s_table.records[at].line}) does not have one cell per "
                "column; correct it first"
            )
        source = dict(zip(s_header, s_table.records[at].cells))
    filled = []
    for name, value in {**source_fields, "sha256": sha256}.items():
        if value is None or name not in source:
            continue
        if source.get(name) and source[name] != value:
            _fail(
                f"the sources row {source_id} already has {name} {source[name]!r}, not {value!r}; "
                "leave the option out or correct the row by hand"
            )
        if not source.get(name):
            source[name] = value
            filled.append(name)
    if filled and not changes:
        changes.append(f"completed the sources row {source_id} ({', '.join(filled)})")
    cells = [source.get(c, "") for c in s_header]
    if at is None:
        new_sources.append(cells)

    t_data, t_table = _read_table(pkg, "statements")
    mine = [r for r in t_table.rows() if r.get("source_id") == source_id]
    from civic_accountability.importers.quotes import normalise_text  # the validator's own

    have = {normalise_text(r.get("quote", "")) for r in mine}
    next_number = _next_number(mine)
    ids, new_rows, skipped = {}, [], 0
    for p in accepted:
        if normalise_text(p.quote) in have:
            skipped += 1
            continue
        have.add(normalise_text(p.quote))
        sid = f"{source_id}-q{next_number:02d}"
        next_number += 1
        ids[p.quote] = sid
        new_rows.append(_statement_row(p, sid, inspection_id, statement_date, source_id))
    if skipped:
        changes.append(f"skipped {skipped} quotation{'s' if skipped != 1 else ''} the package already has")

    files = {}
    if archived is None:
        files[archive] = data
        changes.insert(0, f"archived the article as {archive_rel}")
    replace = {at: cells} if at is not None and filled else {}
    if new_sources or replace:
        files[pkg.paths["sources"]] = edit_table(s_data, s_table, "source_id", replace, new_sources)
    if new_rows:
        t_header = t_table.header
        files[pkg.paths["statements"]] = edit_table(
            t_data, t_table, "statement_id", {}, [[r.get(c, "") for c in t_header] for r in new_rows]
        )
        changes.append(
            f"added {len(new_rows)} statement{'s' if len(new_rows) != 1 else ''} "
            f"({new_rows[0]['statement_id']} … {new_rows[-1]['statement_id']})"
        )
    return {"package": pkg, "files": files, "changes": changes, "ids": ids}


def _check_in_copy(pkg, files: dict) -> None:
    """Validate the package as it would be after the write, in a temporary copy of its own
    files (``dataset.snapshot``); exit 1 if that adds an error the package does not already have."""
    import tempfile

    from civic_accountability.dataset.snapshot import copy_package

    _, _, validate_package = _project()
    root = pkg.root
    with tempfile.TemporaryDirectory(prefix="civic-quotes-") as tmp:
        copy = Path(tmp) / "package"
        copy.mkdir()
        try:
            copy_package(pkg, copy, files)
        except OSError as exc:
            _fail(f"nothing written: cannot copy the package to check the write: {exc.strerror or exc}")
        before = validate_package(root)
        after = validate_package(copy)

    def signature(e):
        return (e.code, e.table, e.field, e.value)

    known = {signature(e) for e in before.errors}
    new = [e for e in after.errors if signature(e) not in known]
    if new:
        raise CommandError(
            "\n".join(
                [
                    f"nothing written: the package would not be valid ({len(new)} new error{'s' if len(new) != 1 else ''}):"
                ]
                + [f"  {e.table} line {e.line}: {e.code}: {e.field}: {e.message}" for e in new[:20]]
            ),
            1,
        )
    if before.errors:
        click.echo(
            f"Warning: the package already had {len(before.errors)} validation error(s); this write adds none.",
            err=True,
        )


def _apply(plan: dict) -> None:
    from civic_accountability.dataset.edit import EditError, write_member

    root = plan["package"].root
    try:
        for path, content in plan["files"].items():
            write_member(root, Path(path).relative_to(root).as_posix(), content)
    except EditError as exc:
        _fail(str(exc))
    finally:
        plan["lock"].release()
    for line in plan["changes"]:
        click.echo(f"Wrote: {line}", err=True)


def _statement_row(p, statement_id: str, inspection_id: str, statement_date: "str | None", source_id: str) -> dict:
    """A proposal as a row of the statements table (shown by the preview, written by ``--write``)."""
    return {
        "statement_id": statement_id,
        "inspection_id": inspection_id,
        "speaker": p.speaker,
        "speaker_role": p.speaker_role,
        "speaker_organisation": p.speaker_organisation,
        "speaker_party": p.speaker_party,
        "statement_date": statement_date or "",
        "quote": p.quote,
        "source_id": source_id,
    }
