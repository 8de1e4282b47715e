"""Exports of a validated package to other formats, one small module per format.

This module is only the registry: it imports nothing heavy, so the ``export``
command can check a format's optional dependency and its outputs before any
format module (and its library) is loaded.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


class ExportError(Exception):
    """The data cannot be written in the format asked for (a user-facing message)."""


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # civic_accountability.outputs.exports.<module> with export(data, target, progress)
    needs: tuple[str, ...] = ()  # importable modules the format needs beyond the core
    extra: Optional[str] = None  # the pip extra that installs them
    directory: bool = False  # writes a directory of files rather than one file
    suffix: str = ""  # the file name ending of each file in a directory output

    def load(self):
        return importlib.import_module(f"civic_accountability.outputs.exports.{self.module}")

    def missing(self) -> Optional[str]:
        """The first needed module that cannot be imported, or None."""
        for name in self.needs:
            try:
                importlib.import_module(name)
            except ImportError:
                return name
        return None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("sqlite", "sqlite", needs=("sqlite_utils",), extra="sqlite"),
        Format("xlsx", "xlsx", needs=("openpyxl",), extra="xlsx"),
        Format("json", "json_doc"),
        Format("ndjson", "ndjson", directory=True, suffix=".ndjson"),
        Format(
            "parquet",
            "parquet",
            needs=("pyarrow", "pyarrow.parquet"),
            extra="parquet",
            directory=True,
            suffix=".parquet",
        ),
        Format("zip", "bundle"),
    )
}


def metadata_path(database: Path) -> Path:
    """Where the sqlite export writes its Datasette metadata: ``out.db`` → ``out.metadata.json``."""
    return database.with_name(database.stem + ".metadata.json")


def outputs(fmt: Format, target: Path) -> list[Path]:
    """Every path an export to ``target`` writes (checked before anything is written)."""
    if fmt.name == "sqlite":
        return [target, metadata_path(target)]
    return [target]


def overwrite_problem(fmt: Format, target: Path, force: bool) -> Optional[str]:
    """Why writing ``target`` is refused, or None. Without --force nothing is
    overwritten; with it, a directory is replaced only when it holds nothing but
    what this export writes (so a mistyped -o never deletes someone's files)."""
    existing = [p for p in outputs(fmt, target) if p.exists() or p.is_symlink()]
    if existing and not force:
        names = " and ".join(str(p) for p in existing)
        return f"{names} already exist{'s' if len(existing) == 1 else ''}; use --force to overwrite"
    if fmt.directory:
        if target.is_dir() and not target.is_symlink():
            foreign = sorted(p.name for p in target.iterdir() if not (p.is_file() and p.name.endswith(fmt.suffix)))
            if foreign:
                return (
                    f"{target} holds files a {fmt.name} export does not write ({', '.join(foreign[:5])}); "
                    f"refusing to replace it: choose another output directory"
                )
    elif target.is_dir():
        return f"{target} is a directory; give a file path for the {fmt.name} export"
    return None
