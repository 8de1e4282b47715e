"""Coordinator: draw held-out set 6 (100, stratified like held5, seed 12121) and 5 training
chunks of 160 (simple random, seed 10101) from items with no theme label anywhere."""

import csv
import glob
import random
from collections import defaultdict

MAIN = "/work/main"
recs = list(csv.DictReader(open(f"{MAIN}/data/recommendations.csv", encoding="utf-8")))
insp = {r["inspection_id"]: r for r in csv.DictReader(open(f"{MAIN}/data/inspections.csv", encoding="utf-8"))}
excluded = set()
paths = ["/work/shared/themes/examples.csv", "/work/heldout/own_labels_held4.csv", "/work/heldout/own_labels_held5.csv"]
paths += glob.glob(f"{MAIN}/tests/fixtures/themes/own_labels*.csv") + glob.glob(
    "/work/wt/tclass/tests/fixtures/themes/own_labels*.csv"
)
for p in paths:
    for row in csv.DictReader(open(p, encoding="utf-8")):
        excluded.add(row["recommendation_id"])
pool = sorted((r for r in recs if r["recommendation_id"] not in excluded), key=lambda r: r["recommendation_id"])
print("labelled already", len(excluded), "pool", len(pool))
strata = defaultdict(list)
for r in pool:
    strata[insp[r["inspection_id"]]["framework"]].append(r)
alloc = {"sif": 67, "ilacs_2018": 17, "ilacs_2023": 10, "tlac": 3, "ilacs_2026": 3}
rng = random.Random(12121)
held = []
for fw in sorted(strata):
    held += rng.sample(strata[fw], alloc.get(fw, 0))
hid = {r["recommendation_id"] for r in held}
rest = [r for r in pool if r["recommendation_id"] not in hid]
rng = random.Random(10101)
train = rng.sample(rest, 800)


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["recommendation_id", "framework", "inspection_type", "addressee", "text"])
        for r in rows:
            i = insp[r["inspection_id"]]
            w.writerow([r["recommendation_id"], i["framework"], i["inspection_type"], r["addressee"], r["text"]])


write("/work/heldout/h6/held6_sample.csv", held)
for k in range(5):
    write(f"/work/heldout/train/chunk{k + 1}_sample.csv", train[k * 160 : (k + 1) * 160])
print({fw: sum(1 for r in held if insp[r["inspection_id"]]["framework"] == fw) for fw in alloc})
