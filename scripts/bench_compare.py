#!/usr/bin/env python3
"""Compare `civic-accountability validate` from two source trees on one package: a change
against its baseline, in the same run.

Why: on a shared machine wall time drifts with the load; running the two trees in turn
(before, after, before, after, ...) exposes both to the same drift, and CPU time (user +
system, every thread) barely depends on the load at all. Prints the medians and the ratio
after ÷ before of wall time, CPU time and peak memory.

    git worktree add /tmp/base HEAD~3    # or any copy of the baseline's src/
    python scripts/bench_compare.py /tmp/base/src src PACKAGE [--runs 7] [--engine fast]

PACKAGE: e.g. one made by scripts/gen_synthetic.py (``--rows 1000000 --seed 1``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import bench  # scripts/bench.py: the one way a fresh process is timed
from bench import TODAY

CLI = Path(sys.executable).parent / "civic-accountability"


def run(src: Path, package: Path, engine: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one fresh validate process."""
    wall, peak, cpu = bench.run(
        [str(CLI), "validate", str(package), "--now", TODAY, "--engine", engine],
        (0, 1),
        {**bench.ENV, "PYTHONPATH": str(src.resolve())},
    )
    return wall, cpu, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="the baseline's src/ directory")
    parser.add_argument("after", type=Path, help="the change's src/ directory")
    parser.add_argument("package", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--engine", default="fast", choices=("auto", "rows", "fast"))
    args = parser.parse_args(argv)
    results: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
    for i in range(args.runs):
        for name in ("before", "after"):
            results[name].append(run(getattr(args, name), args.package, args.engine))
            wall, cpu, peak = results[name][-1]
            print(f"  {name:<6} run {i + 1}: {wall:6.2f} s wall {cpu:6.2f} s CPU {peak:6.0f} MB", file=sys.stderr)
    print("| | wall (median) | CPU (median) | peak memory (max) |")
    print("|---|---|---|---|")
    summary = {}
    for name, runs in results.items():
        summary[name] = (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
            max(r[2] for r in runs),
        )
        print(f"| {name} | {summary[name][0]:.2f} s | {summary[name][1]:.2f} s | {summary[name][2]:.0f} MB |")
    ratio = [a / b for a, b in zip(summary["after"], summary["before"])]
    print(f"| after ÷ before | {ratio[0]:.3f} | {ratio[1]:.3f} | {ratio[2]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
