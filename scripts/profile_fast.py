#!/usr/bin/env python3
"""Where the fast engine's time goes: wall and CPU time (user + system, all threads) of
each phase of one validation, in this process, with the system time and page faults
(memory first touched: the kernel's share of the CPU time) of each.

Why: a benchmark says how long; this says where. CPU time is given beside wall time
because it stays meaningful on a shared machine and because polars runs on every core.

    python scripts/profile_fast.py PACKAGE [--columns]

``--columns`` also times each column's candidate test alone (the cell layer's scans).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

TODAY = "2025-06-01"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--columns", action="store_true", help="time each column's candidate test too")
    args = parser.parse_args(argv)

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])

    def kernel() -> tuple[float, int]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_stime, usage.ru_minflt

    wall, cpu = time.perf_counter(), time.process_time()
    from civic_accountability.validation import validate
    from civic_accountability.validation.fast import engine

    engine._tune_allocator()
    import polars as pl

    spent["start-up (imports, polars)"] = [time.perf_counter() - wall, time.process_time() - cpu, *kernel()]

    def timed(name: str, label: str) -> None:
        inner = getattr(engine, name)

        def wrapper(*a, **k):
            w, c, (s, f) = time.perf_counter(), time.process_time(), kernel()
            try:
                return inner(*a, **k)
            finally:
                s2, f2 = kernel()
                for i, d in enumerate((time.perf_counter() - w, time.process_time() - c, s2 - s, f2 - f)):
                    spent[label][i] += d

        setattr(engine, name, wrapper)

    timed("parse", "reading (polars parse + byte checks)")
    timed("check_columns", "cells, primary and foreign keys")
    timed("meaning", "meaning rules")
    w, c, (s, f) = time.perf_counter(), time.process_time(), kernel()
    report = validate.validate_package(args.package, TODAY, engine="fast")
    s2, f2 = kernel()
    spent["validate_package, all of it"] = [time.perf_counter() - w, time.process_time() - c, s2 - s, f2 - f]

    from civic_accountability.contract.specs import table_specs

    w, c, (s, f) = time.perf_counter(), time.process_time(), kernel()
    for spec in table_specs():
        pl.read_csv(args.package / spec.path, infer_schema=False)
    s2, f2 = kernel()
    spent["for comparison: plain polars.read_csv"] = [time.perf_counter() - w, time.process_time() - c, s2 - s, f2 - f]

    print(f"{'phase':40} {'wall':>8} {'cpu':>8} {'system':>8} {'faults':>8}")
    for label, (w, c, s, f) in spent.items():
        print(f"{label:40} {w:7.2f}s {c:7.2f}s {s:7.2f}s {f:8,}")
    print(f"{report.error_count:,} errors")

    if args.columns:
        from civic_accountability.validation.fast.candidates import maybe_bad
        from civic_accountability.validation.fast.reading import parse

        print(f"\n{'table.column':40} {'cpu':>8}")
        for spec in table_specs():
            df = parse(spec, args.package / spec.path)
            for col in spec.columns:
                c = time.process_time()
                df.select(maybe_bad(col).any()).item()
                print(f"{spec.name + '.' + col.name:40} {time.process_time() - c:7.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
