"""Which recommendations ask again what the council's previous inspection asked.

Method (``method = rule``): a later item is set against every item of the council's previous
inspection that has recommendations (a council's own earlier inspections, and its
predecessors': Cumbria's count for Cumberland and for Westmorland and Furness). A pair is a
repeat when the later item's main subject is one of the earlier item's themes, both are
addressed to the same body (a SIF report's board list is not the council's), and the
activity they ask about overlaps: the share of the later item's content words (folded, stop
words and Ofsted's stock wording dropped, crudely stemmed) that the earlier item also uses,
weighted by how rare each word is across all items.

* the two must share at least ``MIN_SHARED`` content words (fewer only when the later item has
  fewer): one common word ("plans", "placements") is not the same activity;
* ``same_issue``: the same main subject, a word overlap of at least ``SAME``, and every theme of
  the later item among the earlier item's (a later item that adds an aspect the earlier did
  not name, e.g. "assessments of children who go missing" after "assessments", overlaps);
* ``overlapping``: the same main subject and an overlap of at least ``OVERLAP``; or the later
  main subject among the earlier themes, an overlap of at least ``OVERLAP_OTHER`` and
  ``MIN_SHARED`` shared words.
* An item that says so itself ("This was a recommendation at the last inspection") is linked
  ``same_issue`` to the earlier item sharing a theme and most of its words, when the rules
  above found no same issue.

Items with no theme are never linked.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Optional, Sequence

SAME = 0.30
OVERLAP = 0.22
#: The overlap asked of a pair whose main subjects differ (the later one's among the earlier's themes).
OVERLAP_OTHER = 0.35
#: Content words two items must share (fewer only when the later item has fewer).
MIN_SHARED = 2

_STOP = frozenset(
    """
a an and are as at be been being by can children child childrens young people person persons for from has have
in including into is it its of on or other our should so such that the their them these they this those to
under up was were when where which while who whom will with within all any are ensure ensuring improve improving
improved quality consistency consistent consistently effective effectively effectiveness timely timeliness
robust strengthen strengthening further develop developing development increase sufficient sufficiently
regular regularly clear clearly good high well how extent make made take taken place full fully all every each
local authority authorities service services practice social work workers worker staff outcome outcomes
national framework paragraph paragraphs page para one two three four enabler more most also both
between there through across need needs needed appropriate appropriately impact range level levels support
care leaver leavers looked after family families parent parents within aged year years old older protection
understand understanding understands reason reasons available availability arrangements identify identified use used using
inform informed informs informing improvement improvements continue continued
""".split()
)
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


#: Phrases that ask for the same activity in other words ("sufficiency of homes" and "placement
#: sufficiency"), each replaced by one wording before the words are compared: the committed list
#: ``equivalents.csv`` (pattern, stands_for, why), written from the vocabulary's ``covers`` and
#: from reading items, not from judged repeat pairs.
EQUIVALENTS_FILE = "equivalents.csv"
SYNONYMS = True


@lru_cache(maxsize=1)
def _equivalents() -> tuple[re.Pattern, tuple[str, ...]]:
    text = resources.files("civic_accountability.themes").joinpath(EQUIVALENTS_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    pattern = re.compile("|".join(rf"\b(?P<e{i}>{r['pattern']})\b" for i, r in enumerate(rows)))
    return pattern, tuple(f" {r['stands_for']} " for r in rows)


def same_wording(folded: str) -> str:
    """``folded`` with each phrase of the equivalence list replaced by its one wording."""
    pattern, words = _equivalents()
    return pattern.sub(lambda m: words[int(m.lastgroup[1:])], folded)


def content_words(text: str) -> frozenset[str]:
    folded = re.sub(r"\s+", " ", text.lower().replace("’", "'"))
    if SYNONYMS:
        folded = same_wording(folded)
    folded = folded.replace("-", " ")
    return frozenset(stem(w) for w in _WORD.findall(folded) if w not in _STOP and len(w) > 2)


@dataclass(frozen=True)
class Item:
    recommendation_id: str
    inspection_id: str
    themes: tuple[str, ...]
    words: frozenset[str]
    addressee: str = "local_authority"
    #: The item itself says Ofsted asked it before ("This was a recommendation at the last inspection").
    says_repeat: bool = False


_SAYS_REPEAT = re.compile(
    r"(?:recommendation|area for improvement) (?:at|in|from) the (?:last|previous) inspection|"
    r"from the previous inspection",
    re.IGNORECASE,
)


def says_repeat(text: str) -> bool:
    return bool(_SAYS_REPEAT.search(text))


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
    shared = later.words & earlier.words
    if len(shared) < min(
        MIN_SHARED, len(later.words)
    ):  # one common word ("plans", "placements") is not the same activity
        return None
    score = overlap(later, earlier, idf)
    # same issue: nothing the later item asks about is missing from the earlier one's themes
    if shared_main and score >= SAME and set(later.themes) <= set(earlier.themes):
        return "same_issue"
    if score >= (OVERLAP if shared_main else OVERLAP_OTHER) and (shared_main or len(shared) >= MIN_SHARED):
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
            found = {}
            for earlier in by_inspection.get(earlier_id, ()):
                if earlier.addressee != later.addressee:  # the board's list asked the board, not the council
                    continue
                judged = judge(later, earlier, idf)
                if judged:
                    found[earlier.recommendation_id] = judged
            if later.says_repeat and "same_issue" not in found.values():
                best = told_before(later, by_inspection.get(earlier_id, ()), idf)
                if best is not None:
                    found[best] = "same_issue"
            out += [(later.recommendation_id, earlier, judged) for earlier, judged in found.items()]
    return sorted(out)


def told_before(later: Item, earlier_items: Iterable[Item], idf: Mapping[str, float]) -> Optional[str]:
    """For an item that says it repeats the last inspection's: the earlier item sharing a theme
    with it that shares most of its words (None when no earlier item does)."""
    scored = [
        (overlap(later, e, idf), e.recommendation_id)
        for e in earlier_items
        if e.addressee == later.addressee and set(later.themes) & set(e.themes) and later.words & e.words
    ]
    return max(scored)[1] if scored else None
