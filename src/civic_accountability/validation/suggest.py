""" "Did you mean": the closest allowed values and existing ids for a failing value.

Computed only for values that fail, so a valid package pays nothing; both engines call
these same functions, so their messages are identical.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Optional

from civic_accountability.contract.fieldtypes import slugify

#: Above this many keys, ids are compared only with those sharing the longest prefix that
#: leaves at most this many (difflib compares one pair in a few microseconds).
POOL = 5_000


def _plain(value: str) -> str:
    """Case, spaces and hyphens folded: 'Requires improvement' → 'requires_improvement'."""
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def closest_allowed(value: str, allowed: Sequence[str]) -> list[str]:
    """The allowed values ``value`` most likely meant: the one equal once case, spaces and
    hyphens are folded, else up to two close spellings."""
    import difflib  # only when a value fails

    plain = _plain(value)
    same = [a for a in allowed if _plain(a) == plain]
    return same or difflib.get_close_matches(plain, allowed, n=2, cutoff=0.6)


def did_you_mean(options: Sequence[str]) -> str:
    """'did you mean 'a'?' / 'did you mean 'a' or 'b'?' ('' for no options)."""
    if not options:
        return ""
    return "did you mean " + " or ".join(repr(o) for o in options) + "?"


def slug_form(value: str) -> Optional[str]:
    """The identifier ``value`` was probably meant to be: the contract's one ``slugify``
    (None if nothing is left)."""
    return slugify(value) or None


class KeyIndex:
    """The keys of a referenced table, sorted once, for close-match suggestions."""

    def __init__(self, keys: Iterable[str]):
        self.keys = sorted(set(keys))
        self._cache: dict[str, list[str]] = {}

    def _pool(self, value: str) -> list[str]:
        if len(self.keys) <= POOL:
            return self.keys
        pool = self.keys
        for end in range(1, len(value) + 1):  # the shortest prefix that leaves few enough keys
            prefix = value[:end]
            pool = self.keys[bisect_left(self.keys, prefix) : bisect_left(self.keys, prefix + "\U0010ffff")]
            if len(pool) <= POOL:
                return pool
        return pool[:POOL]

    def close(self, value: str, n: int = 3) -> list[str]:
        """Up to ``n`` existing keys closest to ``value`` (case ignored), best first."""
        import difflib

        if value not in self._cache:
            folded = value.lower()
            self._cache[value] = difflib.get_close_matches(folded, self._pool(folded), n=n, cutoff=0.75)
        return self._cache[value]
