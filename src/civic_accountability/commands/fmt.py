from __future__ import annotations

import sys

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import package_argument


def _display(path) -> str:
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _archive_sha256(root):
    """hash of archive/<source_id>.txt as the validator computes it, or None when absent."""
    import hashlib

    def sha256(source_id: str):
        try:
            return hashlib.sha256((root / "archive" / f"{source_id}.txt").read_bytes()).hexdigest()
        except OSError:  # absent, a folder, unreadable: no archived text
            return None

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
    from civic_accountability.contract.specs import table_specs
    from civic_accountability.dataset.fmt import Refused, canonical
    from civic_accountability.commands.load import resolve_package_path
    from civic_accountability.dataset.package import open_package
    from civic_accountability.dataset.atomic import write_atomic

    specs = table_specs()
    package, problems = open_package(resolve_package_path(path), tuple(s.name for s in specs))
    if package is None or problems:
        raise CommandError("\nError: ".join(p.message for p in problems) or "no package to format", 2)

    archive_sha256 = _archive_sha256(package.root)
    planned, refused = [], []
    for spec in specs:
        target = package.paths[spec.name]
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {_display(target)}: {exc.strerror or exc}", 2) from None
        try:
            result = canonical(spec, data, archive_sha256)
        except Refused as exc:
            refused.append(f"{_display(target)}: {exc}")
            continue
        if result.content != data:
            planned.append((target, result))

    if refused:
        for line in refused:
            click.echo(f"{line}", err=True)
        raise CommandError(f"{len(refused)} file(s) cannot be formatted (fix them first; "
                           "`civic-accountability validate` gives details); nothing was written.", 1)
    for target, result in planned:
        reasons = "; ".join(result.changes) or "not canonical"
        if check:
            click.echo(f"{_display(target)}: {reasons}")
        else:
            try:
                write_atomic(target, result.content)
            except OSError as exc:
                raise CommandError(f"cannot write {_display(target)}: {exc.strerror or exc}", 2) from None
            click.echo(f"formatted {_display(target)}: {reasons}")
    if check and planned:
        click.echo(f"{len(planned)} file(s) would be rewritten: run `civic-accountability fmt`", err=True)
        sys.exit(1)
    if not planned:
        click.echo(f"canonical: {len(specs)} files")
