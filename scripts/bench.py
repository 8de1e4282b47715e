#!/usr/bin/env python3
"""Benchmark `civic-accountability validate` (both engines) against `frictionless validate`,
the Python peers that check the same schema (pandera on polars, patito) and a plain
columnar read (the floor), on synthetic packages of 10k, 100k and 1M rows.

Why: "fast" is a claim that needs a number, measured the same way every time. Each
command runs in a fresh process, the commands alternate (so drift in the machine hits
them alike), and the table reports the median wall time and the peak resident memory
of each (``os.wait4`` gives every child's own peak), with the ratios taken within the
run. Also measured: cold starts of ``civic-accountability --help`` and of ``validate``
on the bundled data.

    python scripts/bench.py [--sizes 10000,100000,1000000] [--runs 5] [--workdir DIR]
                            [--peers yes|no|only] [--avalanche ROWS] [--baseline-src DIR]

``--peers`` (``yes`` by default) also runs ``scripts/bench_peers.py``: pandera's polars
backend and patito, each checking the contract's column facts, primary and foreign keys
(schemas generated from the models; ``bench_peers.py --describe`` says what they check
and what they cannot). They need the ``bench`` extra (``pip install -e '.[bench]'``).
``only`` runs the fast engine, the peers and the floor, nothing else: the quick
comparison, with ratios ours ÷ best peer and the load average before and after.

``--avalanche ROWS`` also validates a package of ROWS rows where every row fails
(``gen_synthetic.py --every-row-bad``): time, peak memory and output size with the
default cap, ``--max-errors 10`` and as JSON. ``--baseline-src`` runs those on another
checkout's ``src`` too (e.g. ``git archive`` of an older commit): before and after in
one run.

Packages are generated with scripts/gen_synthetic.py (seed 1) into --workdir and
reused when already there. Prints Markdown tables (the ones in docs/performance.md).
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
SRC = HERE.parent / "src"
BIN = Path(sys.executable).parent
TODAY = "2025-06-01"
#: Bytecode written and reused, as for an installed wheel (pip compiles it at install): a
#: PYTHONDONTWRITEBYTECODE in the caller's environment would time the compiler in every run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FLOOR = (
    "import sys, polars as pl\n"
    "for t in ('sources', 'authorities', 'inspections', 'judgements', 'recommendations', 'statements'):\n"
    "    pl.read_csv(f'{sys.argv[1]}/data/{t}.csv')\n"
)


def best(fn, runs: int) -> float:
    """The fastest of ``runs`` calls of ``fn`` in this process, in seconds: the one in-process
    timer (a fresh process is timed by ``run``)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(cmd: list[str], ok=(0,), env: dict | None = None, out_bytes: list | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, all threads) of one fresh
    process; its output is counted into ``out_bytes`` when given, else discarded. CPU time
    is the steadier figure on a shared machine, wall time the one a user waits."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out if out_bytes is not None else subprocess.DEVNULL, stderr=err, env=env or ENV
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            detail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{detail}")
        if out_bytes is not None:
            out_bytes.append(out.seek(0, os.SEEK_END))
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(commands: dict[str, tuple]) -> dict[str, tuple[float, float, int, float, float, list[float]]]:
    """Median wall time, largest peak memory, output bytes, median CPU time, median peak
    memory and every run's CPU time per command (cmd, runs[, exit codes accepted[,
    environment]]), the commands interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    out: dict[str, list[int]] = {name: [] for name in commands}
    for round_ in range(max(spec[1] for spec in commands.values())):
        for name, (cmd, n, *rest) in commands.items():
            if round_ < n:
                ok, env = rest[0] if rest else (0,), rest[1] if len(rest) > 1 else None
                wall, peak, cpu = run(cmd, ok, env, out[name])
                times[name].append(wall)
                cpus[name].append(cpu)
                peaks[name].append(peak)
                print(
                    f"  {name:<34} run {round_ + 1}: {wall:6.2f} s (cpu {cpu:6.2f} s) {peak:7.0f} MB", file=sys.stderr
                )
    return {
        name: (
            statistics.median(times[name]),
            max(peaks[name]),
            max(out[name]),
            statistics.median(cpus[name]),
            statistics.median(peaks[name]),
            cpus[name],
        )
        for name in commands
    }


def package(workdir: Path, rows: int, *flags: str) -> Path:
    """The synthetic package of ``rows`` rows (``gen_synthetic.py``, seed 1) in ``workdir``, made once."""
    root = workdir / f"{'bad' if flags else 'synthetic'}-{rows}"
    if not (root / "datapackage.json").is_file():
        subprocess.run(
            [sys.executable, str(HERE / "gen_synthetic.py"), str(root), "--rows", str(rows), "--seed", "1", *flags],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(SRC)},
        )
    return root


def validate_argv(root: Path, engine: str, now: str = TODAY) -> list[str]:
    """``validate`` of ``root`` on ``engine`` in a fresh interpreter (whose source is its PYTHONPATH)."""
    return [sys.executable, "-m", "civic_accountability", "validate", str(root), "--engine", engine, "--now", now]


def _cell(result: tuple) -> str:
    """wall (CPU) / peak memory."""
    return f"{result[0]:.2f} s ({result[3]:.2f} s) / {result[1]:.0f} MB"


def avalanche(cli: str, workdir: Path, rows: int, baseline: Path | None) -> None:
    """Every row bad: time, peak memory and output with the default cap, --max-errors 10, JSON."""
    root = package(workdir, rows, "--every-row-bad")
    base = [cli, "validate", str(root), "--now", TODAY]
    variants = {
        "text (default)": [],
        "text --max-errors 10": ["--max-errors", "10"],
        "--format json": ["--format", "json"],
    }
    srcs = {"": None, **({"baseline ": {**ENV, "PYTHONPATH": str(baseline.resolve())}} if baseline else {})}
    commands = {
        f"{label}{name}": (base + extra, 1, (1,), env)
        for label, env in srcs.items()
        for name, extra in variants.items()
    }
    print(f"avalanche: {rows:,} rows, every row bad", file=sys.stderr)
    result = measure(commands)
    print(f"\nEvery row bad ({rows:,} rows):\n")
    print("| command | " + " | ".join(srcs and [label.strip() or "this checkout" for label in srcs]) + " |")
    print("|---|" + "---|" * len(srcs))
    for name in variants:
        cells = [f"{_cell(result[label + name])} / {result[label + name][2] / 1e6:,.1f} MB out" for label in srcs]
        print(f"| `validate {' '.join(variants[name]) or '(defaults)'}` | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (fewer for the slow ones)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "civic-accountability-bench")
    parser.add_argument(
        "--peers",
        choices=("yes", "no", "only"),
        default="yes",
        help="also time pandera and patito (the bench extra); only: fast engine, peers, floor",
    )
    parser.add_argument("--avalanche", type=int, metavar="ROWS", help="also measure a package where every row fails")
    parser.add_argument("--baseline-src", type=Path, help="another checkout's src/, for --avalanche")
    args = parser.parse_args(argv)
    cli, frictionless = str(BIN / "civic-accountability"), str(BIN / "frictionless")
    args.workdir.mkdir(parents=True, exist_ok=True)

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; runs: {args.runs}\n", file=sys.stderr)
    if args.peers != "no":
        from importlib.util import find_spec

        missing = [name for name in ("pandera", "patito") if find_spec(name) is None]
        if missing:
            parser.error(f"{', '.join(missing)} not installed: pip install -e '.[bench]' (or --peers no)")
    rows_out, peer_out = [], []
    per_row: dict[int, float] = {}
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        root = package(args.workdir, size)
        mb = sum(p.stat().st_size for p in (root / "data").glob("*.csv")) / 1e6
        big = size >= 1_000_000
        print(f"{size:,} rows ({mb:.0f} MB of CSV)", file=sys.stderr)
        fast = [cli, "validate", str(root), "--now", TODAY, "--engine", "fast"]
        peers = {
            peer: ([sys.executable, str(HERE / "bench_peers.py"), peer, str(root)], args.runs)
            for peer in (() if args.peers == "no" else ("pandera", "patito"))
        }
        load = os.getloadavg()
        if args.peers == "only":  # ours, then each peer, in turn: a drift hits all alike
            result = measure(
                {"fast": (fast, args.runs), **peers, "floor": ([sys.executable, "-c", FLOOR, str(root)], args.runs)}
            )
        else:
            result = measure(
                {
                    "fast": (fast, args.runs),
                    **peers,
                    "frictionless": (
                        [frictionless, "validate", str(root / "datapackage.json")],
                        max(2, args.runs // 2) if big else args.runs,
                    ),
                    "floor": ([sys.executable, "-c", FLOOR, str(root)], args.runs),
                    "rows": (
                        [cli, "validate", str(root), "--now", TODAY, "--engine", "rows"],
                        1 if big else max(1, args.runs // 2),
                    ),
                }
            )
        ours, floor = result["fast"], result["floor"]
        per_row[size] = ours[0] / size
        if peers:
            best = min(peers, key=lambda p: result[p][3])
            loads = "/".join(f"{x:.1f}" for x in (load[0], os.getloadavg()[0]))
            # Each round's own ratio (ours and the peer ran back to back), then their median and
            # how many rounds ours took less CPU: steadier than a ratio of medians when the
            # machine's load drifts.
            paired = [a / b for a, b in zip(ours[5], result[best][5])]
            wins = sum(r <= 1 for r in paired)
            peer_out.append(
                f"| {size:,} | {mb:.0f} MB | {_cell(ours)} | {_cell(result['pandera'])} "
                f"| {_cell(result['patito'])} | {_cell(floor)} | {best} | {ours[3] / result[best][3]:.2f}× "
                f"({statistics.median(paired):.2f}×; ≤ 1 in {wins} of {len(paired)} rounds) "
                f"| {ours[0] / result[best][0]:.2f}× | {ours[4] / result[best][4]:.2f}× | {loads} |"
            )
        if args.peers == "only":
            continue
        fric, ref = result["frictionless"], result["rows"]
        rows_out.append(
            f"| {size:,} | {mb:.0f} MB | {_cell(ours)} | {_cell(ref)} | {_cell(fric)} | {_cell(floor)} "
            f"| {fric[0] / ours[0]:.1f}× ({fric[3] / ours[3]:.1f}×) | {ours[0] / floor[0]:.2f}× "
            f"({ours[3] / floor[3]:.2f}×) | {fric[0] / ref[0]:.1f}× |"
        )

    if peer_out:
        print(
            "Against the peers that check the same schema (`scripts/bench_peers.py --describe`). Each cell: "
            "median wall time (median CPU time, user + system, all threads) / largest peak memory; the "
            "ratios are of medians (memory: median peak).\n"
        )
        print(
            "| rows | CSV | fast engine | pandera (polars) | patito | polars read_csv (floor) | best peer (CPU) "
            "| ours ÷ best peer, CPU (per round) | ours ÷ best peer, wall | ours ÷ best peer, memory "
            "| load average, 1 min (before/after) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        print("\n".join(peer_out) + "\n")
    if sizes and args.peers == "only":
        sizes = []
    if sizes:
        bundled = measure(
            {
                "--help": ([cli, "--help"], max(args.runs, 7)),
                "validate (bundled data)": ([cli, "validate"], max(args.runs, 7), (0, 1)),
            }
        )
        print("Each cell: median wall time (median CPU time, user + system) / peak memory.\n")
        print(
            "| rows | CSV | fast engine (`--engine fast`) | row engine (`--engine rows`) | frictionless validate "
            "| polars read_csv (floor) | frictionless ÷ fast (CPU) | fast ÷ floor (CPU) | frictionless ÷ rows |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        print("\n".join(rows_out))
        if len(sizes) > 1:
            a, b = sorted(per_row)[-2:]
            print(f"\nWall time per row at {b:,} ÷ at {a:,}: {per_row[b] / per_row[a]:.2f} (1.00 = linear)")
        print(
            f"\nCold start, median of {max(args.runs, 7)}: `civic-accountability --help` "
            f"{bundled['--help'][0]:.3f} s; `civic-accountability validate` (bundled data) "
            f"{bundled['validate (bundled data)'][0]:.3f} s"
        )
    if args.avalanche:
        avalanche(cli, args.workdir, args.avalanche, args.baseline_src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
