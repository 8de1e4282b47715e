"""Ranked themes for a recommendation's words, each with the phrases that decided it.

The method (deterministic, offline; ``method = rule`` in the data):

1. The text is folded (lowercase, plain quotes and dashes, quotation marks around a phrase
   dropped) and the cues of ``cues.CUES`` are found left to right as one alternation, so a
   specific phrase consumes its words before a general cue can ("pathway plans" is care
   leavers, never plans).
2. A theme's score is the sum of its cues' weights. An item of a safeguarding board's own
   list (``addressee = lscb``) adds the board's functioning (README: "a board's own
   functioning is safeguarding_partnership, plus the topic it names").
   What the item asks to improve, not passing context (the shared README's rule): a weak cue
   in a purpose clause ("... so that ...", "... in order to ...", to the sentence's end) does
   not count unless its theme is also found outside one; an assessment or a plan the subject
   only feeds ("return home interviews used to inform safety plans") does not count either.
3. Themes scoring ``MIN_FURTHER`` or more are the item's themes (else the best theme from
   ``MIN_SCORE``). The main subject is the one named outright (a cue of weight
   ``NAMES_THEME``) earliest in the text: what the item asks to improve comes first in both
   Ofsted's imperative sentences and its noun phrases; a theme only hinted at by weak words
   ("leaders", "data") or named as context ("for children in care and care leavers") does
   not become the main subject while another is named. The others follow in text order;
   at most ``MAX_THEMES``, the highest scores kept. A main subject whose ``covers`` include
   assessing its own children (early help, homeless 16- and 17-year-olds, private fostering,
   disabled children, missing and exploitation, pre-proceedings) takes in the assessments the
   item names: no further ``assessments`` theme (``ABSORBS_ASSESSMENTS``). Monitoring or
   evaluating a thing ("monitor and evaluate the application of thresholds") is how the ask is
   checked, not a further quality-assurance theme (``WATCHING_NOT_FURTHER``).
4. The ordering convention (from the shared readers' examples and README, which win where
   other label sets disagree): the main subject is the head of what is asked (the governing
   verb's object, or the head noun of an ILACS phrase); the population or service it applies
   to comes after ("management oversight of pathway plans", "the participation of care leavers
   in ..." is participation first). Not the ask, so never placing a theme first while another
   is named (``Hit.aside``): who is asked ("the local authority and its partners", "work with
   partner agencies to ..."), a leading condition ("Until ..., ensure ..."), and recording,
   oversight or quality assurance listed among the qualities of what follows "of" ("the
   quality, recording and frequency of supervision" is supervision first), and the possessor
   in "A's B" ("foster carers' files" is recording first: ``POSSESSIVE_HEAD``); leaders named as
   who must act ("Senior leaders and managers need to ensure that ...": ``LEADERS_ASKED``; named
   only so, at the head or after "Ensure that", they and the council's partners give no theme
   when the item names another: ``WHO_NOT_A_THEME``); the
   partnership worked with and the joint or multi-agency arrangements by which agencies work
   ("Multi-agency arrangements and sufficiency of emergency placements": ``PARTNERS_AS_MEANS``).
   Two service rules move the main subject from an activity to whose it is: an assessment or plan
   listed with the support, interventions or response a group of children gets is that group's
   service ("assessment and support to children aged 16 and 17 who present as homeless":
   ``SERVICE_POPULATION``); an assessment of carers or matching, not of the children, is
   placements' (assessments's ``not_here``: ``PLACEMENT_ASSESSMENTS``). On a safeguarding
   board's list the board and its partners named as who is asked ("The LSCB should ...",
   "ensure that partner agencies ...") do not place the partnership: the topic comes first,
   the partnership after ("Monitor the implementation of the revised CAF and hold partner
   agencies to account": early help, then partnership). The partnership comes first when the
   board's own functioning is what is asked ("its oversight of ...", "the board's focus",
   "the role of the LSCB", "the LSCB annual report", "ensure that the board receives ...",
   "provide challenge to partners", the board's governance) or when no other theme is named.
   Audit, performance or evaluation work named first on the board's list ("Develop a systematic
   approach to multi-agency quality audits") is quality assurance first, the partnership second
   (``BOARD_QA_FIRST``); audits listed with its case reviews, audits of partner agencies and
   section 11 audits stay its own functioning (``BOARD_AUDITS``).
5. The learned layer (``model.py``, switch ``model.ENABLED``): the rules' candidates and their view of
   them go to two small logistic models trained on labels the rules were not written from,
   which decide the main subject and the further themes; where their answer differs from the
   rules' the row says ``method = model``. ``classify_by_rules`` is steps 1-4 alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from civic_accountability.themes.cues import AS, CL, CT, CUES, DC, FD, HO, LG, ME, MOS, PF, PL, PQA, PS, SP, WF

#: A theme counts as the main subject from this score, as a further theme from ``MIN_FURTHER``.
MIN_SCORE = 1.0
MIN_FURTHER = 1.5
#: A cue of at least this weight names its theme outright: only such a cue places a theme
#: for the choice of the main subject.
NAMES_THEME = 2.0
MAX_THEMES = 3
CONTEXT_RULE = True
FED_RULE = True
#: The casework products an item's subject feeds (a population or service it supports is not fed).
FED = frozenset({"assessments", "plans_and_planning"})
CONTEXT_MIN = 2.0
#: The main-subject ordering convention (asides and board names do not place a theme).
ORDER_RULE = True
#: Services whose ``covers`` include assessing their own children (early help assessments, the
#: response to homeless 16- and 17-year-olds, assessing private fostering arrangements, disabled
#: children's assessments, the risk assessments of missing or exploited children, assessments in
#: pre-proceedings): with one of them the main subject, an assessment the item names is that
#: service's own, not a further ``assessments`` theme (the shared readers: "apply private fostering
#: regulations so that children ... have thorough assessments" is private fostering alone).
ABSORBS_ASSESSMENTS = frozenset({FD, HO, PF, DC, ME, CT})
#: "Foster carers' files": in "A's B" the ask is B, named outright whatever its cue's weight, and A
#: says whose (switch). Not for the board's own ("the board's scrutiny" is its functioning) nor
#: for oversight ("IROs' oversight" is the IROs', management oversight's ``not_here``).
POSSESSIVE_HEAD = True
#: On a safeguarding board's own list its audits are the board's functioning, as its training is
#: (``safeguarding_partnership`` covers "section 11 audits ... multi-agency training and learning";
#: the shared readers: "disseminate learning from serious case reviews ... and themed audits" and
#: "oversight ... through safeguarding and school audits" are the partnership alone) (switch).
BOARD_AUDITS = True
#: On a safeguarding board's list, audit, performance or evaluation work named as the first thing
#: asked ("Develop a systematic approach to multi-agency quality audits ...", "Agree ... performance
#: measures ...") is that work, not the board's functioning: quality assurance is the main subject
#: and the partnership follows (the shared readers: "improve ... the strategic learning from the
#: multi-agency audits through ... evaluation" and "develop a comprehensive data report" are
#: quality assurance first). Audits after the board's own functioning stay its own (switch).
BOARD_QA_FIRST = True
#: "Senior leaders and managers need to ensure that when children are referred ...": leaders named
#: at the head of the sentence as who must act are who is asked, not what is asked (as "the
#: local authority and its partners" are); leadership counts, but does not come first (switch).
LEADERS_ASKED = True
#: ... and leaders or partners named only as who must act give no theme at all when the item names
#: another ("Ensure that the local authority and partners coordinate and target early help" is
#: early help alone in the own labels; "Senior leaders and managers need to ensure that when
#: children are referred ..." is the front door, not leadership) (switch).
WHO_NOT_A_THEME = True
#: Where who must act stands: the start of the item, or after "Ensure that".
_SUBJECT_AT = re.compile(r"(?:(?:ensure|ensuring|make sure)(?: that)? )?")
#: "Monitor and evaluate the application of thresholds", "evaluate the quality and impact of
#: training": monitoring or evaluating a thing is how the ask is to be checked, not a further
#: quality-assurance theme; quality assurance stays a further theme when a noun of its own names
#: it ("performance", "data", "audits") (switch).
WATCHING_NOT_FURTHER = True
_WATCHING = re.compile(r"monitor\w*|evaluat\w*|impact of")
#: "The quality of assessment and support to children aged 16 and 17 who present as homeless",
#: "assessments, plans, interventions and responses for children at risk of exploitation": an
#: assessment or plan listed with the support, interventions or response a group of children
#: gets is that group's service, whose theme comes first (and takes in the assessments,
#: ``ABSORBS_ASSESSMENTS``); one activity for a group ("safety planning for children at risk of
#: exploitation") stays the activity first, and an "including ..." list does not count (switch).
SERVICE_POPULATION = True
_SERVICE_LIST = re.compile(
    r"^(?!.*\bincluding\b).*(?:\b(?:and|or) (?:the )?(?:support|interventions?|responses?|service provision|services)\b|"
    r"\b(?:support|interventions?|responses?|services),? (?:and|or) )"
)
#: "Assessments undertaken to support effective placement matching", "assessments ... for children
#: with connected persons": assessments's ``not_here`` sends the assessment of a placement's carers
#: to placements; with carers or matching named and the assessment not "of" the children,
#: placements is the main subject (switch).
PLACEMENT_ASSESSMENTS = True
_CARERS = re.compile(r"carer|match|connected|kinship|friends|relatives")
_OF_CHILDREN = re.compile(
    r"\bassess\w*(?:,? (?:and )?[a-z]+){0,3} (?:of|for) (?:the |all |these |individual )?(?:child|young|famil|parent)"
)
#: The themes of a group of children with a service of its own.
POPULATIONS = frozenset({DC, HO, PF, ME, CL})
#: The reason given when a board's own list names no theme.
BOARD_LIST = "(an item of the safeguarding board's own list)"

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "̶": " ", "\u00a0": " "})


@dataclass
class Hit:
    """One cue found in the text."""

    theme: str
    weight: float
    start: int
    words: str
    #: Found in a purpose clause ("... so that ...", "... in order to ...") of its sentence:
    #: passing context, not what the item asks to improve.
    context: bool = False
    #: What the item's subject is to feed ("... used to inform assessments", "... informing
    #: safety plans"): the item asks for the subject, not for the thing it feeds.
    fed: bool = False
    #: Named as who is asked or by what means, not as what is asked (``aside_spans``): the
    #: theme counts, but does not place itself for the choice of the main subject.
    aside: bool = False
    #: The board's own functioning named on its list (``_ITS_OWN``), not a cue.
    own: bool = False
    #: Named only as who must act ("the local authority and its partners", "Senior leaders and
    #: managers need to ..."): no theme when the item names another (``WHO_NOT_A_THEME``).
    who: bool = False


@dataclass
class Classified:
    text: str
    themes: list[str]
    hits: list[Hit] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    #: ``rule``, or ``model`` where the learned layer changed the rules' answer.
    method: str = "rule"
    #: The rules' own answer (the same as ``themes`` unless ``method`` is ``model``).
    rule_themes: list[str] = field(default_factory=list)
    #: Where the learned layer ran: its candidates' features and the item's (``model.candidates``).
    model_input: tuple = ()

    def reasons(self) -> dict[str, list[str]]:
        """Theme → the phrases that signalled it, in the order they appear; where the learned
        layer ran, then its top weighted features (``main ...`` for the main subject, ``member
        ...`` for a further theme)."""
        out: dict[str, list[str]] = {t: [] for t in self.themes}
        for h in self.hits:
            if h.theme in out and h.words not in out[h.theme]:
                out[h.theme].append(h.words)
        if self.model_input:
            from civic_accountability.themes import model

            cands, own = self.model_input
            for k, t in enumerate(self.themes):
                feats = model.flat(t, *cands[t], own)
                out[t] += model.explain(feats, model.load(), "main" if k == 0 else "member")
        return out


_ANY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _first_chars(pattern: str) -> frozenset[str]:
    """The word characters a match of ``pattern`` can start with (all of them when unsure)."""
    from re import _constants as C
    from re import _parser as P

    def first(items) -> tuple[frozenset[str], bool]:  # (chars, can the sequence match empty)
        chars: set[str] = set()
        for op, av in items:
            if op is C.LITERAL:
                return frozenset(chars | {chr(av).lower()}), False
            if op is C.IN:
                got = set()
                for kind, value in av:
                    if kind is C.LITERAL:
                        got.add(chr(value).lower())
                    elif kind is C.RANGE:
                        got |= {chr(c).lower() for c in range(value[0], value[1] + 1)}
                    else:
                        return _ANY, False
                return frozenset(chars | got), False
            if op is C.SUBPATTERN:
                got, empty = first(av[-1])
            elif op is C.BRANCH:
                got, empty = set(), False
                for branch in av[1]:
                    b, e = first(branch)
                    got |= b
                    empty = empty or e
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                got, empty = first(av[2])
                empty = empty or av[0] == 0
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue  # zero-width: the next item decides
            else:
                return _ANY, False
            chars |= got
            if not empty:
                return frozenset(chars), False
        return frozenset(chars), True

    chars, empty = first(P.parse(pattern))
    return _ANY if empty else frozenset(chars) & _ANY or _ANY


@lru_cache(maxsize=1)
def _matcher() -> dict[str, re.Pattern]:
    """First character → one alternation of the cues that can start with it, in ``CUES``
    order: a word is tried against its few candidate cues, not all of them."""
    starts = [_first_chars(cue.pattern) for cue in CUES]
    return {
        c: re.compile("|".join(f"(?P<c{i}>{cue.pattern})" for i, cue in enumerate(CUES) if c in starts[i]))
        for c in sorted(_ANY)
    }


#: A phrase in quotation marks ("'later in life' letters", "the 'pledge'"): the marks are dropped
#: so that the words match as the cue phrases; an apostrophe inside or after a word stays.
_QUOTED = re.compile(r"(?<![\w'])'([a-z][^']{0,60}?[a-z])'(?![\w'])")


def fold(text: str) -> str:
    return _QUOTED.sub(r"\1", re.sub(r"\s+", " ", text.translate(_FOLD).lower()))


#: A heading glued to an item's end by the PDF text ("... panel meetings. Care leavers"): a
#: short capitalised phrase with no full stop after the last sentence.
_GLUED_HEADING = re.compile(r"(?<=[.)]) (?:[A-Z][a-z]+(?:,? [a-z]+|,? [A-Z][a-z]+){0,5})$")


_WORD_START = re.compile(r"\b[a-z0-9]")

#: Where a sentence turns from what should improve to why: what follows, to the sentence's end,
#: is passing context (README: "what the item asks to be improved, not passing context").
_PURPOSE = re.compile(
    r"\b(?:so that|so as to|in order (?:to|that)|to ensure|to enable|to support|to help|to inform|"
    r"which (?:will|would)|to reduce|to prevent|to promote|to drive)\b"
)
_SENTENCE_END = re.compile(r"[.;](?: |$)")
#: "to inform", "used to support", "informing", "informed in their": what follows is fed.
_FEEDS = re.compile(
    r"\b(?:inform(?:s|ing|ed in)?|support(?:s|ing)?|feed(?:s|ing)? into|contribut\w* to)\b"
    r"(?: (?:the|their|its|his|her|all|any|subsequent|future|individual|children's|child's|"
    r"risk|wider|effective|robust|clear))*(?= )"
)


def context_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each purpose clause: from its marker to the end of its sentence."""
    spans, at = [], 0
    while (m := _PURPOSE.search(folded, at)) is not None:
        end = _SENTENCE_END.search(folded, m.end())
        stop = end.start() if end else len(folded)
        spans.append((m.start(), stop))
        at = max(stop, m.end())
    return spans


#: The ordering convention (the shared readers' examples and README, documented in the
#: module docstring): these spans name who is asked, the means, a condition, or a quality of
#: the thing asked, not the thing asked.
#: "Until improved performance ... is demonstrated, ensure ...": a leading condition clause.
_CONDITION = re.compile(r"^(?:until|pending|while|whilst)\b[^,]*,")
#: "Work with partner organisations to offer ...", "work with care leavers to develop ...":
#: whom the work is done with is the means; what follows "to" is the ask.
_MEANS = re.compile(
    r"\b(?:work(?:s|ing)?|engag\w+|consult\w*)(?: (?:more|closely|together|jointly|effectively|"
    r"collaboratively|alongside|in partnership))* with (?:[\w'-]+ ){0,4}?(?:partners?|partner \w+|agencies|"
    r"providers?|commissioners|schools|the police|police|health(?: services)?|other local authorities)\b"
    r".*?(?= to (?!account\b)[a-z]+\b)"
)
#: "Work with the local safeguarding children's partnership to ...", "Multi-agency arrangements
#: and sufficiency of emergency placements ...", "the joint working arrangements between the local
#: authority and the health provider": the partnership worked with, and the arrangements by which
#: agencies work together, are the means; what they are for is the ask (``PARTNERS_AS_MEANS``).
_MEANS_PARTNERSHIP = re.compile(
    r"\b(?:work(?:s|ing)?|engag\w+)(?: (?:more|closely|together|jointly|effectively))* with (?:the )?(?:local )?"
    r"(?:safeguarding (?:children(?:'s)? )?(?:partnership|board)|[a-z]*scp|[a-z]*scb)\b.*?(?= to (?!account\b)[a-z]+\b)|"
    r"\b(?:the )?(?:multi[- ]agency|joint working) arrangements(?: between (?:[\w'-]+ ){1,8}?"
    r"(?:providers?|services|partners|agencies|police|health))?"
)
PARTNERS_AS_MEANS = True
#: "Ensure that the local authority and its partners coordinate ...": the partners are asked
#: with the council, not the subject.
_WHO = re.compile(
    r"\b(?:the )?(?:local authority|council|children's services|leaders|senior leaders) and (?:its |their "
    r"|all |key |relevant )?(?:partners|partner agencies)\b"
)
#: "The quality, recording and frequency of supervision": recording (or oversight, or
#: monitoring) listed among the qualities asked of what follows "of", which is the subject.
_QUALITIES = re.compile(
    r"\b(?:quality|consistency|timeliness|frequency|effectiveness|rigour|regularity|impact)"
    r"(?:(?:,|,? and) (?!of\b)[a-z'-]+(?: (?!of\b)[a-z'-]+)?){1,3}(?= of )"
)
#: Themes that can stand among a thing's qualities: an aspect of it, not the thing.
ASPECTS = frozenset({"recording", "management_oversight_and_supervision", "performance_and_quality_assurance"})
#: A bare name of the board on its own list is who is asked ("The board should ...",
#: "to enable the LSCB to ..."), not its functioning ("the board's focus", "its governance").
_BOARD_NAME = re.compile(
    r"(?:the )?(?:local safeguarding children(?:'s)? board|safeguarding children(?:'s)? board|"
    r"safeguarding children(?:'s)? partnership|safeguarding partnership|[a-z]*scbs?|board|partnership)"
)

#: Partners named on a board's list: the board's members, who are asked, not its functioning.
_PARTNERS = re.compile(
    r"(?:all |key |relevant |other )*(?:partners?|partner agencies|agencies|multi[- ]?agency(?: working| "
    r"arrangements| partnership)?)(?:'s?)?"
)
_BOARD = (
    r"(?:the )?(?:local safeguarding children(?:'s)? board|safeguarding children(?:'s)? board|"
    r"safeguarding children(?:'s)? partnership|safeguarding partnership|[a-z]*scbs?|board)"
)
_FUNCTION = (
    r"(?:oversight|scrutiny|challenge|focus|monitoring|understanding|role|governance|membership|priorities|"
    r"business|leadership|effectiveness|influence|work)"
)
#: The board's own functioning named on its list (README: "a board's own functioning is
#: safeguarding_partnership, plus the topic it names"): "its oversight of ...", "the role of the
#: LSCB", "the LSCB annual report", "ensure that the board receives ...", "through which the LSCB
#: can hear ..." (the board the subject of what is asked, not only addressed: "The LSCB should ...").
_ITS_OWN = re.compile(
    rf"\bits (?:own )?{_FUNCTION}\b|\b{_FUNCTION} of {_BOARD}\b|\b{_BOARD}(?:'s)? annual reports?\b|"
    rf"\breport annually\b|\b(?:support and )?challenge (?:to |of )?(?:the local authority|partners|partner agencies|agencies)\b|"
    rf"\bprovide (?:\w+ )?(?:challenge|scrutiny)\b|\b(?:ensure|ensuring|which|whether)(?: that)? {_BOARD}\b(?! (?:should|must)\b)"
)


#: "Senior leaders and managers must ...", "Leaders should ...": who must act, at the head.
_LEADERS = re.compile(
    r"^(?:the )?(?:senior )?(?:leaders|senior managers|leadership team)(?:,? and (?:senior |other )?"
    r"(?:leaders|managers))? (?:should|must|need to|are to)\b"
)


def aside_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) of the text that names who is asked, the means, a condition, or a quality
    of the subject (see the patterns above)."""
    patterns = (_CONDITION, _MEANS, _WHO) + ((_LEADERS,) if LEADERS_ASKED else ())
    patterns += (_MEANS_PARTNERSHIP,) if PARTNERS_AS_MEANS else ()
    spans = [(m.start(), m.end()) for p in patterns for m in p.finditer(folded)]
    return spans


def find_cues(text: str) -> list[Hit]:
    """Cues left to right, each consuming its words (as one ``finditer`` over all cues)."""
    patterns = _matcher()
    folded = fold(_GLUED_HEADING.sub("", text.strip()))
    hits, end = [], 0
    spans = context_spans(folded)
    asides = aside_spans(folded) if ORDER_RULE else []
    who = [
        (m.start(), m.end())
        for p in (_WHO, _LEADERS)
        if LEADERS_ASKED or p is _WHO
        for m in p.finditer(folded)
        if _SUBJECT_AT.fullmatch(folded[: m.start()])
    ]
    who = who if WHO_NOT_A_THEME else []
    qualities = [(m.start(), m.end()) for m in _QUALITIES.finditer(folded)] if ORDER_RULE else []
    feeds = {m.end() + 1 for m in _FEEDS.finditer(folded)}
    for w in _WORD_START.finditer(folded):
        if w.start() < end:
            continue
        m = patterns[w.group(0)].match(folded, w.start())
        if m is None or m.end() == m.start():
            continue
        end = m.end()
        cue = CUES[int(m.lastgroup[1:])]
        if cue.theme is not None:
            context = any(a <= m.start() < b for a, b in spans)
            aside = any(a <= m.start() < b for a, b in asides) or (
                cue.theme in ASPECTS and any(a < m.start() and m.end() <= b for a, b in qualities)
            )
            asked_by = any(a <= m.start() < b for a, b in who)
            hits.append(
                Hit(cue.theme, cue.weight, m.start(), m.group(0), context, m.start() in feeds, aside, who=asked_by)
            )
    if POSSESSIVE_HEAD:
        for a, b in zip(hits, hits[1:]):
            possessive = (a.words + folded[a.start + len(a.words) : b.start]).endswith(("' ", "'s "))
            if possessive and b.start <= a.start + len(a.words) + 3 and a.theme not in (b.theme, SP) and b.theme != MOS:
                a.aside = True
                b.weight = max(b.weight, NAMES_THEME)
    return hits


def _is_audit(h: Hit) -> bool:
    """An audit the item names, not a section 11 audit (the partnership's own: its ``covers``)."""
    return h.theme in (PQA, SP) and "audit" in h.words and "section 11" not in h.words


def _board_qa_first(hits: list[Hit]) -> list[Hit]:
    """A board's item whose first thing asked is audit, performance or evaluation work: that work
    (quality assurance) named as the ask, its audits quality assurance (``BOARD_QA_FIRST``)."""
    asked = [h for h in hits if not h.context and not h.aside and h.weight >= NAMES_THEME and h.words != BOARD_LIST]
    if not asked or not (asked[0].theme == PQA or _is_audit(asked[0])):
        return hits
    if any(h.theme == SP and ("partner" in h.words or (h in asked and not h.own and not _is_audit(h))) for h in hits):
        return hits  # audits of partner agencies (section 11) or listed with its case reviews: the board's own
    return [
        Hit(PQA, max(h.weight, NAMES_THEME), h.start, h.words, h.context, h.fed, h.aside)
        if h is asked[0] or _is_audit(h)
        else h
        for h in hits
    ]


def classify(text: str, addressee: Optional[str] = None) -> Classified:
    """The item's themes, main subject first (1 to 3; none when no cue is found): the rules'
    answer, re-decided by the learned layer where it is on (``model.py``)."""
    found = classify_by_rules(text, addressee)
    from civic_accountability.themes import model

    if not model.ENABLED or not found.themes:
        return found
    weights = model.load()
    if weights is None:
        return found
    found.model_input = model_input(found, addressee)
    main, member = model.scores(*found.model_input, weights)
    themes = model.decide(main, member, found.themes, weights, MAX_THEMES)
    if themes != found.themes:
        found.themes, found.method = themes, "model"
    return found


def model_input(found: Classified, addressee: Optional[str]) -> tuple[dict, list[str]]:
    """The learned layer's view of the rules' answer: each candidate theme's features, and the
    item's own (``model.candidates``)."""
    from civic_accountability.themes import model

    view = model.candidate_view(found.hits, found.rule_themes, found.scores, NAMES_THEME)
    return model.candidates(fold(found.text), view, found.rule_themes, addressee)


def classify_by_rules(text: str, addressee: Optional[str] = None) -> Classified:
    """The rules' answer alone."""
    hits = find_cues(text)
    if WHO_NOT_A_THEME and any(not h.who for h in hits):  # who must act is not what is asked
        hits = [h for h in hits if not h.who]
    if CONTEXT_RULE and any(not h.context for h in hits):
        asked = {h.theme for h in hits if not h.context}
        hits = [h for h in hits if h.theme in asked or not h.context or h.weight >= CONTEXT_MIN]
    if FED_RULE and any(not h.fed for h in hits):  # "... used to inform assessments and plans"
        subject = {h.theme for h in hits if not h.fed}
        hits = [h for h in hits if h.theme in subject or h.theme not in FED]
    if addressee == "lscb":  # training a board asks for is multi-agency training (workforce's not_here);
        # the governance it asks for is its own (leadership_and_governance's not_here); so are its audits
        hits = [
            Hit(SP, h.weight, h.start, h.words, h.context, h.fed, h.aside)
            if (h.theme == WF and "training" in h.words)
            or (ORDER_RULE and h.theme == LG and "governance" in h.words)
            or (BOARD_AUDITS and h.theme == PQA and "audit" in h.words)
            else h
            for h in hits
        ]
        if ORDER_RULE:  # the board and its partners named on the board's own list are who is asked
            # ("The LSCB should ...", "ensure that partner agencies ..."); what the board's
            # functioning is asked ("its oversight of ...", "the board's focus") names it
            for h in hits:
                if h.theme == SP and (_BOARD_NAME.fullmatch(h.words) or _PARTNERS.fullmatch(h.words)):
                    h.aside = True
            folded = fold(text)
            spans = context_spans(folded)
            hits += [
                Hit(SP, NAMES_THEME, m.start(), m.group(0), any(a <= m.start() < b for a, b in spans), own=True)
                for m in _ITS_OWN.finditer(folded)
            ]
            hits.sort(key=lambda h: h.start)
            if BOARD_QA_FIRST:
                hits = _board_qa_first(hits)
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for h in hits:
        scores[h.theme] = scores.get(h.theme, 0.0) + h.weight
        if h.weight >= NAMES_THEME and not h.aside:  # where a theme is named outright as the ask
            first.setdefault(h.theme, h.start)
    named = set(first)  # themes named outright by a cue, not only hinted at
    asked = {h.theme for h in hits if h.weight >= NAMES_THEME and not h.context and not h.aside}
    for h in hits:  # a theme only named aside is placed after those named as the ask
        first.setdefault(h.theme, h.start + (len(text) if h.aside else 0))
    if addressee == "lscb":  # a board's own list: its functioning, plus the topic it names
        if SP not in scores:
            first[SP] = len(text)
            hits.append(Hit(SP, MIN_FURTHER, len(text), BOARD_LIST))
        scores[SP] = scores.get(SP, 0.0) + MIN_FURTHER
        if ORDER_RULE:  # the board's item names the board: its functioning when it names no other
            named.add(SP)  # theme (a theme named only in a purpose clause comes before it)
            first.setdefault(SP, len(text))
    counted = [t for t, s in scores.items() if s >= MIN_SCORE]
    if not counted:
        return Classified(text, [], hits, scores)
    strong = [t for t in counted if scores[t] >= MIN_FURTHER] or counted
    main = min(strong, key=lambda t: (t not in asked, t not in named, first[t], -scores[t]))
    if SERVICE_POPULATION and main in (AS, PL):
        pops = [t for t in strong if t in POPULATIONS and t in asked and first[t] > first[main]]
        if pops:
            p = min(pops, key=lambda t: first[t])
            between = fold(text)[first[main] : first[p]]
            if _SERVICE_LIST.search(between):
                main = p
    if PLACEMENT_ASSESSMENTS and main == AS and any(h.theme == PS and _CARERS.search(h.words) for h in hits):
        if not _OF_CHILDREN.search(fold(text)):
            main = PS
    if main in ABSORBS_ASSESSMENTS:
        strong = [t for t in strong if t != AS]
    if WATCHING_NOT_FURTHER and main != PQA and PQA in strong:
        if all(_WATCHING.fullmatch(h.words) for h in hits if h.theme == PQA):
            strong = [t for t in strong if t != PQA]
    rest = sorted((t for t in strong if t != main), key=lambda t: (-scores[t], first[t]))
    chosen = [main] + rest[: MAX_THEMES - 1]
    chosen = [main] + sorted(chosen[1:], key=lambda t: first[t])
    return Classified(text, chosen, hits, scores, rule_themes=list(chosen))
