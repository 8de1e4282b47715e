"""Which recommendations ask again what the council's previous inspection asked.

A later item is set against every item of the council's previous inspection that has
recommendations (a council's own earlier inspections, and its predecessors': Cumbria's count for
Cumberland and for Westmorland and Furness), addressed to the same body (a SIF report's board
list is not the council's).

**The learned layer decides each link** (``MODEL``, ``method = model``, from the fifth session): a
logistic regression (``repeat_model.json``, ``scripts/build_repeat_model.py``, trained on the
committed judged pairs) over ``FEATURES`` of the pair: how alike the two items' words are as the
inspection reports use them (the cosine of their word vectors, ``semantic.py``, and how far
ahead of the later item's other earlier candidates that is), the rules' scores and verdicts
below, and the themes they share; and, from the sixth session, over the two vectors' products
dimension by dimension (``likeness_weights``: which senses of likeness mark a repeat, not only
how alike the words are) and the main theme the two share (``main_theme_weights``:
``learned_terms``). A pair is linked when its probability reaches the model's threshold,
``same_issue`` or ``overlapping`` as the rules judge it (``overlapping`` when no rule links it).
Why: the rules below, however refined, found about three in four of the readers' links at about
three in four right on pairs they were not written from; two items that ask the same thing in
other words ("managers oversee all cases", "oversight by first line managers") share too few
words for any rule over the items' own words, and the reports' use of words supplies what those
share. On the two batches of 120 pairs of two councils out of sample for both its weights and
its threshold (rounds 22-23), it found 139 of 161 same-issue links with 250 of 299 links right
(0.863, 0.836), where the fifth session's layer found 0.839, 0.792; over the nine batches its
weights never saw (rounds 15-23), 0.827 and 0.824; notes/themes.md, eleventh round.
``MODEL = False`` gives the rules alone (``method = rule``).

The rules (``judge``): two items whose themes share none are never a repeat; otherwise three
rules read the pair, and any one suffices:

1. **Whole text** (``whole_text``, the first linker's rule, unchanged; it reads the same
   equivalence list, now three wordings longer): the later item's main subject is
   among the earlier item's themes, the two share at least two content words (folded, stop words
   and Ofsted's stock wording dropped, crudely stemmed, each wording of ``equivalents.csv`` made
   one wording), and the share of the later item's words the earlier one also uses, each word
   weighed by its rarity over all the items, is at least ``WHOLE_OVERLAP`` (the same main
   subject) or ``WHOLE_OVERLAP_OTHER``.
2. **Heads of the asks** (``heads_of_asks``), for the same ask in other words (older imperative
   sentences, newer noun phrases):

   * the text is folded, a framework tag ("(outcome 2, national framework)") or paragraph
     reference dropped, each named thing of ``equivalents.csv`` made one word
     (``placement_sufficiency``, ``return_home_interview``: "home" in "return home interviews"
     never meets "home" in "missing from home"), and more stock wording dropped ("the pace of",
     "the response to");
   * the **head** of the ask is the text after a leading "Ensure that" / "Improve" / "Take
     immediate action to" (or after "should", when the words before it name nothing of their
     own: "The local authority should ensure that ...", ``SHOULD_OPENING``) and before its
     purpose, condition or illustration ("so that", "to ensure", "including", "in particular",
     "should", "which", a semicolon, the sentence's end) or a participle that says where its
     words come from ("identified in the plans", "informed by a needs assessment", "prepared
     under the Regulations": ``PARTICIPLE_END``);
     a later sentence that opens with an ask of its own adds its head ("... Ensure timely life
     story work."), one that elaborates ("This should include ...") does not;
   * each word weighs its IDF over all items, in full in the head and ``AFTER_HEAD`` of that
     outside it; the pair's **score** is the weight the two share (each word at the lower of its
     two weights) over the lighter item's weight;
   * a repeat when the score is at least ``SCORE`` with a shared weight of at least
     ``MIN_SHARED`` (one common word, "plans" or "placements", is not the same activity), or at
     least ``SCORE_TWO_RARE`` with two shared rare words ("emergency foster placements" and
     "emergency foster carers"); never when the two heads name different groups of children
     (children in need or protection, in care, care leavers, adopted, disabled: ``_GROUPS``)
     and no group in common.

3. **The same named activity** (``same_activity``), for the same ask in other vocabulary
   ("the stability of the workforce" and "a stable and skilled permanent workforce"; "the
   quality of planning for children" and "the quality of care plans"): ``activities.csv`` names about 60 activities of the
   work (assessments, plans, supervision, management oversight, IRO challenge, placement
   stability, placement sufficiency, return home interviews, ...), each with the wordings that
   name it and the theme whose ``covers`` name it, written from the vocabulary's ``covers``.
   Read left to right on the head of the ask (a specific phrase consumes its words first:
   "permanence planning" is permanence, never plans), each ask of a several-sentence item
   apart; management oversight "of" a named activity is that activity ("management oversight
   of the LADO", "of early help services": ``OVERSIGHT_OF``). A repeat when the two items have
   the same main theme, no different groups of children, and an ask of each names one activity
   in common; for a broad activity (``BROAD``: assessments, plans, recording) only when both
   asks name nothing but broad activities ("the quality of assessments and plans" and "the
   quality of assessments", not "assessments of connected carers" and "assessments").

A **veto** (``ACTIVITY_VETO``) before any rule: when both heads name activities and none in
common ("visits in line with plans" and "the quality of plans"; "placement sufficiency" and
"revoking placement orders"), the pair is not a repeat, whatever words they share. A second
(``BROAD_VETO``): when the heads share only broad activities and one of them asks first about
another ("decision-making in the MASH ... unnecessary statutory assessments" and "the quality of
assessments"), unless an ask of each names broad activities alone or the whole texts share
another activity.

``same_issue`` when a rule finds the same main subject, no new theme in the later item (a
later item that adds an aspect, "assessments of children who go missing" after "assessments",
overlaps) and a score of at least ``WHOLE_SAME`` / ``SAME`` (or, for the activity rule, the
same activities in both asks); ``overlapping`` otherwise. An item that says so itself ("This
was a recommendation at the last inspection") is linked ``same_issue`` to the earlier item it
most resembles among those sharing its main subject, when the rules found no same issue. Items
with no theme are never linked. Themes gate the pairs and label the links; no rule reads the
classifier's cues, so a change of cues moves links only through the themes.

Why three rules and a veto: on councils judged before either was run on them, the head rule
alone found no more repeats than the whole-text rule and made more false links; the two
together found more than either. The activity rule and the veto were chosen among candidates
fixed before each of three fresh batches was scored (``scripts/eval_themes.py``, repeats
lines; notes/themes.md has the figures, how each set was judged, and what is in-sample). The
third round's changes (the "should" opening, the participle end, oversight of a named activity,
the broad veto, seven wordings of ``activities.csv``) were written from the false links of half
of the judged councils and fixed before the other half was scored once: there, precision rose
from 111/128 to 109/123 (0.867 to 0.886) for recall 64/77 to 63/77. The same changes with a
shortfall test besides (a broad activity linked only for one kind of shortfall in common:
quality, timeliness) scored 106/119 and 62/77 and dropped right links outside the judged sets:
one activity with a different shortfall is what the readers call overlapping, so it was dropped.
The fourth session's readings (wordings of ``activities.csv``: supervised contact is not
supervision, a reassessment is an assessment, a child's "different social workers" are workforce
instability, enough foster carers are placement sufficiency, a CAF is early help; "take steps to"
as the lead of an ask; an organisation named before "should" is not the ask; ``FALLBACK``) were
written from errors and chosen among candidates fixed before each fresh batch was judged (pairs an
inspection or two apart, and two councils' pairs: notes/themes.md, eighth round). On the batches
fresh to both, against the linker before them: recall 103 to 109 of 152 same-issue links,
precision 187/251 to 205/284. Looser gates (the activity rule for the later item's main theme
among the earlier item's themes, the veto by theme, keeping only the best-scored of a later item's
candidates) and a learned per-word model scored better on read batches and no better on fresh ones.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, NamedTuple, Optional, Sequence, Union

from civic_accountability.themes import semantic

#: The whole-text rule (the first linker): the share of the later item's weight the earlier one
#: uses, for ``same_issue``, for an overlap with the same main subject, and with another one ...
WHOLE_SAME = 0.30
WHOLE_OVERLAP = 0.22
WHOLE_OVERLAP_OTHER = 0.35
#: ... and the words the two must share (fewer only when the later item has fewer).
WHOLE_MIN_SHARED = 2
#: The head-of-ask rule: a pair's score (shared weight over the lighter item's) from which it is a repeat ...
SCORE = 0.3
#: ... or from this one when they share two rare words (``RARE``: "emergency foster") ...
SCORE_TWO_RARE = 0.2
#: ... when the two share at least this much weight (an IDF sum: one word used by about 1 item in 20).
MIN_SHARED = 3.0
#: A rare word (IDF; used by at most about 1 item in 20).
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

#: The named-activity rule: the activities of child protection work a head of an ask can name
#: (``activities.csv``: pattern, activity, why), written from the vocabulary's ``covers``.
ACTIVITIES_FILE = "activities.csv"
ACTIVITY_RULE = True
#: Which pairs it reads: ``"main"``, the same main theme; ``"among"``, the later item's main theme
#: among the earlier item's themes.
ACTIVITY_GATE = "main"
#: Activities too broad for one shared to say "the same ask" ("assessments" of what, for whom):
#: such a pair is a repeat only when both heads name broad activities and no other
#: (``BROAD_RULE = "only"``: "assessments and plans" and "assessments"), only when both name
#: the same ones and no other (``"equal"``), or never (``"never"``).
BROAD = frozenset({"assessments", "plans", "recording"})
BROAD_RULE = "only"
#: Never a repeat, by any rule, when the only activities the two heads share are broad and one of
#: them names another activity besides ("the MASH's thresholds and unnecessary assessments" and
#: "the quality of assessments"; "management oversight of assessments and plans" and
#: "assessment and intervention with families referred again").
BROAD_VETO = True
#: Never a repeat, by any rule, when both heads name activities and none of one theme in common
#: (``"theme"``, the theme ``activities.csv`` gives each: "visits in line with plans" and "the
#: quality of plans"; "placement sufficiency" and "revoking placement orders"), or none in
#: common (``"activity"``); ``False``: no veto.
ACTIVITY_VETO = "activity"

#: Stop words and Ofsted's stock wording, as the whole-text rule (the first linker) drops them.
_STOP_WHOLE = frozenset(
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
#: ... and as the head-of-ask rule drops them: also stock ILACS wording ("the pace of", "the
#: response to", "opportunities for") and the population phrase "leaving care".
_STOP = _STOP_WHOLE | frozenset(
    """
pace some action actions response responses respond responds responding opportunity opportunities
making agency agencies leave leaving
""".split()
)
_WORD = re.compile(r"[a-z][a-z0-9_]+")
_WHOLE_WORD = re.compile(r"[a-z][a-z0-9]+")
#: A framework tag or a paragraph reference after an item: where it sits in the report, not what it asks.
_TAG = re.compile(r"\((?:[^()]*national framework[^()]*|paragraphs? [^()]*)\)", re.IGNORECASE)
#: The opening of an imperative sentence, before what it asks about.
_LEAD = re.compile(
    r"^\s*(?:(?:ensure|ensuring|improve|strengthen|develop|provide|review|increase|continue to|further|"
    r"(?:urgently |must )?take (?:\w+ )?(?:action|steps) to|make every effort to)"
    r"\s+)+(?:that\s+)?"
)
#: Where the head of the ask ends: its purpose, condition, illustration or next sentence.
_HEAD_END = re.compile(
    r"\b(?:so that|so as to|to ensure|to make sure|in order to|to enable|to help|to allow|to inform|to demonstrate|"
    r"to improve|to reduce|to minimise|to prevent|to provide|to meet|to support|to drive|to address|to identify|"
    r"to make|to better|to promote|to secure|which|that will|and that|and ensure|ensuring|including|in particular|"
    r"particularly|especially|such as|for example|in line with|should|must|needs? to)\b|[;:.]\s|\s-\s"
)

#: The ask is what follows "should" when the words before it name no subject of its own ("The
#: local authority should ensure that ...", "The care leavers' service should provide ...").
SHOULD_OPENING = True
_SHOULD = re.compile(
    r"^(?P<subject>[a-z' ]{0,40}?)\bshould\s+(?:(?:urgently|ensure|ensuring|make sure)\s+)*(?:that\s+)?"
)
#: ... or only the organisation asked ("The trust should ensure that ...", "The council and the
#: trust should ...", "The local authority and its partners should ...").
_ORGANISATION = frozenset({"trust", "council", "partn"})  # stems, as _words gives them
#: What a participle names after it is where the ask's words come from, not what it asks about:
#: "visited within the timescales identified in the plans", "informed by a good needs
#: assessment", "reports prepared under the Care Planning Regulations" (the head ends there).
PARTICIPLE_END = True
_PARTICIPLE = re.compile(
    r"\b(?:identified|set out|prepared|informed|specified|outlined|agreed|required|described|detailed|recorded) "
    r"(?:in|by|under|within)\b"
)

#: Where one sentence of an item ends and the next begins.
_SENTENCE = re.compile(r"(?<=[a-z)])\.\s+(?=[a-z])")

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


@lru_cache(maxsize=None)
def _suffix_stem(word: str) -> str:
    """The first linker's crude stem, enough for "engagement"/"engaged", "planning"/"plans" to meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The head-of-ask rule's stem: the crude one, with "contingencies" meeting "contingency",
    "analysis" meeting "analyse", and a named thing of the equivalence list kept whole."""
    if "_" in word:
        return word
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("sis"):
        return word[:-2]
    return _suffix_stem(word)


#: Phrases that name one thing in other words ("sufficiency of homes" and "placement
#: sufficiency"), each replaced by one word (``stands_for`` joined by "_") before the words are
#: compared: the committed list ``equivalents.csv`` (pattern, stands_for, why), written from the
#: vocabulary's ``covers`` and from reading items, not from judged repeat pairs.
EQUIVALENTS_FILE = "equivalents.csv"
SYNONYMS = True


_WORD_AT = re.compile(r"\b\w")


class Alternation:
    """``\\b(?:p0|p1|…)\\b`` over folded text, with each pattern's match in a group named
    ``{prefix}{i}``: the same matches as that one regular expression (``finditer``, ``sub``), but a
    word start is tried only against the patterns that can start with its first character (as
    ``classify``'s cue matcher does), not against every alternative in turn."""

    def __init__(self, patterns: Sequence[str], prefix: str):
        from civic_accountability.themes.classify import _ANY, _first_chars

        def alternation(indices: Iterable[int]) -> str:
            return "(?:" + "|".join(f"(?P<{prefix}{i}>{patterns[i]})" for i in indices) + r")\b"

        self.whole = re.compile(r"\b" + alternation(range(len(patterns))))
        starts = [_first_chars(p) for p in patterns]
        #: first character → its patterns' alternation, or None when no pattern starts with it
        self.by_char: dict[str, Optional[re.Pattern]] = {}
        for c in _ANY:
            mine = [i for i in range(len(patterns)) if c in starts[i]]
            self.by_char[c] = re.compile(alternation(mine)) if mine else None

    def finditer(self, text: str) -> Iterable[re.Match]:
        end = 0
        for w in _WORD_AT.finditer(text):
            at = w.start()
            if at < end:
                continue
            c = text[at]
            pattern = self.by_char[c] if c in self.by_char else self.whole
            m = pattern.match(text, at) if pattern is not None else None
            if m:
                end = m.end()
                yield m

    def search(self, text: str) -> Optional[re.Match]:
        return next(iter(self.finditer(text)), None)

    def sub(self, repl, text: str) -> str:
        out, last = [], 0
        for m in self.finditer(text):
            out += [text[last : m.start()], repl(m)]
            last = m.end()
        return "".join(out) + text[last:]


@lru_cache(maxsize=1)
def _equivalents() -> tuple[Alternation, tuple[str, ...], tuple[str, ...]]:
    text = resources.files("civic_accountability.themes").joinpath(EQUIVALENTS_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    pattern = Alternation([r["pattern"] for r in rows], "e")
    joined = tuple(f" {'_'.join(r['stands_for'].split())} " for r in rows)
    return pattern, joined, tuple(f" {r['stands_for']} " for r in rows)


def same_wording(folded: str, joined: bool = True) -> str:
    """``folded`` with each phrase of the equivalence list replaced by its one word (``joined``)
    or, as the whole-text rule reads it, by its one wording."""
    pattern, one_word, one_wording = _equivalents()
    words = one_word if joined else one_wording
    return pattern.sub(lambda m: words[int(m.lastgroup[1:])], folded)


def _named(text: str) -> str:
    """``text`` lowercased, plain quotes, single spaces, each named thing of the equivalence list one word."""
    folded = re.sub(r"\s+", " ", text.lower().replace("’", "'"))
    return same_wording(folded) if SYNONYMS else folded


def _untagged(named: str) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", named))


def _fold(text: str) -> str:
    return _untagged(_named(text))


def word_stems(folded: str) -> list[str]:
    """The content words of a folded text, in order and repeated as it repeats them: stop words and
    short words out, stemmed (``_words`` as a set; the word vectors count them in the reports)."""
    return [stem(w) for w in _WORD.findall(folded.replace("-", " ")) if w not in _STOP and len(w) > 2]


def _words(folded: str) -> frozenset[str]:
    return frozenset(word_stems(folded))


def _whole_words(named: str) -> frozenset[str]:
    words = _WHOLE_WORD.findall(named.replace("_", " ").replace("-", " "))
    return frozenset(_suffix_stem(w) for w in words if w not in _STOP_WHOLE and len(w) > 2)


def whole_text_words(text: str) -> frozenset[str]:
    """The words of ``text`` as the whole-text rule (the first linker) reads them: folded, each
    wording of the equivalence list made one wording, stop words out, crudely stemmed."""
    return _whole_words(_named(text))


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
        if SHOULD_OPENING:
            should = _SHOULD.match(opened)
            if should and not _words(should["subject"]) - _ORGANISATION:
                opened = _LEAD.sub("", opened[should.end() :])
        end = _HEAD_END.search(opened, 8)
        if PARTICIPLE_END:
            cut = _PARTICIPLE.search(opened, 8, end.start() if end else len(opened))
            end = cut or end
        heads.append(opened[: end.start()] if end else opened)
    return " ; ".join(heads)


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
    #: Its words as the whole-text rule reads them (``whole_text_words``); empty means ``words``.
    plain: frozenset[str] = frozenset()
    #: The activities the head of the ask names (``activities_named``) ...
    activities: frozenset[str] = frozenset()
    #: ... and those of each ask apart, when an item asks several things in several sentences.
    asks: tuple[frozenset[str], ...] = ()
    #: The whole text, folded (``mentions`` reads it, seldom).
    folded: str = ""
    #: The first activity the head of the ask names: what it asks about first.
    leading: str = ""
    #: When the head names no activity: those its first sentence names (``FALLBACK``), read by the
    #: activity rule only, never by the vetoes.
    fallback: frozenset[str] = frozenset()


def item_of(
    recommendation_id: str,
    inspection_id: str,
    themes: Sequence[str],
    text: str,
    addressee: Optional[str] = None,
) -> Item:
    """An ``Item`` from a recommendation's text: its words, head and whether it says it repeats."""
    named = _named(text)
    folded = _untagged(named)
    words = _words(folded)
    head = _head(folded)
    asks = tuple(activities_named(ask) for ask in head.split(" ; "))
    return Item(
        recommendation_id,
        inspection_id,
        tuple(themes),
        words,
        addressee or "local_authority",
        says_repeat(text),
        _words(head) & words,
        groups_named(head),
        _whole_words(named),
        frozenset().union(*asks),
        asks,
        folded,
        first_activity(head),
        _fallback(folded) if FALLBACK and not any(asks) else frozenset(),
    )


#: A head that names no activity ("Consolidate the improvements made so far to ensure ... a timely
#: health assessment"; "Ensure that social workers ... receive regular supervision") gives the
#: activity rule those its first sentence names.
FALLBACK = True


def _fallback(folded: str) -> frozenset[str]:
    return activities_named(_SENTENCE.split(folded)[0])


def read_activities(item: Item) -> frozenset[str]:
    """The activities the activity rule reads: the head's, or else its first sentence's (``FALLBACK``)."""
    return item.activities or item.fallback


def _read_asks(item: Item) -> tuple[frozenset[str], ...]:
    """Each ask's activities as the activity rule reads them (the fallback as one ask)."""
    return (item.asks or (item.activities,)) if item.activities else (item.fallback,)


@lru_cache(maxsize=1)
def _activities() -> tuple[Alternation, tuple[str, ...], dict[str, str]]:
    text = resources.files("civic_accountability.themes").joinpath(ACTIVITIES_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return (
        Alternation([r["pattern"] for r in rows], "a"),
        tuple(r["activity"] for r in rows),
        {r["activity"]: r["theme"] for r in rows},
    )


def activity_themes(activities: Iterable[str]) -> frozenset[str]:
    """The themes whose ``covers`` name these activities (``activities.csv``'s ``theme``)."""
    return frozenset(_activities()[2][a] for a in activities)


#: Oversight of a named activity asks about that activity ("management oversight of the LADO",
#: "the coordination and management oversight of early help services", "the quality, management
#: oversight and impact of early help"): management oversight is not named apart from it.
OVERSIGHT_OF = True
_OVERSIGHT_OF = re.compile(r"^ (?:and \w+ )?of (?:the )?(?:use of )?$")


def activities_named(head: str) -> frozenset[str]:
    """The activities (``activities.csv``) a folded head of an ask names, read left to right so
    that a specific phrase consumes its words first ("permanence planning" is permanence, not
    plans; "assessments of connected carers" is carers, not assessments)."""
    pattern, names, _ = _activities()
    found = [(names[int(m.lastgroup[1:])], m) for m in pattern.finditer(head)]
    named = {name for name, _ in found}
    if OVERSIGHT_OF and "management oversight" in named:
        for (name, m), (then, after) in zip(found, found[1:]):
            if (
                name == "management oversight"
                and then not in BROAD
                and then != name
                and _OVERSIGHT_OF.match(head[m.end() : after.start()])
            ):
                named.discard(name)
    return frozenset(named)


def first_activity(head: str) -> str:
    """The first activity (``activities.csv``) a folded head of an ask names, or ""."""
    pattern, names, _ = _activities()
    m = pattern.search(head)
    return names[int(m.lastgroup[1:])] if m else ""


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


class Rarity(NamedTuple):
    """Each word's IDF over all the items, in the head-of-ask reading and in the whole-text one."""

    words: Mapping[str, float]
    plain: Mapping[str, float]


def _rarities(idf: Union[Rarity, Mapping[str, float]]) -> Rarity:
    return idf if isinstance(idf, Rarity) else Rarity(idf, idf)


def rarity(items: Iterable[Item]) -> Rarity:
    """Each word's IDF over ``items`` (all the recommendations), in both readings."""
    items = list(items)
    n = len(items) or 1

    def idf(df: Counter) -> dict[str, float]:
        return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}

    return Rarity(
        idf(Counter(w for it in items for w in it.words)), idf(Counter(w for it in items for w in it.plain or it.words))
    )


def whole_text(later: Item, earlier: Item, idf: Mapping[str, float]) -> Optional[str]:
    """The whole-text rule (the first linker, unchanged): the later item's main subject among the
    earlier item's themes, at least ``WHOLE_MIN_SHARED`` shared words, and the share of the later
    item's rarity-weighted words the earlier one also uses at least ``WHOLE_SAME`` (the same main
    subject and no new theme: ``same_issue``), ``WHOLE_OVERLAP`` (the same main subject) or
    ``WHOLE_OVERLAP_OTHER``."""
    same_main = later.themes[0] == earlier.themes[0]
    if not (same_main or later.themes[0] in earlier.themes):
        return None
    mine = later.plain or later.words
    if len(mine & (earlier.plain or earlier.words)) < min(WHOLE_MIN_SHARED, len(mine)):
        return None  # one common word is not the same activity
    score = whole_share(later, earlier, idf)
    if same_main and score >= WHOLE_SAME and set(later.themes) <= set(earlier.themes):
        return "same_issue"
    return "overlapping" if score >= (WHOLE_OVERLAP if same_main else WHOLE_OVERLAP_OTHER) else None


def whole_share(later: Item, earlier: Item, idf: Mapping[str, float], total: Optional[float] = None) -> float:
    """The whole-text rule's score: the share of the later item's rarity-weighted words (as that
    rule reads them) the earlier item also uses (0 to 1). ``total``: the later item's weight, when
    the caller has it (``scored`` reads it once per later item)."""
    mine = later.plain or later.words
    if total is None:
        total = sum(idf.get(w, 1.0) for w in mine)
    return sum(idf.get(w, 1.0) for w in mine & (earlier.plain or earlier.words)) / total if total else 0.0


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
    """The head-of-ask score: the weight the two share over the lighter item's weight (0 to 1)."""
    lighter = min(_weights(later, idf, cache)[1], _weights(earlier, idf, cache)[1])
    return shared_weight(later, earlier, idf, cache) / lighter if lighter else 0.0


def different_groups(later: Item, earlier: Item) -> bool:
    """Both heads name groups of children (``_GROUPS``) and no group is named by both."""
    return bool(later.groups and earlier.groups and not later.groups & earlier.groups)


def heads_of_asks(
    later: Item, earlier: Item, idf: Mapping[str, float], cache: Optional[Weights] = None
) -> Optional[str]:
    """The head-of-ask rule: a score of at least ``SCORE`` with ``MIN_SHARED`` shared weight, or
    of ``SCORE_TWO_RARE`` with two shared rare words, for the same groups of children."""
    shared_words = later.words & earlier.words
    if not shared_words or different_groups(later, earlier):
        return None
    score = overlap(later, earlier, idf, cache)
    if not (
        (score >= SCORE and shared_weight(later, earlier, idf, cache) >= MIN_SHARED)
        or (score >= SCORE_TWO_RARE and sum(idf.get(w, 1.0) >= RARE for w in shared_words) >= 2)
    ):
        return None
    if later.themes[0] == earlier.themes[0] and set(later.themes) <= set(earlier.themes) and score >= SAME:
        return "same_issue"
    return "overlapping"


def same_activity(later: Item, earlier: Item) -> Optional[str]:
    """The named-activity rule: the same main theme (``ACTIVITY_GATE``), the same groups of
    children, and the heads of both asks naming one activity, a broad one (``BROAD``) only when
    the two heads name the same activities and no other. ``same_issue`` when the two also have
    the same main theme, the later item no new theme and the heads the same activities."""
    if not ACTIVITY_RULE:
        return None
    same_main = later.themes[0] == earlier.themes[0]
    if not (same_main if ACTIVITY_GATE == "main" else later.themes[0] in earlier.themes):
        return None
    if not read_activities(later) & read_activities(earlier) or different_groups(later, earlier):
        return None
    found = None
    for mine in _read_asks(later):
        for theirs in _read_asks(earlier):
            shared = mine & theirs
            alike = mine == theirs
            if not shared or (
                shared <= BROAD
                and not ((BROAD_RULE == "equal" and alike) or (BROAD_RULE == "only" and (mine | theirs) <= BROAD))
            ):
                continue
            if same_main and alike and set(later.themes) <= set(earlier.themes):
                return "same_issue"
            found = "overlapping"
    return found


def broad_only(later: Item, earlier: Item) -> bool:
    """The two heads share only broad activities (``BROAD``), one of them asks first about another
    (its first activity: "the MASH's thresholds ... unnecessary assessments"), no ask of each
    names broad activities alone, and the whole texts share no other activity."""
    shared = later.activities & earlier.activities
    if not shared or not shared <= BROAD or not {later.leading, earlier.leading} - BROAD - shared - {""}:
        return False
    for mine in later.asks or (later.activities,):
        for theirs in earlier.asks or (earlier.activities,):
            if mine & theirs and (mine | theirs) <= BROAD:
                return False
    return not (_mentions(later.folded) & _mentions(earlier.folded)) - BROAD


@lru_cache(maxsize=None)
def _mentions(folded: str) -> frozenset[str]:
    """The activities a whole folded text names (read seldom, so kept once read)."""
    return activities_named(folded)


def kept_apart(later: Item, earlier: Item) -> Optional[str]:
    """What keeps the pair apart before any rule is read: ``"theme"`` (no theme in common),
    ``"activity"`` (the activity veto), ``"broad"`` (the broad veto), or None."""
    if not later.themes or not earlier.themes or not set(later.themes) & set(earlier.themes):
        return "theme"
    if ACTIVITY_VETO and later.activities and earlier.activities and not later.activities & earlier.activities:
        if ACTIVITY_VETO == "activity" or not activity_themes(later.activities) & activity_themes(earlier.activities):
            return "activity"
    if BROAD_VETO and broad_only(later, earlier):
        return "broad"
    return None


def judge(
    later: Item, earlier: Item, idf: Union[Rarity, Mapping[str, float]], cache: Optional[Weights] = None
) -> Optional[str]:
    """``same_issue``, ``overlapping`` or None (not a repeat): either rule suffices, and a
    ``same_issue`` from either is the pair's label."""
    if kept_apart(later, earlier):
        return None
    idfs = _rarities(idf)
    found = {
        whole_text(later, earlier, idfs.plain),
        heads_of_asks(later, earlier, idfs.words, cache),
        same_activity(later, earlier),
    }
    return "same_issue" if "same_issue" in found else "overlapping" if "overlapping" in found else None


def _surface(text: str, stems: Iterable[str], whole: bool = False) -> list[str]:
    """The words of ``text`` whose stems are ``stems`` (the head-of-ask reading, or the whole-text
    one), in the form the text first uses them, in text order: what a reader can find in it."""
    wanted, seen, out = set(stems), set(), []
    named = _named(text)
    folded = named.replace("_", " ") if whole else _untagged(named)
    for word in (_WHOLE_WORD if whole else _WORD).findall(folded.replace("-", " ")):
        key = _suffix_stem(word) if whole else stem(word)
        if key in wanted and key not in seen:
            seen.add(key)
            out.append(word.replace("_", " "))
    return out


def why(
    later: Item, earlier: Item, idf: Union[Rarity, Mapping[str, float], "Context"], later_text: str = ""
) -> list[str]:
    """Why ``later`` is linked to ``earlier``: ``repeats --explain``. Given a ``Context`` (what
    ``link`` reads), first the learned layer's line (its probability, the threshold, and what
    weighed most for the link: ``model_reasons``); then one line per rule that links the pair (the
    words the two share as the later item writes them, ``later_text``), or why no rule does. A
    link an item's own words make ("This was a recommendation at the last inspection") is said
    so; the choice among the earlier items is ``told_before``'s."""
    if isinstance(idf, Context):
        none = "no rule alone links the two" if MODEL else "no rule links the two"
        return model_reasons(later, earlier, idf) + _rule_reasons(later, earlier, idf.idf, later_text, none)
    return _rule_reasons(later, earlier, _rarities(idf), later_text)


#: How ``model_reasons`` names what a feature contributed to a link.
_SAID = {
    "similarity": "wording the reports use alike (similarity {:.2f})",
    "lead": "the most alike of the earlier items by that measure",
    "whole share": "{:.0%} of the later item's weighed words in the earlier one",
    "same main theme": "the same main theme",
    "a theme in common": "a theme in common",
    "an activity in common": "a named activity in common",
    "activity rule": "the activity rule",
    "head rule": "the head-of-ask rule",
    "whole-text rule": "the whole-text rule",
    "says it repeats": "the later item says it was asked before",
    "likeness": "wording the reports use alike, as in repeats readers judged (similarity {:.2f})",
    "this main theme": "the same main theme, {}",
}


def model_reasons(later: Item, earlier: Item, ctx: "Context") -> list[str]:
    """The learned layer's line for a pair: its probability against the threshold and the (at
    most three) features that added most to it."""
    if not MODEL:
        return []
    found = {
        e.recommendation_id: (p, f) for e, p, f in scored(later, ctx.by_inspection.get(earlier.inspection_id, ()), ctx)
    }
    p, features = found.get(earlier.recommendation_id, (0.0, None))
    threshold = model()["threshold"]
    head = f"the model: {p:.2f} (a link from {threshold:g})"
    if features is None:
        return [f"{head}: an item with no theme is never linked"]
    if p < threshold:
        return [f"{head}: below it" + ("; the later item says it was asked before" if later.says_repeat else "")]
    weights = model()["coef"]
    likeness, theme = learned_terms(later, earlier, ctx)
    parts = [(w * x, name, x) for name, w, x in zip(FEATURES, weights, features) if name in _SAID]
    parts += [(likeness, "likeness", features[0]), (theme, "this main theme", later.themes[0].replace("_", " "))]
    adds = sorted((part for part in parts if part[0] > 0), key=lambda part: part[0], reverse=True)[:3]
    return [f"{head}, most from: " + "; ".join(_SAID[name].format(x) for _, name, x in adds)]


def _rule_reasons(
    later: Item, earlier: Item, idfs: Rarity, later_text: str, none: str = "no rule links the two"
) -> list[str]:
    out = []
    apart = kept_apart(later, earlier)
    if apart == "theme":
        out.append("no theme in common")
    elif apart == "activity":
        out.append(
            f"different activities asked about ({', '.join(sorted(later.activities))}; "
            f"{', '.join(sorted(earlier.activities))})"
        )
    elif apart == "broad":
        out.append(f"only a broad activity in common ({', '.join(sorted(later.activities & earlier.activities))})")
    else:
        if whole_text(later, earlier, idfs.plain):
            words = _surface(later_text, (later.plain or later.words) & (earlier.plain or earlier.words), whole=True)
            out.append(f"whole text: the same subject, sharing {', '.join(words) or 'its words'}")
        if heads_of_asks(later, earlier, idfs.words):
            score = overlap(later, earlier, idfs.words)
            words = _surface(later_text, later.words & earlier.words)
            out.append(f"heads of the asks: {score:.0%} of the lighter item's weight shared ({', '.join(words)})")
        if same_activity(later, earlier):
            shared = read_activities(later) & read_activities(earlier)
            out.append(f"the same named activity: {', '.join(sorted(shared))}")
        if out:
            return out
    if later.says_repeat:
        return ["the later item says it was a recommendation at the last inspection"]
    return out or [none]


def previous_inspection(inspection_id: str, history: Sequence[str]) -> Optional[str]:
    """The inspection before ``inspection_id`` in ``history`` (oldest first), if any."""
    at = history.index(inspection_id)
    return history[at - 1] if at else None


#: The learned layer (``repeat_model.json``, built by scripts/build_repeat_model.py from the
#: committed judged pairs): a logistic regression over ``FEATURES`` of a pair, the rules' parts
#: among them, decides each link; the rules say whether it is the same issue. ``False``: the rules
#: alone decide (``judge``), as before the fifth session.
MODEL = True
MODEL_FILE = "repeat_model.json"
#: What the learned layer reads of a pair, in the model file's order.
FEATURES = (
    "similarity",  # the cosine of the two items' vectors (semantic.py)
    "lead",  # that cosine less the best of the later item's cosines with the other earlier items
    "head score",  # the head-of-ask rule's score (overlap)
    "whole share",  # the whole-text rule's score (whole_share)
    "same main theme",
    "a theme in common",
    "an activity in common",  # read_activities of both
    "kept apart",  # kept_apart: the theme gate or a veto
    "activity rule",  # same_activity links the pair
    "head rule",  # heads_of_asks links it
    "whole-text rule",  # whole_text links it
    "says it repeats",  # the later item says it was a recommendation at the last inspection
)


@lru_cache(maxsize=1)
def model() -> dict:
    """The learned layer's weights, intercept and threshold (``repeat_model.json``)."""
    import json

    text = resources.files("civic_accountability.themes").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    found = json.loads(text)
    if tuple(found["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE} reads other features than repeats.FEATURES: rebuild it")
    return found


@dataclass
class Context:
    """What linking reads once for all the items: word rarity, word weights, each item's vector
    (``semantic.item_vectors``) and the items of each inspection."""

    idf: Rarity
    cache: Weights
    vectors: Mapping[str, Sequence[float]]
    by_inspection: Mapping[str, list[Item]]
    #: each later item's whole-text weight (``whole_share``'s denominator), kept once read
    plain_totals: dict[str, float] = field(default_factory=dict)


def context(items: Iterable[Item]) -> Context:
    items = list(items)
    idf = rarity(items)
    cache: Weights = {}
    weights = {it.recommendation_id: _weights(it, idf.words, cache)[0] for it in items} if MODEL else {}
    by_inspection: dict[str, list[Item]] = {}
    for it in items:
        by_inspection.setdefault(it.inspection_id, []).append(it)
    return Context(idf, cache, semantic.item_vectors(weights) if MODEL else {}, by_inspection)


def pair_features(
    later: Item, earlier: Item, ctx: Context, similarity: float, lead: float, share: float
) -> list[float]:
    """``FEATURES`` of a pair whose items both have themes (``share``: its ``whole_share``)."""
    idf = ctx.idf
    return [
        similarity,
        lead,
        overlap(later, earlier, idf.words, ctx.cache),
        share,
        float(later.themes[0] == earlier.themes[0]),
        float(bool(set(later.themes) & set(earlier.themes))),
        float(bool(read_activities(later) & read_activities(earlier))),
        float(bool(kept_apart(later, earlier))),
        float(bool(same_activity(later, earlier))),
        float(bool(heads_of_asks(later, earlier, idf.words, ctx.cache))),
        float(bool(whole_text(later, earlier, idf.plain))),
        float(later.says_repeat),
    ]


def learned_terms(
    later: Item, earlier: Item, ctx: Context, weighed: Optional[Sequence[float]] = None
) -> tuple[float, float]:
    """The two parts of the learned layer beyond ``FEATURES``' weights, for a pair whose items both
    have themes: the items' likeness with each vector dimension weighed as judged pairs weigh it
    (``semantic.weigh_dimensions``; ``weighed``: the later item's vector so weighed, when already
    read), and the weight of their main theme when they share it (a shared main theme says more
    of some themes, where Ofsted's asks are narrow, than of others)."""
    if weighed is None:
        weighed = weighed_vector(later, ctx)
    likeness = semantic.cosine(weighed, ctx.vectors[earlier.recommendation_id])
    same = later.themes[0] == earlier.themes[0]
    return likeness, model()["main_theme_weights"].get(later.themes[0], 0.0) if same else 0.0


def weighed_vector(item: Item, ctx: Context) -> Sequence[float]:
    """The item's vector with each dimension weighed by the model's ``likeness_weights``."""
    return semantic.weigh_dimensions(ctx.vectors[item.recommendation_id], _likeness_weights())


@lru_cache(maxsize=1)
def _likeness_weights() -> Sequence[float]:
    return semantic.held(model()["likeness_weights"])


def probability(features: Sequence[float], learned: Sequence[float] = (0.0, 0.0)) -> float:
    """The learned layer's probability that the pair is a repeat (same issue or overlapping), from
    ``FEATURES`` and ``learned_terms``."""
    m = model()
    z = m["intercept"] + sum(w * x for w, x in zip(m["coef"], features)) + sum(learned)
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def scored(
    later: Item, earlier_items: Sequence[Item], ctx: Context, prune: bool = False, weigh: bool = True
) -> list[tuple[Item, float, Optional[list[float]]]]:
    """(earlier item, probability, features) for each earlier item addressed to the same body:
    0 and no features when either item has no theme. ``prune``: a pair whose probability cannot
    reach the threshold, whatever its costlier features (each in [0, 1]) are, gets 0 and no
    features without reading them (``link``: the same links, a tenth of the work). ``weigh``
    False: the features only, every probability 0, the model file not read (what its build
    script learns from)."""
    mine = [e for e in earlier_items if e.addressee == later.addressee]
    sims = [
        semantic.cosine(ctx.vectors[later.recommendation_id], ctx.vectors[e.recommendation_id])
        if later.themes and e.themes
        else 0.0
        for e in mine
    ]
    if weigh:
        m = model()
        w = dict(zip(FEATURES, m["coef"]))
        cut = _logit(m["threshold"]) - 1e-9  # a margin for the order of float sums
        # what the features read after the cheap ones can add at most (each is in [0, 1])
        rest = sum(max(w[name], 0.0) for name in FEATURES if name not in _CHEAP + ("whole share",))
    else:
        prune = False
    total = ctx.plain_totals.get(later.recommendation_id)
    if total is None:
        total = ctx.plain_totals[later.recommendation_id] = sum(
            ctx.idf.plain.get(x, 1.0) for x in (later.plain or later.words)
        )
    out = []
    weighed = weighed_vector(later, ctx) if weigh and later.themes else None
    for k, earlier in enumerate(mine):
        if not later.themes or not earlier.themes:
            out.append((earlier, 0.0, None))
            continue
        others = sims[:k] + sims[k + 1 :]
        lead = sims[k] - (max(others) if others else 0.0)
        learned = learned_terms(later, earlier, ctx, weighed) if weigh else (0.0, 0.0)
        if prune:
            z = (
                m["intercept"]
                + sum(learned)
                + w["similarity"] * sims[k]
                + w["lead"] * lead
                + w["same main theme"] * (later.themes[0] == earlier.themes[0])
                + w["a theme in common"] * bool(set(later.themes) & set(earlier.themes))
                + w["says it repeats"] * later.says_repeat
            )
            if z + max(w["whole share"], 0.0) + rest < cut:
                out.append((earlier, 0.0, None))
                continue
        share = whole_share(later, earlier, ctx.idf.plain, total)
        if prune and z + w["whole share"] * share + rest < cut:
            out.append((earlier, 0.0, None))
            continue
        features = pair_features(later, earlier, ctx, sims[k], lead, share)
        out.append((earlier, probability(features, learned) if weigh else 0.0, features))
    return out


#: The features ``scored`` reads before deciding whether the rest can matter.
_CHEAP = ("similarity", "lead", "same main theme", "a theme in common", "says it repeats")


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def link(items: Sequence[Item], histories: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """(later id, earlier id, judged) for every repeat, sorted by key.

    ``histories`` maps each inspection with recommendations to the chain of the council's
    inspections with recommendations, its predecessors' included, oldest first. With ``MODEL``,
    a pair is linked when the learned layer's probability reaches the model's threshold, and
    judged as the rules judge it (``overlapping`` when no rule links it); else by the rules."""
    ctx = context(items)
    idf, cache = ctx.idf, ctx.cache
    threshold = model()["threshold"] if MODEL else None
    out = []
    for inspection_id, later_items in ctx.by_inspection.items():
        history = histories.get(inspection_id)
        earlier_id = previous_inspection(inspection_id, history) if history else None
        if not earlier_id:
            continue
        earlier_items = ctx.by_inspection.get(earlier_id, ())
        for later in later_items:
            found = {}
            if MODEL:
                for earlier, p, _ in scored(later, earlier_items, ctx, prune=True):
                    if p >= threshold:
                        found[earlier.recommendation_id] = judge(later, earlier, idf, cache) or "overlapping"
            else:
                for earlier in earlier_items:
                    if earlier.addressee != later.addressee:  # the board's list asked the board, not the council
                        continue
                    judged = judge(later, earlier, idf, cache)
                    if judged:
                        found[earlier.recommendation_id] = judged
            if later.says_repeat and "same_issue" not in found.values():
                best = told_before(later, earlier_items, idf.words, cache)
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
