"""Time the derived tables of `import reports`: every recommendation classified and linked to
the previous inspection's items (issue target: all items in <= 2 s on this machine).

Usage: python scripts/bench_themes.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from civic_accountability.themes import classify as classify_module
    from civic_accountability.themes import model, semantic
    from civic_accountability.themes import repeats as repeats_module
    from civic_accountability.themes.tables import derived_tables

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    def read(name):
        with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    recs, insp, auth = read("recommendations"), read("inspections"), read("authorities")
    times = []
    for _ in range(args.repeat):
        classify_module._matcher.cache_clear()  # a fresh process compiles the cues once too
        repeats_module.stem.cache_clear()  # and stems each word once
        model.load.cache_clear()  # ... and reads the learned layer's weights once
        repeats_module.model.cache_clear()  # ... the repeat layer's weights
        semantic.load.cache_clear()  # ... and the word vectors
        semantic._rows_numpy.cache_clear()
        semantic._rows_python.cache_clear()
        start = time.perf_counter()
        tables = derived_tables(recs, insp, auth)
        times.append(time.perf_counter() - start)
    print(
        f"{len(recs)} items: {len(tables['recommendation_themes'])} theme rows, "
        f"{len(tables['recommendation_repeats'])} repeat links; best {min(times):.2f} s of {args.repeat} "
        f"(all: {', '.join(f'{t:.2f}' for t in times)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
