"""The one atomic writer every output uses (generated files, exports, the site).

Each output is written to a hidden temporary beside its target (``.NAME.XXXX.tmp``, in
the same folder so the final rename never crosses a file system) and renamed into
place only when complete: a failed, interrupted or killed run leaves the previous
output intact and readers never see half a file. Temporaries are removed on every
exit path: by the ``finally`` of the context that made them, and, should an
interruption land between two statements of that cleanup, by ``remove_leftovers``,
which the CLI's entry point calls before it exits.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Temporaries of this process not yet renamed into place or removed.
_LIVE: set[str] = set()
#: Files SQLite keeps beside a database while it writes it.
_SIDECARS = ("-journal", "-wal", "-shm")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        return
    for suffix in _SIDECARS:
        try:
            os.unlink(path + suffix)
        except OSError:
            pass
    _LIVE.discard(path)


def remove_leftovers() -> None:
    """Remove every temporary this process still holds (the entry point's last step)."""
    for path in sorted(_LIVE, reverse=True):
        _remove(path)


def _new_temporary(target: Path, suffix: str, directory: bool = False) -> str:
    """Create a hidden temporary beside ``target``, registered *before* it exists, so an
    interruption at any moment leaves nothing that ``remove_leftovers`` does not know."""
    for _ in range(100):
        name = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(4)}{suffix}")
        _LIVE.add(name)
        try:
            if directory:
                os.mkdir(name, 0o700)
            else:
                os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))
            return name
        except FileExistsError:
            _LIVE.discard(name)
        except BaseException:
            _LIVE.discard(name) if not os.path.lexists(name) else None
            raise
    raise FileExistsError(f"no free temporary name beside {target}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """Yield an empty temporary path to write; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    name = _new_temporary(target, ".tmp")
    try:
        yield Path(name)
        _fsync(Path(name))
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, target)
        _LIVE.discard(name)
    finally:
        _remove(name)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_file(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary directory to fill; on success it replaces ``target``
    (an existing one is moved aside first, since a directory cannot be renamed over
    a non-empty one, and removed once the new one is in place)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_temporary(target, ".tmp", directory=True)
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's 0700 would hide a published folder from its web server
        yield Path(tmp)
        if target.exists() or target.is_symlink():
            old = _new_temporary(target, ".old", directory=True)
            _LIVE.discard(old)  # it is about to hold the only copy of the previous output
            previous = os.path.join(old, "previous")
            os.replace(target, previous)  # from here until the swap, ``old`` holds the only copy
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(previous, target)
                os.rmdir(old)
                raise
            _LIVE.add(old)
            _remove(old)
        else:
            os.replace(tmp, target)
        _LIVE.discard(tmp)
    finally:
        _remove(tmp)


@contextmanager
def scratch_dir(target: Path) -> Iterator[Path]:
    """A hidden working directory beside ``target`` for a library's own temporary files
    (openpyxl's worksheets), removed on every exit path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_temporary(target, ".work", directory=True)
    try:
        yield Path(tmp)
    finally:
        _remove(tmp)
