"""One writer at a time per package: every command that changes a package (``fmt``,
``quotes --write``, the importers' final write) holds this lock from the moment it
reads what it will change until the last file is renamed into place, so two writers
never lose each other's rows.

The lock is ``flock`` on the package directory itself, not a lock file. A lock file
(``filelock``'s way) would be created inside someone else's directory, where a planted
link, FIFO or folder of that name is one more hostile shape to refuse, and it would be
left behind for git, copies and the zip export to skip. ``flock`` on the directory
creates nothing, is shared by every path that reaches the same directory (links
included), and is released by the kernel when the process ends, even by SIGKILL, so
a crashed writer never leaves a stale lock. A second writer waits up to
``LOCK_WAIT`` seconds (``$CIVIC_ACCOUNTABILITY_LOCK_WAIT``), then is refused.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Seconds a writer waits for another writer of the same package before giving up.
LOCK_WAIT = 60.0


class PackageBusy(OSError):
    """Another command is changing the package (or the lock cannot be taken); the
    message says which package and what to do."""


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("CIVIC_ACCOUNTABILITY_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


class PackageLock:
    """The exclusive lock on one package directory; ``release`` (or process exit) frees it."""

    def __init__(self, directory: Path, wait: float | None = None):
        import fcntl

        self.directory, self._fd = Path(directory), None
        wait = _wait_seconds() if wait is None else wait
        try:
            self._fd = os.open(
                self.directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
            )
        except OSError as exc:
            raise PackageBusy(exc.errno, f"cannot lock {self.directory}: {exc.strerror}") from None
        deadline = time.monotonic() + wait
        delay = 0.01
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(self._fd)
                    raise PackageBusy(exc.errno, f"cannot lock {self.directory}: {exc.strerror}") from None
            if time.monotonic() >= deadline:
                os.close(self._fd)
                raise PackageBusy(
                    errno.EWOULDBLOCK,
                    f"another civic-accountability command is changing the package at "
                    f"{self.directory} (waited {wait:g} s); nothing was written: run this "
                    "again when it has finished",
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None

    def __del__(self) -> None:  # an exit path that skipped release (the process ending frees it anyway)
        try:
            self.release()
        except Exception:  # noqa: BLE001 — interpreter shutdown
            pass


@contextmanager
def package_lock(directory: Path, wait: float | None = None) -> Iterator[PackageLock]:
    """Hold the package's writer lock for the ``with`` block (see the module's docstring)."""
    lock = PackageLock(directory, wait)
    try:
        yield lock
    finally:
        lock.release()
