#!/usr/bin/env python3
"""Lists reconciled per framework family, for the parser of any git revision (issue 21).

    python scripts/list_proof.py [--rev ebd45f8] [--reports-dir ../shared/ofsted/reports]

Runs today's completeness proof (``importers/reports/reconcile.py``) over the lists that
the parser of ``--rev`` (default: the working tree) finds in every report, from the
extracted-text cache that ``import reports`` fills; prints lists reconciled per family
and every list that is not. ``--rev ebd45f8`` is the issue-11 parser: the "before" of
notes/ofsted-reports-import.md.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

PARSER = "src/civic_accountability/importers/reports/parse.py"


def parser_at(rev: str | None):
    from civic_accountability.importers.reports import parse

    if rev is None:
        return parse
    source = subprocess.run(["git", "show", f"{rev}:{PARSER}"], capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "parse_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("parse_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["parse_at_rev"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default=None)
    ap.add_argument("--reports-dir", type=Path, default=Path("../shared/ofsted/reports"))
    args = ap.parse_args()
    from civic_accountability.importers.reports import parse, pdftext, reconcile
    from civic_accountability.importers.reports.rows import FAMILY

    P = parser_at(args.rev)  # noqa: N806
    cache = pdftext.default_cache_dir()
    per: dict[str, Counter] = defaultdict(Counter)
    bad = []
    with (args.reports_dir / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        manifest = sorted(csv.DictReader(fh), key=lambda m: m["file"])
    for m in manifest:
        try:
            _, pages, _ = pdftext.cached_pages(args.reports_dir / m["file"], cache)
            report = P.parse_report(pages)
        except Exception:  # not a report, unreadable: import reports lists those
            continue
        lines = parse.content_lines(pages)
        recs = [
            {
                "addressee": r.addressee,
                "position": r.position,
                "text": r.text,
                "page": r.page,
                "marker": getattr(r, "marker", "number"),
            }
            for r in report.recommendations
        ]
        for check in reconcile.check_report(lines, recs):
            per[FAMILY[report.framework]]["reconciled" if check.reconciled else "unreconciled"] += 1
            if not check.reconciled:
                bad.append(
                    f"{m['file']} ({check.addressee or 'no rows'}, p. {check.page}): {'; '.join(check.problems)}"
                )
    for family, c in sorted(per.items()):
        print(f"{family}: {c['reconciled']} of {c['reconciled'] + c['unreconciled']} lists reconciled")
    for b in bad:
        print("  " + b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
