"""Build the repeat linker's learned layer (src/civic_accountability/themes/repeat_model.json).

A logistic regression over every candidate pair of the committed judged sets in ``TRAIN``
(tests/fixtures/themes/own_repeats_<set>.csv): each later item the labellers judged against every
item of its pair's earlier inspection addressed to the same body; a pair is a positive when they
linked it (same issue or overlapping). Its columns: ``repeats.FEATURES`` (the rules' parts, the
cosine of the two items' word vectors and its lead), the 64 products of the two items' unit
vectors dimension by dimension (so the layer learns which senses of likeness mark a repeat:
``likeness_weights``) and one column per theme, 1 when both items have it as their main theme
(``main_theme_weights``). Columns standardised, L2 strength ``C`` = 0.1, lbfgs run to a tolerance
of 1e-9 (the optimum, not where a solver stopped); the weights written are of the columns as
they are.

The link threshold ``THRESHOLD`` 0.575: the best min(recall, precision) of these weights on
rounds 15-21 pooled (out of sample for them). The recipe (candidate P) was chosen on rounds
15-19 among variants, fixed with 0.55 and 0.575 before rounds 20-23 were judged, and replaced
the layer before it (the cosine and the rules' parts alone, C = 1, 0.55) on rounds 22-23 by a
rule fixed beforehand: same-issue recall 0.863, precision 0.836 there, where the layer before
found 0.839, 0.792 (notes/themes.md, eleventh round).

``TRAIN`` leaves out rounds 15-23 (own_repeats_cross23..76): the batches the recipe and its
threshold were chosen on and those judged to measure it; and the shared readers' examples (not
committed). Texts and addressees come from data/recommendations.csv, themes from the
classifier as shipped, word vectors from themes/word_vectors.json
(scripts/build_report_vectors.py).

``--check`` retrains and exits 1 when the committed weights differ by more than 1e-4.
Needs the ``model`` extra (scikit-learn); the package reads the file without it.

Usage: python scripts/build_repeat_model.py [--cv] [--check]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes import repeats as R  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "themes"
OUT = ROOT / "src" / "civic_accountability" / "themes" / R.MODEL_FILE
#: The judged sets the layer learns from: every committed set but rounds 15-23's.
TRAIN = (
    ("held", "dev")
    + tuple(f"dev{k}" for k in range(2, 9))
    + ("held2", "held3", "dev9", "dev10", "dev11", "held4", "held5")
    + ("held6", "held7", "train1", "train2", "held8", "held9", "held10", "held11", "held12")
    + tuple(f"skip{k}" for k in range(1, 12))
    + tuple(f"cross{k}" for k in range(1, 23))
)
THRESHOLD = 0.575
#: L2 strength over the standardised columns (0.1: the 89 columns beyond FEATURES need it).
C = 0.1


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def _context() -> R.Context:
    """What the linker reads of every recommendation in data/, themes as the classifier gives them."""
    from civic_accountability.themes.tables import item_themes

    recs = {r["recommendation_id"]: r for r in read(ROOT / "data" / "recommendations.csv")}
    themes = item_themes(recs.values())
    items = [
        R.item_of(rid, r["inspection_id"], themes[rid][0], r["text"], r.get("addressee")) for rid, r in recs.items()
    ]
    return R.context(items)


def examples(sets=TRAIN) -> tuple[list[list[float]], list[int], list[int], list[str]]:
    """(columns, linked 0/1, same issue 0/1, later council) of every candidate pair of ``sets``:
    a pair's columns are its ``FEATURES``, the products of its items' unit vectors, dimension by
    dimension (``likeness_weights`` weigh them), and one column per theme, 1 for the main theme
    both items have (``main_theme_weights``)."""
    ctx = _context()
    themes = theme_ids()
    x, y, same, council = [], [], [], []
    for name in sets:
        gold = read(FIXTURES / f"own_repeats_{name}.csv")
        judged = {g["later_recommendation_id"] for g in gold}
        right = {
            (g["later_recommendation_id"], g["earlier_recommendation_id"])
            for g in gold
            if g["judged"] != "no earlier item"
        }
        sames = {
            (g["later_recommendation_id"], g["earlier_recommendation_id"]) for g in gold if g["judged"] == "same issue"
        }
        for later_id, earlier_id in sorted({(g["later_inspection_id"], g["earlier_inspection_id"]) for g in gold}):
            earlier_items = ctx.by_inspection.get(earlier_id, ())
            for later in ctx.by_inspection.get(later_id, ()):
                if later.recommendation_id not in judged:
                    continue
                found = R.scored(later, earlier_items, ctx, weigh=False)
                sims = [f[0] if f else 0.0 for _, _, f in found]
                for k, (earlier, _, features) in enumerate(found):
                    if features is None:  # an item with no theme: never linked; its lead as the others'
                        others = sims[:k] + sims[k + 1 :]
                        features = [0.0, -(max(others) if others else 0.0)] + [0.0] * (len(R.FEATURES) - 2)
                    pair = (later.recommendation_id, earlier.recommendation_id)
                    a, b = ctx.vectors[later.recommendation_id], ctx.vectors[earlier.recommendation_id]
                    both = later.themes and earlier.themes and later.themes[0] == earlier.themes[0]
                    main = later.themes[0] if both else None
                    x.append(list(features) + [float(p * q) for p, q in zip(a, b)] + [float(t == main) for t in themes])
                    y.append(int(pair in right))
                    same.append(int(pair in sames))
                    council.append(later_id.split("-20")[0])
    return x, y, same, council


def theme_ids() -> list[str]:
    """The vocabulary's themes, in the themes table's order."""
    from civic_accountability.themes.tables import theme_rows

    return [t["theme_id"] for t in theme_rows()]


def _model(c: float = C):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=20000, tol=1e-9))


def fit(x, y) -> dict:
    import numpy as np

    pipe = _model().fit(x, y)
    scaler, m = pipe[0], pipe[1]
    coef = m.coef_[0] / scaler.scale_  # the weights of the columns as they are, not standardised
    intercept = float(m.intercept_[0] - coef @ scaler.mean_)
    n, dims = len(R.FEATURES), len(x[0]) - len(R.FEATURES) - len(theme_ids())
    rounded = [round(float(c), 6) for c in np.asarray(coef)]
    return {
        "about": "The repeat linker's learned layer, built by scripts/build_repeat_model.py from the committed "
        "judged pairs (TRAIN there); repeats.FEATURES says what each weight of coef reads, likeness_weights "
        "weigh the products of the two items' word vectors dimension by dimension, main_theme_weights add "
        "when both items have that main theme.",
        "features": list(R.FEATURES),
        "coef": rounded[:n],
        "likeness_weights": rounded[n : n + dims],
        "main_theme_weights": dict(zip(theme_ids(), rounded[n + dims :])),
        "intercept": round(intercept, 6),
        "threshold": THRESHOLD,
        "trained_on": list(TRAIN),
        "pairs": len(y),
    }


#: The kinds of judged pair ``--cv`` reports apart: a council's consecutive inspections (what the
#: product links), one further apart (skip), and two councils' (cross).
KINDS = ("consecutive", "skip", "cross")


def kind(name: str) -> str:
    return "cross" if name.startswith("cross") else "skip" if name.startswith("skip") else "consecutive"


def cross_validate(x, y, same, council, kinds=None, folds: int = 5) -> None:
    """Council-grouped cross-validation: recall of same-issue links and precision at each threshold,
    and at the shipped threshold for each kind of pair (``kinds``: each pair's)."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    x, y, same = np.array(x), np.array(y), np.array(same)
    p = np.zeros(len(y))
    for train, test in GroupKFold(folds).split(x, y, council):
        p[test] = _model().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    for t in np.arange(0.45, 0.70, 0.0125):
        made = p >= t
        print(
            f"threshold {t:.4f}: same-issue recall {same[made].sum() / same.sum():.3f}, precision {y[made].mean():.3f}"
        )
    for name in KINDS if kinds is not None else ():
        mine = np.array(kinds) == name
        made = mine & (p >= THRESHOLD)
        print(
            f"{name} pairs at {THRESHOLD}: same-issue recall {same[made].sum() / same[mine].sum():.3f} "
            f"({same[made].sum()}/{same[mine].sum()}), precision {y[made].mean():.3f} ({y[made].sum()}/{made.sum()})"
        )


WEIGHTS = ("coef", "likeness_weights", "main_theme_weights", "intercept")


def _weights(model: dict) -> list[float]:
    return model["coef"] + model["likeness_weights"] + list(model["main_theme_weights"].values()) + [model["intercept"]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="print council-grouped cross-validation figures")
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed weights differ from a rebuild")
    args = ap.parse_args()
    if args.cv:
        x, y, same, council, kinds = [], [], [], [], []
        for name in KINDS:
            got = examples(tuple(s for s in TRAIN if kind(s) == name))
            for whole, part in zip((x, y, same, council), got):
                whole += part
            kinds += [name] * len(got[1])
        cross_validate(x, y, same, council, kinds)
        return 0
    x, y, same, council = examples()
    built = fit(x, y)
    if args.check:
        committed = json.loads(OUT.read_text(encoding="utf-8"))
        off = max(abs(a - b) for a, b in zip(_weights(built), _weights(committed)))
        same_rest = {k: v for k, v in built.items() if k not in WEIGHTS} == {
            k: v for k, v in committed.items() if k not in WEIGHTS
        } and list(built["main_theme_weights"]) == list(committed["main_theme_weights"])
        print(
            f"{OUT.name}: {'as built' if off <= 1e-4 and same_rest else f'differs (largest weight change {off:.2g})'}"
        )
        return 0 if off <= 1e-4 and same_rest else 1
    OUT.write_text(json.dumps(built, indent=1) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {built['pairs']} pairs; weights of FEATURES {built['coef']}, "
        f"intercept {built['intercept']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
