#!/usr/bin/env python3
"""Benchmark `civic-accountability fmt` against the cheapest Python rewrite of the same
files (csv.reader into csv.writer, no sorting, no checks) and against `validate --engine
rows` (what a contributor runs next), on synthetic packages.

Why: fmt runs in every pre-commit hook and CI job, so its cost must be known relative
to things that cannot be cheaper. Every command runs in a fresh process, interleaved,
on the same machine in the same run; the table gives median CPU time (user + system:
steady on a busy machine, where wall time is mostly waiting), its ratio to the plain
rewrite, median wall time and peak RSS.

    python scripts/bench_fmt.py [--sizes 100000,1000000] [--runs 3] [--workdir DIR]

Packages come from scripts/gen_synthetic.py (seed 1, shared with scripts/bench.py).
"fmt --check" runs on the package once formatted; "fmt (unsorted)" works on a copy whose rows are shuffled and saved with CRLF, made
afresh before each run outside the timing.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import BIN, TODAY, package, run

PLAIN_REWRITE = (
    "import csv, sys, pathlib\n"
    "csv.field_size_limit(1 << 26)\n"
    "for p in sorted(pathlib.Path(sys.argv[1], 'data').glob('*.csv')):\n"
    "    with open(p, encoding='utf-8', newline='') as src, open(sys.argv[2], 'w', encoding='utf-8', newline='') as dst:\n"
    "        csv.writer(dst, lineterminator='\\n').writerows(csv.reader(src))\n"
)


def shuffled_copy(src: Path, dst: Path) -> None:
    """The package with every table's rows shuffled and CRLF line endings: work for fmt."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("archive"))
    (dst / "archive").symlink_to(src / "archive")
    rng = random.Random(1)
    csv.field_size_limit(1 << 26)
    for path in sorted((dst / "data").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        body = rows[1:]
        rng.shuffle(body)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows([rows[0]] + body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "civic-accountability-bench")
    parser.add_argument("--shuffle", nargs=2, type=Path, metavar=("SRC", "DST"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.shuffle:
        shuffled_copy(*args.shuffle)
        return 0
    cli = str(BIN / "civic-accountability")
    print(
        "| rows | command | median CPU s | × plain rewrite (CPU) | median wall s | peak MB |\n"
        "|---:|---|---:|---:|---:|---:|"
    )
    for rows in (int(s) for s in args.sizes.split(",")):
        root = args.workdir / f"fmt-canonical-{rows}"  # the synthetic package after one fmt
        if not root.is_dir():
            shutil.copytree(package(args.workdir, rows), root)
            run([cli, "fmt", str(root)])
        work = args.workdir / f"fmt-{rows}"
        sink = args.workdir / "rewrite.sink"
        results: dict[str, list[tuple[float, float, float]]] = {}
        commands = {
            "plain rewrite (floor)": [sys.executable, "-c", PLAIN_REWRITE, str(root), str(sink)],
            "fmt --check (canonical)": [cli, "fmt", "--check", str(root)],
            "fmt (unsorted, CRLF)": [cli, "fmt", str(work)],
            "validate --engine rows": [cli, "validate", "--engine", "rows", "--now", TODAY, str(root)],
        }
        for round_ in range(args.runs):
            for name, cmd in commands.items():
                if name.startswith("fmt (unsorted"):  # in a child, so this process stays small: a
                    # child's peak RSS (wait4) counts the parent's memory it was forked with
                    run([sys.executable, __file__, "--shuffle", str(root), str(work)])
                wall, peak, cpu = run(cmd)
                result = (wall, cpu, peak)
                results.setdefault(name, []).append(result)
                print(
                    f"  {rows:>9,} {name:<26} run {round_ + 1}: {result[0]:6.2f} s wall {result[1]:6.2f} s CPU "
                    f"{result[2]:7.0f} MB",
                    file=sys.stderr,
                )
        floor = statistics.median(r[1] for r in results["plain rewrite (floor)"])
        for name, runs in results.items():
            cpu = statistics.median(r[1] for r in runs)
            print(
                f"| {rows:,} | {name} | {cpu:.2f} | {cpu / floor:.2f} | {statistics.median(r[0] for r in runs):.2f} "
                f"| {max(r[2] for r in runs):.0f} |",
                flush=True,
            )
        sink.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
