"""What "now" means for a council: its current picture, one rule for every output.

The ``current_picture`` SQL view (``outputs/views.py``) states the same rule in SQL; the
site's home counts, filters and map, ``describe`` and the council pages read it from here,
and ``tests/test_picture.py`` checks the two agree on every current authority.

The rule (``DESIGN.md``, view ``current_picture``):

- **The latest inspection** is the council's latest *graded* inspection of any framework
  (the record's order, ``rules.date_key``). Visits carry no grades, so a later visit is
  shown beside it (``visits_since``), never instead.
- **Its grades** are that inspection's, one per area as the record keeps them (the best
  source's). An ILACS 2026 inspection has no overall effectiveness judgement, so
  ``overall_effectiveness`` is empty for it: the council is described by its four area
  grades, and ``lowest_grade`` (the worst of them) says whether any is inadequate.
- **The last overall grade** is the latest ``overall_effectiveness`` judgement, with the
  inspection it came from: shown beside the latest inspection, never in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from civic_accountability.contract.vocab import Grade
from civic_accountability.dataset.authority import AuthorityRecord, Inspection

#: Worst last: the old scale's "adequate" stands where "requires improvement" does.
_RANK = {
    Grade.outstanding.value: 1,
    Grade.good.value: 2,
    Grade.requires_improvement.value: 3,
    Grade.adequate.value: 3,
    Grade.inadequate.value: 4,
}

#: The key a council without an overall grade at its latest inspection is counted under.
NO_OVERALL = "none"


def lowest(grades: Iterable[Optional[str]]) -> Optional[str]:
    """The worst of some grades (inadequate before requires improvement or adequate, ...)."""
    known = [g for g in grades if g in _RANK]
    return max(known, key=lambda g: _RANK[g]) if known else None


@dataclass(frozen=True, slots=True)
class Picture:
    """One council's current picture (see the module's rule)."""

    authority_id: Optional[str]
    latest: Optional[Inspection]  # the latest graded inspection of any framework
    last_overall: Optional[Inspection]  # the latest inspection with an overall effectiveness judgement
    visits_since: tuple[Inspection, ...]  # inspections and visits after ``latest``, oldest first

    def grade(self, area: str) -> Optional[str]:
        """The latest inspection's grade for an area (None where it grades none)."""
        graded = self.latest.area(area) if self.latest else None
        return graded.grade if graded else None

    @property
    def overall_effectiveness(self) -> Optional[str]:
        """The latest inspection's own overall grade: empty for an ILACS 2026 inspection."""
        return self.grade("overall_effectiveness")

    @property
    def lowest_grade(self) -> Optional[str]:
        """The worst grade the latest inspection gave any area."""
        return lowest(a.grade for a in self.latest.grades) if self.latest else None

    @property
    def last_overall_grade(self) -> Optional[str]:
        graded = self.last_overall.area("overall_effectiveness") if self.last_overall else None
        return graded.grade if graded else None

    @property
    def standing(self) -> str:
        """What the home counts and the map group the council by: the latest inspection's
        overall grade, else ``NO_OVERALL`` (an ILACS 2026 inspection, or none graded)."""
        return self.overall_effectiveness or NO_OVERALL


def picture(record: AuthorityRecord) -> Picture:
    """A council's current picture from its record (inspections oldest first)."""
    inspections = record.inspections
    latest = record.latest_graded
    last_overall = next((i for i in reversed(inspections) if i.area("overall_effectiveness")), None)
    since = inspections[inspections.index(latest) + 1 :] if latest is not None else inspections
    return Picture(record.authority_id, latest, last_overall, tuple(since))


def current_pictures(records: Iterable[AuthorityRecord]) -> dict[str, Picture]:
    """authority_id → picture, for every current authority (``authorities.status``)."""
    return {
        r.authority_id: picture(r)
        for r in records
        if r.authority is not None and r.authority.status == "current" and r.authority_id
    }


def standing_counts(pictures: Iterable[Picture]) -> dict[str, int]:
    """standing → number of councils, in grade order (best first), ``NO_OVERALL`` last."""
    counts: dict[str, int] = {}
    for p in pictures:
        counts[p.standing] = counts.get(p.standing, 0) + 1
    order = [g.value for g in Grade] + [NO_OVERALL]
    return {k: counts[k] for k in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))}
