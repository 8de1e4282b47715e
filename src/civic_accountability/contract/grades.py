"""When two grades are one judgement: the rule validation, the record, the timeline, the
site and the reports importer all apply."""

from __future__ import annotations

from typing import Optional

from civic_accountability.contract.vocab import ADEQUATE_IS_REQUIRES_IMPROVEMENT

_OLD_SCALE = {f.value for f in ADEQUATE_IS_REQUIRES_IMPROVEMENT}


def same_grade(a: str, b: str, framework: Optional[str]) -> bool:
    """Whether two grades state the same judgement (old-scale "adequate" is today's RI)."""
    if a == b:
        return True
    return framework in _OLD_SCALE and {a, b} == {"adequate", "requires_improvement"}
