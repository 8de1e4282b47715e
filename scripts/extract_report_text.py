#!/usr/bin/env python3
"""Extract the text of Ofsted inspection report PDFs for manual data entry.

Writes one ``<pdf stem>.txt`` per report (pages separated by form-feed lines
``\\f--- page N ---``) into an output directory that must lie OUTSIDE the
repository: report text is Ofsted's, read for reference, and is not committed.

Usage:
    python scripts/extract_report_text.py [PDF ...] [--out DIR] [--engine pdfplumber|pypdf]

Defaults: every ``swindon-*.pdf`` in ``../shared/ofsted/`` (relative to the
repository root) and ``$TMPDIR/civic-accountability-report-text``.
Also prints each PDF's sha256 (the value for ``sources.sha256``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PDF_DIR = REPO.parent / "shared" / "ofsted"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_pages(path: Path, engine: str) -> list[str]:
    if engine == "pypdf":
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "civic-accountability-report-text",
    )
    parser.add_argument("--engine", choices=["pdfplumber", "pypdf"], default="pdfplumber")
    args = parser.parse_args(argv)

    pdfs = args.pdfs or sorted(DEFAULT_PDF_DIR.glob("swindon-*.pdf"))
    if not pdfs:
        print("no PDFs given or found", file=sys.stderr)
        return 2
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        print(f"refusing to write report text inside the repository: {out}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        pages = extract_pages(pdf, args.engine)
        text = "".join(f"\f--- page {n} ---\n{p}\n" for n, p in enumerate(pages, 1))
        target = out / f"{pdf.stem}.{args.engine}.txt"
        target.write_text(text, encoding="utf-8")
        print(f"{pdf.name}\tpages={len(pages)}\tsha256={sha256_of(pdf)}\t-> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
