#!/usr/bin/env python3
"""Time of `quotes`' rules against the size of one long paragraph (issue 26, item 8).

Why: the rules once read a paragraph's sentences, people and quotations again for every
quotation, so one long paragraph cost its size squared (1.6 MB: 40 s). Linear means the
time per MB stays flat as the paragraph grows; this prints it, and the growth ratio (time
per MB at each size ÷ at the size before: 1.0 is linear, 2.0 is quadratic at 2×).

    python scripts/bench_quotes_article.py [--sizes 100000,200000,400000,800000,1600000]
                                           [--unit dense|news] [--baseline-src DIR] [--timeout 300]

The paragraph repeats a few sentences in the styles of real coverage (a named councillor
with a bracketed party, a quotation with and without attribution, possessive plurals, a
single mark left open, a pronoun) with no line break, up to the size asked. Each size runs
in a fresh process (`propose_statements` on the text, CPU time of the call only).
``--baseline-src`` runs the same on another checkout's ``src`` (e.g. ``git worktree add
/tmp/base main`` then ``--baseline-src /tmp/base/src``), so before and after come from one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

#: dense: a quotation every 60 characters, a name every 30 (the worst case we know)
DENSE = (
    "Councillor Ann Lee (Lab, Easton) said: “We accept the findings, and the parents' views matter,” "
    "and Ofsted's inspectors found children were “not protected effectively”. "
    "The leader, Councillor Tom Baker, said the council was 'disappointed' and that it would 'act quickly'. "
    "“We will do better,” he added. Mr Baker's deputy, Jo Reid, wrote: 'It is the families' turn,' she said. "
)
#: news: the density of the development set's articles (a quotation or a name every few hundred characters)
NEWS = (
    "Inspectors found that the council's front door was too slow to respond to referrals and that managers "
    "did not always check the quality of assessments, according to the report published on Tuesday. "
    "The cabinet member for children's services, Councillor Ann Lee (Lab, Easton), said the authority "
    "accepted the findings and had already appointed more social workers to reduce caseloads in the "
    "districts where the inspectors' concerns were greatest. “We are determined to improve quickly, and we "
    "have a plan,” she said. Opposition councillors said the improvement board should meet in public. "
)
UNITS = {"dense": DENSE, "news": NEWS}
UNIT = DENSE

CHILD = r"""
import resource, sys, time
sys.setrecursionlimit(10000)
from civic_accountability.importers.quotes import propose_statements
unit, size = sys.argv[1], int(sys.argv[2])
text = "Northshire County Council's children's services were rated inadequate. " + unit * (size // len(unit) + 1)
text = text[:size]
t0 = time.process_time()
n = len(propose_statements(text))
print(time.process_time() - t0, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(src: Path, size: int, timeout: float, unit: str = DENSE) -> tuple[float, int, int] | None:
    env = {**os.environ, "PYTHONPATH": str(src)}
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, unit, str(size)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        ).stdout.split()
    except subprocess.TimeoutExpired:
        return None
    return float(out[0]), int(out[1]), int(out[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,200000,400000,800000,1600000")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run counts as too slow")
    parser.add_argument("--unit", choices=sorted(UNITS), default="dense", help="what the paragraph repeats")
    parser.add_argument("--baseline-src", type=Path, help="another checkout's src/ to run the same on")
    args = parser.parse_args(argv)
    sources = {"this checkout": SRC, **({"baseline": args.baseline_src.resolve()} if args.baseline_src else {})}
    print(f"one paragraph repeating the {args.unit!r} unit ({len(UNITS[args.unit])} characters)\n")
    print("| code | size | quotations | CPU s | s per MB | growth | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, src in sources.items():
        before = None
        for size in (int(s) for s in args.sizes.split(",")):
            got = run(src, size, args.timeout, UNITS[args.unit])
            if got is None:
                print(f"| {label} | {size:,} | - | > {args.timeout:.0f} | - | - | - |", flush=True)
                break
            seconds, n, rss = got
            per_mb = seconds / (size / 1e6)
            growth = f"{per_mb / before:.2f}" if before else "-"
            print(
                f"| {label} | {size:,} | {n:,} | {seconds:.2f} | {per_mb:.2f} | {growth} | {rss / 1024:.0f} |",
                flush=True,
            )
            before = per_mb
    return 0


if __name__ == "__main__":
    sys.exit(main())
