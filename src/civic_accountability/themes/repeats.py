"""Which recommendations ask again what the council's previous inspection asked.

Method (``method = rule``): a later item is set against every item of the council's previous
inspection that has recommendations (a council's own earlier inspections, and its
predecessors': Cumbria's count for Cumberland and for Westmorland and Furness), addressed to the
same body (a SIF report's board list is not the council's). The words compared:

* the text is folded (lowercase, plain quotes), a framework tag ("(outcome 2, national
  framework)") or paragraph reference dropped, and each wording of one named thing in
  ``equivalents.csv`` made one word ("sufficiency of homes" and "placement sufficiency" are
  ``placement_sufficiency``; "return home interviews" and "RHIs" are ``return_home_interview``):
  a named thing is one thing, so "home" in "return home interviews" never meets "home" in
  "missing from home";
* stop words, Ofsted's stock wording ("the quality of", "ensure", "timely", "the response to")
  and the populations every item is about ("children", "families", "care leavers") are dropped
  and the rest crudely stemmed;
* the **head** of the ask is the text before its purpose, condition or illustration: a leading
  "Ensure that" / "Improve" / "Take immediate action to" is skipped and the head ends at "so
  that", "to ensure", "in order to", "including", "in particular", "should", "which", a
  semicolon or a sentence's end. The older reports' imperative sentences and the newer noun
  phrases put what is asked there ("Ensure that caseloads ... remain manageable" and "the
  volume of social worker caseloads"). A later sentence that opens with an ask of its own
  ("... Ensure timely life story work.") adds its head; one that elaborates ("This should
  include ...") does not.

Each word weighs its rarity across all items (IDF over the 4,665), in full in the head and
``AFTER_HEAD`` of that outside it. A pair's **score** is the weight the two share (each word at
the lower of its two weights) over the lighter item's weight: how much of the smaller ask the
other one contains. A pair is a repeat when the later item's themes meet the earlier item's and

* the score is at least ``SCORE`` and the shared weight at least ``MIN_SHARED`` (one common
  word, "plans" or "placements", is not the same activity), or at least ``SCORE_TWO_RARE`` when
  they share two rare words ("emergency foster placements" and "emergency foster carers"); or
* one item's words are all the other's (score 1: "The quality of child in need and child
  protection plans" after "Ensure that all plans are ... specific and measurable"); or
* the later item's main subject is among the earlier item's themes and both heads name the
  same rare thing (a word used by at most about 1 item in 20, ``RARE``: "caseloads",
  ``pre_proceedings``) as the head noun of at least one of them (among its first two words,
  shortfall words such as "frequency" skipped), whatever else the two say; or
* both ask about plans: plans are the main subject of both and the first word of both heads
  ("The quality of children's plans", "Ensure that all plans are specific ..."). "Plans" is in
  so many items' passing words that its rarity undervalues it where it is the ask; a kind of
  plan ("safety plans", "transition planning") is not plans.

Never a repeat: two items whose heads name different groups of children (children in need or
protection, children in care, care leavers, adopted children, disabled children, ``_GROUPS``)
and no group in common; "plans for children in need" does not repeat "care plans for children
looked after".

``same_issue`` when, besides, the later item's main subject is the earlier item's, every theme
of the later item is among the earlier item's (a later item that adds an aspect, e.g.
"assessments of children who go missing" after "assessments", overlaps) and the score is at
least ``SAME``; ``overlapping`` otherwise. An item that says so itself ("This was a
recommendation at the last inspection") is linked ``same_issue`` to the earlier item it most
resembles among those sharing its main subject, when the rules above found no same issue.
Items with no theme are never linked. Themes decide only whether two items can meet (any
shared theme) and the label; the link itself rests on the words, so a change in how the
classifier orders or adds further themes moves few links.

Measured by ``scripts/eval_themes.py`` (repeats lines) on the shared examples and four sets of
own judgements; the thresholds were chosen on them, leave-one-set-out (notes/themes.md).
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

#: A pair's score (shared weight over the lighter item's weight) from which it is a repeat ...
SCORE = 0.3
#: ... or from this one when they share two rare words (``RARE``: "emergency foster") ...
SCORE_TWO_RARE = 0.2
#: ... when the two share at least this much weight (an IDF sum: one word used by about 1 item in 20).
MIN_SHARED = 3.0
#: A word this rare (IDF; used by at most about 1 item in 20) named in both heads is the same thing.
RARE = 3.0
#: The weight of a word outside the head of the ask, against 1 inside it.
AFTER_HEAD = 0.35
#: The children an item's plans are for, each group named in several ways: two plans items for
#: different groups (children in need and children in care) are different asks.
_GROUPS = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "in need",
            r"\bchild(?:ren)? in need\b|\bchild protection plans?\b|subject to (?:a )?child protection|"
            r"\bcin\b|in need of (?:help and )?protection",
        ),
        (
            "in care",
            # children being adopted and care-experienced children are children in care too
            r"\b(?:in care|looked[- ]after|cared for|come into care|coming into care|entering care|care plans?|"
            r"care planning|adopt\w*|care[- ]experienced)\b",
        ),
        ("care leavers", r"\bcare leavers?\b|leaving care|care[- ]experienced|pathway plan"),
        ("adoption", r"\badopt\w*"),
        ("disabled", r"\bdisab\w*"),
    )
)

#: The score from which a repeat with the same main subject and no new theme is ``same_issue``.
SAME = 0.3

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
pace some action actions response responses respond responds responding opportunity opportunities
making agency agencies leave leaving
""".split()
)
_WORD = re.compile(r"[a-z][a-z0-9_]+")
#: A framework tag or a paragraph reference after an item: where it sits in the report, not what it asks.
_TAG = re.compile(r"\((?:[^()]*national framework[^()]*|paragraphs? [^()]*)\)", re.IGNORECASE)
#: The opening of an imperative sentence, before what it asks about.
_LEAD = re.compile(
    r"^\s*(?:(?:ensure|ensuring|improve|strengthen|develop|provide|review|increase|continue to|further|"
    r"(?:urgently |must )?take (?:\w+ )?action to)"
    r"\s+)+(?:that\s+)?"
)
#: Where the head of the ask ends: its purpose, condition, illustration or next sentence.
_HEAD_END = re.compile(
    r"\b(?:so that|so as to|to ensure|to make sure|in order to|to enable|to help|to allow|to inform|to demonstrate|"
    r"to improve|to reduce|to minimise|to prevent|to provide|to meet|to support|to drive|to address|to identify|"
    r"to make|to better|to promote|to secure|which|that will|and that|and ensure|ensuring|including|in particular|"
    r"particularly|especially|such as|for example|in line with|should|must|needs? to)\b|[;:.]\s|\s-\s"
)

#: Where one sentence of an item ends and the next begins.
_SENTENCE = re.compile(r"(?<=[a-z)])\.\s+(?=[a-z])")

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """A crude stem, enough for "engagement"/"engaged", "planning"/"plans" to meet."""
    if "_" in word:  # a named thing of the equivalence list is kept whole
        return word
    if word.endswith("ies") and len(word) > 5:  # "contingencies" meets "contingency"
        return word[:-3] + "y"
    if word.endswith("sis"):  # "analysis" meets "analyse"
        return word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


#: Phrases that name one thing in other words ("sufficiency of homes" and "placement
#: sufficiency"), each replaced by one word (``stands_for`` joined by "_") before the words are
#: compared: the committed list ``equivalents.csv`` (pattern, stands_for, why), written from the
#: vocabulary's ``covers`` and from reading items, not from judged repeat pairs.
EQUIVALENTS_FILE = "equivalents.csv"
SYNONYMS = True


@lru_cache(maxsize=1)
def _equivalents() -> tuple[re.Pattern, tuple[str, ...]]:
    text = resources.files("civic_accountability.themes").joinpath(EQUIVALENTS_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    pattern = re.compile("|".join(rf"\b(?P<e{i}>{r['pattern']})\b" for i, r in enumerate(rows)))
    return pattern, tuple(f" {'_'.join(r['stands_for'].split())} " for r in rows)


def same_wording(folded: str) -> str:
    """``folded`` with each phrase of the equivalence list replaced by its one word."""
    pattern, words = _equivalents()
    return pattern.sub(lambda m: words[int(m.lastgroup[1:])], folded)


def _fold(text: str) -> str:
    folded = re.sub(r"\s+", " ", _TAG.sub(" ", text).lower().replace("’", "'"))
    return same_wording(folded) if SYNONYMS else folded


def _words(folded: str) -> frozenset[str]:
    folded = folded.replace("-", " ")
    return frozenset(stem(w) for w in _WORD.findall(folded) if w not in _STOP and len(w) > 2)


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that say what it asks about (folded, named things joined, stop words out, stemmed)."""
    return _words(_fold(text))


def _head(folded: str) -> str:
    """The heads of the asks in ``folded``: the first sentence's, and each later sentence's that
    opens with an ask of its own ("Ensure ...", "Improve ..."), joined."""
    heads = []
    for n, sentence in enumerate(_SENTENCE.split(folded)):
        opened = _LEAD.sub("", sentence)
        if n and opened == sentence:  # a later sentence that elaborates ("This should include ...")
            continue
        end = _HEAD_END.search(opened, 8)
        heads.append(opened[: end.start()] if end else opened)
    return " ; ".join(heads)


#: Words naming the shortfall rather than the thing asked about ("the frequency of supervision"),
#: skipped when finding the head noun (besides the stop words "quality", "timeliness", ...).
_SHORTFALL = frozenset(
    stem(w)
    for w in """frequency regularity accuracy clarity rigour purposefulness sensitivity progress completion
    recognition identification understanding awareness engagement number proportion""".split()
)


def _opening(head: str) -> tuple[str, ...]:
    """The first two content words of the head, shortfall words skipped: the head noun of the ask."""
    words = [stem(w) for w in _WORD.findall(head.replace("-", " ")) if w not in _STOP and len(w) > 2]
    return tuple(w for w in words if w not in _SHORTFALL)[:2]


def head_words(text: str) -> frozenset[str]:
    """The content words of the head of the ask: after a leading "Ensure that"/"Improve", before
    its purpose ("so that", "to ensure"), illustration ("including") or next sentence."""
    return _words(_head(_fold(text)))


@dataclass(frozen=True)
class Item:
    recommendation_id: str
    inspection_id: str
    themes: tuple[str, ...]
    words: frozenset[str]
    addressee: str = "local_authority"
    #: The item itself says Ofsted asked it before ("This was a recommendation at the last inspection").
    says_repeat: bool = False
    #: The head of the ask (``head_words``); empty means the whole item is its head.
    head: frozenset[str] = frozenset()
    #: The groups of children the head of the ask names (``_GROUPS``).
    groups: frozenset[str] = frozenset()
    #: The first two content words of the head, shortfall words skipped: the head noun of the ask.
    opening: tuple[str, ...] = ()


def item_of(
    recommendation_id: str,
    inspection_id: str,
    themes: Sequence[str],
    text: str,
    addressee: Optional[str] = None,
) -> Item:
    """An ``Item`` from a recommendation's text: its words, head and whether it says it repeats."""
    folded = _fold(text)
    words = _words(folded)
    head = _head(folded)
    return Item(
        recommendation_id,
        inspection_id,
        tuple(themes),
        words,
        addressee or "local_authority",
        says_repeat(text),
        _words(head) & words,
        groups_named(head),
        _opening(head),
    )


def groups_named(folded: str) -> frozenset[str]:
    """The groups of children (``_GROUPS``) a folded text names."""
    return frozenset(name for name, pattern in _GROUPS if pattern.search(folded))


_SAYS_REPEAT = re.compile(
    r"(?:recommendation|area for improvement) (?:at|in|from) the (?:last|previous) inspection|"
    r"from the previous inspection",
    re.IGNORECASE,
)


def says_repeat(text: str) -> bool:
    return bool(_SAYS_REPEAT.search(text))


Weights = dict[str, tuple[dict[str, float], float]]


def _weights(item: Item, idf: Mapping[str, float], cache: Optional[Weights] = None) -> tuple[dict[str, float], float]:
    """Each word's weight in ``item`` (its IDF, ``AFTER_HEAD`` of it outside the head) and their sum."""
    if cache is not None and item.recommendation_id in cache:
        return cache[item.recommendation_id]
    head = item.head or item.words
    weights = {w: idf.get(w, 1.0) * (1.0 if w in head else AFTER_HEAD) for w in item.words}
    found = (weights, sum(weights.values()))
    if cache is not None:
        cache[item.recommendation_id] = found
    return found


def shared_weight(later: Item, earlier: Item, idf: Mapping[str, float], cache: Optional[Weights] = None) -> float:
    """The weight the two items share, each shared word at the lower of its two weights."""
    lw, ew = _weights(later, idf, cache)[0], _weights(earlier, idf, cache)[0]
    return sum(min(lw[w], ew[w]) for w in later.words & earlier.words)


def overlap(later: Item, earlier: Item, idf: Mapping[str, float], cache: Optional[Weights] = None) -> float:
    """The pair's score: the weight the two share over the lighter item's weight (0 to 1)."""
    lighter = min(_weights(later, idf, cache)[1], _weights(earlier, idf, cache)[1])
    return shared_weight(later, earlier, idf, cache) / lighter if lighter else 0.0


def same_rare_head(later: Item, earlier: Item, idf: Mapping[str, float]) -> bool:
    """Both heads name the same rare thing ("caseloads", ``pre_proceedings``), the head noun of at
    least one of them (among its first two words, ``opening``)."""
    both = (later.head or later.words) & (earlier.head or earlier.words)
    return any(idf.get(w, 1.0) >= RARE and (w in later.opening or w in earlier.opening) for w in both)


def different_groups(later: Item, earlier: Item) -> bool:
    """Both name groups of children (``_GROUPS``) and no group is named by both."""
    return bool(later.groups and earlier.groups and not later.groups & earlier.groups)


def same_plans(later: Item, earlier: Item) -> bool:
    """Both ask about plans (main subject, and the head noun of the ask: "plans" among the head's
    first two words) for the same or unnamed groups of children:
    "plans" is in so many items' passing words that its rarity undervalues it as the ask."""
    return later.themes[0] == earlier.themes[0] == "plans_and_planning" and later.opening[:1] == earlier.opening[
        :1
    ] == ("plan",)


def judge(later: Item, earlier: Item, idf: Mapping[str, float], cache: Optional[Weights] = None) -> Optional[str]:
    """``same_issue``, ``overlapping`` or None (not a repeat)."""
    if not later.themes or not earlier.themes or not set(later.themes) & set(earlier.themes):
        return None
    if not later.words & earlier.words or different_groups(later, earlier):
        return None
    score = overlap(later, earlier, idf, cache)
    shared = shared_weight(later, earlier, idf, cache)
    repeat = (
        (score >= SCORE and shared >= MIN_SHARED)
        or (score >= SCORE_TWO_RARE and sum(idf.get(w, 1.0) >= RARE for w in later.words & earlier.words) >= 2)
        or score >= 0.999
        or (later.themes[0] in earlier.themes and same_rare_head(later, earlier, idf))
        or same_plans(later, earlier)
    )
    if not repeat:
        return None
    if later.themes[0] == earlier.themes[0] and set(later.themes) <= set(earlier.themes) and score >= SAME:
        return "same_issue"
    return "overlapping"


def rarity(items: Iterable[Item]) -> dict[str, float]:
    """Each word's IDF over ``items`` (all the recommendations)."""
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
    cache: Weights = {}
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
                judged = judge(later, earlier, idf, cache)
                if judged:
                    found[earlier.recommendation_id] = judged
            if later.says_repeat and "same_issue" not in found.values():
                best = told_before(later, by_inspection.get(earlier_id, ()), idf, cache)
                if best is not None:
                    found[best] = "same_issue"
            out += [(later.recommendation_id, earlier, judged) for earlier, judged in found.items()]
    return sorted(out)


def told_before(
    later: Item, earlier_items: Iterable[Item], idf: Mapping[str, float], cache: Optional[Weights] = None
) -> Optional[str]:
    """For an item that says it repeats the last inspection's: the earlier item with its main
    subject (or, failing one, sharing a theme and words) that resembles it most (None when none does)."""
    if not later.themes:
        return None
    scored = [
        (later.themes[0] in e.themes, overlap(later, e, idf, cache), e.recommendation_id)
        for e in earlier_items
        if e.addressee == later.addressee
        and (later.themes[0] in e.themes or (set(later.themes) & set(e.themes) and later.words & e.words))
    ]
    return max(scored)[2] if scored else None
