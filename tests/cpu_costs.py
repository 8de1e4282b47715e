"""Where the suite's CPU goes: user+sys seconds per test, of pytest's own process and of the
child processes it reaped during the test (subprocesses, the browser), summed per file.

The suite's cost is CPU, not wall time: on a shared machine wall time measures the
neighbours. Record a run, then summarise it:

    CPU_COSTS=/tmp/costs.json python -m pytest -p no:randomly
    python tests/cpu_costs.py /tmp/costs.json

(tests/conftest.py loads these hooks when CPU_COSTS is set; for another checkout, put
this folder on PYTHONPATH and add ``-p cpu_costs``.) A module-scoped fixture is charged
to the first test that uses it.

Chromium's renderers are not reaped by pytest, so getrusage (and ``/usr/bin/time``) never
sees their CPU. ``--tree`` runs a command and samples every process below it in /proc
ten times a second, giving CPU by program name, Chromium included:

    python tests/cpu_costs.py --tree python -m pytest -p no:randomly
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections import defaultdict

import pytest

_COSTS: dict[str, tuple[float, float]] = {}


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    own, children = _cpu()
    yield
    own2, children2 = _cpu()
    _COSTS[item.nodeid] = (own2 - own, children2 - children)


def pytest_sessionfinish(session):
    out = os.environ.get("CPU_COSTS")
    if out:
        own, children = _cpu()
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"own": own, "children": children, "tests": _COSTS}, fh, indent=0)


def summary(record: dict, top: int = 20) -> str:
    tests = record["tests"]
    lines = [
        f"{len(tests)} tests: {record['own'] + record['children']:.1f} s CPU "
        f"(pytest {record['own']:.1f} s, children {record['children']:.1f} s)",
        "",
        "per file:",
    ]
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for nodeid, (own, children) in tests.items():
        f = files[nodeid.split("::")[0]]
        f[0] += own
        f[1] += children
        f[2] += 1
    for name, (own, children, n) in sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:top]:
        lines.append(f"  {own + children:6.1f} s  (children {children:5.1f})  {n:4d} tests  {name}")
    lines += ["", "per test:"]
    for nodeid, (own, children) in sorted(tests.items(), key=lambda kv: -sum(kv[1]))[:top]:
        lines.append(f"  {own + children:6.2f} s  (children {children:5.2f})  {nodeid}")
    return "\n".join(lines)


def _stat(pid: str) -> tuple[str, int, float, str] | None:
    """(name, parent, own CPU seconds, start time) of a process, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (
        text[text.index("(") + 1 : text.rindex(")")],
        int(fields[1]),
        (int(fields[11]) + int(fields[12])) / ticks,
        fields[19],
    )


def tree_cpu(argv: list[str]) -> tuple[int, dict[str, float]]:
    """Run ``argv``; the last CPU seen of every process ever below it, summed by name."""
    import subprocess
    import time

    proc = subprocess.Popen(argv)
    below, last = {proc.pid}, {}
    while proc.poll() is None:
        table = {int(pid): st for pid in os.listdir("/proc") if pid.isdigit() and (st := _stat(pid))}
        grew = True
        while grew:
            new = {pid for pid, (_, parent, _, _) in table.items() if parent in below} - below
            below |= new
            grew = bool(new)
        for pid in below & table.keys():
            name, _, cpu, started = table[pid]
            last[(pid, started)] = (name, cpu)
        time.sleep(0.1)
    by_name: dict[str, float] = defaultdict(float)
    for name, cpu in last.values():
        by_name[name] += cpu
    return proc.returncode, dict(by_name)


if __name__ == "__main__":
    if sys.argv[1] == "--tree":
        code, by_name = tree_cpu(sys.argv[2:])
        print(f"CPU of every process below the command: {sum(by_name.values()):.1f} s", file=sys.stderr)
        for name, cpu in sorted(by_name.items(), key=lambda kv: -kv[1]):
            print(f"  {cpu:7.1f} s  {name}", file=sys.stderr)
        sys.exit(code)
    with open(sys.argv[1], encoding="utf-8") as fh:
        print(summary(json.load(fh), int(sys.argv[2]) if len(sys.argv) > 2 else 20))
