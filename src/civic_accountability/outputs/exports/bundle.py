"""The open-data release bundle: a zip of the Frictionless package as published.

``<name>-<version>/`` holds datapackage.json, schemas/, data/ (the validated CSV
files, byte for byte), README.md, data-dictionary.md, LICENSE, LICENSE-DATA and
SHA256SUMS (``sha256sum -c SHA256SUMS``). Its content depends only on the data and
the tool, so a bundle built from a checkout and one built from an installed wheel
are the same bytes.
The archive is reproducible: entries in sorted order with a fixed timestamp
($SOURCE_DATE_EPOCH, else 1980-01-01) and fixed permissions, so the same data
gives the same bytes. archive/ (third-party news texts kept to check quotes) is
not redistributed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Optional

from civic_accountability.contract.specs import dumps, package_descriptor, table_schema
from civic_accountability.dataset.atomic import write_atomic
from civic_accountability.dataset.reader import UnsafeFile, read_member, read_regular
from civic_accountability.outputs.exports import ExportError
from civic_accountability.outputs.exports.data import ExportData

DISTRIBUTION = "civic-accountability"
LICENCE_FILES = ("LICENSE", "LICENSE-DATA")
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
FILE_MODE = 0o100644  # regular file, rw-r--r--


def timestamp() -> tuple[int, int, int, int, int, int]:
    """The one modification time every entry gets."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = ZIP_EPOCH
    if epoch and epoch.isdigit():
        when = max(ZIP_EPOCH, dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc))
    return when.timetuple()[:6]


def _safe(text: object) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip(".-") or "package"


def folder_name(data: ExportData) -> str:
    meta = data.metadata
    return f"{_safe(meta.get('name') or 'package')}-{_safe(meta.get('version') or '0')}"


def _installed_file(name: str) -> Optional[bytes]:
    """A licence file from the installed distribution (a wheel keeps them in its metadata)."""
    try:
        files = importlib_metadata.distribution(DISTRIBUTION).files or []
    except importlib_metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == name:
            path = Path(str(f.locate()))
            if path.is_file():
                return path.read_bytes()
    return None


def readme(data: ExportData) -> str:
    meta = data.metadata
    out = [
        f"# {meta.get('title') or meta.get('name')}",
        "",
        str(meta.get("description") or ""),
        "",
        f"Version {meta.get('version')}.",
        "",
        "## Tables",
        "",
        "| file | rows | description |",
        "|---|---|---|",
    ]
    for t in data.tables:
        out.append(f"| `data/{t.name}.csv` | {len(t.records):,} | {t.spec.title}: {t.spec.description} |")
    out += [
        "",
        "Every column is described in `data-dictionary.md` and in the Table Schemas in `schemas/`,",
        "which `datapackage.json` ties together as a Frictionless Data Package.",
        "",
        "## Checking this bundle",
        "",
        "```",
        "sha256sum -c SHA256SUMS               # the files are as released",
        "frictionless validate datapackage.json # any Frictionless tool",
        "civic-accountability validate .        # the full checks, with the civic-accountability CLI",
        "```",
        "",
        "## Licence",
        "",
    ]
    for lic in meta.get("licenses") or []:
        if isinstance(lic, dict):
            out.append(f"- {lic.get('title') or lic.get('name')}" + (f": {lic['path']}" if lic.get("path") else ""))
    out += [
        "",
        "See LICENSE-DATA for the data and LICENSE for the code.",
        "",
        "## Citing",
        "",
        f"{_authors(meta)}. *{meta.get('title') or meta.get('name')}*, version {meta.get('version')}. "
        "Cite also the sources that the facts you use come from (each row's `source_id`).",
    ]
    return "\n".join(out) + "\n"


def _authors(meta: dict) -> str:
    people = [c for c in meta.get("contributors") or [] if isinstance(c, dict) and c.get("title")]
    return ", ".join(str(c["title"]) for c in people) or "civic-accountability contributors"


def _licence_files(data: ExportData) -> dict[str, bytes]:
    """The package's licence files, else those of the installed distribution."""
    found = {}
    for name in LICENCE_FILES:
        try:
            content = read_member(data.root, name, "licence")
        except UnsafeFile as exc:  # only a missing one falls back; a link out or a FIFO is refused
            if not exc.missing:
                raise ExportError(exc.message) from None
            content = _installed_file(name)
        if content is None:
            raise ExportError(f"no {name} file in {data.root} or in the installed {DISTRIBUTION}")
        found[name] = content
    return found


def members(data: ExportData) -> dict[str, bytes]:
    """Path inside the bundle folder → content, SHA256SUMS included."""
    from civic_accountability.outputs.docs import data_dictionary

    descriptor = {**data.metadata, "resources": package_descriptor()["resources"]}
    files: dict[str, bytes] = {"datapackage.json": dumps(descriptor).encode("utf-8")}
    for t in data.tables:
        files[f"schemas/{t.name}.json"] = dumps(table_schema(t.spec)).encode("utf-8")
        files[f"data/{t.name}.csv"] = read_regular(data.csv_paths[t.name], f"data/{t.name}.csv", "data")
    files["README.md"] = readme(data).encode("utf-8")
    files["data-dictionary.md"] = data_dictionary().encode("utf-8")
    files.update(_licence_files(data))
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(files.items())
    ).encode("utf-8")
    return files


def zip_bytes(folder: str, files: dict[str, bytes]) -> bytes:
    """A deterministic zip: sorted entries, fixed time, permissions and compression."""
    buffer = io.BytesIO()
    when = timestamp()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr is read as a mode
            info.external_attr = FILE_MODE << 16
            zf.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def export(data: ExportData, target: Path, progress=lambda n: None) -> list[Path]:
    write_atomic(target, zip_bytes(folder_name(data), members(data)))
    progress(data.row_count)
    return [target]
