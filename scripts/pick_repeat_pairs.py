"""Draw councils' consecutive inspection pairs to judge for repeats (own_repeats_dev*.csv).

For each wanted kind of pair (earlier framework -> later framework), the council's pairs of
consecutive inspections with recommendations (predecessors followed, as the linker does) whose
council is in no excluded set are sorted, shuffled with random.Random(SEED) and the first N
councils taken; each council once. Prints earlier and later inspection ids and their item counts.

The draws behind the fixtures, run in this order, each with --exclude own_repeats_held.csv,
the shared repeat_examples.csv and every own_repeats_dev*.csv drawn before it:
  own_repeats_dev.csv   2224  --want sif:ilacs_2018:4 ilacs_2018:ilacs_2023:4 ilacs_2018:ilacs_2026:2 ilacs_2023:ilacs_2026:2
  own_repeats_dev2.csv  2225  --want sif:ilacs_2018:3 ilacs_2018:ilacs_2023:3 ilacs_2018:ilacs_2026:1 ilacs_2023:ilacs_2026:1
  own_repeats_dev3.csv  2226  --want sif:ilacs_2018:4 ilacs_2018:ilacs_2023:4 ilacs_2018:ilacs_2026:1 sif:sif:1
  own_repeats_dev4.csv  2227  --want sif:ilacs_2018:4 ilacs_2018:ilacs_2023:4 ilacs_2018:ilacs_2026:1 ilacs_2023:ilacs_2026:1
  own_repeats_dev5.csv  2228  --want sif:ilacs_2018:4 ilacs_2018:ilacs_2023:5 ilacs_2023:ilacs_2026:1 ilacs_2018:ilacs_2026:1
  own_repeats_dev6.csv  2229  --want sif:ilacs_2018:5 ilacs_2018:ilacs_2023:5 ilacs_2023:ilacs_2026:1 ilacs_2018:ilacs_2026:1
  own_repeats_dev7.csv  2230  (as dev6)
  own_repeats_dev8.csv  2231  --want sif:ilacs_2018:7 ilacs_2018:ilacs_2023:7 ilacs_2023:ilacs_2026:1 ilacs_2018:ilacs_2026:2
  own_repeats_dev9.csv  3141  --want sif:ilacs_2018:5 ilacs_2018:ilacs_2023:8 ilacs_2018:ilacs_2026:1 ilacs_2023:ilacs_2026:1
  own_repeats_dev10.csv 3142  (as dev9)
  own_repeats_dev11.csv 3143  --want sif:ilacs_2018:4 ilacs_2018:ilacs_2023:8 ilacs_2018:ilacs_2026:1 ilacs_2023:ilacs_2026:1
(dev9 .. dev11 also --exclude own_repeats_held2.csv and own_repeats_held3.csv.)
A kind with no council left gives fewer pairs. Slough (dev3's sif:sif pair, 28 x 27 items) was
skipped as too long to judge.

Usage: python scripts/pick_repeat_pairs.py SEED --exclude FILE ... --want EARLIER:LATER:N ...
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes.tables import histories  # noqa: E402


def read(name: str) -> list[dict]:
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("--exclude", nargs="*", default=[], help="repeat judgement files whose councils are skipped")
    ap.add_argument("--want", nargs="+", required=True, help="EARLIER:LATER:N framework pairs and how many")
    args = ap.parse_args()
    recs, inspections = read("recommendations"), read("inspections")
    framework = {i["inspection_id"]: i["framework"] for i in inspections}
    council = {i["inspection_id"]: i["authority_id"] for i in inspections}
    chains = histories(inspections, read("authorities"), {r["inspection_id"] for r in recs})
    pairs = {(chain[chain.index(i) - 1], i) for i, chain in chains.items() if chain.index(i)}
    used = set()
    for path in args.exclude:
        with open(path, newline="", encoding="utf-8") as f:
            used |= {council[r["later_inspection_id"]] for r in csv.DictReader(f)}
    rng = random.Random(args.seed)
    for want in args.want:
        earlier_fw, later_fw, n = want.split(":")
        candidates = sorted(
            p
            for p in pairs
            if (framework[p[0]], framework[p[1]]) == (earlier_fw, later_fw) and council[p[1]] not in used
        )
        rng.shuffle(candidates)
        taken = 0
        for earlier, later in candidates:
            if taken == int(n):
                break
            if council[later] in used:
                continue
            used.add(council[later])
            taken += 1
            count = {i: sum(r["inspection_id"] == i for r in recs) for i in (earlier, later)}
            print(earlier, later, count[earlier], count[later])
    return 0


if __name__ == "__main__":
    sys.exit(main())
