"""Find and open a data package without ever reading outside it.

A package is a directory holding ``datapackage.json``. Resource paths are trusted
only when they are relative, stay inside that directory (symlinks included) and are
not URLs: the validator opens no connection and reads nothing else.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Optional

from civic_accountability.contract.errors import ValidationError

DESCRIPTOR = "datapackage.json"
PACKAGE_TABLE = "datapackage"  # the "table" named in errors about the descriptor itself
_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class Package:
    root: Path
    descriptor: dict
    paths: dict[str, Path] = field(default_factory=dict)  # table → CSV path (checked safe)
    relpaths: dict[str, str] = field(default_factory=dict)  # table → path as the descriptor gives it
    archive: Optional[list] = None  # reader.archive_members, listed once when the package is opened


def bundled_root() -> Path:
    """The package shipped with the CLI: inside the wheel, or the source checkout."""
    shipped = Path(str(resources.files("civic_accountability"))) / "package"
    if (shipped / DESCRIPTOR).is_file():
        return shipped
    return Path(__file__).resolve().parents[3]


def descriptor_path_of(path: Optional[Path]) -> Path:
    """The datapackage.json meant by PATH (a directory or the file itself; None: bundled)."""
    path = Path(path) if path is not None else bundled_root()
    return path if path.name == DESCRIPTOR or path.is_file() else path / DESCRIPTOR


def _error(
    message: str,
    code: str = "package-error",
    line: int = 0,
    table: str = PACKAGE_TABLE,
    field_name: Optional[str] = None,
    value: Optional[str] = None,
) -> ValidationError:
    return ValidationError(table, line, code, field_name, value, message)


def unsafe_path_problem(path: object) -> Optional[str]:
    """Why a resource path may not be read, or None when it is a plain relative path."""
    if not isinstance(path, str) or not path:
        return "resource path must be a non-empty string"
    if _URL_RE.match(path):
        return f"resource path {path!r} is a URL; a package must hold its data locally"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        return f"resource path {path!r} is absolute; use a path relative to datapackage.json"
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        return f"resource path {path!r} leaves the package directory"
    return None


def open_package(path: Optional[Path], tables: tuple[str, ...]) -> tuple[Optional[Package], list[ValidationError]]:
    """Read the descriptor at ``path`` (a directory or its datapackage.json), check it as a
    whole (``descriptor.problems``) and every file it names (``reader``), and resolve each
    table's CSV path; errors instead of exceptions, and nothing unsafe is ever opened."""
    from civic_accountability.dataset import descriptor as checks
    from civic_accountability.dataset.reader import UnsafeFile, _resolve, archive_members, member_problems, read_regular

    try:
        descriptor_path = descriptor_path_of(path)
        exists = descriptor_path.exists()
    except (OSError, ValueError) as exc:
        return None, [_error(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")]
    root = descriptor_path.parent
    if not exists:
        return None, [_error(f"no {DESCRIPTOR} at {descriptor_path}")]
    try:
        # a link is followed only to a file inside the package: the descriptor is the package's own
        real = _resolve(root, DESCRIPTOR, "descriptor", None)
        descriptor = checks.parse(read_regular(real, str(descriptor_path), "descriptor", follow=False))
    except UnsafeFile as exc:
        where = f" ({descriptor_path})" if exc.code == "unsafe-path" else ""
        return None, [_error(exc.message + where)]
    except UnicodeDecodeError as exc:
        return None, [_error(f"{DESCRIPTOR} is not UTF-8: {exc.reason} at byte {exc.start}")]
    except json.JSONDecodeError as exc:
        return None, [_error(f"{DESCRIPTOR} is not valid JSON: {exc.msg}", line=exc.lineno)]
    except checks.DescriptorError as exc:
        return None, [_error(str(exc))]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [_error(f"{DESCRIPTOR} must be an object with a 'resources' list")]

    package = Package(root=root, descriptor=descriptor)
    errors: list[ValidationError] = checks.problems(descriptor)
    by_name = {r["name"]: r for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)}
    real_root = os.path.realpath(root)  # a missing root is reported per table as file not found
    for table in tables:
        resource = by_name.get(table)
        if resource is None:
            errors.append(_error(f"{DESCRIPTOR} has no resource named {table!r}", field_name="resources", value=table))
            continue
        rel = resource.get("path")
        try:
            _resolve(root, rel, "data", real_root)
        except UnsafeFile as exc:
            if not exc.missing:  # a missing file is reported by the reader, with the others' errors
                errors.append(exc.error(table, "path"))
                continue
        package.paths[table] = root / rel
        package.relpaths[table] = rel
    package.archive = archive_members(root)
    errors += member_problems(root, descriptor, package.archive)
    return package, errors
