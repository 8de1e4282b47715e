#!/usr/bin/env python3
"""Thin entry point: the statistics importer lives in civic_accountability.importers.statistics.

Prefer ``civic-accountability import statistics --ofsted-dir ../shared/ofsted``.
"""
from __future__ import annotations

import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parent.parent / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

from civic_accountability.importers.statistics import *  # noqa: E402,F401,F403
from civic_accountability.importers.statistics import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
