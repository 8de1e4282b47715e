"""Meaning checks of the derived tables (themes, recommendation_themes, recommendation_repeats):
pure functions over clean rows, registered in ``registry.RULES`` so both engines run them."""

from __future__ import annotations

from collections.abc import Iterable

from civic_accountability.contract.errors import ValidationError
from civic_accountability.validation.rules import Row


def check_theme_vocabulary(rows: Iterable[Row]) -> list[ValidationError]:
    """The themes table is the contract's closed vocabulary: each row as contract/themes.py
    defines it, and no theme missing (one finding at line 1 naming the missing)."""
    from civic_accountability.contract.themes import THEMES

    defined = {t.theme_id: t for t in THEMES}
    errors, seen = [], set()
    for line, row in rows:
        theme = defined.get(row["theme_id"])
        seen.add(row["theme_id"])
        if theme is None:
            errors.append(
                ValidationError(
                    "themes",
                    line,
                    "theme-vocabulary",
                    "theme_id",
                    row["theme_id"],
                    f"{row['theme_id']!r} is not one of the contract's themes "
                    f"(contract/themes.py); the vocabulary is closed",
                )
            )
            continue
        for column in ("label", "covers", "not_here"):
            if (row.get(column) or "") != getattr(theme, column):
                errors.append(
                    ValidationError(
                        "themes",
                        line,
                        "theme-vocabulary",
                        column,
                        row.get(column),
                        f"{row['theme_id']}'s {column} differs from the contract's "
                        f"definition; run `civic-accountability import reports`",
                    )
                )
    missing = sorted(set(defined) - seen)
    if missing and seen:
        errors.append(
            ValidationError(
                "themes",
                1,
                "theme-vocabulary",
                "theme_id",
                missing[0],
                f"{len(missing)} of the contract's themes are missing: {', '.join(missing)}",
            )
        )
    return errors


def check_theme_ranks(rows: Iterable[Row]) -> list[ValidationError]:
    """A recommendation's themes are ranked 1, 2, 3 without a gap or a repeat: one main subject."""
    ranks: dict[str, list[tuple[int, int]]] = {}
    for line, row in rows:
        ranks.setdefault(row["recommendation_id"], []).append((int(row["rank"]), line))
    errors = []
    for rid, found in ranks.items():
        found.sort()
        for want, (rank, line) in enumerate(found, 1):
            if rank != want:
                errors.append(
                    ValidationError(
                        "recommendation_themes",
                        line,
                        "theme-rank",
                        "rank",
                        str(rank),
                        f"{rid}'s themes are ranked {', '.join(str(r) for r, _ in found)}; "
                        f"they must be 1 to {len(found)}, each once (1 = the main subject)",
                    )
                )
                break
    return errors


def check_repeat_links(rows: Iterable[Row]) -> list[ValidationError]:
    """A recommendation does not repeat itself."""
    return [
        ValidationError(
            "recommendation_repeats",
            line,
            "repeat-link",
            "earlier_recommendation_id",
            row["earlier_recommendation_id"],
            "a recommendation cannot repeat itself",
        )
        for line, row in rows
        if row["recommendation_id"] == row["earlier_recommendation_id"]
    ]
