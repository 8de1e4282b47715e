"""The eighth round's sweep of the repeat linker's gates (notes/themes.md, "Eighth round").

Themes are classified once; the linker is re-run for each setting of ``ACTIVITY_VETO`` and
``ACTIVITY_GATE``, with or without keeping only a later item's best candidates (those scoring at
least a fraction of its best one's head score plus whole-text share: not in the package, tried
here). Prints each setting on three groupings of the judged batches (read before the third
round, read since, never read: held8 and held12) and, with ``--loso``, the figure of choosing the
setting on all label sets but one, for each one in turn.

    python scripts/sweep_repeats.py [--loso] [--data DIR] [--shared DIR]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eval_themes import gold_links  # noqa: E402

from civic_accountability.themes import repeats as R  # noqa: E402
from civic_accountability.themes.tables import histories, item_themes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "themes"
R.MODEL = False  # the sweep is of the rules' gates, as the eighth round ran it (no learned layer)
OLD = ["shared", "held", "dev"] + [f"dev{k}" for k in range(2, 9)] + ["held2", "held3", "dev9", "dev10", "dev11"]
OLD += ["held4", "held5"]
SINCE = ["held6", "held7", "train1", "train2", "held9", "held10", "held11"]
NEVER_READ = ["held8", "held12"]


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def best_only(links: dict, items: dict, idf: R.Rarity, fraction: float) -> dict:
    """The links of each later item whose score is at least ``fraction`` of its best one's."""
    by_later = defaultdict(list)
    for later, earlier in links:
        L, E = items[later], items[earlier]
        by_later[later].append((R.overlap(L, E, idf.words) + R.whole_share(L, E, idf.plain), earlier))
    return {
        (later, earlier): links[(later, earlier)]
        for later, scored in by_later.items()
        for score, earlier in scored
        if score >= fraction * max(s for s, _ in scored)
    }


def counts(links: dict, gold: list[dict]) -> tuple[int, int, int, int]:
    """(same-issue links found, same-issue links, links right, links made) on one label set."""
    judged, same, right = gold_links(gold)
    made = {k for k in links if k[0] in judged}
    return len(same & made), len(same), len(made & right), len(made)


def pooled(per_set: dict, names) -> tuple[int, ...]:
    return tuple(sum(per_set[n][i] for n in names) for i in range(4))


def line(c) -> str:
    f, s, r, m = c
    return f"R {f / s:.3f} ({f}/{s}) P {r / m:.3f} ({r}/{m})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "themes"))
    ap.add_argument("--loso", action="store_true", help="also choose the setting leaving one label set out")
    args = ap.parse_args()
    data = Path(args.data)
    recs = {r["recommendation_id"]: r for r in read_csv(data / "recommendations.csv")}
    themes = item_themes(recs.values())
    inspection_ids = {r["inspection_id"] for r in recs.values()}
    chains = histories(read_csv(data / "inspections.csv"), read_csv(data / "authorities.csv"), inspection_ids)
    items = {
        rid: R.item_of(rid, r["inspection_id"], themes[rid][0], r["text"], r.get("addressee"))
        for rid, r in recs.items()
    }
    idf = R.rarity(items.values())
    gold = {
        n: read_csv(Path(args.shared) / "repeat_examples.csv" if n == "shared" else FIXTURES / f"own_repeats_{n}.csv")
        for n in OLD + SINCE + NEVER_READ
    }
    grid = {}
    for veto, gate, fraction in itertools.product(("activity", "theme", False), ("main", "among"), (None, 0.6, 0.7)):
        R.ACTIVITY_VETO, R.ACTIVITY_GATE = veto, gate
        links = {(a, b): j for a, b, j in R.link(list(items.values()), chains)}
        if fraction:
            links = best_only(links, items, idf, fraction)
        grid[(veto, gate, fraction)] = per_set = {n: counts(links, g) for n, g in gold.items()}
        print(
            f"veto {str(veto):8s} gate {gate:5s} best {str(fraction):4s}  read before the third round: "
            f"{line(pooled(per_set, OLD))} | since: {line(pooled(per_set, SINCE))} | never read: "
            f"{line(pooled(per_set, NEVER_READ))}",
            flush=True,
        )
    if args.loso:
        names = list(gold)

        def worse(c):  # the lower of recall and precision
            return min(c[0] / c[1], c[2] / c[3])

        chosen = {n: max(grid, key=lambda v: worse(pooled(grid[v], [x for x in names if x != n]))) for n in names}
        for label, group in (("all", names), ("since", SINCE), ("never read", NEVER_READ)):
            c = tuple(sum(grid[chosen[n]][n][i] for n in group) for i in range(4))
            print(f"one label set left out, the setting chosen on the rest ({label}): {line(c)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
