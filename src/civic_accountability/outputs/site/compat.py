"""Where the site finds the package's shared pieces (vocabularies, meaning rules, exports).

The package was reorganised (``rules`` into ``validation/``, ``vocab`` into
``contract/``, ``exports`` into ``outputs/``); the site imports them by their
current name first and by their old name after, so a branch cut before the move
still merges.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_CANDIDATES: dict[str, tuple[str, ...]] = {
    "vocab": ("civic_accountability.contract.vocab", "civic_accountability.vocab"),
    "rules": ("civic_accountability.validation.rules", "civic_accountability.rules"),
    "exports": ("civic_accountability.outputs.exports", "civic_accountability.exports"),
    "exports.data": ("civic_accountability.outputs.exports.data", "civic_accountability.exports.data"),
}


def module(name: str) -> ModuleType:
    """The first of ``name``'s candidate modules that imports."""
    error: Exception | None = None
    for candidate in _CANDIDATES[name]:
        try:
            return importlib.import_module(candidate)
        except ImportError as exc:
            error = exc
    raise ImportError(f"no module for {name!r}: tried {', '.join(_CANDIDATES[name])}") from error


def same_grade(a: str, b: str, framework: str | None) -> bool:
    """The meaning rule's own test: do two grades state the same judgement?"""
    return module("rules").same_grade(a, b, framework)
