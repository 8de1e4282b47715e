#!/usr/bin/env python3
"""Regenerate the site's screenshots in docs/screenshots/, at a phone's width (390 px)
and a desktop's (1280 px): the home page, Swindon's page, the national picture,
the recommendations search, the home page's hex map on its own, and the map of
repeated recommendations on the themes-and-repeats page.

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
#: name → (page, height of the shot at 1280 px, at 390 px)
SHOTS = {
    "home": ("index.html", 1500, 2400),
    "swindon": ("authority/swindon.html", 2400, 3200),
    "national": ("national.html", 1800, 2600),
    "recommendations": ("recommendations.html?q=care+leavers", 1400, 2200),
}
#: name → (page, CSS selector): shots of one part of a page (the hex map, whole, at each width)
PARTS = {
    "map": ("index.html", "section.map"),
    "map-repeats": ("asks.html", "section.map"),
}
WIDTHS = {"": 1280, "-390": 390}


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
        print(
            f"error: the package is not valid (exit {report.exit_code}); run civic-accountability validate",
            file=sys.stderr,
        )
        return report.exit_code
    tables = {name: [values for _, values in rows] for name, rows in report.rows.items()}
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(tables, report.package, site, exports=False)
        args.out.mkdir(parents=True, exist_ok=True)
        with serve(site) as base, sync_playwright() as p:
            browser = launch(p)
            for suffix, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
                for name, (path, tall, tall_phone) in SHOTS.items():
                    page.goto(base + path)
                    height = min(
                        tall if width > 400 else tall_phone, page.evaluate("document.documentElement.scrollHeight")
                    )
                    target = args.out / f"{name}{suffix}.png"
                    page.screenshot(
                        path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
                    )
                    written.append(target)
                for name, (path, selector) in PARTS.items():
                    page.goto(base + path)
                    target = args.out / f"{name}{suffix}.png"
                    page.locator(selector).first.screenshot(path=str(target))
                    written.append(target)
                page.close()
            browser.close()
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
