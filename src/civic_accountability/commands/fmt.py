from __future__ import annotations

import sys

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import package_argument


def _display(path) -> str:
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _archive_sha256(package):
    """hash of archive/<source_id>.txt as the validator computes it (the same listing, the
    same guarded reader), or None when there is no readable archived text. A source_id that
    is a path (absolute, ``../``, ``sub/pipe``, a NUL) names no archived text."""
    import hashlib

    from civic_accountability.dataset.reader import read_regular

    members = {m.name[:-4]: m for m in package.archive or [] if isinstance(m.where, str)}

    def sha256(source_id: str):
        member = members.get(source_id)
        if member is None:
            return None
        try:
            data = read_regular(member.where, f"archive/{member.name}", "archive", follow=False, checked=member.checked)
        except OSError:  # swapped or grown since the listing: no archived text
            return None
        return hashlib.sha256(data).hexdigest()

    return sha256


@click.command(name="fmt")
@package_argument
@click.option("--check", is_flag=True, help="Write nothing; list what would change and exit 1 if anything would.")
def fmt(path, check):
    """Rewrite the package's CSV files in the canonical form, so diffs show only
    real changes.

    Canonical: rows sorted by primary key, the schema's header, UTF-8 without
    byte-order mark, LF line endings, minimal RFC 4180 quoting, no empty lines,
    and sources.sha256 filled from archive/<source_id>.txt where it is empty.
    No value is changed. A file that cannot be parsed or whose header differs
    from the schema is refused (exit 1) and nothing is written. Files are
    replaced atomically.

    PATH is a package directory or its datapackage.json (default: the package
    in the current directory or its nearest parent, else the bundled one).
    With --check, lists each file that would change and why, and exits 1.
    """
    from civic_accountability.commands.load import resolve_package_path
    from civic_accountability.contract.specs import table_specs
    from civic_accountability.dataset.lock import PackageBusy, package_lock
    from civic_accountability.dataset.package import descriptor_path_of

    specs = table_specs()
    target_path = resolve_package_path(path)
    directory = descriptor_path_of(target_path).parent
    if check or not directory.is_dir():  # --check writes nothing; a missing package is reported by _format
        _format(target_path, specs, check)
        return
    try:
        with package_lock(directory):  # read and written by one writer at a time
            _format(target_path, specs, check)
    except PackageBusy as exc:
        raise CommandError(str(exc), 2) from None


def _format(path, specs, check: bool) -> None:
    from civic_accountability.dataset.edit import EditError, write_member
    from civic_accountability.dataset.fmt import Refused, canonical
    from civic_accountability.dataset.package import open_package
    from civic_accountability.dataset.reader import UnsafeFile, read_member

    package, problems = open_package(path, tuple(s.name for s in specs))
    if package is None or problems:
        raise CommandError("\nError: ".join(p.message for p in problems) or "no package to format", 2)

    archive_sha256 = _archive_sha256(package)
    planned, refused = [], []
    for spec in specs:
        target = package.paths[spec.name]
        try:
            data = read_member(package.root, package.relpaths[spec.name], "data")
        except UnsafeFile as exc:
            raise CommandError(f"cannot read {_display(target)}: {exc.message}", 2) from None
        try:
            result = canonical(spec, data, archive_sha256)
        except Refused as exc:
            refused.append(f"{_display(target)}: {exc}")
            continue
        if result.content != data:
            planned.append((target, package.relpaths[spec.name], result))

    if refused:
        for line in refused:
            click.echo(f"{line}", err=True)
        raise CommandError(
            f"{len(refused)} file(s) cannot be formatted (fix them first; "
            "`civic-accountability validate` gives details); nothing was written.",
            1,
        )
    for target, rel, result in planned:
        reasons = "; ".join(result.changes) or "not canonical"
        if check:
            click.echo(f"{_display(target)}: {reasons}")
        else:
            try:
                write_member(package.root, rel, result.content)
            except EditError as exc:
                raise CommandError(str(exc), 2) from None
            click.echo(f"formatted {_display(target)}: {reasons}")
    if check and planned:
        click.echo(f"{len(planned)} file(s) would be rewritten: run `civic-accountability fmt`", err=True)
        sys.exit(1)
    if not planned:
        click.echo(f"canonical: {len(specs)} files")
