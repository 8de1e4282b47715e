#!/usr/bin/env python3
"""Regenerate docs/screenshots/home.png and docs/screenshots/swindon.png.

Builds the site from the bundled package into a temporary directory, serves it
on 127.0.0.1 and photographs it with Debian's Chromium (apt-get install chromium;
pip install 'civic-accountability[site,browser]'; never `playwright install`).

    python scripts/screenshots.py [--out docs/screenshots] [--package PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="where to write the PNGs")
    ap.add_argument("--package", type=Path, default=None, help="package to build from (default: bundled)")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from civic_accountability.outputs.site.build import build_site
    from civic_accountability.outputs.site.preview import CHROMIUM, launch, serve
    from civic_accountability.validation.validate import validate_package

    if not CHROMIUM.is_file():
        print(f"error: no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    report = validate_package(args.package)
    if report.exit_code:
        print(f"error: the package is not valid (exit {report.exit_code}); run civic-accountability validate",
              file=sys.stderr)
        return report.exit_code
    tables = {name: [values for _, values in rows] for name, rows in report.rows.items()}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(tables, report.package, site, exports=False)
        args.out.mkdir(parents=True, exist_ok=True)
        with serve(site) as base, sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
            page.goto(base + "index.html")
            page.screenshot(path=str(args.out / "home.png"))
            page.goto(base + "authority/swindon.html")
            page.screenshot(path=str(args.out / "swindon.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 2400},
                            full_page=True)
            browser.close()
    print(f"wrote {args.out / 'home.png'} and {args.out / 'swindon.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
