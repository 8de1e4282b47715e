"""Where the suite's CPU goes: user+sys seconds per test, of pytest's own process and of the
child processes it reaped during the test (subprocesses, the browser), summed per file.

The suite's cost is CPU, not wall time: on a shared machine wall time measures the
neighbours. Record a run, then summarise it:

    CPU_COSTS=/tmp/costs.json python -m pytest -p no:randomly
    python tests/cpu_costs.py /tmp/costs.json

(tests/conftest.py loads these hooks when CPU_COSTS is set; for another checkout, put
this folder on PYTHONPATH and add ``-p cpu_costs``.) A module-scoped fixture is charged
to the first test that uses it.
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
    lines = [f"{len(tests)} tests: {record['own'] + record['children']:.1f} s CPU "
             f"(pytest {record['own']:.1f} s, children {record['children']:.1f} s)", "", "per file:"]
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


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        print(summary(json.load(fh), int(sys.argv[2]) if len(sys.argv) > 2 else 20))
