#!/usr/bin/env python3
"""Time against file size when a stray quote is typed into a cell, for both engines.

Why: a stray quote once made the columnar engine's quoting check backtrack (a minute on
the bundled package, minutes on larger ones) while the clean file took a second. Linear
means the time per MB stays flat as the file grows; this prints it, and the growth ratio
(time per MB at each size ÷ at the size before: 1.0 is linear, 10 is quadratic at 10×).

    python scripts/bench_quotes.py [--sizes 1000,10000,100000,1000000] [--runs 3]
                                   [--baseline-src DIR] [--timeout 300]

For each size, a synthetic package (scripts/gen_synthetic.py, seed 1) gets `","` typed
into one cell of judgements.csv 90% of the way through the file (a long stretch without
quotes before it, the worst case for a backtracking check); the other files are hard
links to the clean package's. Each engine validates the clean and the spoilt package in
fresh processes, alternating; the table gives median wall time, median CPU time (user +
system: steadier on a shared machine) and peak memory; growth is taken on CPU time.
``--baseline-src`` runs the same commands on another checkout's ``src`` too (e.g. ``git
archive`` of an older commit) so a before/after comparison comes from one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import SRC, package, validate_argv  # noqa: E402  scripts/bench.py: the synthetic packages


def spoil(clean: Path, out: Path) -> int:
    """A copy of ``clean`` (hard links) with `","` typed into a judgements cell 90% of the
    way through; returns the line it is on."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(clean, out, copy_function=os.link)
    path = out / "data" / "judgements.csv"
    data = path.read_bytes()
    start = data.index(b"\n", len(data) * 9 // 10) + 1
    end = data.index(b"\n", start)
    cut = data.rindex(b",", start, end)
    path.unlink()  # a new file, not the clean package's (hard-linked) one
    path.write_bytes(data[: cut - 2] + b'","' + data[cut - 2 :])
    return data.count(b"\n", 0, start) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run counts as hung")
    parser.add_argument("--baseline-src", type=Path, help="another checkout's src/ to run the same commands on")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "civic-accountability-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    sources = {"": SRC, **({"baseline ": args.baseline_src.resolve()} if args.baseline_src else {})}

    results: dict[tuple[str, int], tuple[float, float]] = {}
    sizes = [int(s) for s in args.sizes.split(",")]
    mbs = {}
    for size in sizes:
        clean = package(args.workdir, size)
        spoilt = args.workdir / f"stray-quote-{size}"
        line = spoil(clean, spoilt)
        mbs[size] = sum(p.stat().st_size for p in (spoilt / "data").glob("*.csv")) / 1e6
        print(f"{size:,} rows, {mbs[size]:.1f} MB; stray quote on judgements.csv line {line:,}", file=sys.stderr)
        commands = {}
        for label, src in sources.items():
            for engine in ("fast", "rows"):
                for state, root in (("clean", clean), ("stray", spoilt)):
                    commands[f"{label}{engine} {state}"] = (validate_argv(root, engine), src)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = {name: 0.0 for name in commands}
        for round_ in range(args.runs):
            for name, (cmd, src) in commands.items():
                if times[name] and times[name][-1] == float("inf"):
                    continue  # hung once: do not wait again
                wall, peak, cpu = _run_fresh(cmd, src, args.timeout)
                times[name].append(wall)
                cpus[name].append(cpu)
                peaks[name] = max(peaks[name], peak)
                print(
                    f"  {name:<24} run {round_ + 1}: {wall:7.2f} s (cpu {cpu:7.2f} s) {peak:6.0f} MB", file=sys.stderr
                )
        for name in commands:
            results[(name, size)] = (statistics.median(times[name]), peaks[name], statistics.median(cpus[name]))

    names = list(dict.fromkeys(name for name, _ in results))
    stray = [n for n in names if n.endswith("stray")]
    print("Each cell: median wall time (median CPU time) / peak memory.\n")
    print("| rows | CSV | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for size in sizes:
        cells = [_fmt(*results[(n, size)]) for n in names]
        print(f"| {size:,} | {mbs[size]:.1f} MB | " + " | ".join(cells) + " |")
    print("\nCPU seconds per MB with a stray quote, and growth (per MB ÷ per MB at the size before; 1.0 = linear):\n")
    print("| rows | " + " | ".join(stray) + " |")
    print("|---|" + "---|" * len(stray))
    for i, size in enumerate(sizes):
        cells = []
        for n in stray:
            per_mb = results[(n, size)][2] / mbs[size]
            growth = ""
            if i:
                before = results[(n, sizes[i - 1])][2] / mbs[sizes[i - 1]]
                growth = f" (×{per_mb / before:.2f})" if before not in (0, float("inf")) else ""
            cells.append(("hung" if per_mb == float("inf") else f"{per_mb:.3f} s/MB") + growth)
        print(f"| {size:,} | " + " | ".join(cells) + " |")
    print(
        "\nStray ÷ clean at the largest size (CPU time): "
        + ", ".join(
            f"{n[:-6]} {results[(n, sizes[-1])][2] / results[(n[:-5] + 'clean', sizes[-1])][2]:.2f}×" for n in stray
        )
    )
    return 0


def _fmt(wall: float, peak: float, cpu: float) -> str:
    return "> timeout" if wall == float("inf") else f"{wall:.2f} s ({cpu:.2f} s) / {peak:.0f} MB"


def _run_fresh(cmd: list[str], src: Path, timeout: float) -> tuple[float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one fresh process (``os.wait4`` gives
    its own figures); inf when it runs past ``timeout``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        while not (done := os.wait4(proc.pid, os.WNOHANG))[0]:
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                return float("inf"), 0.0, float("inf")
            time.sleep(0.005)
        wall = time.perf_counter() - start
        _, status, usage = done
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            detail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{detail}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
