"""A learned layer for the repeat links: which of a later item's candidates a reader would link.

The rules (``repeats.py``) were written from the councils judged in rounds one to four, and on
councils judged afterwards they found about seven in ten of the readers' same-issue links. This
layer scores every candidate pair (a later item and an item of the council's previous inspection
with recommendations, addressed to the same body) with a logistic model over a few dozen
numbers the rules' parts compute, none of them a rule's verdict:

* the themes: the same main subject, one's main among the other's themes, how many in common;
* the words: the whole-text share (both ways), the head-of-ask score and shared weight, shared
  and shared rare words, rarity-weighted cosine of the whole texts and of the heads;
* the named activities (``activities.csv``) of the heads and of the whole texts, the groups of
  children, the two vetoes' conditions, "this was a recommendation at the last inspection";
* the pair against the later item's other candidates (is it the best by each score, by how
  much, its score over the best one's), and whether the later item is the earlier one's best
  match by cosine.

A pair is linked when its probability reaches ``best_above`` and no other candidate of the later
item scores higher, or ``other_above`` when one does (most later items repeat one earlier item;
a second link needs more). A second logistic model over the same numbers says ``same_issue``
(probability at least ``same_above``) or ``overlapping``.

Both are trained by ``scripts/build_repeat_model.py`` (scikit-learn, the ``model`` extra) on
the judged council pairs of ``tests/fixtures/themes/own_repeats*.csv`` but the two sets measured
on the shipped weights, its settings chosen by cross-validation; the weights are plain JSON
(``repeat_model.json``, package data) read with the standard library. Pairs that share no word,
theme or activity are never scored (nor linked): that keeps the import fast. On councils judged
after the rules were written it finds more of the readers' same-issue links than the rules at
the same precision, still short of 0.8 / 0.8 (notes/themes.md, "Seventh round").
Switch: ``ENABLED`` (off: the rules' links stand).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Optional, Sequence

from civic_accountability.themes import repeats as R
from civic_accountability.themes.model import package_json

#: The learned layer decides the links (notes/themes.md, "Seventh round").
ENABLED = True
WEIGHTS = "repeat_model.json"

#: The scores each pair is also measured on against the later item's other candidates.
RELATIVE = ("head_ov", "whole", "cos", "shared_w", "cos_head")


@dataclass
class Context:
    """The rarities over all items, and each item's weight totals, computed once."""

    idf: R.Rarity
    cache: R.Weights = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    def of(self, item: R.Item) -> tuple[float, float, float]:
        """(the item's whole-text weight, its norm, its head's norm): the denominators of the
        whole-text share and the two cosines."""
        found = self.totals.get(item.recommendation_id)
        if found is None:
            plain, words = self.idf.plain, self.idf.words
            weights = [plain.get(w, 1.0) for w in item.plain or item.words]
            head = [words.get(w, 1.0) for w in item.head or item.words]
            found = (sum(weights), math.sqrt(sum(w * w for w in weights)), math.sqrt(sum(w * w for w in head)))
            self.totals[item.recommendation_id] = found
        return found


def related(later: R.Item, earlier: R.Item) -> bool:
    """The pair shares a word (either reading), a theme or a named activity: only such pairs are scored."""
    return bool(
        later.words & earlier.words
        or (later.plain & earlier.plain)
        or set(later.themes) & set(earlier.themes)
        or later.activities & earlier.activities
    )


def pair_features(later: R.Item, earlier: R.Item, ctx: Context) -> dict[str, float]:
    """The pair's own numbers (``RELATIVE`` ones are added by ``candidate_features``)."""
    idf = ctx.idf
    lt, et = later.themes, earlier.themes
    f: dict[str, float] = {}
    if lt and et:
        common = set(lt) & set(et)
        f["has_themes"] = 1.0
        f["same_main"] = float(lt[0] == et[0])
        f["lmain_in_e"] = float(lt[0] in et)
        f["emain_in_l"] = float(et[0] in lt)
        f["n_shared_th"] = float(len(common))
        f["th_jacc"] = len(common) / len(set(lt) | set(et))
        f["l_subset"] = float(set(lt) <= set(et))
    f["veto_act"] = float(bool(later.activities and earlier.activities and not later.activities & earlier.activities))
    f["veto_broad"] = float(R.broad_only(later, earlier))
    lp, ep = later.plain or later.words, earlier.plain or earlier.words
    l_total, l_norm, l_head = ctx.of(later)
    e_total, e_norm, e_head = ctx.of(earlier)
    weights = [idf.plain.get(w, 1.0) for w in lp & ep]
    shared_plain = sum(weights)
    f["whole"] = shared_plain / l_total if l_total else 0.0
    f["whole_rev"] = shared_plain / e_total if e_total else 0.0
    f["cos"] = sum(w * w for w in weights) / (l_norm * e_norm) if l_norm and e_norm else 0.0
    shared_w = R.shared_weight(later, earlier, idf.words, ctx.cache)
    lighter = min(R._weights(later, idf.words, ctx.cache)[1], R._weights(earlier, idf.words, ctx.cache)[1])
    f["head_ov"] = shared_w / lighter if lighter else 0.0
    f["shared_w"] = shared_w
    shared = later.words & earlier.words
    f["n_shared"] = float(len(shared))
    f["n_rare"] = float(sum(idf.words.get(w, 1.0) >= R.RARE for w in shared))
    heads = (later.head or later.words) & (earlier.head or earlier.words)
    f["n_shared_head"] = float(len(heads))
    f["cos_head"] = sum(idf.words.get(w, 1.0) ** 2 for w in heads) / (l_head * e_head) if l_head and e_head else 0.0
    acts = later.activities & earlier.activities
    either = later.activities | earlier.activities
    f["act_shared"] = float(len(acts))
    f["act_shared_nb"] = float(len(acts - R.BROAD))
    f["act_jacc"] = len(acts) / len(either) if either else 0.0
    f["same_lead"] = float(bool(later.leading) and later.leading == earlier.leading)
    f["diff_groups"] = float(R.different_groups(later, earlier))
    f["shared_groups"] = float(bool(later.groups & earlier.groups))
    mentioned = R._mentions(later.folded) & R._mentions(earlier.folded)
    f["ment_shared"] = float(len(mentioned))
    f["ment_shared_nb"] = float(len(mentioned - R.BROAD))
    f["says"] = float(later.says_repeat)
    f["l_len"] = math.log1p(len(later.words))
    f["e_len"] = math.log1p(len(earlier.words))
    return f


def candidate_features(later: R.Item, earlier_items: Sequence[R.Item], ctx: Context) -> dict[str, dict[str, float]]:
    """earlier id → features, for the later item's related candidates among ``earlier_items``
    (already of its addressee), each pair also measured against the others (``RELATIVE``)."""
    found = {e.recommendation_id: pair_features(later, e, ctx) for e in earlier_items if related(later, e)}
    n = math.log1p(len(earlier_items))
    for key in RELATIVE:
        ranked = sorted((f[key] for f in found.values()), reverse=True)
        best = ranked[0] if ranked else 0.0
        second = ranked[1] if len(ranked) > 1 else 0.0
        for f in found.values():
            f[key + "_rel"] = f[key] / best if best else 0.0
            f[key + "_best"] = float(f[key] == best and best > 0)
            f[key + "_gap"] = f[key] - (second if f[key] == best else best)
    for f in found.values():
        f["n_cands"] = n
    return found


def inspection_features(
    later_items: Sequence[R.Item], earlier_items: Sequence[R.Item], ctx: Context
) -> dict[tuple[str, str], dict[str, float]]:
    """(later id, earlier id) → features, for every related pair of one inspection and the one
    before it, each item against the other inspection's items of its addressee."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for later in later_items:
        mine = [e for e in earlier_items if e.addressee == later.addressee]
        for eid, f in candidate_features(later, mine, ctx).items():
            out[(later.recommendation_id, eid)] = f
    best: dict[str, float] = {}
    for (_, eid), f in out.items():
        best[eid] = max(best.get(eid, 0.0), f["cos"])
    for (_, eid), f in out.items():
        f["cos_best_for_e"] = float(f["cos"] > 0 and f["cos"] == best[eid])
    return out


@lru_cache(maxsize=1)
def load() -> Optional[dict]:
    """The shipped weights, or None when the file is absent."""
    return package_json(WEIGHTS)


def _unscaled(part: dict) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The model with its standardisation folded in: (intercept, ((name, weight), ...)), kept in ``part``."""
    if "_unscaled" not in part:
        weights = tuple((name, c / s) for name, (m, s, c) in part["features"].items())
        part["_unscaled"] = (part["intercept"] - sum(c * m / s for m, s, c in part["features"].values()), weights)
    return part["_unscaled"]


def probability(part: dict, f: Mapping[str, float]) -> float:
    """A logistic model (``{"intercept", "features": {name: [mean, scale, coef]}}``, on
    standardised features) on features ``f``."""
    intercept, weights = _unscaled(part)
    z = intercept + sum(w * f.get(name, 0.0) for name, w in weights)
    return 1 / (1 + math.exp(-z)) if z > -30 else 0.0


def decide(features: Mapping[tuple[str, str], Mapping[str, float]], model: dict) -> dict[tuple[str, str], str]:
    """(later id, earlier id) → ``same_issue`` / ``overlapping`` for the pairs the model links."""
    p = {k: probability(model["link"], f) for k, f in features.items()}
    top: dict[str, float] = {}
    for (later, _), q in p.items():
        top[later] = max(top.get(later, 0.0), q)
    out = {}
    for k, q in p.items():
        if q >= (model["best_above"] if q == top[k[0]] else model["other_above"]):
            same = probability(model["same"], features[k]) >= model["same_above"]
            out[k] = "same_issue" if same else "overlapping"
    return out


def explain(f: Mapping[str, float], model: dict, top: int = 6) -> list[str]:
    """The features that weighed most in a pair's link probability, with their contributions."""
    parts = [(c * (f.get(name, 0.0) - m) / s, name) for name, (m, s, c) in model["link"]["features"].items()]
    ranked = sorted(parts, key=lambda x: (-abs(x[0]), x[1]))[:top]
    return [f"{name}={f.get(name, 0.0):.2f} {w:+.2f}" for w, name in ranked]


def link(
    items: Sequence[R.Item], histories: Mapping[str, Sequence[str]], model: dict
) -> list[tuple[str, str, str, str]]:
    """(later id, earlier id, judged, method) for every repeat, sorted by key: the model's links
    (``method = model``), and an item that says it was asked before linked as the rules link it
    (``repeats.said_before``, ``method = rule``, ``same_issue``) when the model found it no same
    issue (that link replaces the model's ``overlapping`` for the same pair)."""
    ctx = Context(R.rarity(items))
    out = []
    for later_items, earlier_items in R.consecutive(items, histories):
        found: dict[str, dict[str, str]] = {}
        for (later_id, earlier_id), judged in decide(
            inspection_features(later_items, earlier_items, ctx), model
        ).items():
            found.setdefault(later_id, {})[earlier_id] = judged
        for later in later_items:
            mine = found.get(later.recommendation_id, {})
            said = R.said_before(later, mine, earlier_items, ctx.idf.words, ctx.cache)
            out += [(later.recommendation_id, e, judged, "model") for e, judged in mine.items() if e not in said]
            out += [(later.recommendation_id, e, judged, "rule") for e, judged in said.items()]
    return sorted(out)
