"""A report's errors, bounded: every error is counted, only the first ``limit`` are kept.

Why: a broken export can fail every row, and a million bad rows are millions of errors;
kept as objects they took gigabytes before a single line was printed. ``ErrorLog`` keeps
the ``limit`` errors that come first in report order (exactly those a full sort would put
first) and a count of every error by (table, code), so the summary stays exact while the
memory stays that of ``limit`` errors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any, Optional

from civic_accountability.contract.errors import WARNING, ValidationError

#: Errors gathered beyond ``limit`` before the surplus is sorted away: large enough that
#: sorting costs little per error, small enough to stay a few megabytes.
SLACK = 20_000


class ErrorLog(list):
    """A list of errors that counts everything added and keeps at most ``limit`` of them:
    those first by ``key`` (ties in the order added, as a stable sort keeps them).
    ``limit=None`` keeps every error. ``sort`` sorts and drops the surplus. Warnings are
    set aside in ``warnings`` as they come: they are few, never bounded, never counted."""

    def __init__(
        self,
        errors: Iterable[ValidationError] = (),
        limit: Optional[int] = None,
        key: Optional[Callable[[ValidationError], Any]] = None,
    ):
        super().__init__()
        self.limit = limit
        self.key = key
        self.counts: Counter = Counter()  # (table, code) → errors found, kept or not
        self.warnings: list[ValidationError] = []
        self.extend(errors)

    def append(self, error: ValidationError) -> None:
        self.extend((error,))

    def extend(self, errors: Iterable[ValidationError]) -> None:
        if isinstance(errors, ErrorLog):
            self.counts.update(errors.counts)
            self.warnings.extend(errors.warnings)
            super().extend(errors)
        elif isinstance(errors, (list, tuple)):
            if any(e.severity == WARNING for e in errors):
                self.warnings.extend(e for e in errors if e.severity == WARNING)
                errors = [e for e in errors if e.severity != WARNING]
            super().extend(errors)
            self.counts.update((e.table, e.code) for e in errors)
        else:  # an iterator: taken a slice at a time, so it is never held whole
            errors = iter(errors)
            while chunk := list(islice(errors, SLACK)):
                self.extend(chunk)
            return
        if self.limit is not None and len(self) > self.limit + SLACK:
            self._trim()

    def __iadd__(self, errors: Iterable[ValidationError]) -> "ErrorLog":
        self.extend(errors)
        return self

    def sort(self, *, key=None, reverse: bool = False) -> None:
        """Sort (by ``key``, else the log's own key), then keep the first ``limit``."""
        super().sort(key=key or self.key, reverse=reverse)
        if self.limit is not None:
            del self[self.limit :]

    def _trim(self) -> None:
        if self.key is not None:
            super().sort(key=self.key)  # stable: equal keys keep the order they were added in
        del self[self.limit :]

    @property
    def total(self) -> int:
        """Errors found, kept or not."""
        return sum(self.counts.values())

    @property
    def truncated(self) -> bool:
        return self.total > len(self)
