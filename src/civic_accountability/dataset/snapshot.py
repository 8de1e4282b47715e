"""A copy of a package's own files, to validate a change before making it.

Only what the package names is copied: the descriptor, each resource's CSV, each
schema file, the archived texts (``archive/*.txt``) and the documents beside them
(``reader.DOC_FILES``), every one read through the guarded reader and written as a
plain file. Nothing else in the folder is looked at, so a link to ``/dev/zero`` or to
a large folder, a FIFO or a link loop among the package's other files costs nothing,
and one the package does name is refused with the reader's message (``UnsafeFile``).
"""

from __future__ import annotations

import os
from pathlib import Path

from civic_accountability.dataset.package import DESCRIPTOR, Package
from civic_accountability.dataset.reader import DOC_FILES, read_member, read_regular


def copy_package(package: Package, dest: Path, changes: dict[Path, bytes]) -> None:
    """Write into the empty folder ``dest`` the package's own files, with each file of
    ``changes`` (a path inside ``package.root`` → its new bytes) in place of the original."""
    root = package.root
    replaced = {Path(path).relative_to(root).as_posix(): data for path, data in changes.items()}

    def put(rel: str, data: bytes) -> None:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)

    def copy(rel: str, kind: str) -> None:
        if rel in replaced or (dest / rel).exists():
            return
        try:
            put(rel, read_member(root, rel, kind))
        except OSError as exc:
            if getattr(exc, "missing", False):
                return  # absent in the package: absent in the copy, reported alike by validation
            raise

    copy(DESCRIPTOR, "descriptor")
    for rel in package.relpaths.values():
        copy(rel, "data")
    for resource in package.descriptor.get("resources", []):
        if isinstance(resource, dict) and isinstance(resource.get("schema"), str):
            copy(resource["schema"], "schema")
    for name, kind in DOC_FILES.items():
        copy(name, kind)
    for member in package.archive or []:
        rel = f"archive/{member.name}"
        if isinstance(member.where, str) and rel not in replaced:
            put(rel, read_regular(member.where, rel, "archive", follow=False, checked=member.checked))
    for rel, data in replaced.items():
        put(rel, data)
