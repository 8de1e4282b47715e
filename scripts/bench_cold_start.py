#!/usr/bin/env python3
"""Cold start of `civic-accountability validate` on the bundled package: this checkout
against a baseline revision, in the same run.

Why: validate reads the generated cell specs (contract/cellspecs.py) instead of importing
the Pydantic models; this measures what that buys, as a ratio that machine load cannot
fake (the commands alternate, each in a fresh process, median of --runs). The baseline
is the revision's src/ exported with `git archive` into a temporary directory; both
validate the same package (this checkout's data). Also shown: a bare interpreter and
`import pydantic` alone.

    python scripts/bench_cold_start.py [--baseline REV] [--runs 21]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import bench  # scripts/bench.py: the one way a fresh process is timed

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system: what a busy machine inflates least) of one process."""
    wall, _, cpu = bench.run(cmd, (0, 1), env)
    return wall, cpu


def export_src(rev: str, into: Path) -> Path:
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    validate = [sys.executable, "-m", "civic_accountability", "validate", str(ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        base_src = export_src(args.baseline, Path(tmp))
        # Bytecode is written and reused, as for an installed wheel (pip compiles it): a
        # PYTHONDONTWRITEBYTECODE in the caller's environment would time the compiler too.
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "python -c 'import pydantic'": ([sys.executable, "-c", "import pydantic"], env),
            f"validate ({args.baseline})": (validate, {**env, "PYTHONPATH": str(base_src)}),
            "validate (this checkout)": (validate, {**env, "PYTHONPATH": str(ROOT / "src")}),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for cmd, env_ in commands.values():  # warm the file cache and bytecode once
            run(cmd, env_)
        for _ in range(args.runs):
            for name, (cmd, env_) in commands.items():
                times[name].append(run(cmd, env_))
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    load = os.getloadavg()[0]
    print(f"cold start, median of {args.runs} interleaved runs ({os.cpu_count()} cores, load {load:.1f}):")
    print(f"  {'':<32} {'wall':>8} {'CPU':>8}")
    for name in times:
        print(f"  {name:<32} {wall[name]:>6.3f} s {cpu[name]:>6.3f} s")
    base, ours = f"validate ({args.baseline})", "validate (this checkout)"
    print(f"this checkout ÷ {args.baseline}: wall {wall[ours] / wall[base]:.2f}, CPU {cpu[ours] / cpu[base]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
