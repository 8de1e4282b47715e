"""The files the downloads page links to, gathered into the site.

The package itself goes in ``package/`` exactly as it is laid out (descriptor,
schemas, CSVs), so the folder is a Frictionless Data Package of its own. The
SQLite, Excel and zip exports are written by the exporters themselves, called
directly on the rows the site command validated (one validation per build); a
format whose library is missing or that fails is left out, never linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

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
    resources = {
        r.get("name"): r
        for r in package.descriptor.get("resources", [])
        if isinstance(r, dict) and isinstance(r.get("name"), str)
    }
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
    out.docs["data-dictionary.md"] = out.add(
        f"{PACKAGE_DIR}/docs/data-dictionary.md", dictionary_md.encode("utf-8"), "data-dictionary.md"
    )
    return out


def export_data(package: Package, tables: Mapping[str, list]):
    """The exporters' input, made from the rows the site command already validated (so a
    build validates once, not once per format); None when a table the exports need is absent."""
    from civic_accountability.contract.specs import table_specs
    from civic_accountability.outputs.exports import data as data_mod

    out = []
    for spec in table_specs():
        if spec.name not in tables:
            return None
        records = [
            {c.name: data_mod.typed(c, values.get(c.name)) for c in spec.columns} for values in tables[spec.name]
        ]
        out.append(data_mod.Table(spec, records))
    return data_mod.ExportData(
        root=package.root,
        metadata=data_mod.package_metadata(package.descriptor),
        tables=tuple(out),
        csv_paths=dict(package.paths),
    )


def run_exports(package: Package, tables: Mapping[str, list], into: Path, stem: str, downloads: Downloads) -> None:
    """Write every export format the site offers into ``into/exports`` by calling the
    exporters directly; record what was made, and why anything was not."""
    from civic_accountability.outputs import exports as registry

    data = export_data(package, tables)
    if data is None:
        downloads.warnings.append("a table is missing: SQLite, Excel and zip downloads left out")
        return
    (into / "exports").mkdir(parents=True, exist_ok=True)
    for fmt_name, (suffix, label) in EXPORTS.items():
        fmt = registry.FORMATS.get(fmt_name)
        if fmt is None:
            downloads.warnings.append(f"no {fmt_name} export in this installation: left out")
            continue
        missing = fmt.missing()
        if missing:
            downloads.warnings.append(
                f"the {fmt_name} export needs {missing!r} (pip install 'civic-accountability[{fmt.extra}]'): left out"
            )
            continue
        rel = f"exports/{stem}{suffix}"
        target = into / rel
        try:
            fmt.load().export(data, target)
        except Exception as exc:  # an export's failure must not stop the site: report it, link nothing
            target.unlink(missing_ok=True)
            downloads.warnings.append(f"the {fmt_name} export failed ({type(exc).__name__}: {exc}): left out")
            continue
        if not target.is_file():
            downloads.warnings.append(f"the {fmt_name} export wrote nothing: left out")
            continue
        downloads.exports[fmt_name] = Download(rel, label, target.stat().st_size)
        metadata = target.with_name(f"{stem}.metadata.json")
        if fmt_name == "sqlite" and metadata.is_file():  # the sqlite export's Datasette metadata, beside the .db
            downloads.exports["datasette"] = Download(
                f"exports/{metadata.name}", "Datasette metadata for it", metadata.stat().st_size
            )


def descriptor_links(descriptor: dict) -> list[tuple[str, str]]:
    """(title, url) of the descriptor's licences: shown as plain links, never fetched."""
    out = []
    for lic in descriptor.get("licenses", []) or []:
        if isinstance(lic, dict) and isinstance(lic.get("path"), str) and not link_problem(lic["path"]):
            out.append((str(lic.get("title") or lic.get("name") or lic["path"]), lic["path"]))
    return out
