"""Ranked themes for a recommendation's words, each with the phrases that decided it.

The method (deterministic, offline; ``method = rule`` in the data):

1. The text is folded (lowercase, plain quotes and dashes) and the cues of ``cues.CUES`` are
   found left to right as one alternation, so a specific phrase consumes its words before a
   general cue can ("pathway plans" is care leavers, never plans).
2. A theme's score is the sum of its cues' weights; it counts when the score reaches
   ``MIN_SCORE``. A safeguarding board's own list (``addressee = lscb``) that names no theme
   is the board's own functioning.
3. The main subject is what the item asks to improve first: the counted theme whose first
   cue comes earliest, except that a board or a manager named as the one who must act
   ("the board should...", "managers ensure...") does not outrank the topic they act on
   unless the item is about them (``FRAME_THEMES``). The others follow by score, then by
   position; at most ``MAX_THEMES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from civic_accountability.themes.cues import CUES, SP

#: A theme counts as the main subject from this score, as a further theme from ``MIN_FURTHER``.
MIN_SCORE = 1.0
MIN_FURTHER = 2.0
MAX_THEMES = 3

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "̶": " ",
                       "\u00a0": " "})


@dataclass
class Hit:
    """One cue found in the text."""

    theme: str
    weight: float
    start: int
    words: str


@dataclass
class Classified:
    text: str
    themes: list[str]
    hits: list[Hit] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    def reasons(self) -> dict[str, list[str]]:
        """Theme → the phrases that signalled it, in the order they appear."""
        out: dict[str, list[str]] = {t: [] for t in self.themes}
        for h in self.hits:
            if h.theme in out and h.words not in out[h.theme]:
                out[h.theme].append(h.words)
        return out


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, tuple]:
    parts = [f"(?P<c{i}>{cue.pattern})" for i, cue in enumerate(CUES)]
    return re.compile(r"\b(?:" + "|".join(parts) + ")"), CUES


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD).lower())


#: A heading glued to an item's end by the PDF text ("... panel meetings. Care leavers"): a
#: short capitalised phrase with no full stop after the last sentence.
_GLUED_HEADING = re.compile(r"(?<=[.)]) (?:[A-Z][a-z]+(?: [a-z]+| and| [A-Z][a-z]+){0,4})$")


def find_cues(text: str) -> list[Hit]:
    pattern, cues = _matcher()
    hits = []
    for m in pattern.finditer(fold(_GLUED_HEADING.sub("", text.strip()))):
        cue = cues[int(m.lastgroup[1:])]
        if cue.theme is not None:
            hits.append(Hit(cue.theme, cue.weight, m.start(), m.group(0)))
    return hits


def classify(text: str, addressee: Optional[str] = None) -> Classified:
    """The item's themes, main subject first (1 to 3; none when no cue is found)."""
    hits = find_cues(text)
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for h in hits:
        scores[h.theme] = scores.get(h.theme, 0.0) + h.weight
        if h.weight >= MIN_FURTHER:  # where a theme is named outright, not where a weak word hints at it
            first.setdefault(h.theme, h.start)
    for h in hits:
        first.setdefault(h.theme, h.start)
    counted = [t for t, s in scores.items() if s >= MIN_SCORE]
    if not counted and addressee == "lscb":
        counted, scores[SP], first[SP] = [SP], MIN_SCORE, 0
    if not counted:
        return Classified(text, [], hits, scores)
    strong = [t for t in counted if scores[t] >= MIN_FURTHER] or counted
    main = min(strong, key=lambda t: (first[t], -scores[t]))
    rest = sorted((t for t in strong if t != main), key=lambda t: (-scores[t], first[t]))
    chosen = [main] + rest[: MAX_THEMES - 1]
    chosen = [main] + sorted(chosen[1:], key=lambda t: first[t])
    return Classified(text, chosen, hits, scores)
