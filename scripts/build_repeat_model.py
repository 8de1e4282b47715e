"""Build the learned repeat layer's weights (src/civic_accountability/themes/repeat_model.json).

Trained on every judged council pair in tests/fixtures/themes/own_repeats*.csv but the two sets
measured on the shipped weights (``MEASURED_ONLY``); the shared readers' five pairs are left
out (they are not the repository's to ship from). Each judged
later item is set against every item of its pair's earlier inspection, as the import does
(``repeat_model.inspection_features``, the same code); a pair the readers judged ``same issue``
or ``overlapping`` is a link. Themes come from the shipped classifier, texts from
data/recommendations.csv.

Two logistic regressions (scikit-learn, the ``model`` extra; lbfgs, deterministic), on
standardised features: ``link`` (a same-issue link weighs ``same_weight``, an overlapping one 1)
and ``same`` (same issue against overlapping, on the links). ``--cv`` chooses the L2 strength,
``same_weight`` and the two link thresholds by k-fold cross-validation with folds by council
pair (the SHA-256 of the pair), maximising the lower of same-issue recall and precision (an
overlapping link counts as right), prints the grid's best rows against the rules alone, and
writes the chosen settings into the JSON. ``--check`` rebuilds with the committed settings and
exits 1 when the file differs.

Usage: python scripts/build_repeat_model.py [--cv [--by-set] [--settings-only]] [--check] [--folds 5]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes import repeat_model as layer  # noqa: E402
from civic_accountability.themes import repeats as R  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "themes"
OUT = ROOT / "src" / "civic_accountability" / "themes" / layer.WEIGHTS
C_GRID = (0.03, 0.1, 0.3, 1.0)
SAME_WEIGHT_GRID = (1.5, 2.0, 3.0)
BEST_GRID = (0.4, 0.45, 0.5, 0.55, 0.6)
OTHER_GRID = (0.6, 0.7, 0.8)
#: The settings ``--cv`` chose (rerun it after the labels change).
SETTINGS = {"C": 0.03, "same_weight": 3.0, "best_above": 0.6, "other_above": 0.8, "same_above": 0.5}
DIGITS = 6


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


#: Judged after the weights were fixed, and measured once on them (notes/themes.md): kept out of
#: training so that the shipped weights are the ones those figures describe. The next round may
#: train on them.
MEASURED_ONLY = ("own_repeats_held10.csv", "own_repeats_held11.csv")


def label_files() -> list[Path]:
    return [p for p in sorted(FIXTURES.glob("own_repeats*.csv")) if p.name not in MEASURED_ONLY]


#: (earlier, later) inspection pair → the label set it was judged in (``--cv``'s table by set).
SET_OF: dict[tuple[str, str], str] = {}


def judged_pairs() -> dict[tuple[str, str], dict]:
    """(earlier inspection, later inspection) → {"later": judged later ids, "links": {(later, earlier): judged}}."""
    pairs: dict[tuple[str, str], dict] = {}
    for path in label_files():
        for g in read(path):
            key = (g["earlier_inspection_id"], g["later_inspection_id"])
            d = pairs.setdefault(key, {"later": set(), "links": {}})
            SET_OF.setdefault(key, path.stem.replace("own_repeats_", ""))
            d["later"].add(g["later_recommendation_id"])
            if g["earlier_recommendation_id"] and g["judged"] in ("same issue", "overlapping"):
                d["links"][(g["later_recommendation_id"], g["earlier_recommendation_id"])] = g["judged"]
    return dict(sorted(pairs.items()))


def examples() -> tuple[list, list[str]]:
    """Per judged pair: (pair key, {(later, earlier): features}, {(later, earlier): judged},
    judged later ids); and the feature names, sorted."""
    from civic_accountability.themes.tables import item_themes

    recs = read(ROOT / "data" / "recommendations.csv")
    themes = item_themes(recs)
    items = {
        r["recommendation_id"]: R.item_of(
            r["recommendation_id"], r["inspection_id"], themes[r["recommendation_id"]][0], r["text"], r["addressee"]
        )
        for r in recs
    }
    ctx = layer.Context(R.rarity(items.values()))
    by_inspection: dict[str, list] = {}
    for it in items.values():
        by_inspection.setdefault(it.inspection_id, []).append(it)
    out, names = [], set()
    for key, d in judged_pairs().items():
        feats = layer.inspection_features(by_inspection.get(key[1], []), by_inspection.get(key[0], []), ctx)
        mine = {k: f for k, f in feats.items() if k[0] in d["later"]}
        for f in mine.values():
            names |= set(f)
        out.append((key, mine, d["links"], d["later"]))
    return out, sorted(names)


def fold_of(key: tuple[str, str], k: int) -> int:
    return int(hashlib.sha256("|".join(key).encode()).hexdigest(), 16) % k


def _matrix(rows, names):
    return [[f.get(n, 0.0) for n in names] for f in rows]


def fit(data, names, settings) -> dict:
    """The two models, as ``repeat_model.probability`` reads them."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    feats, link_y, weights, same_rows, same_y = [], [], [], [], []
    for _, mine, links, _ in data:
        for k, f in mine.items():
            judged = links.get(k)
            feats.append(f)
            link_y.append(int(judged is not None))
            weights.append(settings["same_weight"] if judged == "same issue" else 1.0)
            if judged:
                same_rows.append(f)
                same_y.append(int(judged == "same issue"))

    def logistic(rows, y, w=None) -> dict:
        x = _matrix(rows, names)
        scaler = StandardScaler().fit(x)
        clf = LogisticRegression(C=settings["C"], max_iter=10000).fit(scaler.transform(x), y, sample_weight=w)
        scale = [s if s > 0 else 1.0 for s in scaler.scale_]
        return {
            "intercept": round(float(clf.intercept_[0]), DIGITS),
            "features": {
                n: [round(float(m), DIGITS), round(float(s), DIGITS), round(float(c), DIGITS)]
                for n, m, s, c in zip(names, scaler.mean_, scale, clf.coef_[0])
                if abs(c) >= 10**-DIGITS
            },
        }

    return {"link": logistic(feats, link_y, weights), "same": logistic(same_rows, same_y)}


def counts(data, decided_of) -> list[int]:
    """[same-issue links found, same-issue links, links right, links made] over ``data``."""
    found = same = right = made = 0
    for entry in data:
        _, _, links, _ = entry
        made_here = decided_of(entry)
        same_links = {k for k, j in links.items() if j == "same issue"}
        found += len(same_links & set(made_here))
        same += len(same_links)
        right += len(set(made_here) & set(links))
        made += len(made_here)
    return [found, same, right, made]


def show(label: str, c: list[int]) -> str:
    f, s, r, m = c
    return f"{label}: same-issue recall {f / s if s else 0:.3f} ({f}/{s}), precision {r / m if m else 0:.3f} ({r}/{m})"


def rules_alone(data, by_set: bool = False):
    """The rules' links on the same pairs (the judged later items only): the four counts, or
    with ``by_set`` the counts of each label set."""
    from civic_accountability.themes.tables import item_themes

    recs = read(ROOT / "data" / "recommendations.csv")
    themes = item_themes(recs)
    items = [
        R.item_of(
            r["recommendation_id"], r["inspection_id"], themes[r["recommendation_id"]][0], r["text"], r["addressee"]
        )
        for r in recs
    ]
    idf = R.rarity(items)
    by_id = {it.recommendation_id: it for it in items}
    by_inspection: dict[str, list] = {}
    for it in items:
        by_inspection.setdefault(it.inspection_id, []).append(it)

    def decided(entry):
        key, _, _, later_ids = entry
        out = []
        for lid in later_ids:
            later = by_id[lid]
            for e in by_inspection.get(key[0], []):
                if e.addressee == later.addressee and R.judge(later, e, idf):
                    out.append((lid, e.recommendation_id))
        return out

    if by_set:
        return {name: counts([d for d in data if SET_OF[d[0]] == name], decided) for name in set(SET_OF.values())}
    return counts(data, decided)


def cross_validate(data, names, k: int, by_set: bool = False) -> dict:
    """Out-of-fold probabilities for each (C, same_weight), then every threshold pair scored;
    the settings with the best lower of recall and precision (then the higher sum). Folds by
    council pair, or with ``by_set`` one per label set (each set judged by one labeller: a new
    labeller's councils, the harder test)."""
    sets = sorted({SET_OF[d[0]] for d in data})
    fold_of_pair = (lambda key: sets.index(SET_OF[key])) if by_set else (lambda key: fold_of(key, k))
    results, runs = [], {}
    for c in C_GRID:
        for sw in SAME_WEIGHT_GRID:
            settings = {**SETTINGS, "C": c, "same_weight": sw}
            probs: dict = {}
            for fold in range(len(sets) if by_set else k):
                train = [d for d in data if fold_of_pair(d[0]) != fold]
                model = fit(train, names, settings)
                for d in data:
                    if fold_of_pair(d[0]) == fold:
                        probs[d[0]] = {key: layer.probability(model["link"], f) for key, f in d[1].items()}
            for best in BEST_GRID:
                for other in OTHER_GRID:
                    t = {"best_above": best, "other_above": other}
                    c4 = counts(data, lambda d, t=t: list(threshold(probs.get(d[0], {}), t)))
                    rec, prec = c4[0] / c4[1], c4[2] / c4[3] if c4[3] else 0.0
                    results.append((min(rec, prec), rec + prec, {**settings, **t}, c4))
            runs[(c, sw)] = probs
    results.sort(key=lambda r: (-r[0], -r[1], json.dumps(r[2], sort_keys=True)))
    for low, _, s, c4 in results[:8]:
        print(show(f"  cv {json.dumps(s, sort_keys=True)}", c4))
    chosen = results[0][2]
    probs = runs[(chosen["C"], chosen["same_weight"])]
    print("the chosen settings, out of fold, by label set (rules alone beside):")
    rules = rules_alone(data, by_set=True)
    for name in sorted({SET_OF[d[0]] for d in data}):
        mine = [d for d in data if SET_OF[d[0]] == name]
        c4 = counts(mine, lambda d: list(threshold(probs.get(d[0], {}), chosen)))
        print(f"  {show(name, c4)} | rules {show('', rules[name])[2:]}")
    return chosen


def threshold(p: dict, t: dict) -> dict:
    top: dict[str, float] = {}
    for (later, _), q in p.items():
        top[later] = max(top.get(later, 0.0), q)
    return {key: q for key, q in p.items() if q >= (t["best_above"] if q == top[key[0]] else t["other_above"])}


def digest(pairs: dict) -> str:
    """The SHA-256 of the judgements (``judged_pairs``) the weights were trained on."""
    h = hashlib.sha256()
    for key, d in pairs.items():
        h.update(json.dumps([key, sorted(d["later"]), sorted(map(list, d["links"].items()))]).encode())
    return h.hexdigest()


def build(data, names, settings: dict) -> str:
    model = fit(data, names, settings)
    doc = {
        "about": "Learned repeat layer (themes/repeat_model.py), built by scripts/build_repeat_model.py.",
        "labels_digest": digest(judged_pairs()),
        "trained_on": len(data),
        "settings": settings,
        "best_above": settings["best_above"],
        "other_above": settings["other_above"],
        "same_above": settings["same_above"],
        **model,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true", help="choose the settings by cross-validation")
    ap.add_argument("--settings-only", action="store_true", help="with --cv: print, do not write")
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed weights differ")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--by-set", action="store_true", help="with --cv: one fold per label set, not per council pair")
    args = ap.parse_args()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("build_repeat_model.py needs scikit-learn: pip install -e '.[model]'", file=sys.stderr)
        return 2
    data, names = examples()
    print(f"{len(data)} judged council pairs, {sum(len(d[1]) for d in data)} scored candidate pairs")
    settings = dict(SETTINGS)
    if args.cv:
        print(show("rules alone (in-sample for the councils they were written from)", rules_alone(data)))
        settings = cross_validate(data, names, args.folds, args.by_set)
        print("chosen:", json.dumps(settings, sort_keys=True))
        if args.settings_only:
            return 0
    text = build(data, names, settings)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("repeat_model.json is up to date" if same else "repeat_model.json differs: rebuild it")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
