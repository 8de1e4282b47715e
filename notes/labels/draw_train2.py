"""Coordinator: chunks 6-8 (160 each, simple random, seed 10102) from items in no label set,
not in held6 and not in chunks 1-5."""

import csv
import glob
import random

MAIN = "/work/main"
recs = list(csv.DictReader(open(f"{MAIN}/data/recommendations.csv", encoding="utf-8")))
insp = {r["inspection_id"]: r for r in csv.DictReader(open(f"{MAIN}/data/inspections.csv", encoding="utf-8"))}
excluded = set()
paths = [
    "/work/shared/themes/examples.csv",
    "/work/heldout/own_labels_held4.csv",
    "/work/heldout/own_labels_held5.csv",
    "/work/heldout/h6/held6_sample.csv",
]
paths += glob.glob(f"{MAIN}/tests/fixtures/themes/own_labels*.csv") + glob.glob(
    "/work/wt/tclass/tests/fixtures/themes/own_labels*.csv"
)
paths += glob.glob("/work/heldout/train/chunk*_sample.csv")
for p in paths:
    for row in csv.DictReader(open(p, encoding="utf-8")):
        excluded.add(row["recommendation_id"])
pool = sorted((r for r in recs if r["recommendation_id"] not in excluded), key=lambda r: r["recommendation_id"])
print("excluded", len(excluded), "pool", len(pool))
train = random.Random(10102).sample(pool, 480)
for k in range(3):
    with open(f"/work/heldout/train/chunk{k + 6}_sample.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["recommendation_id", "framework", "inspection_type", "addressee", "text"])
        for r in train[k * 160 : (k + 1) * 160]:
            i = insp[r["inspection_id"]]
            w.writerow([r["recommendation_id"], i["framework"], i["inspection_type"], r["addressee"], r["text"]])
