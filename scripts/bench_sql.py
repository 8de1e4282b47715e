#!/usr/bin/env python3
"""What `civic-accountability sql` costs over the validation it runs first, and against the
two-step path it replaces (`export --to sqlite`, then a query on the file).

Why: `sql` builds an in-memory database on every call, so it must stay close to
`validate`'s own time. Each command runs in a fresh process, the three alternate, and
the median of --runs is compared as a ratio in the same run (machine load cannot fake
it): wall seconds and peak memory (max RSS). Measured on the bundled package and on a
synthetic package of --rows rows (scripts/gen_synthetic.py).

    python scripts/bench_sql.py [--runs 7] [--rows 200000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import ENV  # the one way a fresh process is timed
from bench import run as bench_run

ROOT = Path(__file__).resolve().parents[1]
QUERY = "SELECT overall_effectiveness, COUNT(*) FROM latest_grades GROUP BY 1"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    return bench_run(cmd, env=env)[:2]


def bench(package: Path, runs: int, env: dict[str, str], work: Path) -> None:
    cli = [sys.executable, "-m", "civic_accountability"]
    db = work / "bench.db"
    commands = {
        "validate": [cli + ["validate", str(package)]],
        "sql": [cli + ["sql", QUERY, str(package)]],
    }
    try:
        import sqlite_utils  # noqa: F401

        commands["export+query"] = [
            cli + ["export", "--to", "sqlite", str(package), "-o", str(db), "--force"],
            [sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(db)!r}).execute({QUERY!r}).fetchall()"],
        ]
    except ImportError:
        pass
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, steps in commands.items():
            results = [run(step, env) for step in steps]
            times[name].append(sum(r[0] for r in results))
            memory[name].append(max(r[1] for r in results))
    base = statistics.median(times["validate"])
    base_mem = statistics.median(memory["validate"])
    print(f"\n{package} (median of {runs} runs)")
    for name in commands:
        t, m = statistics.median(times[name]), statistics.median(memory[name])
        print(f"  {name:<13} {t:6.2f} s  ({t / base:4.2f}x validate)   {m:6.0f} MB  ({m / base_mem:4.2f}x validate)")
    if "export+query" in commands:
        ratio = statistics.median(times["sql"]) / statistics.median(times["export+query"])
        print(f"  sql / export+query: {ratio:.2f}x the time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the synthetic package (0: none)")
    args = parser.parse_args()
    env = {**ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="bench-sql-") as tmp:
        work = Path(tmp)
        bench(ROOT, args.runs, env, work)
        if args.rows:
            synthetic = work / "synthetic"
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "gen_synthetic.py"), str(synthetic), "--rows", str(args.rows)],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            bench(synthetic, args.runs, env, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
