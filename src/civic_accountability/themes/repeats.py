"""Which recommendations ask again what the council's previous inspection asked.

Method (``method = rule``): a later item is set against every item of the council's previous
inspection that has recommendations (a council's own earlier inspections, and its
predecessors': Cumbria's count for Cumberland and for Westmorland and Furness). A pair is a
repeat when the later item's main subject is one of the earlier item's themes, both are
addressed to the same body (a SIF report's board list is not the council's), and the
activity they ask about overlaps: the share of the later item's content words (folded, stop
words and Ofsted's stock wording dropped, crudely stemmed) that the earlier item also uses,
weighted by how rare each word is across all items.

* ``same_issue``: the same main subject and a word overlap of at least ``SAME``;
* ``overlapping``: the later main subject among the earlier themes and an overlap of at least
  ``OVERLAP``.

Items with no theme are never linked.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

SAME = 0.30
OVERLAP = 0.22

_STOP = frozenset("""
a an and are as at be been being by can children child childrens young people person persons for from has have
in including into is it its of on or other our should so such that the their them these they this those to
under up was were when where which while who whom will with within all any are ensure ensuring improve improving
improved quality consistency consistent consistently effective effectively effectiveness timely timeliness
robust strengthen strengthening further develop developing development increase sufficient sufficiently
regular regularly clear clearly good high well how extent make made take taken place full fully all every each
local authority authorities service services practice social work workers worker staff outcome outcomes
national framework paragraph paragraphs page para one two three four enabler more most also both
between there through across need needs needed appropriate appropriately impact range level levels support
care leaver leavers looked after family families parent parents within aged year years old older
""".split())
_WORD = re.compile(r"[a-z][a-z0-9]+")


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude stem, enough for "engagement"/"engaged", "planning"/"plans" to meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    folded = text.lower().replace("’", "'").replace("-", " ")
    return frozenset(stem(w) for w in _WORD.findall(folded) if w not in _STOP and len(w) > 2)


@dataclass(frozen=True)
class Item:
    recommendation_id: str
    inspection_id: str
    themes: tuple[str, ...]
    words: frozenset[str]
    addressee: str = "local_authority"


def overlap(later: Item, earlier: Item, idf: Mapping[str, float]) -> float:
    """Share of the later item's (rarity-weighted) words the earlier one also uses."""
    total = sum(idf.get(w, 1.0) for w in later.words)
    if not total:
        return 0.0
    shared = sum(idf.get(w, 1.0) for w in later.words & earlier.words)
    return shared / total


def judge(later: Item, earlier: Item, idf: Mapping[str, float]) -> Optional[str]:
    """``same_issue``, ``overlapping`` or None (not a repeat)."""
    if not later.themes or not earlier.themes:
        return None
    shared_main = later.themes[0] == earlier.themes[0]
    if not (shared_main or later.themes[0] in earlier.themes):
        return None
    score = overlap(later, earlier, idf)
    if shared_main and score >= SAME:
        return "same_issue"
    if score >= OVERLAP:
        return "overlapping"
    return None


def rarity(items: Iterable[Item]) -> dict[str, float]:
    items = list(items)
    df = Counter(w for it in items for w in it.words)
    n = len(items) or 1
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def previous_inspection(inspection_id: str, history: Sequence[str]) -> Optional[str]:
    """The inspection before ``inspection_id`` in ``history`` (oldest first), if any."""
    at = history.index(inspection_id)
    return history[at - 1] if at else None


def link(items: Sequence[Item], histories: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """(later id, earlier id, judged) for every repeat, sorted by key.

    ``histories`` maps each inspection with recommendations to the chain of the council's
    inspections with recommendations, its predecessors' included, oldest first."""
    idf = rarity(items)
    by_inspection: dict[str, list[Item]] = {}
    for it in items:
        by_inspection.setdefault(it.inspection_id, []).append(it)
    out = []
    for inspection_id, later_items in by_inspection.items():
        history = histories.get(inspection_id)
        earlier_id = previous_inspection(inspection_id, history) if history else None
        if not earlier_id:
            continue
        for later in later_items:
            for earlier in by_inspection.get(earlier_id, ()):
                if earlier.addressee != later.addressee:  # the board's list asked the board, not the council
                    continue
                judged = judge(later, earlier, idf)
                if judged:
                    out.append((later.recommendation_id, earlier.recommendation_id, judged))
    return sorted(out)
