#!/usr/bin/env python3
"""What the per-authority record (``dataset.authority``) costs against the validation every
command runs first: building every record, the site's ``assemble`` over them, and one
authority's timeline, each as a ratio of ``validate_package``'s time in the same run
(machine load cannot fake a ratio). Best of --runs, on the bundled package.

Why: the site builds every record (158 authorities, 12k rows) and the timeline builds them
all to find one; both must stay a small fraction of the validation they follow.

    python scripts/bench_record.py [--runs 9] [--authority kent]
"""

from __future__ import annotations

import argparse

from bench import best  # scripts/bench.py: the one in-process timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--authority", default="kent")
    args = parser.parse_args()

    from civic_accountability.dataset.authority import build_records
    from civic_accountability.dataset.package import bundled_root
    from civic_accountability.outputs.site.model import assemble
    from civic_accountability.outputs.timeline import build_timeline
    from civic_accountability.validation.validate import resolve_today, validate_package

    root, today = bundled_root(), resolve_today(None)
    report = validate_package(root, today)
    rows = report.rows
    tables = {name: [values for _, values in table] for name, table in rows.items()}
    base = best(lambda: validate_package(root, today), max(3, args.runs // 3))
    print(f"bundled package: {sum(len(t) for t in tables.values()):,} rows; validate {base * 1000:.0f} ms (best)")
    for name, work in (
        ("build_records", lambda: build_records(tables)),
        ("site assemble", lambda: assemble(tables)),
        (f"timeline {args.authority}", lambda: build_timeline(rows, args.authority)),
    ):
        seconds = best(work, args.runs)
        print(f"{name:<18} {seconds * 1000:7.1f} ms  = {seconds / base:.2f} x validate")


if __name__ == "__main__":
    main()
