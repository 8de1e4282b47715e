"""Build the learned layer's weights (src/civic_accountability/themes/theme_model.json).

Trained ONLY on labels the rules were not tuned on (``FRESH``): own-held5 (stratified, measured
once before it became training data) and the random training chunks (train_chunk*.csv, a simple
random sample of unlabelled items, seed 10101). The older label sets are in-sample for the rules
(their errors were read while writing them): they are used only with ``--old-weight`` (default 0)
and never to measure. Texts and addressees come from data/recommendations.csv.

Deterministic: items in id order, features indexed in sorted order, full-batch Adam from zero
weights for a fixed number of steps, pure Python.

``--cv`` chooses the L2 strength, the main-subject margin and the keep threshold by k-fold
cross-validation over the fresh labels (folds by the SHA-256 of the id), prints rules alone
against rules + model per fold and in total, and writes the chosen settings into the JSON.
``--check`` rebuilds with the committed settings and exits 1 when the file differs.

Usage: python scripts/build_theme_model.py [--cv [--settings-only]] [--check] [--folds 5] [--old-weight W]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes import classify as rules  # noqa: E402
from civic_accountability.themes import model as layer  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "themes"
OUT = ROOT / "src" / "civic_accountability" / "themes" / layer.WEIGHTS
#: Labels the rules were not tuned on.
FRESH = ("own_labels_held5.csv",) + tuple(f"train_chunk{k}.csv" for k in range(1, 9))
STEPS = 400
RATE = 0.1
L2_GRID = (1.0, 3.0)
MARGIN_GRID = (0.0, 0.5)
KEEP_GRID = (0.5, 0.6, 0.7)
#: Weights below this (absolute) are left out of the model.
PRUNE = 0.05
#: The settings ``--cv`` chose (rerun it after the labels change).
SETTINGS = {"l2": 1.0, "main_margin": 0.0, "keep_above": 0.6}


def read_labels(path: Path) -> dict[str, list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return {r["recommendation_id"]: r["themes"].split(";") for r in csv.DictReader(f)}


#: recommendation_id → the fresh set it is from (for the per-set table of ``--cv``).
SOURCE: dict[str, str] = {}


def fresh_labels(recs: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in FRESH:
        if (FIXTURES / name).exists():
            labels = read_labels(FIXTURES / name)
            out.update(labels)
            SOURCE.update(dict.fromkeys(labels, "own-held5" if "held5" in name else "train-chunks"))
    return {rid: g for rid, g in sorted(out.items()) if rid in recs and g != [""]}


def old_labels(recs: dict, fresh: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(FIXTURES.glob("own_labels*.csv")):
        if path.name not in FRESH:
            out.update(read_labels(path))
    return {rid: g for rid, g in sorted(out.items()) if rid in recs and rid not in fresh and g != [""]}


def rows_of(labels: dict, recs: dict) -> list[tuple]:
    """Per item: (id, gold, the rules' themes, {candidate: features})."""
    rows = []
    for rid, gold in labels.items():
        r = recs[rid]
        found = rules.classify_by_rules(r["text"], r["addressee"])
        cands, own = rules.model_input(found, r["addressee"]) if found.themes else ({}, [])
        rows.append((rid, gold, found.themes, {t: layer.flat(t, *c, own) for t, c in cands.items()}))
    return rows


def _index(rows, weight_of) -> tuple[list[str], list, list]:
    names = sorted({f for _, _, _, feats in rows for fs in feats.values() for f in fs})
    at = {f: i for i, f in enumerate(names)}
    member, main = [], []
    for rid, gold, _, feats in rows:
        w = weight_of(rid)
        for t, fs in feats.items():
            member.append(([at[f] for f in fs], float(t in gold), w))
        if gold[0] in feats:
            group = sorted(feats)
            main.append(([[at[f] for f in feats[t]] for t in group], group.index(gold[0]), w))
    return names, member, main


def _descend(n: int, grad_of, l2: float, total: float) -> list[float]:
    """Full-batch Adam on the mean loss plus ``l2``/total times half the squared weights."""
    w, m, v = [0.0] * n, [0.0] * n, [0.0] * n
    b1, b2 = 0.9, 0.999
    for step in range(1, STEPS + 1):
        g = grad_of(w)
        c1, c2 = 1 - b1**step, 1 - b2**step
        for i in range(n):
            gi = (g[i] + l2 * w[i]) / total
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            w[i] -= RATE * (m[i] / c1) / (math.sqrt(v[i] / c2) + 1e-8)
    return w


def _member_grad(examples):
    def grad(w):
        g = [0.0] * len(w)
        for idx, y, wt in examples:
            z = sum(map(w.__getitem__, idx))
            e = wt * ((1 / (1 + math.exp(-z)) if z > -30 else 0.0) - y)
            for i in idx:
                g[i] += e
        return g

    return grad


def _main_grad(groups):
    def grad(w):
        g = [0.0] * len(w)
        for cands, gold, wt in groups:
            zs = [sum(map(w.__getitem__, idx)) for idx in cands]
            top = max(zs)
            ps = [math.exp(z - top) for z in zs]
            s = sum(ps)
            for k, idx in enumerate(cands):
                e = wt * (ps[k] / s - (k == gold))
                for i in idx:
                    g[i] += e
        return g

    return grad


def fit(rows, l2: float, weight_of=lambda rid: 1.0) -> dict:
    names, member, main = _index(rows, weight_of)
    wm = _descend(len(names), _member_grad(member), l2, sum(x[2] for x in member))
    wn = _descend(len(names), _main_grad(main), l2, sum(x[2] for x in main))

    def keep(w):  # weights too small to matter are dropped (the file stays small)
        return {names[i]: round(x, 3) for i, x in enumerate(w) if abs(x) >= PRUNE}

    return {"member": keep(wm), "main": keep(wn)}


def measure(rows, model=None) -> dict:
    tp = fp = fn = right = 0
    for _, gold, themes, feats in rows:
        if model and feats:
            main = {t: _logit(model["main"], f) for t, f in feats.items()}
            member = {t: layer.sigmoid(_logit(model["member"], f)) for t, f in feats.items()}
            got = layer.decide(main, member, themes, model, rules.MAX_THEMES)
        else:
            got = themes
        tp += len(set(got) & set(gold))
        fp += len(set(got) - set(gold))
        fn += len(set(gold) - set(got))
        right += bool(got) and got[0] == gold[0]
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "right": right}


def _logit(weights: dict[str, float], feats: list[str]) -> float:
    return sum(weights.get(f, 0.0) for f in feats)


def figures(m: dict) -> tuple[float, float]:
    return 2 * m["tp"] / (2 * m["tp"] + m["fp"] + m["fn"]), m["right"] / m["n"]


def fold_of(rid: str, k: int) -> int:
    return int(hashlib.sha256(rid.encode()).hexdigest(), 16) % k


def _add(a: dict, b: dict) -> dict:
    return {key: a.get(key, 0) + b[key] for key in b}


def _row(name: str, a: dict, b: dict) -> str:
    (f1a, ma), (f1b, mb) = figures(a), figures(b)
    return f"| {name} | {a['n']} | {f1a:.3f} | {ma:.3f} | {f1b:.3f} | {mb:.3f} |"


def cross_validate(rows, old_rows, k: int, old_weight: float, grid: tuple) -> dict:
    """Every setting of the grid, scored on held-out folds of the fresh labels; the best by
    F1 + main subject. Prints the per-fold and per-set tables of the chosen setting."""
    weight_of = {r[0]: old_weight for r in old_rows}.get
    l2_grid, margin_grid, keep_grid = grid
    results, fitted = {}, {}
    for l2 in l2_grid:
        models = fitted[l2] = []
        for j in range(k):
            train = [r for r in rows if fold_of(r[0], k) != j] + (old_rows if old_weight else [])
            models.append(fit(train, l2, lambda rid: weight_of(rid, 1.0)))
        for margin in margin_grid:
            for keep in keep_grid:
                per = []
                for j, m in enumerate(models):
                    test = [r for r in rows if fold_of(r[0], k) == j]
                    per.append((measure(test), measure(test, {**m, "main_margin": margin, "keep_above": keep})))
                total = (sum_of(p[0] for p in per), sum_of(p[1] for p in per))
                f1, main = figures(total[1])
                print(f"l2 {l2:<4} margin {margin:<4} keep {keep:<4}: CV F1 {f1:.3f} main {main:.3f}", flush=True)
                results[(l2, margin, keep)] = (f1 + main, per, total)
    best = max(results, key=lambda s: (round(results[s][0], 6), -s[0], s[1], -abs(s[2] - 0.5)))
    _, per, total = results[best]
    print(f"\nchosen: l2 {best[0]} margin {best[1]} keep {best[2]}  ({k} folds by sha256 of the id)")
    print("| fold | items | rules F1 | rules main | model F1 | model main |\n|---|---:|---|---|---|---|")
    for j, (a, b) in enumerate(per):
        print(_row(str(j), a, b))
    print(_row("all", *total))
    l2, margin, keep = best
    models = fitted[l2]
    by_set: dict = {}
    for r in rows:
        m = {**models[fold_of(r[0], k)], "main_margin": margin, "keep_above": keep}
        a, b = by_set.get(SOURCE.get(r[0], "?"), ({}, {}))
        by_set[SOURCE.get(r[0], "?")] = (_add(a, measure([r])), _add(b, measure([r], m)))
    print("\n| set (out of fold) | items | rules F1 | rules main | model F1 | model main |\n|---|---:|---|---|---|---|")
    for name in sorted(by_set):
        print(_row(name, *by_set[name]))
    return {"l2": best[0], "main_margin": best[1], "keep_above": best[2]}


def sum_of(ms) -> dict:
    out: dict = {}
    for m in ms:
        out = _add(out, m)
    return out


def digest(rows) -> str:
    """The SHA-256 of the training rows (ids, labels, the rules' answer and every feature)."""
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]


def build(recs: dict, settings: dict, old_weight: float = 0.0) -> str:
    fresh = fresh_labels(recs)
    rows = rows_of(fresh, recs)
    old_rows = rows_of(old_labels(recs, fresh), recs) if old_weight else []
    weight_of = {r[0]: old_weight for r in old_rows}.get
    model = fit(rows + old_rows, settings["l2"], lambda rid: weight_of(rid, 1.0))
    model = {"member": layer.nest(model["member"]), "main": layer.nest(model["main"])}
    model.update(settings, trained_on=len(rows), old_weight=old_weight, rows_sha256=digest(rows))
    return json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true", help="choose the settings by cross-validation first")
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed file is not what this builds")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--settings-only", action="store_true", help="with --cv: only the committed SETTINGS, not the grid")
    ap.add_argument("--old-weight", type=float, default=0.0, help="weight of the in-sample older sets (0: unused)")
    args = ap.parse_args()
    with open(ROOT / "data" / "recommendations.csv", newline="", encoding="utf-8") as f:
        recs = {r["recommendation_id"]: r for r in csv.DictReader(f)}
    settings = SETTINGS
    if args.cv:
        fresh = fresh_labels(recs)
        rows = rows_of(fresh, recs)
        old_rows = rows_of(old_labels(recs, fresh), recs) if args.old_weight else []
        print(f"{len(rows)} fresh items, {len(old_rows)} older items at weight {args.old_weight}")
        grid = (L2_GRID, MARGIN_GRID, KEEP_GRID)
        if args.settings_only:
            grid = tuple((SETTINGS[key],) for key in ("l2", "main_margin", "keep_above"))
        settings = cross_validate(rows, old_rows, args.folds, args.old_weight, grid)
    text = build(recs, settings, args.old_weight)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'DIFFERS: rebuild it'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} (sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
