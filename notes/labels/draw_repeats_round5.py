"""Coordinator draw for issue 22's fifth repeats round (seed 10404), one random.Random.

Candidates as in r7/draw.py (consecutive inspections with LA recommendations of one current council,
predecessors followed; exact pairs already in any repeats label file excluded; later list <= 15 LA items).
Each candidate list is sorted then shuffled once; then dealt in order to: held8 (S 10, I 6, O 4),
held9 (S 10, I 6, O 4), train1 (20 from what is left, any stratum), train2 (20 likewise).
Writes r8/draw_pairs.csv, r9/draw_pairs.csv, rt1/draw_pairs.csv, rt2/draw_pairs.csv; prints counts only.
"""

import collections
import csv
import glob
import random

DATA = "/work/main/data"
H = "/work/heldout"


def rows(p):
    with open(p, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


recs = rows(f"{DATA}/recommendations.csv")
ins = {r["inspection_id"]: r for r in rows(f"{DATA}/inspections.csv")}
auth = {r["authority_id"]: r for r in rows(f"{DATA}/authorities.csv")}
n_la = collections.Counter(r["inspection_id"] for r in recs if r["addressee"] == "local_authority")
files = [
    "/work/shared/themes/repeat_examples.csv",
    *sorted(glob.glob("/work/main/tests/fixtures/themes/own_repeats*.csv")),
    *sorted(glob.glob("/work/wt/*/tests/fixtures/themes/own_repeats*.csv")),
    *sorted(glob.glob(f"{H}/**/own_repeats*.csv", recursive=True)),
]
excluded = {(r["earlier_inspection_id"], r["later_inspection_id"]) for p in files for r in rows(p)}


def chain(a):
    out = [a]
    for p in auth[a]["predecessors"].split(";"):
        if p.strip():
            out += chain(p.strip())
    return out


def when(i):
    x = ins[i]
    return (x["start_date"] or x["published_date"], x["published_date"], i)


cands, seen = [], set()
for a in sorted(auth):
    if auth[a]["status"] != "current":
        continue
    ids = set(chain(a))
    li = sorted((i for i in n_la if ins[i]["authority_id"] in ids), key=when)
    for e, l in zip(li, li[1:]):
        if (e, l) in excluded or (e, l) in seen or n_la[l] > 15:
            continue
        seen.add((e, l))
        cands.append((a, e, l))


def stratum(e, l):
    if ins[e]["framework"] == "sif" and ins[e]["inspection_type"] == "inspection":
        return "S"
    if ins[e]["framework"] == "ilacs_2018" and ins[l]["framework"] == "ilacs_2023":
        return "I"
    return "O"


rng = random.Random(10404)
order = sorted(cands)
rng.shuffle(order)
print(
    "files",
    len(files),
    "excluded",
    len(excluded),
    "candidates",
    len(cands),
    collections.Counter(stratum(e, l) for _, e, l in cands),
)
taken = set()
out = {}


def deal(name, quota):
    got = []
    for c in order:
        if c in taken:
            continue
        s = stratum(c[1], c[2])
        if quota.get(s, quota.get("*", 0)) > sum(1 for x in got if stratum(x[1], x[2]) == s or "*" in quota):
            got.append(c)
            taken.add(c)
    out[name] = got


deal("r8", {"S": 10, "I": 6, "O": 4})
deal("r9", {"S": 10, "I": 6, "O": 4})
for name in ("rt1", "rt2"):
    got = []
    for c in order:
        if c not in taken and len(got) < 20:
            got.append(c)
            taken.add(c)
    out[name] = got
for name, got in out.items():
    with open(f"{H}/{name}/draw_pairs.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "stratum",
                "authority_id",
                "earlier_inspection_id",
                "later_inspection_id",
                "earlier_framework",
                "later_framework",
            ]
        )
        for a, e, l in got:
            w.writerow(
                [
                    stratum(e, l),
                    a,
                    e,
                    l,
                    f"{ins[e]['framework']}/{ins[e]['inspection_type']}",
                    f"{ins[l]['framework']}/{ins[l]['inspection_type']}",
                ]
            )
    print(
        name,
        len(got),
        collections.Counter(stratum(e, l) for _, e, l in got),
        "later items",
        sum(n_la[l] for _, e, l in got),
    )
