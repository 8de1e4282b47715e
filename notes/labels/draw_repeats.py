"""The coordinator's draws of council pairs for issue 22's last two repeats rounds.

Candidates: two consecutive inspections with local-authority recommendations of one current
council (predecessors followed through authorities.csv), at most 15 later items, whose exact
(earlier, later) pair is in no label file that existed before the round (the shared readers'
repeat_examples.csv and tests/fixtures/themes/own_repeats*.csv, less the sets the round and later
rounds made). Each candidate list is sorted, then shuffled once with the round's seed.

* round 5 (random.Random(10404)): held8 and held9 each take, in shuffled order, 10 pairs whose
  earlier inspection is a SIF inspection (S), 6 ILACS 2018 -> ILACS 2023 (I) and 4 others (O);
  train1 and train2 then take the next 20 each, any stratum.
* round 6 (random.Random(10505)): every candidate left, dealt alternately to held10 and held11.
* round 7: without the 15-item cap, the pairs left (7, in sorted order) are held12.
* round 8 (random.Random(10606)): every consecutive pair being judged, the fresh pairs are a
  council's inspection against the one before its previous one (``skip=2``: SIF 2014 against
  ILACS 2023, the ILACS 2018 one between), the same judgement over a longer gap; 80 of the 187,
  at most 15 later items each, dealt in shuffled order to skip1 .. skip4 (20 each).

* round 9 (random.Random(10707)): the skip=2 pairs left after round 8 (106; the
  15-item cap leaves out one), dealt in shuffled order to skip5 .. skip9 (22, 21, 21, 21, 21).

* round 10 (random.Random(10808)): every pair of a council's inspection and the one three before
  it (``skip=3``: 41, the last fresh pairs), dealt in shuffled order to skip10 and skip11.

* round 11 (random.Random(10909)): every pair of inspections of one council being judged, the
  fresh pairs are of two councils: each consecutive pair (at most 15 later items) keeps its later
  inspection and takes the earlier inspection of another council's pair of the same frameworks
  (the next one in its group, shuffled); 80 of them, dealt to cross1 .. cross4 (20 each).

* round 12 (random.Random(11111)): as round 11, with the next shuffle of each group, from the
  consecutive pairs whose later inspection is in no cross pair of round 11, pairs already judged
  left out; 120 of them, dealt to cross5 .. cross10 (20 each).

* round 13 (random.Random(11212)): as round 12, from the consecutive pairs whose later
  inspection is in no cross pair of rounds 11 and 12; 120 of them, dealt to cross11 .. cross16.

* round 14 (random.Random(11313)): every later inspection of a consecutive pair with the earlier
  inspection of the pair two further on in its group (shuffled again), pairs already judged left
  out; 120 of them, dealt to cross17 .. cross22.

* round 15 (random.Random(11414)): as round 14, with the earlier inspection of the pair three
  further on; 120 of them, dealt to cross23 .. cross28.

* round 16 (random.Random(11616)): as round 14, with the earlier inspection of the pair four
  further on; 120 of them, dealt to cross29 .. cross34 (a measurement of the shipped linker only).

* round 17 (random.Random(11717)): as round 14, five further on; 120, dealt to cross35 .. cross40
  (a second measurement of the shipped linker only).

* round 18 (random.Random(11818)): six further on; 120, dealt to cross41 .. cross46.

* round 19 (random.Random(11919)): seven further on; 120, dealt to cross47 .. cross52 (a
  measurement of the linker as shipped after round 18, weights and threshold fixed).

* round 20 (random.Random(12020)): eight further on; 120, dealt to cross53 .. cross58.

* round 21 (random.Random(12121)): nine further on; 120, dealt to cross59 .. cross64 (rounds 20
  and 21 are judged together and scored pooled, sixth session; round 21 leaves out round 20's
  pairs, one of which it would otherwise draw again).

* rounds 22 and 23 (random.Random(12222), random.Random(12323)): ten and eleven further on;
  120 each, dealt to cross65 .. cross70 and cross71 .. cross76, round 23 leaving out round 22's
  pairs (judged together, scored pooled).

Usage: python notes/labels/draw_repeats.py 5|6|...|23 OUT_DIR   (writes OUT_DIR/<set>/draw_pairs.csv)
"""

import collections
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "themes"
SHARED = ROOT.parent / "shared" / "themes" / "repeat_examples.csv"
#: The last cross set any round makes (MADE: the sets a round and the rounds after it made).
LAST_CROSS = 76
MADE = {
    5: ("train1", "train2", "held8", "held9", "held10", "held11", "held12"),
    6: ("held10", "held11", "held12"),
    7: ("held12",),
    8: ("skip1", "skip2", "skip3", "skip4", "skip5", "skip6", "skip7", "skip8", "skip9"),
    9: ("skip5", "skip6", "skip7", "skip8", "skip9"),
    10: ("skip10", "skip11"),
    11: ("cross1", "cross2", "cross3", "cross4"),
    # rounds 12 on make six sets each, cross5 on
    **{r: tuple(f"cross{k}" for k in range(5 + 6 * (r - 12), LAST_CROSS + 1)) for r in range(12, 24)},
}


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def candidates(round_no, skip=1, exclude=True):
    recs = rows(DATA / "recommendations.csv")
    ins = {r["inspection_id"]: r for r in rows(DATA / "inspections.csv")}
    auth = {r["authority_id"]: r for r in rows(DATA / "authorities.csv")}
    n_la = collections.Counter(r["inspection_id"] for r in recs if r["addressee"] == "local_authority")
    later_sets = {f"own_repeats_{name}.csv" for name in MADE[round_no]}
    files = [SHARED] + [p for p in sorted(FIXTURES.glob("own_repeats*.csv")) if p.name not in later_sets]
    excluded = (
        {(r["earlier_inspection_id"], r["later_inspection_id"]) for p in files for r in rows(p)} if exclude else set()
    )

    def chain(a):
        out = [a]
        for p in auth[a]["predecessors"].split(";"):
            if p.strip():
                out += chain(p.strip())
        return out

    def when(i):
        return (ins[i]["start_date"] or ins[i]["published_date"], ins[i]["published_date"], i)

    found, seen = [], set()
    for a in sorted(auth):
        if auth[a]["status"] != "current":
            continue
        ids = set(chain(a))
        history = sorted((i for i in n_la if ins[i]["authority_id"] in ids), key=when)
        for e, later in zip(history, history[skip:]):
            if (e, later) in excluded or (e, later) in seen or (n_la[later] > 15 and round_no != 7):
                continue
            seen.add((e, later))
            found.append((a, e, later))
    return found, ins


def cross_pairs(ins, round_no=11):
    """Rounds 11 to 23: each consecutive pair's later inspection with another council's earlier one."""
    found, _ = candidates(11, exclude=False)  # every consecutive pair, judged or not
    groups = collections.defaultdict(list)
    for a, e, later in found:
        groups[(ins[e]["framework"], ins[later]["framework"])].append((a, e, later))
    rng = random.Random(10909)
    crossed = []
    for key in sorted(groups):
        group = groups[key]
        rng.shuffle(group)
        for k, (a, e, later) in enumerate(group):
            other = group[(k + 1) % len(group)]
            if other[0] != a:
                crossed.append((a, other[1], later))
    rng.shuffle(crossed)
    round11 = {f"cross{k + 1}": crossed[20 * k : 20 * k + 20] for k in range(4)}
    if round_no == 11:
        return round11
    used = {later for got in round11.values() for _, _, later in got}
    round12 = _cross_round(groups, used, 12, 11111, 5)
    if round_no == 12:
        return round12
    used |= {later for got in round12.values() for _, _, later in got}
    round13 = _cross_round(groups, used, 13, 11212, 11)
    if round_no == 13:
        return round13
    return _numbered_round(groups, round_no)


#: Rounds 14 on: each round's seed; its step is the round less 12, its first set cross17 and six on.
SEEDS = {14: 11313, 15: 11414, 16: 11616, 17: 11717, 18: 11818, 19: 11919, 20: 12020, 21: 12121, 22: 12222, 23: 12323}
#: Rounds drawn beside an earlier one, whose pairs they leave out.
BESIDE = {21: 20, 23: 22}


def _numbered_round(groups, round_no):
    also = set()
    if round_no in BESIDE:
        beside = _numbered_round(groups, BESIDE[round_no])
        also = {(e, later) for got in beside.values() for _, e, later in got}
    first = 17 + 6 * (round_no - 14)
    return _cross_round(groups, set(), round_no, SEEDS[round_no], first, step=round_no - 12, also=also)


def _cross_round(groups, used, round_no, seed, first, step=1, also=frozenset()):
    """A round of cross pairs: each group shuffled again with ``seed``, each later inspection not
    in ``used`` with the next pair's earlier inspection, pairs already judged (or in ``also``, a
    round drawn beside it) left out."""
    excluded = set(also) | {
        (r["earlier_inspection_id"], r["later_inspection_id"])
        for p in [SHARED] + sorted(FIXTURES.glob("own_repeats*.csv"))
        if p.name not in {f"own_repeats_{n}.csv" for n in MADE[round_no]}
        for r in rows(p)
    }
    rng = random.Random(seed)
    crossed = []
    for key in sorted(groups):
        group = sorted(groups[key])
        rng.shuffle(group)
        for k, (a, e, later) in enumerate(group):
            other = group[(k + step) % len(group)]
            if later not in used and other[0] != a and (other[1], later) not in excluded:
                crossed.append((a, other[1], later))
    rng.shuffle(crossed)
    return {f"cross{k + first}": crossed[20 * k : 20 * k + 20] for k in range(6)}


def stratum(ins, e, later):
    if ins[e]["framework"] == "sif" and ins[e]["inspection_type"] == "inspection":
        return "S"
    if ins[e]["framework"] == "ilacs_2018" and ins[later]["framework"] == "ilacs_2023":
        return "I"
    return "O"


def draw(round_no):
    found, ins = candidates(round_no, skip={8: 2, 9: 2, 10: 3}.get(round_no, 1))
    order = sorted(found)
    if round_no == 8:
        random.Random(10606).shuffle(order)
        return {f"skip{k + 1}": order[20 * k : 20 * k + 20] for k in range(4)}, ins
    if round_no in range(11, 24):
        return cross_pairs(ins, round_no), ins
    if round_no == 10:
        random.Random(10808).shuffle(order)
        return {"skip10": order[0::2], "skip11": order[1::2]}, ins
    if round_no == 9:
        random.Random(10707).shuffle(order)
        return {f"skip{k + 5}": order[k::5] for k in range(5)}, ins
    if round_no == 7:
        return {"held12": order}, ins
    random.Random({5: 10404, 6: 10505}[round_no]).shuffle(order)
    if round_no == 6:
        return {"held10": order[0::2], "held11": order[1::2]}, ins
    out, taken = {}, set()
    for name in ("held8", "held9"):
        quota = {"S": 10, "I": 6, "O": 4}
        out[name] = []
        for c in order:
            s = stratum(ins, c[1], c[2])
            if c not in taken and quota[s]:
                quota[s] -= 1
                out[name].append(c)
                taken.add(c)
    for name in ("train1", "train2"):
        out[name] = [c for c in order if c not in taken][:20]
        taken |= set(out[name])
    return out, ins


def main():
    round_no, folder = int(sys.argv[1]), Path(sys.argv[2])
    sets, ins = draw(round_no)
    for name, got in sets.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        with open(folder / name / "draw_pairs.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["stratum", "authority_id", "earlier_inspection_id", "later_inspection_id"])
            for a, e, later in got:
                w.writerow([stratum(ins, e, later), a, e, later])
        print(name, len(got), collections.Counter(stratum(ins, e, later) for _, e, later in got))


if __name__ == "__main__":
    main()
