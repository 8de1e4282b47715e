#!/usr/bin/env python3
"""Benchmark `civic-accountability validate` against `frictionless validate` and a plain
columnar read (the floor), on synthetic packages of 10k, 100k and 1M rows.

Why: "fast" is a claim that needs a number, measured the same way every time. Each
command runs in a fresh process, the commands alternate (so drift in the machine hits
them alike), and the table reports the median wall time and the peak resident memory
of each (``os.wait4`` gives every child's own peak). Also measured: cold starts of
``civic-accountability --help`` and of ``validate`` on the bundled data.

    python scripts/bench.py [--sizes 10000,100000,1000000] [--runs 5] [--workdir DIR]

Packages are generated with scripts/gen_synthetic.py (seed 1) into --workdir and
reused when already there. Prints a Markdown table (the one in docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TODAY = "2025-06-01"
FLOOR = (
    "import sys, polars as pl\n"
    "for t in ('sources', 'inspections', 'judgements', 'recommendations', 'statements'):\n"
    "    pl.read_csv(f'{sys.argv[1]}/data/{t}.csv')\n"
)


def run(cmd: list[str], ok=(0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def measure(commands: dict[str, tuple]) -> dict[str, tuple[float, float]]:
    """Median wall time and largest peak memory per command (cmd, runs[, exit codes
    accepted]), the commands interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = {name: 0.0 for name in commands}
    for round_ in range(max(spec[1] for spec in commands.values())):
        for name, (cmd, n, *ok) in commands.items():
            if round_ < n:
                wall, peak = run(cmd, *ok)
                times[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                print(f"  {name:<28} run {round_ + 1}: {wall:6.2f} s {peak:7.0f} MB", file=sys.stderr)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def package(workdir: Path, rows: int) -> Path:
    root = workdir / f"synthetic-{rows}"
    if not (root / "datapackage.json").is_file():
        subprocess.run([sys.executable, str(HERE / "gen_synthetic.py"), str(root), "--rows", str(rows),
                        "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (fewer for the slow ones)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "civic-accountability-bench")
    args = parser.parse_args(argv)
    cli, frictionless = str(BIN / "civic-accountability"), str(BIN / "frictionless")
    args.workdir.mkdir(parents=True, exist_ok=True)

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; runs: {args.runs}\n", file=sys.stderr)
    rows_out = []
    per_row: dict[int, float] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        root = package(args.workdir, size)
        mb = sum(p.stat().st_size for p in (root / "data").glob("*.csv")) / 1e6
        big = size >= 1_000_000
        print(f"{size:,} rows ({mb:.0f} MB of CSV)", file=sys.stderr)
        result = measure({
            "civic-accountability (auto)": ([cli, "validate", str(root), "--now", TODAY], args.runs),
            "frictionless validate": ([frictionless, "validate", str(root / "datapackage.json")],
                                      max(2, args.runs // 2) if big else args.runs),
            "polars read_csv (floor)": ([sys.executable, "-c", FLOOR, str(root)], args.runs),
            "civic-accountability (rows)": ([cli, "validate", str(root), "--now", TODAY, "--engine", "rows"],
                                            1 if big else max(1, args.runs // 2)),
        })
        ours, fric, floor, ref = (result[k] for k in ("civic-accountability (auto)", "frictionless validate",
                                                       "polars read_csv (floor)", "civic-accountability (rows)"))
        per_row[size] = ours[0] / size
        rows_out.append(f"| {size:,} | {mb:.0f} MB | {ours[0]:.2f} s / {ours[1]:.0f} MB | {fric[0]:.2f} s / "
                        f"{fric[1]:.0f} MB | {floor[0]:.2f} s / {floor[1]:.0f} MB | {ref[0]:.2f} s / {ref[1]:.0f} MB "
                        f"| {fric[0] / ours[0]:.1f}× | {ours[0] / floor[0]:.2f}× |")

    bundled = measure({
        "--help": ([cli, "--help"], max(args.runs, 7)),
        "validate (bundled data)": ([cli, "validate"], max(args.runs, 7), (0, 1)),
    })
    print("| rows | CSV | civic-accountability validate | frictionless validate | polars read_csv (floor) "
          "| row engine (--engine rows) | frictionless ÷ ours | ours ÷ floor |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows_out))
    sizes = sorted(per_row)
    if len(sizes) > 1:
        a, b = sizes[-2], sizes[-1]
        print(f"\nTime per row at {b:,} ÷ time per row at {a:,}: {per_row[b] / per_row[a]:.2f} (1.00 = linear)")
    print(f"\nCold start, median of {max(args.runs, 7)}: `civic-accountability --help` {bundled['--help'][0]:.3f} s; "
          f"`civic-accountability validate` (bundled data) {bundled['validate (bundled data)'][0]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
