#!/usr/bin/env python3
"""The site on an emulated mid-range phone: bytes, first paint, load and filter response.

Real Chromium (Debian's, through Playwright's CDP session) at 390×844 (3× pixels, touch),
its CPU slowed 4× (Emulation.setCPUThrottlingRate) and its network throttled to Chrome
DevTools' "Slow 4G" preset (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up;
Network.emulateNetworkConditions), reading the site from python's http.server on
127.0.0.1, once as the raw files and once gzipped (level 6) as most static hosts serve
them. Every load starts with an empty cache. Medians of --runs loads; ratios against
the home page come from the same run, so a busy machine inflates them all alike.

    python scripts/bench_phone.py                      # builds the site from the bundled data
    python scripts/bench_phone.py --site /tmp/site     # an already built site
    python scripts/bench_phone.py --site old=/tmp/old --site new=/tmp/new   # before/after

Columns: transfer = bytes over the network for the page and everything it loads
(CDP encodedDataLength); FCP = first contentful paint; DCL = DOMContentLoaded; load =
the load event; key = a keystroke in the filter's text box until the next frame is
presented (the Event Timing API's duration, as INP measures it; the worst of the
keystrokes typed); select = choosing the second option of the filter's first <select> (a change event
dispatched in the page) until a task after the next frame runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

#: (label, page, the filter's text box, the filter's first select) — None: no filter.
PAGES = (
    ("home", "index.html", "#f-name", "#f-grade"),
    ("authority", "authority/swindon.html", None, None),
    ("recommendations", "recommendations.html", "#r-q", "#r-year"),
)
#: Chrome DevTools' "Slow 4G" (called "Fast 3G" before Chrome 130).
NETWORK = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 390, "height": 844}
TYPED = "care"

#: Listens for Event Timing entries from the moment the page is ready to be measured.
OBSERVE = """() => {
  window.__events = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.__events.push(
    {name: e.name, duration: e.duration, start: e.startTime}); })
    .observe({type: 'event', durationThreshold: 16, buffered: false});
}"""
#: Paint entries can arrive after the load event: wait for the first contentful one.
TIMINGS = """() => new Promise(done => new PerformanceObserver((list, observer) => {
  const fcp = list.getEntries().find(e => e.name === 'first-contentful-paint');
  if (!fcp) { return; }
  observer.disconnect();
  const nav = performance.getEntriesByType('navigation')[0];
  done({fcp: fcp.startTime, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
        items: document.querySelectorAll('#recs li, #authorities tbody tr').length});
}).observe({type: 'paint', buffered: true}))"""
#: Choose the select's second option (a change event, as a tap on it gives) and time it
#: until the frame after the filtered list is drawn: rAF, then a task after that frame.
SELECT = """el => new Promise(done => {
  const t0 = performance.now();
  el.selectedIndex = 1;
  el.dispatchEvent(new Event('change', {bubbles: true}));
  requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
})"""
#: The worst event duration since OBSERVE, after two frames have gone by (entries arrive late).
WORST = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
  const events = window.__events; window.__events = [];
  done(events.length ? Math.max(...events.map(e => e.duration)) : 0);
}, 50))))"""


def build(out: Path) -> Path:
    from civic_accountability.outputs.site.build import build_site
    from civic_accountability.validation.validate import validate_package

    report = validate_package(None)
    tables = {name: [values for _, values in rows] for name, rows in report.rows.items()}
    build_site(tables, report.package, out, exports=False)
    return out


def load_once(browser, url: str, box, select) -> dict:
    """One cold load of ``url`` on the emulated phone, then the filter driven if it has one."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load", timeout=180_000)
    result = page.evaluate(TIMINGS)
    result["bytes"] = sum(sizes.values())
    result["key"] = result["select"] = None
    if box:
        page.evaluate(OBSERVE)
        field = page.locator(box)
        field.click()
        worst = 0.0
        for char in TYPED:
            page.keyboard.press(char)
            worst = max(worst, page.evaluate(WORST))
        result["key"] = worst
        result["select"] = page.locator(select).evaluate(SELECT)
        result["shown"] = page.locator(
            ".rec-report:not([hidden]) li:not([hidden]), #authorities tbody tr:not([hidden])"
        ).count()
    context.close()
    return result


def measure(browser, site: Path, runs: int) -> list[dict]:
    from civic_accountability.outputs.site.preview import serve

    rows = []
    for gzip in (False, True):
        with serve(site, gzip=gzip) as base:
            for label, path, box, select in PAGES:
                loads = [load_once(browser, base + path, box, select) for _ in range(runs)]

                def median(key: str, loads=loads):
                    values = [r[key] for r in loads if r.get(key) is not None]
                    return statistics.median(values) if values else None

                rows.append(
                    {
                        "page": label,
                        "gzip": gzip,
                        "file": (site / path).stat().st_size,
                        "items": loads[0]["items"],
                        **{k: median(k) for k in ("bytes", "fcp", "dcl", "load", "key", "select")},
                    }
                )
    return rows


def fmt_ms(value) -> str:
    return "-" if value is None else f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def table(name: str, rows: list[dict]) -> None:
    print(f"\n{name}")
    head = (
        f"{'page':<16} {'served':<6} {'file':>9} {'transfer':>9} {'FCP':>8} {'DCL':>8} {'load':>8} "
        f"{'key':>7} {'select':>7}  {'FCP/home':>8} {'load/home':>9}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        home = next(h for h in rows if h["page"] == "home" and h["gzip"] == r["gzip"])
        print(
            f"{r['page']:<16} {'gzip' if r['gzip'] else 'raw':<6} {r['file'] / 1024:>7.0f}KB "
            f"{r['bytes'] / 1024:>7.0f}KB {fmt_ms(r['fcp']):>8} {fmt_ms(r['dcl']):>8} {fmt_ms(r['load']):>8} "
            f"{fmt_ms(r['key']):>7} {fmt_ms(r['select']):>7}  {r['fcp'] / home['fcp']:>7.2f}x "
            f"{r['load'] / home['load']:>8.2f}x"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="[LABEL=]DIR",
        help="a built site to measure (repeat to compare; default: build one from the bundled data)",
    )
    ap.add_argument("--runs", type=int, default=3, help="cold loads per page and encoding (median; default 3)")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from civic_accountability.outputs.site.preview import CHROMIUM, launch

    if not CHROMIUM.is_file():
        print(f"error: no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        sites = [(s.partition("=")[0], Path(s.partition("=")[2])) if "=" in s else (s, Path(s)) for s in args.site] or [
            ("this checkout", build(Path(tmp) / "site"))
        ]
        missing = [str(d) for _, d in sites if not (d / "index.html").is_file()]
        if missing:
            print(f"error: not a built site: {', '.join(missing)}", file=sys.stderr)
            return 2
        print(
            f"Chromium {CHROMIUM}: {VIEWPORT['width']}x{VIEWPORT['height']}, CPU {CPU_SLOWDOWN}x slower, "
            f"network {NETWORK['latency']} ms latency, {NETWORK['downloadThroughput'] * 8 / 1e6:.2f} Mbit/s down, "
            f"{NETWORK['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up; cold cache; median of {args.runs}"
        )
        with sync_playwright() as p:
            browser = launch(p)
            for label, site in sites:
                table(f"{label} ({site})", measure(browser, site, args.runs))
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
