#!/usr/bin/env python3
"""What the guarded reader and the atomic writer cost, as ratios against plain reads and
writes measured in the same run (issue 13).

    python scripts/bench_hostile.py [--rows 100000] [--repeat 5] [--baseline-src DIR]
    python scripts/bench_hostile.py --costs [--baseline-src DIR] [--workdir DIR] [--timeout 300]

Measures, on a synthetic package (scripts/gen_synthetic.py):
  - reading every archive/<id>.txt through ``reader.read_archive`` vs ``Path.read_bytes``;
  - checking every file the package names (``reader.member_problems``) and the descriptor
    (``descriptor.problems``), against a whole ``validate`` of the same package;
  - ``write_atomic`` (temporary + fsync + rename) vs ``Path.write_bytes`` of one export-sized file.
With ``--baseline-src`` (the ``src`` of another checkout, e.g. ``git archive 9568580 src | tar -x -C /tmp/base``),
also the CPU time of a whole ``validate`` run by that code and by this one, per engine.
Best of ``--repeat`` runs each; the ratio is what matters, not the absolute times.

``--costs`` (issue 26) instead runs each hostile input of ``scripts/hostile_cases.py`` once in a
fresh process and prints wall time, peak resident memory (``os.wait4``) and exit code, for this
checkout and, with ``--baseline-src``, for another (before/after): 1,000 statements against a
60 MB archived text (both engines); 16 MiB of blank and of CR-only lines (validate on both
engines, export, sql); a 49 KB PDF holding 300 MB of text (import reports; the baseline gets
3 pages of it, the whole took it to 10 GB); an endless query, a cross join and
``randomblob(400000000)`` in ``sql``, and the same blob asked of ``serve`` (Datasette's peak
from /proc). A run past ``--timeout`` seconds is killed and shown as such.
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

from bench import best, validate_argv  # noqa: E402  scripts/bench.py: the one in-process timer


def cpu_of_validate(src: Path, root: Path, engine: str, repeat: int) -> float:
    """Least CPU seconds (user + system) of ``validate`` run in a fresh process from ``src``."""
    import resource
    import subprocess

    best_cpu = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            validate_argv(root, engine, "2030-01-01"),
            env={**os.environ, "PYTHONPATH": str(src)},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best_cpu


def measured(cmd: list[str], src: Path, timeout: float) -> str:
    """'wall s / peak MB / exit N' of one fresh process running ``src``'s code (killed after ``timeout``)."""
    import signal
    import subprocess
    import threading
    import time

    env = {**os.environ, "PYTHONPATH": str(src), "CIVIC_ACCOUNTABILITY_NOW": "2026-12-01"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    killed = []
    timer = threading.Timer(timeout, lambda: (killed.append(1), os.kill(proc.pid, signal.SIGKILL)))
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    wall = time.perf_counter() - start
    end = f"killed at {timeout:.0f} s" if killed else f"exit {os.waitstatus_to_exitcode(status)}"
    return f"{wall:.1f} s (CPU {usage.ru_utime + usage.ru_stime:.1f} s) / {usage.ru_maxrss / 1024:,.0f} MB / {end}"


def build(call: str) -> None:
    """Run ``hostile_cases.<call>`` in a child process: this one stays small, and a child's peak
    (``ru_maxrss``) starts from its parent's size at the fork."""
    import subprocess

    subprocess.run(
        [sys.executable, "-c", f"import hostile_cases as cases; from pathlib import Path; cases.{call}"],
        cwd=Path(__file__).resolve().parent,
        check=True,
    )


def serve_peak(src: Path, root: Path, timeout: float, sql: str = "select+length(randomblob(400000000))") -> str:
    """Datasette's peak memory (VmHWM) after ``serve`` is asked ``sql`` (URL-encoded)."""
    import re
    import signal
    import subprocess
    import urllib.error
    import urllib.request

    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "civic_accountability", "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        url = re.search(r"at (\S+)civic ", proc.stdout.readline()).group(1)
        child = int(Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()[0])
        try:
            with urllib.request.urlopen(f"{url}civic.json?sql={sql}", timeout=timeout) as response:
                answer = response.read(300).decode(errors="replace")
        except (urllib.error.HTTPError, OSError) as exc:
            answer = str(exc)
        status = Path(f"/proc/{child}/status").read_text()
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        return f"Datasette peak {peak:,.0f} MB; answer: {' '.join(answer.split())[:90]}"
    finally:
        proc.send_signal(signal.SIGTERM)  # SIGINT is ignored in a job started in the background
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def costs(args) -> int:
    """Issue 26's hostile inputs, each once, this checkout against ``--baseline-src``."""
    here = Path(__file__).resolve().parents[1] / "src"
    srcs = {"after": here, **({"before": args.baseline_src.resolve()} if args.baseline_src else {})}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    cli = [sys.executable, "-m", "civic_accountability"]
    quotes = work / "quotes-1000"
    if not quotes.exists():
        build(f"long_archive(Path({str(quotes)!r}), statements=1000, text_mb=60)")
    floods = {}
    for name, line in (("blank", b"\n"), ("cr", b"\r")):
        floods[name] = work / f"{name}-{args.flood_mib}mib"
        if not floods[name].exists():
            build(f"blank_flood(Path({str(floods[name])!r}), mib={args.flood_mib}, line={line!r})")
    runs = {
        "item 4: validate --engine rows, 1,000 quotes x 60 MB": cli + ["validate", str(quotes), "--engine", "rows"],
        "item 4: validate --engine fast, 1,000 quotes x 60 MB": cli + ["validate", str(quotes), "--engine", "fast"],
    }
    for name, pkg in floods.items():
        what = f"{args.flood_mib} MiB of {'blank' if name == 'blank' else 'CR-only'} lines"
        runs[f"item 5: validate --engine rows, {what}"] = cli + ["validate", str(pkg), "--engine", "rows"]
        runs[f"item 5: validate --engine fast, {what}"] = cli + ["validate", str(pkg), "--engine", "fast"]
        runs[f"item 5: export --to json --no-validate, {what}"] = cli + [
            "export",
            str(pkg),
            "--to",
            "json",
            "-o",
            str(work / f"{name}.json"),
            "--force",
            "--no-validate",
        ]
        runs[f"item 5: sql --no-validate, {what}"] = cli + [
            "sql",
            "SELECT count(*) FROM judgements",
            str(pkg),
            "--no-validate",
        ]
    bundled = Path(__file__).resolve().parents[1]
    for label, query in (
        (
            "an endless recursive query",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        ),
        ("a cross join of 3 x judgements", "SELECT count(*) FROM judgements a, judgements b, judgements c"),
        ("randomblob(400000000)", "SELECT length(randomblob(400000000))"),
    ):
        runs[f"item 11: sql, {label}"] = cli + ["sql", query, str(bundled)]
    print("| case | " + " | ".join(srcs) + " |\n|---|" + "---|" * len(srcs))
    for label, cmd in runs.items():
        if args.only and not any(label.startswith(f"item {n}:") for n in args.only.split(",")):
            continue
        cells = [measured(cmd, src, args.timeout) for src in srcs.values()]
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    for pages in (3, 300) if not args.only or "6" in args.only.split(",") else ():
        bomb = _bomb_reports(work, pages)
        cmd = cli + [
            "import",
            "reports",
            "--reports-dir",
            str(bomb),
            "--package",
            str(quotes.parent / "bundled"),
            "--out",
            str(work / "import-out"),
            "--no-cache",
            "-j",
            "1",
        ]
        build(f"copy_bundled(Path({str(quotes.parent / 'bundled')!r}))")
        cells = [
            measured(cmd, src, args.timeout) if pages == 3 or label == "after" else "not run (10 GB)"
            for label, src in srcs.items()
        ]
        print(
            f"| item 6: import reports, a PDF of {pages} pages x 1M characters | " + " | ".join(cells) + " |",
            flush=True,
        )
    if not args.only or "11" in args.only.split(","):
        cells = [serve_peak(src, bundled, args.timeout) for src in srcs.values()]
        print("| item 11: serve, randomblob(400000000) | " + " | ".join(cells) + " |")
    return 0


def _bomb_reports(work: Path, pages: int) -> Path:
    """A reports folder whose one report is ``hostile_cases.text_bomb_pdf`` of ``pages`` pages."""
    import csv
    import hashlib

    folder = work / f"bomb-{pages}"
    name = "1_exampleshire/children's services inspection - 01 january 2024.pdf"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    build(f"text_bomb_pdf(Path({str(folder / name)!r}), {pages}, 1_000_000)")
    data = (folder / name).read_bytes()
    with open(folder / "MANIFEST.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "ofsted_urn", "folder_name", "listed_date", "report_url", "sha256", "bytes"])
        writer.writerow(
            [
                name,
                "1",
                "exampleshire",
                "2024-01-01",
                "https://files.ofsted.gov.uk/v1/file/1",
                hashlib.sha256(data).hexdigest(),
                len(data),
            ]
        )
    return folder


def main(argv: list[str] | None = None) -> int:
    from gen_synthetic import generate

    from civic_accountability.dataset import descriptor as checks
    from civic_accountability.dataset.atomic import write_atomic
    from civic_accountability.dataset.reader import member_problems, read_archive
    from civic_accountability.validation.validate import validate_package

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-src", type=Path, help="src/ of the code to compare whole validations with")
    parser.add_argument("--costs", action="store_true", help="issue 26's hostile inputs: time and peak memory")
    parser.add_argument("--workdir", type=Path, help="with --costs: where to build the inputs (kept)")
    parser.add_argument("--flood-mib", type=float, default=16, help="with --costs: MiB of blank or CR-only lines")
    parser.add_argument("--timeout", type=float, default=300, help="with --costs: seconds before a run is killed")
    parser.add_argument("--only", help="with --costs: the items to run, e.g. 4,6")
    args = parser.parse_args(argv)
    if args.costs:
        return costs(args)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        generate(root, rows=args.rows, seed=1)
        ids = sorted(p.stem for p in (root / "archive").glob("*.txt"))
        descriptor = json.loads((root / "datapackage.json").read_text())
        print(f"package: {args.rows:,} rows, {len(ids):,} archived texts")

        plain = best(lambda: [(root / "archive" / f"{i}.txt").read_bytes() for i in ids], args.repeat)
        guarded = best(lambda: [read_archive(root, i) for i in ids], args.repeat)
        print(
            f"read every archive: plain {plain * 1000:.1f} ms, guarded {guarded * 1000:.1f} ms, "
            f"ratio {guarded / plain:.2f}x"
        )

        checks_time = best(lambda: (checks.problems(descriptor), member_problems(root, descriptor)), args.repeat)
        for engine in ("rows", "fast"):
            whole = best(lambda: validate_package(root, today="2030-01-01", engine=engine), max(1, args.repeat // 2))
            print(
                f"descriptor + file checks {checks_time * 1000:.1f} ms = {checks_time / whole:.1%} of a whole "
                f"validate --engine {engine} ({whole:.2f} s)"
            )

        if args.baseline_src:
            here = Path(__file__).resolve().parents[1] / "src"
            for engine in ("rows", "fast"):
                old, new = (cpu_of_validate(src, root, engine, args.repeat) for src in (args.baseline_src, here))
                print(f"validate --engine {engine} CPU: baseline {old:.2f} s, this {new:.2f} s, ratio {new / old:.3f}")

        data = os.urandom(32 * 1024 * 1024)
        target = Path(tmp) / "out.bin"
        plain_w = best(lambda: target.write_bytes(data), args.repeat)
        atomic_w = best(lambda: write_atomic(target, data), args.repeat)
        print(
            f"write 32 MB: plain {plain_w * 1000:.1f} ms, atomic (temp + fsync + rename) {atomic_w * 1000:.1f} ms, "
            f"ratio {atomic_w / plain_w:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
