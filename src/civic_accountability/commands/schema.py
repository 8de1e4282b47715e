from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and show a diff if a file is out of date.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project directory to write into (default: the package in the current directory or its "
    "nearest parent, else the bundled package).",
)
def schema(check, root):
    """Generate the descriptors and docs from the models.

    Writes schemas/<table>.json, datapackage.json and, in a source checkout, the
    cell specs the validator reads (src/civic_accountability/contract/cellspecs.py),
    docs/data-dictionary.md and the CLI reference, docs/cli.md. With --check,
    compares instead and fails on drift: generated files are never edited by hand.
    """
    import difflib

    from civic_accountability.commands.generate import generated_files
    from civic_accountability.commands.load import resolve_package_path
    from civic_accountability.dataset.atomic import write_atomic

    root = root or resolve_package_path(None)
    files = generated_files(root)
    stale = []
    for rel, content in files.items():
        target = root / rel
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == content:
            continue
        stale.append(rel)
        if check:
            diff = difflib.unified_diff(
                (current or "").splitlines(keepends=True),
                content.splitlines(keepends=True),
                fromfile=f"{rel} (committed)",
                tofile=f"{rel} (generated from the models)",
            )
            sys.stdout.writelines(diff)
        else:
            write_atomic(target, content.encode("utf-8"))
            click.echo(f"wrote {rel}")
    if check and stale:
        click.echo(f"\nout of date: {', '.join(stale)}; run `civic-accountability schema` and commit", err=True)
        sys.exit(1)
    if check:
        click.echo(f"up to date: {len(files)} generated files")
    elif not stale:
        click.echo("nothing to write: every generated file is up to date")
