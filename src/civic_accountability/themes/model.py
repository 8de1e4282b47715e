"""A learned layer over the rules: where they go wrong on items they were not written from.

The rules (``classify.py``) propose: every theme a cue found is a candidate, with what the rules
said of it (chosen as the main subject or a further theme, or left out; its score; whether it is
named outright, asked or only aside; where it first appears among the candidates; which theme
the rules put first; a safeguarding board's list). Two logistic models, trained by
``scripts/build_theme_model.py`` from labels the rules were NOT tuned on (the fresh samples:
own-held5 and the random training chunks), score each candidate from sparse binary features,
the rules' view plus the item's cue phrases, words, word pairs and opening words, each crossed
with the theme:

* ``main`` (a softmax over an item's candidates): the main subject is the best-scoring
  candidate, when it beats the rules' main subject by more than ``main_margin``;
* ``member`` (per candidate): the item's other themes are the candidates whose probability
  reaches ``keep_above`` (at most ``classify.MAX_THEMES`` in all).

The settings are chosen by k-fold cross-validation on the fresh labels (``--cv``). The weights
are plain JSON (``theme_model.json``, package data), read with the standard library; where the
model's answer differs from the rules' the row says ``method = model``, and ``--explain`` lists
the features that weighed most. Switch: ``ENABLED`` (off: the rules' answer stands).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Optional, Sequence

#: The model re-decides the rules' answer (see notes/themes.md, "Learned layer", for the
#: cross-validated figures that decided it).
ENABLED = True
WEIGHTS = "theme_model.json"

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_STOP = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their them these they this "
    "to was were which with will should ensure".split()
)
#: The opening words of an item name what is asked (or who is): they get features of their own.
HEAD_WORDS = 4


def words(folded: str) -> list[str]:
    """Content words of folded text, in order."""
    return [w for w in _WORD.findall(folded) if w not in _STOP]


def candidate_view(hits: Sequence, themes: Sequence[str], scores: dict[str, float], names_theme: float) -> dict:
    """What the rules said of each candidate theme (every theme a cue found): theme → flags."""
    view: dict[str, dict] = {}
    for h in hits:
        v = view.setdefault(h.theme, {"first": h.start, "named": False, "asked": False, "cues": []})
        v["first"] = min(v["first"], h.start)
        v["named"] |= h.weight >= names_theme and not h.aside
        v["asked"] |= h.weight >= names_theme and not h.aside and not h.context
        cue = re.sub(r"\W+", "_", h.words.strip("( )"))[:40]
        if cue not in v["cues"]:
            v["cues"].append(cue)
    order = sorted((t for t in scores if t in view), key=lambda t: (view[t]["first"], t))
    for k, t in enumerate(order):
        view[t]["order"] = min(k, 3)
    for t in scores:
        view.setdefault(t, {"first": 0, "named": False, "asked": False, "cues": [], "order": 3})
        view[t]["score"] = scores[t]
        view[t]["rank"] = themes.index(t) if t in themes else -1
    return view


def item_features(folded: str) -> list[str]:
    """The item's own features, the same for every candidate: its content words, adjacent word
    pairs and opening words."""
    ws = words(folded)
    own = {f"w:{w}" for w in ws} | {f"b:{a}_{b}" for a, b in zip(ws, ws[1:])}
    return sorted(own | {f"h:{w}" for w in ws[:HEAD_WORDS]})


def view_features(theme: str, view: dict, themes: Sequence[str], addressee: Optional[str]) -> list[str]:
    """What the rules said of one candidate theme, as features."""
    v = view[theme]
    rank = v["rank"]
    said = [
        "rule:main" if rank == 0 else "rule:further" if rank > 0 else "rule:left_out",
        f"band:{min(int(v['score']), 6)}",
        f"order:{v['order']}",
        "named" if v["named"] else "not_named",
        "asked" if v["asked"] else "not_asked",
        f"candidates:{min(len(view), 4)}",
        "at_head" if v["first"] < 12 else "later",
    ]
    if addressee == "lscb":
        said += ["lscb", f"lscb&{said[0]}", f"lscb&{said[2]}", f"lscb&{said[4]}"]
    if themes and rank != 0:
        said.append(f"rules_main:{themes[0]}")
    # the other candidates, and which of them comes first in the text: the readers' ordering
    # convention between two themes ("oversight of pathway plans" is oversight first)
    said += [f"with:{u}:{'after' if view[u]['first'] > v['first'] else 'before'}" for u in sorted(view) if u != theme]
    return said


def candidates(folded: str, view: dict, themes: Sequence[str], addressee: Optional[str]) -> tuple[dict, list]:
    """(theme → (its rule-view features, its cue features), the item's own features)."""
    cands = {
        t: (view_features(t, view, themes, addressee), [f"cue:{c}" for c in view[t]["cues"]]) for t in sorted(view)
    }
    return cands, item_features(folded)


def flat(theme: str, said: list[str], cues: list[str], own: list[str]) -> list[str]:
    """A candidate's features by name: the rules' view alone, then everything crossed with the
    theme (``theme|feature``)."""
    return ["bias", *said] + [f"{theme}|{f}" for f in ["bias", *said, *cues, *own]]


def nest(flat_weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """Flat weights by name → {"": weights of the rules' view alone, theme: its crossed weights}."""
    out: dict[str, dict[str, float]] = {}
    for name, w in flat_weights.items():
        theme, _, rest = name.rpartition("|")
        out.setdefault(theme, {})[rest] = w
    return {k: out[k] for k in sorted(out)}


def weight(part: dict, name: str) -> float:
    theme, _, rest = name.rpartition("|")
    return part.get(theme, {}).get(rest, 0.0)


def logit(part: dict, theme: str, said: list[str], cues: list[str], own: list[str]) -> float:
    """The score of one candidate: ``flat`` features looked up in nested weights without
    building their names (the fast path the import runs for every item)."""
    glob, mine = part.get("", {}), part.get(theme, {})
    z = glob.get("bias", 0.0) + sum(map(glob.get, said, repeat(0.0)))
    z += mine.get("bias", 0.0) + sum(map(mine.get, said, repeat(0.0)))
    return z + sum(map(mine.get, cues, repeat(0.0))) + sum(map(mine.get, own, repeat(0.0)))


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -30 else 0.0


@lru_cache(maxsize=1)
def load() -> Optional[dict]:
    """The shipped weights, or None when the file is absent."""
    try:
        return json.loads(resources.files(__package__).joinpath(WEIGHTS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def scores(cands: dict, own: list[str], model: dict) -> tuple[dict[str, float], dict[str, float]]:
    """Each candidate's main-subject score and membership probability."""
    main = {t: logit(model["main"], t, said, cues, own) for t, (said, cues) in cands.items()}
    member = {t: sigmoid(logit(model["member"], t, said, cues, own)) for t, (said, cues) in cands.items()}
    return main, member


def decide(
    main_score: dict[str, float], member: dict[str, float], themes: Sequence[str], model: dict, max_themes: int = 3
) -> list[str]:
    """The model's themes, main first (the rules' list when no candidate was found): the best
    main-subject score leads when it beats the rules' main subject by more than ``main_margin``;
    the other candidates whose membership reaches ``keep_above`` follow (the rules' order first)."""
    if not main_score:
        return list(themes)
    best = max(sorted(main_score), key=lambda t: main_score[t])
    main = themes[0] if themes else best
    if not themes or main_score[best] > main_score[main] + model["main_margin"]:
        main = best
    rest = sorted(
        (t for t, p in member.items() if t != main and p >= model["keep_above"]), key=lambda t: (-member[t], t)
    )
    rest = rest[: max_themes - 1]
    return [main] + [t for t in themes if t in rest] + [t for t in rest if t not in themes]


def explain(feats: list[str], model: dict, part: str, top: int = 5) -> list[str]:
    """The features that weighed most for a candidate in one of the model's parts."""
    ranked = sorted(((weight(model[part], f), f) for f in feats), key=lambda x: (-abs(x[0]), x[1]))
    return [f"{part} {f} {w:+.2f}" for w, f in ranked[:top] if w]
