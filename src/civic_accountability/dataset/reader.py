"""The one guarded way to read a file a package names: data, schemas, archived texts,
licences, README.

A package is someone else's directory. Every file it names is read only when it is
a regular file inside the package once links are resolved, no larger than the cap for
its kind, and it is checked with ``stat`` before it is opened (then opened with
``O_NOFOLLOW | O_NONBLOCK`` and checked again), so a link to ``/etc/passwd``, a FIFO,
``/dev/zero`` or a symlink loop is refused without being opened. A refusal is an
``UnsafeFile`` (an ``OSError``, so a caller that treats an unreadable file as absent
keeps doing so) carrying the error code and the path as the package wrote it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple, Optional, Union

from civic_accountability.contract.errors import ValidationError

MB = 1024 * 1024
#: Largest file read per kind. Data tables are streamed by the validators; the cap only
#: stops a sparse or endless file. Everything else is read whole into memory.
LIMITS = {
    "descriptor": 16 * MB,
    "schema": 4 * MB,
    "data": 16 * 1024 * MB,
    "archive": 64 * MB,
    "licence": 4 * MB,
    "readme": 4 * MB,
}
#: Files a package may hold beside its tables, read by ``site`` and ``export --to zip``.
DOC_FILES = {"LICENSE": "licence", "LICENSE-DATA": "licence", "CITATION.cff": "readme", "README.md": "readme"}

_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnsafeFile(OSError):
    """A file the package names that may not be read. ``code`` is ``unsafe-path`` (it
    leaves the package) or ``source-error`` (missing, not a regular file, too large)."""

    def __init__(self, code: str, rel: str, message: str, *, missing: bool = False, directory: bool = False):
        super().__init__(errno.ENOENT if missing else errno.EACCES, message)  # strerror: the message
        self.code, self.rel, self.message = code, rel, message
        self.missing, self.directory = missing, directory

    def __str__(self) -> str:
        return self.message

    def error(self, table: str, field: Optional[str] = None) -> ValidationError:
        return ValidationError(table, 0, self.code, field, self.rel, self.message)


class ArchiveMember(NamedTuple):
    """One ``archive/*.txt`` as ``archive_members`` found it."""

    name: str
    where: Union[str, UnsafeFile, None]  # its checked real path, why it may not be read, or None: absent
    checked: Optional[tuple[int, int]]  # (device, inode) of the plain file the listing checked


def _kind_of(mode: int) -> Optional[str]:
    """What a non-regular file is (for the message), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")


def _check_stat(st: os.stat_result, rel: str, kind: str) -> None:
    what = _kind_of(st.st_mode)
    if what:
        raise UnsafeFile(
            "source-error", rel, f"{rel} is {what}, not a regular file", directory=stat.S_ISDIR(st.st_mode)
        )
    if st.st_size > LIMITS[kind]:
        raise UnsafeFile(
            "source-error",
            rel,
            f"{rel} is {st.st_size:,} bytes; a {kind} file may be at most {LIMITS[kind] // MB:,} MB",
        )


#: A plain relative path (no "..", no leading dot, no scheme, drive or backslash): the
#: common case, checked without building PurePaths.
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")
#: directory as named → (its real path, st_dev, st_ino): a folder of thousands of archives
#: is resolved once, and again whenever it is no longer the same directory.
_REAL_DIRS: dict[str, tuple[str, tuple[int, int, int, int]]] = {}


def _real_dir(path: str) -> str:
    """The real path of a directory, cached while the name still leads to the same one the
    same way (a directory moved away and linked back keeps its inode, so the link itself,
    seen by ``lstat``, is part of the key)."""
    st, link = os.stat(path), os.lstat(path)
    key = (st.st_dev, st.st_ino, link.st_ino, link.st_mode)
    cached = _REAL_DIRS.get(path)
    if cached is not None and cached[1] == key:
        return cached[0]
    real = os.path.realpath(path, strict=True)
    if len(_REAL_DIRS) > 256:
        _REAL_DIRS.clear()
    _REAL_DIRS[path] = (real, key)
    return real


def _resolve(root: Path, rel: str, kind: str, real_root: Optional[str]) -> str:
    from civic_accountability.dataset.package import unsafe_path_problem

    if not (isinstance(rel, str) and _PLAIN.fullmatch(rel)):
        problem = unsafe_path_problem(rel)
        if problem:
            raise UnsafeFile("unsafe-path", str(rel), problem)
        if "\x00" in rel:
            raise UnsafeFile("unsafe-path", repr(rel), f"path {rel!r} holds a NUL character")
    target = os.path.join(root, rel)
    try:
        real_root = real_root or _real_dir(str(root))
        folder, name = os.path.split(target)
        real = os.path.join(_real_dir(folder), name)
        st = os.lstat(real)
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(target, strict=True)
            st = os.stat(real)
    except FileNotFoundError:
        raise UnsafeFile("source-error", rel, f"file not found: {rel}", missing=True) from None
    except (OSError, RuntimeError) as exc:  # a symlink loop (ELOOP), a name too long
        loop = getattr(exc, "errno", None) == errno.ELOOP or "loop" in str(exc).lower()
        reason = "a symlink loop" if loop else (getattr(exc, "strerror", None) or "unreadable")
        raise UnsafeFile("source-error", rel, f"cannot read {rel}: {reason}") from None
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise UnsafeFile("unsafe-path", rel, f"{rel} resolves outside the package directory")
    _check_stat(st, rel, kind)
    return real


def resolve_member(root: Path, rel: str, kind: str, real_root: Optional[str] = None) -> Path:
    """``root / rel`` once checked: a relative path, inside the package after resolving
    links, an existing regular file under the cap for ``kind``. Nothing is opened."""
    _resolve(root, rel, kind, real_root)
    return Path(root) / rel


def _open_regular(
    path: str | os.PathLike, rel: str, kind: str, follow: bool, checked: Optional[tuple[int, int]] = None
) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at ``path`` under the cap for ``kind``, and its
    ``fstat``: checked by ``stat`` before it is opened (without blocking) and by ``fstat``
    after, so what is read is what was checked. ``follow=False``: a link there is refused.
    ``checked``: the (device, inode) of the regular file a directory listing found there
    by ``lstat`` (``archive_members``): opened without following links, and the ``fstat``
    of what was opened must be that file, still regular and under the cap."""
    if checked is not None:
        ident, follow = checked, False
    else:
        try:
            st = os.stat(path) if follow else os.lstat(path)
        except FileNotFoundError:
            raise UnsafeFile("source-error", rel, f"file not found: {rel}", missing=True) from None
        except (OSError, ValueError) as exc:
            raise UnsafeFile(
                "source-error", rel, f"cannot read {rel}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        if stat.S_ISLNK(st.st_mode):
            raise UnsafeFile("source-error", rel, f"{rel} was replaced by a link while it was being read")
        _check_stat(st, rel, kind)
        ident = (st.st_dev, st.st_ino)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnsafeFile("source-error", rel, f"cannot read {rel}: {exc.strerror}") from None
    try:
        opened = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise UnsafeFile("source-error", rel, f"cannot read {rel}: {exc.strerror}") from None
    if (opened.st_dev, opened.st_ino) != ident:
        os.close(fd)
        raise UnsafeFile("source-error", rel, f"{rel} changed while it was being read")
    if checked is not None:
        try:
            _check_stat(opened, rel, kind)
        except UnsafeFile:
            os.close(fd)
            raise
    return fd, opened


def read_regular(
    path: str | os.PathLike, rel: str, kind: str, *, follow: bool = True, checked: Optional[tuple[int, int]] = None
) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else without blocking
    and stopping at the cap for ``kind``. ``follow=False``: a link there is refused.
    ``checked``: see ``_open_regular`` (saves two ``stat`` calls per archived text)."""
    fd, opened = _open_regular(path, rel, kind, follow, checked)
    try:
        cap, chunks, size = LIMITS[kind], [], 0
        # The size fstat gave, in one read (plus one byte, to see growth); then until EOF.
        want = min(opened.st_size + 1, cap + 1)
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise UnsafeFile("source-error", rel, f"{rel} grew past {cap // MB:,} MB while being read")
            want = min(1 << 20, cap + 1 - size)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except UnsafeFile:
        raise
    except OSError as exc:
        raise UnsafeFile("source-error", rel, f"cannot read {rel}: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_member(root: Path, rel: str, kind: str) -> bytes:
    """The bytes of the package file ``rel``, checked first and read once, or ``UnsafeFile``.
    The resolved file is opened without following links, so one swapped in after the
    check is refused too."""
    return read_regular(_resolve(root, rel, kind, None), rel, kind, follow=False)


def open_table(path: str | os.PathLike, root: Optional[Path] = None) -> BinaryIO:
    """A data table opened for streaming, as ``read_member``/``read_regular`` would read it:
    with ``root`` (the package directory ``path`` lies in) resolved inside the package and
    opened without following links; without, a regular file under the data cap. For the
    readers that must not hold a whole table in memory at once (``validation.fast``)."""
    if root is None:
        fd, _ = _open_regular(path, str(path), "data", True)
    else:
        rel = Path(path).relative_to(root).as_posix()
        fd, _ = _open_regular(_resolve(root, rel, "data", None), rel, "data", False)
    return os.fdopen(fd, "rb", buffering=0)


def read_archive(root: Path, source_id: str) -> bytes:
    """archive/<source_id>.txt, guarded; ``UnsafeFile`` (an OSError) when it may not be read."""
    return read_member(root, f"archive/{source_id}.txt", "archive")


def read_archives(
    root: Path, source_ids: Optional[set[str]] = None, members: Optional[list[ArchiveMember]] = None
) -> dict[str, bytes]:
    """The bytes of each readable ``archive/<source_id>.txt`` (only those in ``source_ids``
    when given), by source id: what both engines check quotes and hashes against. One that
    may not be read is absent, as a source without an archived text is. ``members``: the
    listing ``open_package`` made (``Package.archive``), so the folder is listed once."""
    out = {}
    for name, where, checked in archive_members(root) if members is None else members:
        source_id = name[:-4]
        if isinstance(where, str) and (source_ids is None or source_id in source_ids):
            try:
                out[source_id] = read_regular(where, f"archive/{name}", "archive", follow=False, checked=checked)
            except OSError:
                continue
    return out


def member_problems(
    root: Path, descriptor: dict, archive: Optional[list[ArchiveMember]] = None
) -> list[ValidationError]:
    """Every file the package names beyond its tables (schemas, archived texts, licences,
    README) that exists but may not be read: refused before any command reads it.
    ``archive``: ``archive_members`` already listed (else listed here)."""
    from civic_accountability.dataset.package import PACKAGE_TABLE

    real_root = _real_dir(str(root))
    errors: list[ValidationError] = []
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if isinstance(schema, str):
            try:
                resolve_member(root, schema, "schema", real_root)
            except UnsafeFile as exc:
                if not exc.missing:
                    errors.append(exc.error(PACKAGE_TABLE, "schema"))
    for name, kind in DOC_FILES.items():
        if os.path.lexists(os.path.join(root, name)):
            try:
                resolve_member(root, name, kind, real_root)
            except UnsafeFile as exc:
                errors.append(exc.error(PACKAGE_TABLE, name))
    for name, problem, _ in archive_members(root, real_root) if archive is None else archive:
        if isinstance(problem, UnsafeFile):
            errors.append(problem.error(PACKAGE_TABLE, "archive"))
    return errors


def archive_members(root: Path, real_root: Optional[str] = None) -> list[ArchiveMember]:
    """Each ``archive/*.txt`` (sorted by name) with where it may be read from: its checked
    real path, an ``UnsafeFile``, or None for a folder named like an archive (absent); and,
    for a plain file, the (device, inode) its ``lstat`` gave (``read_regular``'s ``checked``:
    two numbers each, where whole ``stat`` results held ~8 MB for 8,000 texts).

    Why not ``resolve_member`` per file: a package holds thousands of archived texts, and
    a plain regular file in the (once resolved) folder needs one ``lstat`` from
    ``scandir``, not a path resolution. A link takes the full resolution."""
    archive = os.path.join(root, "archive")
    try:
        real_root = real_root or _real_dir(str(root))
        real_archive = _real_dir(archive)
        with os.scandir(archive) as entries:
            found = sorted((e.name, e) for e in entries if e.name.endswith(".txt"))
    except OSError:
        return []
    inside = real_archive.startswith(real_root.rstrip(os.sep) + os.sep)
    out: list[ArchiveMember] = []
    for name, entry in found:
        rel = f"archive/{name}"
        try:
            if not inside or not _PLAIN.fullmatch(rel) or entry.is_symlink():
                out.append(ArchiveMember(name, str(_resolve(root, rel, "archive", real_root)), None))
                continue
            st = entry.stat(follow_symlinks=False)
            _check_stat(st, rel, "archive")
            out.append(ArchiveMember(name, os.path.join(real_archive, name), (st.st_dev, st.st_ino)))
        except UnsafeFile as exc:
            out.append(ArchiveMember(name, None if exc.directory else exc, None))
        except OSError:  # vanished since the listing
            out.append(ArchiveMember(name, None, None))
    return out
