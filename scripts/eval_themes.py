"""Measure the theme classifier and the repeat links on items they were not built from.

Themes: micro-F1 over (item, theme) pairs and the share of items whose main subject is right,
on two labelled sets the rules were not written from:
  * the shared examples (themes/examples.csv of the shared inputs, two readers' labels), split by
    the SHA-256 of the recommendation id: ids whose hash starts 0-7 are the development half
    (errors read while writing cues), 8-f the held-out half (only its figures were read);
  * tests/fixtures/themes/own_labels.csv (own-dev): 50 items, the first 50 by the SHA-256 of their
    id among the items not in the examples, labelled by hand from themes.csv before the
    classifier existed; its errors were then read while writing cues;
  * tests/fixtures/themes/own_labels_test.csv (own-held): 40 more items (positions 200-239 in the
    same order), labelled by hand before the classifier was run on them; only figures read;
  * tests/fixtures/themes/own_labels_dev2.csv (own-dev2): 45 more (positions 300-344), labelled
    by hand, then used like own-dev: errors read while improving the cues; own_labels_dev3.csv
    (own-dev3): 45 more (positions 400-444), the same way; own_labels_dev4.csv (own-dev4):
    positions 500-544, the same way.
  * own_labels_dev5/6/7.csv (own-dev5..7, second pass): 50, 50 and 40 items not in any other set,
    drawn with random.Random(3333 / 4444 / 5555), labelled by hand before the classifier was run
    on them, then used as development sets (errors read);
  * own_labels_held2.csv (own-held2, second pass, HELD OUT): 64 items not in any other set,
    drawn with random.Random(2222) stratified by framework (SIF 30, ILACS 2018 12, ILACS 2023 10,
    TLAC 6, ILACS 2026 6), labelled by hand before the classifier was run on them; figures only.
  * own_labels_dev8.csv (own-dev8, third pass): 40 items not in any other set, drawn with
    random.Random(6666) stratified by framework (SIF 22, ILACS 2018 8, ILACS 2023 6, TLAC 2,
    ILACS 2026 2), labelled by hand before the classifier was run on them; then development;
  * own_labels_held3.csv (own-held3, third pass, HELD OUT): 48 items not in any other set, drawn
    with random.Random(2226) stratified by framework (SIF 22, ILACS 2018 10, ILACS 2023 10,
    TLAC 3, ILACS 2026 3), labelled by hand before the classifier was run on them; figures only.
  Third pass: 8 rows of the development files (own-dev, dev2, dev3, dev4, dev6) had their theme
  ORDER corrected to the shared readers' ordering convention (classify.py's docstring, item 4);
  which themes they hold is unchanged. Held-out files are as labelled.
  Fourth pass (issue 22's classifier round): every set above, the former held-out ones (held,
  own-held, own-held2, own-held3) included, is now DEVELOPMENT: their errors were read while
  changing the rules, so none of these figures is out-of-sample any more; a fresh held-out set
  is labelled and measured elsewhere. No label was changed in this pass. The round's rules and
  their per-set effect are in notes/themes.md ("Measured").
  * own_labels_held4.csv (own-held4): 100 items drawn with random.Random(7777) stratified by
    framework (SIF 67, ILACS 2018 17, ILACS 2023 10, TLAC 3, ILACS 2026 3) from items in no other
    set, labelled by hand before the classifier ran on it by a labeller calibrated against the
    shared readers (92% main-subject agreement on 25 of their examples); measured once, after the
    fourth pass, at micro-F1 0.871 / main subject 0.770; then development (fifth pass).
  Fifth pass (issue 22, round two): the main-subject errors of every set above were read
  together; rules kept only when they fix errors in at least two sets (notes/themes.md, "Fifth
  round"). No label was changed. Every figure printed here is in-sample.
  * own_labels_held5.csv (own-held5): 100 items drawn with random.Random(8888) stratified by
    framework from items in no other set, labelled by a calibrated labeller before the classifier
    ran on it (notes: notes/labels/themes-held5*.md); measured once on main at 0.844 / 0.750 and on
    the tclass round-two rules at 0.833 / 0.740; then training data for the learned re-ranker
    (themes/model.py, scripts/build_theme_model.py), so no longer out-of-sample for it.
  * train_chunk1..8.csv (train-chunks): 8 x 160 items, simple random samples of items in no other
    set (chunks 1-5 random.Random(10101), 6-8 random.Random(10102); notes/labels/draw_train*.py), labelled by calibrated labellers before the classifier ran on them;
    out-of-sample for the rules (no rule was written from them), training data for the learned
    layer (out-of-sample figures for it: ``build_theme_model.py --cv``).
  * own_labels_held6.csv (own-held6, HELD OUT): 100 items drawn with random.Random(12121)
    stratified by framework (SIF 67, ILACS 2018 17, ILACS 2023 10, TLAC 3, ILACS 2026 3) from
    items in no other set and in no training chunk (notes/labels/draw_train.py), labelled by a
    labeller who never saw the classifier's output (notes/labels/themes-held6.md); measured on
    main before this round at 0.845 / 0.810, on the round-two rules at 0.857 / 0.860, and once
    on the shipped classifier (rules + learned layer) at 0.886 / 0.860. Nothing was changed
    after that measurement.
Repeats: recall of the readers' same-issue links (themes/repeat_examples.csv) and precision of
the links made for those later items (overlapping counts as right), on the shared examples and
on twenty-five sets of own judgements, each a set of councils' consecutive inspections with
recommendations judged by reading both lists before any linker was run on them:
  * own_repeats_held.csv (own-held): 12 councils drawn with random.Random(2223); measured held
    out once (0.75/0.75 with the first linker), then development;
  * own_repeats_dev.csv .. own_repeats_dev8.csv (own-dev .. own-dev8): 12, 8, 8, 9, 9, 10, 10
    and 14 councils not in any earlier set, drawn by scripts/pick_repeat_pairs.py with seeds
    2224 .. 2231 (SIF -> ILACS 2018, ILACS 2018 -> 2023, -> ILACS 2026). Each of dev3 .. dev8 was
    measured once on the linker of the day before its errors were read (notes/themes.md has
    those figures); all are development now;
  * own_repeats_held2.csv, own_repeats_held3.csv (own-held2, own-held3): 15 councils each, drawn
    with random.Random(9191) / random.Random(9292) and judged by another labeller before any
    linker ran on them (notes: notes/labels/repeats-held2.md, repeats-held3.md); measured once on the
    first-round linker (8308ab2) at recall 4/9, precision 7/9 (held2) and 8/9, 11/13 (held3);
    development since (their councils whose later inspection id's SHA-256 starts 8-f were only
    scored, once, on candidates fixed beforehand, then read);
  * own_repeats_dev9.csv .. own_repeats_dev11.csv (own-dev9 .. own-dev11): 13, 13 and 12
    councils not in any earlier set, drawn by scripts/pick_repeat_pairs.py with seeds 3141 ..
    3143 and judged by reading both lists before any linker ran on them; each scored once on
    candidates fixed beforehand (notes/themes.md), development since;
  * own_repeats_held4.csv (own-held4): 20 councils, each one's latest inspection with
    recommendations and the previous one (all ILACS 2018 -> 2023), drawn with random.Random(9595)
    from councils in no earlier set; own_repeats_held5.csv (own-held5): 15 councils' SIF
    inspection -> their next, drawn with random.Random(9696) (pairs in no earlier set, at most 15
    later items; local-authority items only, board items not judged). Both judged by another
    labeller before any linker ran on them (notes: notes/labels/repeats-held4.md, repeats-held5.md); scored
    once on the second-round linker (b18ba49): held4 recall 6/7, precision 11/13; held5 recall
    9/11, precision 20/29 (the first-round linker: 13/18, 32/41 pooled); development since.
  * own_repeats_held6.csv (own-held6): 20 pairs of consecutive inspections with
    recommendations (10 from a SIF inspection, 10 ILACS 2018 -> 2023), drawn with
    random.Random(9797) from pairs in no other set, local-authority items only, judged by a
    labeller told to be as strict as the shared readers, before any linker ran on them
    (notes/labels/repeats-held6.md); measured on the first-round linker at 10/15, 19/29, on the
    second at 11/15, 22/36, and once on the third-round code at recall 11/15 (0.733), precision
    21/30 (0.700); DEVELOPMENT since (round four read its false links and misses: no change
    that helped it moved any other set, so the linker was left as it was; notes/themes.md).
  * own_repeats_held7.csv (own-held7, HELD OUT): 20 pairs (10 from a SIF inspection, 10 ILACS
    2018 -> 2023), drawn with random.Random(9898) from pairs in no other set, local-authority
    items only, judged by a labeller told to match the shared readers' standard, before any
    linker ran on them (notes/labels/repeats-held7.md); measured once on the shipped linker
    (round three; round four changed nothing): recall 15/23 (0.652), precision 35/42 (0.833).
    Nothing was changed after that measurement; development since (fifth round).
  Fifth round: five more batches, drawn by the coordinator from pairs in no other set
  (notes/labels/draw_repeats.py reproduces each draw) and judged by labellers before any linker
  ran on them (notes/labels/repeats-*.md), to train and measure a learned repeat layer that was
  then NOT shipped (notes/themes.md, "Seventh round"); the figures here are the rules':
  * own_repeats_train1.csv, own_repeats_train2.csv (own-train1, own-train2): 20 pairs each
    (random.Random(10404)), the layer's training data; out of sample for the rules;
  * own_repeats_held8.csv, own_repeats_held9.csv (own-held8, own-held9): 20 pairs each, same
    draw; measured once on the rules at recall 38/47 (0.809), precision 69/85 (0.812);
  * own_repeats_held10.csv, own_repeats_held11.csv (own-held10, own-held11): the 39 pairs left
    (random.Random(10505)); measured once on the rules at 26/35 (0.743), 42/57 (0.737);
  * own_repeats_held12.csv (own-held12): the last 7 consecutive pairs, whose later lists have
    more than 15 items; measured once on the rules at 22/30 (0.733), 44/56 (0.786).
  Every consecutive pair of inspections with recommendations is now judged. held10 and held11
  were also judged, blind, by two more labellers with the same brief
  (agreement_repeats_held10b.csv, agreement_repeats_held11b.csv): the last line scores the second
  labeller against the first, as the linker is scored. The errors of all of these but held8 and
  held12 were read in the fourth session.
  * own_repeats_skip1..9.csv (own-skip1..9, fourth session): all 186 pairs of a council's
    inspection and the one before its previous one (random.Random(10606), 10707);
    own_repeats_skip10/11.csv: all 41 pairs three inspections apart (random.Random(10808));
    own_repeats_cross1..4.csv: 80 pairs of a council's later inspection and another council's
    earlier one of the same frameworks (random.Random(10909)). Each batch was scored once on
    candidates fixed beforehand (notes/themes.md, eighth round); skip1-9's errors were read
    after. The links are made between exactly each set's pairs (``pair_links``).
  * own_repeats_cross5..10.csv (fifth session, round 12): 120 more such pairs, each later
    inspection one no earlier cross pair used (random.Random(11111)); scored once on the shipped
    linker and three candidates fixed beforehand (notes/themes.md, ninth round);
    own_repeats_cross11..16.csv (round 13): 120 more, later inspections in neither earlier round
    (random.Random(11212)), scored the same way; own_repeats_cross17..22.csv (round 14): 120 more,
    each later inspection with the earlier one two further on in its group (random.Random(11313));
    own_repeats_cross23..28.csv (round 15): 120 more, three further on (random.Random(11414));
    own_repeats_cross29..34.csv (round 16): 120 more, four further on (random.Random(11616)),
    judged after the learned layer shipped and scored once on it: a measurement only;
    own_repeats_cross35..40.csv (round 17): 120 more, five further on (random.Random(11717)), a
    second measurement only; own_repeats_cross41..46.csv (round 18): 120 more, six further on
    (random.Random(11818)), on which the threshold 0.55 (picked on rounds 15-17) replaced 0.5625;
    own_repeats_cross47..52.csv (round 19): 120 more, seven further on (random.Random(11919)), a
    measurement of the linker as shipped after round 18; own_repeats_cross53..64.csv (rounds 20
    and 21, random.Random(12020), (12121)) and own_repeats_cross65..76.csv (rounds 22 and 23,
    (12222), (12323)): 240 more each, eight to eleven further on, judged in pairs and scored once
    on the shipped linker and candidates fixed beforehand (notes/themes.md, eleventh round).
  The learned layer (repeats.MODEL: a logistic regression over the rules' parts, the similarity
  of the two items' word vectors and, from the sixth session, their dimensions weighed apart) is
  TRAINED on every own set above but rounds 15 to 23 (scripts/build_repeat_model.py): their
  figures are in-sample for it, as most are for the rules. Rounds 15 to 21 are out of sample for
  its weights (its recipe was chosen on 15-19 among variants, its threshold 0.575 on 15-21);
  rounds 22 and 23, on which it replaced the fifth session's layer by a rule fixed beforehand,
  are out of sample for both (WEIGHTS_FROM, THRESHOLD_FROM); ``build_repeat_model.py --cv``
  gives council-grouped cross-validated figures over the rest, by kind of pair. ``--linker
  rules`` measures the rules alone (the linker before the learned layer).
Third round: every repeat set was split by council, the SHA-256 of "rep3:" + the later
inspection's authority_id: 0-7 the half whose false links were read, 8-f the half only scored,
once, on candidates fixed beforehand (``--councils read`` / ``--councils score`` measure a half).

The figures are of the classifier as shipped (the rules and the learned layer over them,
themes/model.py); ``--model off`` gives the rules alone. The learned layer is trained on own-held5
and the train_chunk*.csv sets (scripts/build_theme_model.py, whose ``--cv`` gives its
out-of-sample figures): its figures on those sets here are in-sample.

``--repeat-errors SET`` (SET as the repeats lines name it: shared, own-held6, ...) lists that
set's false links and missed same-issue links with the rules that made the link (whole, head,
activity, says) or the veto that stopped it (activity, broad; none: no rule reached the pair).

Usage: python scripts/eval_themes.py [--shared ../shared/themes] [--errors SET] [--skip SET ...]
       [--councils read|score] [--model on|off] [--repeat-errors SET]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes.classify import classify  # noqa: E402


def interval(k: int, n: int, z: float = 1.96) -> str:
    """The Wilson 95% interval of a proportion k/n: how far a figure from so few links can be
    trusted (50 same-issue links give about ±0.11, 330 about ±0.045)."""
    if not n:
        return "-"
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return f"{centre - half:.2f}-{centre + half:.2f}"


#: The batches judged since the rules' third round (held6 on): the rules were not written from
#: them, though the errors of all but held8 and held12 have since been read.
SINCE_THIRD_ROUND = ("own-held6", "own-held7", "own-train1", "own-train2") + tuple(f"own-held{k}" for k in range(8, 13))
#: The batches whose errors were never read.
NEVER_READ = ("own-held8", "own-held12")
#: The batches of pairs that are not consecutive (rounds 8 and 9: a council's inspection against
#: the one before its previous one; round 10, skip10 and skip11: the one three before it), fresh
#: when every consecutive pair had been judged.
SKIP = tuple(f"own-skip{k}" for k in range(1, 12))
#: Round 11's batches: a council's later inspection against ANOTHER council's earlier one (the
#: same judgement of what two items ask for), fresh when every pair of one council had been judged.
LAST_CROSS = 76
CROSS = tuple(f"own-cross{k}" for k in range(1, LAST_CROSS + 1))
#: Rounds 12 on, 120 more pairs of two councils each (notes/labels/draw_repeats.py): round → its
#: first and last cross set. Rounds 12-14 chose among the rules' candidates; 15 chose the learned
#: layer; 16, 17 and 19 measured it; 18 chose its threshold; 20-21 and 22-23 were judged in pairs
#: and scored pooled on the shipped linker and candidates fixed beforehand (notes/themes.md).
CROSS_ROUNDS = {12: (5, 10), 13: (11, 16), 14: (17, 22)} | {
    r: (23 + 6 * (r - 15), 28 + 6 * (r - 15)) for r in range(15, 24)
}
#: The first round the shipped learned layer's weights never saw, and the first judged after its
#: threshold was chosen (0.575, on rounds 15-21).
WEIGHTS_FROM, THRESHOLD_FROM = 15, 22


def cross_round(*rounds: int) -> tuple[str, ...]:
    return tuple(f"own-cross{k}" for r in rounds for k in range(CROSS_ROUNDS[r][0], CROSS_ROUNDS[r][1] + 1))


def round_pools() -> list[tuple[str, tuple[str, ...]]]:
    """The pools the repeats lines report after the sets: the two councils' rounds one by one and
    those out of sample for the learned layer pooled."""
    last = max(CROSS_ROUNDS)
    out = []
    for r in CROSS_ROUNDS:
        if r < WEIGHTS_FROM:
            name = f"two councils' pairs of round {r}"
        elif r < THRESHOLD_FROM:
            name = f"round {r} (out of sample for the learned layer)"
        else:
            name = f"round {r} (out of sample for the learned layer and its threshold)"
        out.append((name, cross_round(r)))
    out.append(
        (
            f"rounds {WEIGHTS_FROM}-{last} (out of sample for the learned layer's weights)",
            cross_round(*range(WEIGHTS_FROM, last + 1)),
        )
    )
    out.append(
        (
            f"rounds {THRESHOLD_FROM}-{last} (out of sample for its weights and threshold)",
            cross_round(*range(THRESHOLD_FROM, last + 1)),
        )
    )
    return out


def split(rec_id: str) -> str:
    return "dev" if hashlib.sha256(rec_id.encode()).hexdigest()[0] in "01234567" else "held"


def score(items, recs, show_errors=False):
    tp = fp = fn = main = 0
    items = [x for x in items if x[0] in recs]  # an id the current lists no longer hold is skipped
    for rid, gold in items:
        r = recs[rid]
        got = classify(r["text"], r["addressee"]).themes
        tp += len(set(got) & set(gold))
        fp += len(set(got) - set(gold))
        fn += len(set(gold) - set(got))
        main += bool(got) and got[0] == gold[0]
        if show_errors and got != gold:
            print(f"  gold {';'.join(gold)}\n  got  {';'.join(got)}\n     {r['text'][:300]}\n")
    p = tp / (tp + fp) if tp + fp else 0
    rc = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0
    return {"items": len(items), "precision": p, "recall": rc, "micro_f1": f1, "main": main / len(items)}


def read_labels(path: Path) -> list[tuple[str, list[str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["recommendation_id"], r["themes"].split(";")) for r in csv.DictReader(f)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "themes"))
    ap.add_argument("--data", default=str(ROOT / "data"))
    ap.add_argument(
        "--errors",
        choices=(
            "dev",
            "held",
            "own-dev",
            "own-dev2",
            "own-dev3",
            "own-dev4",
            "own-dev5",
            "own-dev6",
            "own-dev7",
            "own-held",
            "own-held2",
            "own-dev8",
            "own-held3",
            "own-held4",
            "own-held5",
            "train-chunks",
            "own-held6",
            "all",
        ),
    )
    ap.add_argument("--skip", action="append", default=[], help="a set not to measure (repeatable)")
    ap.add_argument("--repeat-errors", default="", help="repeats: list this set's false links and misses")
    ap.add_argument("--councils", choices=("read", "score"), help="repeats: only this half of the councils")
    ap.add_argument("--model", choices=("on", "off"), help="force the learned layer on or off (default: as shipped)")
    ap.add_argument(
        "--linker", choices=("model", "rules"), help="repeats: the learned layer over the rules, or the rules alone"
    )
    args = ap.parse_args()
    if args.linker:
        from civic_accountability.themes import repeats as repeat_rules

        repeat_rules.MODEL = args.linker == "model"
    if args.model:
        from civic_accountability.themes import model

        model.ENABLED = args.model == "on"
    with open(Path(args.data) / "recommendations.csv", newline="", encoding="utf-8") as f:
        recs = {r["recommendation_id"]: r for r in csv.DictReader(f)}
    examples = [x for x in read_labels(Path(args.shared) / "examples.csv") if x[0] in recs]
    sets = {
        "dev": [x for x in examples if split(x[0]) == "dev"],
        "held": [x for x in examples if split(x[0]) == "held"],
        "own-dev": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels.csv"),
        "own-held": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_test.csv"),
        "own-dev2": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev2.csv"),
        "own-dev3": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev3.csv"),
        "own-dev4": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev4.csv"),
        "own-dev5": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev5.csv"),
        "own-dev6": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev6.csv"),
        "own-dev7": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev7.csv"),
        "own-held2": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_held2.csv"),
        "own-dev8": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_dev8.csv"),
        "own-held3": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_held3.csv"),
        "own-held4": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_held4.csv"),
        "own-held5": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_held5.csv"),
        "own-held6": read_labels(ROOT / "tests" / "fixtures" / "themes" / "own_labels_held6.csv"),
        "train-chunks": [
            x for k in range(1, 9) for x in read_labels(ROOT / "tests" / "fixtures" / "themes" / f"train_chunk{k}.csv")
        ],
    }
    sets["all"] = sets["dev"] + sets["held"]
    sets["held+own-held"] = sets["held"] + sets["own-held"]
    for name, items in sets.items():
        if name in args.skip:
            continue
        s = score(items, recs, show_errors=args.errors == name)
        print(
            f"themes {name:13s} items {s['items']:3d}  micro-F1 {s['micro_f1']:.3f} "
            f"(P {s['precision']:.3f} R {s['recall']:.3f})  main subject {s['main']:.3f}"
        )
    total = [0, 0, 0, 0]  # same-issue links found, same-issue links, links right, links made
    named = [
        ("since the third round", SINCE_THIRD_ROUND),
        ("never read (held8, held12)", NEVER_READ),
        ("skip pairs", SKIP),
        ("two councils' pairs", CROSS),
        *round_pools(),
    ]
    pools = {name: [0, 0, 0, 0] for name, _ in named}
    for name, path in (
        ("shared", Path(args.shared) / "repeat_examples.csv"),
        ("own-held", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held.csv"),
        ("own-dev", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev.csv"),
        ("own-dev2", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev2.csv"),
        ("own-dev3", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev3.csv"),
        ("own-dev4", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev4.csv"),
        ("own-dev5", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev5.csv"),
        ("own-dev6", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev6.csv"),
        ("own-dev7", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev7.csv"),
        ("own-dev8", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev8.csv"),
        ("own-held2", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held2.csv"),
        ("own-held3", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held3.csv"),
        ("own-dev9", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev9.csv"),
        ("own-dev10", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev10.csv"),
        ("own-dev11", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_dev11.csv"),
        ("own-held4", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held4.csv"),
        ("own-held5", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held5.csv"),
        ("own-held6", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held6.csv"),
        ("own-held7", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held7.csv"),
        ("own-train1", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_train1.csv"),
        ("own-train2", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_train2.csv"),
        ("own-held8", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held8.csv"),
        ("own-held9", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held9.csv"),
        ("own-held10", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held10.csv"),
        ("own-held11", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held11.csv"),
        ("own-held12", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_held12.csv"),
        ("own-skip1", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip1.csv"),
        ("own-skip2", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip2.csv"),
        ("own-skip3", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip3.csv"),
        ("own-skip4", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip4.csv"),
        ("own-skip5", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip5.csv"),
        ("own-skip6", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip6.csv"),
        ("own-skip7", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip7.csv"),
        ("own-skip8", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip8.csv"),
        ("own-skip9", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip9.csv"),
        ("own-skip10", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip10.csv"),
        ("own-skip11", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_skip11.csv"),
        ("own-cross1", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_cross1.csv"),
        ("own-cross2", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_cross2.csv"),
        ("own-cross3", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_cross3.csv"),
        ("own-cross4", ROOT / "tests" / "fixtures" / "themes" / "own_repeats_cross4.csv"),
        *(
            (f"own-cross{k}", ROOT / "tests" / "fixtures" / "themes" / f"own_repeats_cross{k}.csv")
            for k in range(5, LAST_CROSS + 1)
        ),
    ):
        if f"repeats-{name}" not in args.skip:
            counts = repeats(name, path, Path(args.data), recs, args.councils, args.repeat_errors == name)
            total = [a + b for a, b in zip(total, counts)]
            for pool, names in named:
                if name in names:
                    pools[pool] = [a + b for a, b in zip(pools[pool], counts)]
    for pool, (found, same, right, made) in (("all sets", total), *pools.items()):
        if same and made:
            print(
                f"repeats {pool}: same-issue recall {found / same:.3f} ({found}/{same}; 95% {interval(found, same)}), "
                f"precision {right / made:.3f} ({right}/{made}; 95% {interval(right, made)})"
            )
    agreement(
        ROOT / "tests" / "fixtures" / "themes",
        (
            ("own_repeats_held10.csv", "agreement_repeats_held10b.csv"),
            ("own_repeats_held11.csv", "agreement_repeats_held11b.csv"),
        ),
    )
    return 0


def agreement(folder: Path, pairs) -> None:
    """Two labellers' judgements of the same council pairs, scored as the linker is scored: the
    second labeller's links as the links made, the first's as the gold (held10/held11 were judged
    twice, blind: agreement_repeats_*b.csv), pooled."""

    def links(path: Path) -> dict:
        with open(path, newline="", encoding="utf-8") as f:
            return {
                (g["later_recommendation_id"], g["earlier_recommendation_id"]): g["judged"]
                for g in csv.DictReader(f)
                if g["earlier_recommendation_id"]
            }

    found = same = right = made = 0
    for first, second in pairs:
        gold, other = links(folder / first), links(folder / second)
        same_links = {k for k, j in gold.items() if j == "same issue"}
        found, same = found + len(same_links & set(other)), same + len(same_links)
        right, made = right + len(set(other) & set(gold)), made + len(other)
    print(
        f"repeats agreement of two labellers (held10, held11 judged twice): same-issue recall "
        f"{found / same:.3f} ({found}/{same}), precision {right / made:.3f} ({right}/{made})"
    )


_LINKS: dict = {}


def council_half(authority_id: str) -> str:
    """The third round's split of the judged councils: "read" (false links studied) or "score"."""
    return "read" if hashlib.sha256(f"rep3:{authority_id}".encode()).hexdigest()[0] in "01234567" else "score"


def repeats(
    name: str, path: Path, data: Path, recs: dict, half: str | None = None, show_errors: bool = False
) -> tuple[int, int, int, int]:
    """Recall of the readers' same-issue links; precision of the links made for the items they
    judged (a link they judged same issue or overlapping is right), on ``half`` of the councils
    (``council_half``) or all. Returns the four counts."""
    from civic_accountability.themes.tables import derived_tables

    def read(name):
        with open(data / f"{name}.csv", newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    with open(path, newline="", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    if name.startswith(("own-skip", "own-cross")):  # pairs that are not consecutive: linked as if they were
        links = pair_links(recs, gold)
    else:
        if data not in _LINKS:  # derived once per data directory, for every set
            _LINKS[data] = {
                (r["recommendation_id"], r["earlier_recommendation_id"]): r["judged"]
                for r in derived_tables(list(recs.values()), read("inspections"), read("authorities"))[
                    "recommendation_repeats"
                ]
            }
        links = _LINKS[data]
    if half:
        authority = {i["inspection_id"]: i["authority_id"] for i in read("inspections")}
        gold = [g for g in gold if council_half(authority[g["later_inspection_id"]]) == half]
    judged, same, right = gold_links(gold)
    made = {k for k in links if k[0] in judged}
    recall = len(same & made) / len(same) if same else 0.0
    precision = len(made & right) / len(made) if made else 0.0
    print(
        f"repeats {name} {len({g['later_inspection_id'] for g in gold})} councils, {len(judged)} later items: "
        f"same-issue recall {recall:.3f} ({len(same & made)}/{len(same)}), precision {precision:.3f} "
        f"({len(made & right)}/{len(made)}); all links judged right {len(right & made)}/{len(right)}"
    )
    if show_errors:
        repeat_errors(recs, sorted(made - right), sorted(same - set(made)))
    return len(same & made), len(same), len(made & right), len(made)


_ITEMS: dict = {}


def pair_links(recs: dict, gold: list[dict]) -> dict:
    """The links the rules make between exactly the label set's pairs of inspections, each later
    inspection set against its pair's earlier one as ``import reports`` sets it against the
    previous one: for the skip sets, a council's inspection and the one before its previous one."""
    from civic_accountability.themes import repeats as R
    from civic_accountability.themes.tables import item_themes

    if "items" not in _ITEMS:
        themes = item_themes(recs.values())
        _ITEMS["items"] = [
            R.item_of(rid, r["inspection_id"], themes[rid][0], r["text"], r.get("addressee")) for rid, r in recs.items()
        ]
    chains = {g["later_inspection_id"]: [g["earlier_inspection_id"], g["later_inspection_id"]] for g in gold}
    return {(later, earlier): judged for later, earlier, judged in R.link(_ITEMS["items"], chains)}


def gold_links(gold: list[dict]) -> tuple[set, set, set]:
    """(the later items judged, the same-issue links, the links judged right: same issue or
    overlapping) of a label set's rows."""
    judged = {g["later_recommendation_id"] for g in gold}
    pairs = {g["judged"]: set() for g in gold}
    for g in gold:
        pairs[g["judged"]].add((g["later_recommendation_id"], g["earlier_recommendation_id"]))
    same = pairs.get("same issue", set())
    return judged, same, same | pairs.get("overlapping", set())


def repeat_errors(recs: dict, false_links: list, misses: list) -> None:
    """Each false link and missed same-issue link, with the rules that link the pair or the veto
    that stops it, and each item's themes and activities (``--repeat-errors``)."""
    from civic_accountability.themes import repeats as R
    from civic_accountability.themes.tables import item_themes

    themes = item_themes(recs.values())
    items = {
        rid: R.item_of(rid, r["inspection_id"], themes[rid][0], r["text"], r.get("addressee"))
        for rid, r in recs.items()
    }
    idf = R.rarity(items.values())

    def why(later, earlier):
        if not later.themes or not earlier.themes:
            return "rules none; vetoes an item with no theme"
        rules = [
            name
            for name, found in (
                ("whole", R.whole_text(later, earlier, idf.plain)),
                ("head", R.heads_of_asks(later, earlier, idf.words)),
                ("activity", R.same_activity(later, earlier)),
                ("says", later.says_repeat),
            )
            if found
        ]
        vetoes = [
            name
            for name, stopped in (
                ("no theme in common", not set(later.themes) & set(earlier.themes)),
                ("activity", later.activities and earlier.activities and not later.activities & earlier.activities),
                ("broad", R.broad_only(later, earlier)),
            )
            if stopped
        ]
        return f"rules {', '.join(rules) or 'none'}; vetoes {', '.join(vetoes) or 'none'}"

    def show(rid):
        it = items[rid]
        return f"{rid} [{'; '.join(it.themes)}] activities: {', '.join(sorted(it.activities)) or '-'}\n      {recs[rid]['text']}"

    for kind, pairs in (("FALSE LINK", false_links), ("MISSED SAME ISSUE", misses)):
        for later, earlier in pairs:
            print(
                f"  {kind}: {why(items[later], items[earlier])}\n    later   {show(later)}\n    earlier {show(earlier)}"
            )


if __name__ == "__main__":
    sys.exit(main())
