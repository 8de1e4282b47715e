#!/usr/bin/env python3
"""Time the report import against its targets and print the results.

    python scripts/bench_import.py [--reports-dir ../shared/ofsted/reports] [--runs 3]

1. full import of every report with a cold (empty, temporary) cache — target ≤ 60 s;
2. the same import again over the now-warm cache (no PDF work) — target ≤ 5 s;
3. ``civic-accountability validate`` of the bundled package in a fresh process — target ≤ 0.25 s.

Each is run as its own process (`civic-accountability ...`) writing to a temporary
directory; wall time is the best of --runs, CPU time (user+sys of the process and
its workers) is printed beside it, because a shared machine's wall time says as
much about the neighbours as about the code.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"cold": 60.0, "warm": 5.0, "validate": 0.25}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0,):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports-dir", type=Path, default=REPO.parent / "shared" / "ofsted" / "reports")
    ap.add_argument("--runs", type=int, default=1, help="runs per measurement (best wall time kept)")
    args = ap.parse_args()
    exe = shutil.which("civic-accountability")
    base = [exe] if exe else [sys.executable, "-m", "civic_accountability"]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        out = Path(tmp) / "out"
        imp = base + [
            "import",
            "reports",
            "--reports-dir",
            str(args.reports_dir),
            "--package",
            str(REPO),
            "--out",
            str(out),
            "--quiet",
        ]
        cold = []
        for i in range(args.runs):
            cache = Path(tmp) / f"cache-{i}"
            cold.append(timed(imp + ["--cache-dir", str(cache)], env))
        results["cold"] = min(cold)
        results["warm"] = min(timed(imp + ["--cache-dir", str(Path(tmp) / "cache-0")], env) for _ in range(args.runs))
        results["validate"] = min(timed(base + ["validate"], env) for _ in range(max(3, args.runs)))
        same = all((out / f).read_bytes() == (REPO / "data" / f).read_bytes() for f in os.listdir(out))
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    labels = {"cold": "full import, cold cache", "warm": "re-run, warm cache", "validate": "validate (bundled)"}
    for key, (wall, cpu) in results.items():
        ok = "ok" if wall <= TARGETS[key] else "OVER"
        print(f"{labels[key]:<26} {wall:8.2f} s wall  {cpu:8.2f} s cpu   target {TARGETS[key]:>5} s  {ok}")
    print(f"output identical to data/: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
