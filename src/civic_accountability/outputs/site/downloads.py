"""The files the downloads page links to, gathered into the site.

The package itself goes in ``package/`` exactly as it is laid out (descriptor,
schemas, CSVs), so the folder is a Frictionless Data Package of its own. The
SQLite, Excel and zip exports come from the ``export`` command, called in-process
through its CLI contract (``export PATH --to FORMAT -o FILE``) when this
installation has it; a format that is missing or fails is left out, never linked.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import click

from civic_accountability.dataset.descriptor import link_problem
from civic_accountability.dataset.package import Package
from civic_accountability.dataset.reader import DOC_FILES, UnsafeFile, read_member, read_regular

#: export format → (file name suffix, what the link says)
EXPORTS: dict[str, tuple[str, str]] = {
    "zip": (".zip", "Release bundle (zip): the data package with its schemas, licence and docs"),
    "sqlite": (".db", "SQLite database, with full-text search"),
    "xlsx": (".xlsx", "Excel workbook, one sheet per table"),
}
PACKAGE_DIR = "package"
DOCS_FILES = ("LICENSE-DATA", "CITATION.cff")  # read through reader.DOC_FILES's caps


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    label: str
    size: int


@dataclass
class Downloads:
    files: dict[str, bytes] = field(default_factory=dict)  # site path → content
    tables: dict[str, Download] = field(default_factory=dict)  # table → its CSV
    schemas: dict[str, Download] = field(default_factory=dict)  # table → its Table Schema
    descriptor: Optional[Download] = None
    exports: dict[str, Download] = field(default_factory=dict)  # format → file
    docs: dict[str, Download] = field(default_factory=dict)  # LICENSE-DATA, CITATION.cff, data-dictionary.md
    warnings: list[str] = field(default_factory=list)

    def add(self, path: str, data: bytes, label: str) -> Download:
        self.files[path] = data
        return Download(path, label, len(data))


def gather(package: Package, tables: tuple[str, ...], dictionary_md: str) -> Downloads:
    """Copy the package's descriptor, schemas and CSVs (byte for byte) and its licence
    and citation files where present; write the data dictionary beside them."""
    out = Downloads()
    root = package.root
    descriptor_bytes = read_regular(root / "datapackage.json", "datapackage.json", "descriptor")
    out.descriptor = out.add(f"{PACKAGE_DIR}/datapackage.json", descriptor_bytes, "datapackage.json")
    resources = {r.get("name"): r for r in package.descriptor.get("resources", [])
                 if isinstance(r, dict) and isinstance(r.get("name"), str)}
    for table in tables:
        rel = package.relpaths.get(table)
        if rel is not None:
            try:
                out.tables[table] = out.add(f"{PACKAGE_DIR}/{rel}", read_member(root, rel, "data"), f"{table}.csv")
            except UnsafeFile as exc:
                if not exc.missing:
                    raise
        schema = resources.get(table, {}).get("schema")
        if isinstance(schema, str):
            try:
                out.schemas[table] = out.add(f"{PACKAGE_DIR}/{schema}", read_member(root, schema, "schema"), schema)
            except UnsafeFile as exc:
                if not exc.missing:
                    raise
    for name in DOCS_FILES:
        try:
            out.docs[name] = out.add(f"{PACKAGE_DIR}/{name}", read_member(root, name, DOC_FILES[name]), name)
        except UnsafeFile as exc:
            if not exc.missing:
                raise
    out.docs["data-dictionary.md"] = out.add(f"{PACKAGE_DIR}/docs/data-dictionary.md",
                                             dictionary_md.encode("utf-8"), "data-dictionary.md")
    return out


def export_command():
    """The ``export`` click command if this installation has one that takes --to, else None."""
    from civic_accountability.cli import COMMANDS

    target = COMMANDS.get("export")
    if not target:
        return None
    import importlib

    module, attr = target.split(":")
    try:
        command = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None
    return command if any(p.name == "to" for p in command.params) else None


def run_exports(package_root: Path, into: Path, stem: str, downloads: Downloads, *, no_validate: bool) -> None:
    """Run ``export --to FORMAT`` for every format the command offers, writing into
    ``into/exports``; record what was made, and why anything was not."""
    command = export_command()
    if command is None:
        downloads.warnings.append("no export command in this installation: SQLite, Excel and zip downloads left out")
        return
    to = next(p for p in command.params if p.name == "to")
    offered = set(getattr(to.type, "choices", EXPORTS))
    takes_no_validate = any(p.name == "no_validate" for p in command.params)
    (into / "exports").mkdir(parents=True, exist_ok=True)
    for fmt, (suffix, label) in EXPORTS.items():
        if fmt not in offered:
            downloads.warnings.append(f"export offers no --to {fmt}: left out")
            continue
        rel = f"exports/{stem}{suffix}"
        target = into / rel
        args = [str(package_root), "--to", fmt, "-o", str(target)]
        if no_validate and takes_no_validate:
            args.append("--no-validate")
        captured = io.StringIO()
        code: object = 0
        try:
            with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
                command.main(args=args, prog_name="civic-accountability export", standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
        except click.exceptions.Abort:  # Ctrl-C inside the export: stop the whole build
            raise KeyboardInterrupt from None
        except Exception as exc:  # an export's failure must not stop the site: report it, link nothing
            code = f"{type(exc).__name__}: {exc}"
        if code not in (0, None) or not target.is_file():
            target.unlink(missing_ok=True)
            detail = captured.getvalue().strip().splitlines()
            downloads.warnings.append(f"export --to {fmt} failed ({code}): {detail[-1] if detail else 'no output'}")
            continue
        downloads.exports[fmt] = Download(rel, label, target.stat().st_size)
        metadata = target.with_name(f"{stem}.metadata.json")
        if fmt == "sqlite" and metadata.is_file():  # the sqlite export's Datasette metadata, beside the .db
            downloads.exports["datasette"] = Download(f"exports/{metadata.name}", "Datasette metadata for it",
                                                      metadata.stat().st_size)


def descriptor_links(descriptor: dict) -> list[tuple[str, str]]:
    """(title, url) of the descriptor's licences: shown as plain links, never fetched."""
    out = []
    for lic in descriptor.get("licenses", []) or []:
        if isinstance(lic, dict) and isinstance(lic.get("path"), str) and not link_problem(lic["path"]):
            out.append((str(lic.get("title") or lic.get("name") or lic["path"]), lic["path"]))
    return out
