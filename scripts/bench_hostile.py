#!/usr/bin/env python3
"""What the guarded reader and the atomic writer cost, as ratios against plain reads and
writes measured in the same run (issue 13).

    python scripts/bench_hostile.py [--rows 100000] [--repeat 5] [--baseline-src DIR]

Measures, on a synthetic package (scripts/gen_synthetic.py):
  - reading every archive/<id>.txt through ``reader.read_archive`` vs ``Path.read_bytes``;
  - checking every file the package names (``reader.member_problems``) and the descriptor
    (``descriptor.problems``), against a whole ``validate`` of the same package;
  - ``write_atomic`` (temporary + fsync + rename) vs ``Path.write_bytes`` of one export-sized file.
With ``--baseline-src`` (the ``src`` of another checkout, e.g. ``git archive 9568580 src | tar -x -C /tmp/base``),
also the CPU time of a whole ``validate`` run by that code and by this one, per engine.
Best of ``--repeat`` runs each; the ratio is what matters, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench import best  # noqa: E402  scripts/bench.py: the one in-process timer


def cpu_of_validate(src: Path, root: Path, engine: str, repeat: int) -> float:
    """Least CPU seconds (user + system) of ``validate`` run in a fresh process from ``src``."""
    import resource
    import subprocess

    best_cpu = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "civic_accountability", "validate", str(root), "--engine", engine,
                        "--now", "2030-01-01"], env={**os.environ, "PYTHONPATH": str(src)},
                       stdout=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best_cpu


def main(argv: list[str] | None = None) -> int:
    from gen_synthetic import generate

    from civic_accountability.dataset import descriptor as checks
    from civic_accountability.dataset.reader import member_problems, read_archive
    from civic_accountability.dataset.atomic import write_atomic
    from civic_accountability.validation.validate import validate_package

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-src", type=Path, help="src/ of the code to compare whole validations with")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        generate(root, rows=args.rows, seed=1)
        ids = sorted(p.stem for p in (root / "archive").glob("*.txt"))
        descriptor = json.loads((root / "datapackage.json").read_text())
        print(f"package: {args.rows:,} rows, {len(ids):,} archived texts")

        plain = best(lambda: [(root / "archive" / f"{i}.txt").read_bytes() for i in ids], args.repeat)
        guarded = best(lambda: [read_archive(root, i) for i in ids], args.repeat)
        print(f"read every archive: plain {plain * 1000:.1f} ms, guarded {guarded * 1000:.1f} ms, "
              f"ratio {guarded / plain:.2f}x")

        checks_time = best(lambda: (checks.problems(descriptor), member_problems(root, descriptor)), args.repeat)
        for engine in ("rows", "fast"):
            whole = best(lambda: validate_package(root, today="2030-01-01", engine=engine), max(1, args.repeat // 2))
            print(f"descriptor + file checks {checks_time * 1000:.1f} ms = {checks_time / whole:.1%} of a whole "
                  f"validate --engine {engine} ({whole:.2f} s)")

        if args.baseline_src:
            here = Path(__file__).resolve().parents[1] / "src"
            for engine in ("rows", "fast"):
                old, new = (cpu_of_validate(src, root, engine, args.repeat) for src in (args.baseline_src, here))
                print(f"validate --engine {engine} CPU: baseline {old:.2f} s, this {new:.2f} s, ratio {new / old:.3f}")

        data = os.urandom(32 * 1024 * 1024)
        target = Path(tmp) / "out.bin"
        plain_w = best(lambda: target.write_bytes(data), args.repeat)
        atomic_w = best(lambda: write_atomic(target, data), args.repeat)
        print(f"write 32 MB: plain {plain_w * 1000:.1f} ms, atomic (temp + fsync + rename) {atomic_w * 1000:.1f} ms, "
              f"ratio {atomic_w / plain_w:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
