"""The site in a real browser: Debian's Chromium, driven by Playwright, reading the
built site from a loopback server as a reader would.

Needs /usr/bin/chromium (apt-get install chromium) and the 'browser' extra
(pip install playwright axe-playwright-python; never `playwright install`: no
browser is downloaded). At 390 and 1280 px, on every page type: no sideways
scroll (and a crawl of every page at 390 px), chart text at 11 px or more, 44 px
touch targets, axe-core with no serious or critical violation, a visible focus
ring at 3:1 or more, and the filters driven, kept in the URL and reloaded.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the site needs the 'site' extra (jinja2)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the 'browser' extra: pip install playwright")

from civic_accountability.outputs.site.preview import CHROMIUM, launch, serve  # noqa: E402

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (CI installs it)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from civic_accountability.cli import cli

    out = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(cli, ["site", "-o", str(out), "--no-exports"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def _track(page, base: str) -> list[str]:
    """Every URL the page asks for; the test asserts they all stay on the site."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def test_filter_to_swindon_and_read_its_page(browser, base):
    page = browser.new_page()
    requested = _track(page, base)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + "index.html")

    rows = page.locator("#authorities tbody tr")
    total = rows.count()
    assert total > 100  # every English authority
    page.get_by_label("Name", exact=True).fill("Swindon")
    visible = page.locator("#authorities tbody tr:visible")
    assert visible.count() == 1
    assert page.locator("#count").inner_text() == f"Showing 1 of {total} authorities"
    visible.get_by_role("link", name="Swindon", exact=True).click()
    page.wait_for_url("**/authority/swindon.html")

    assert page.get_by_role("heading", level=1).inner_text() == "Swindon"
    inspection = page.locator("#swindon-2023-07-17-standard-inspection")
    assert "17 July 2023" in inspection.get_by_role("heading", level=3).inner_text()
    overall = inspection.locator("table.judgements tr", has_text="Overall effectiveness")
    assert "Inadequate" in overall.inner_text()
    statement = page.locator("#swindon-advertiser-2023-rated-inadequate-q12")
    assert statement.is_visible()
    assert "We fully accept the findings from Ofsted" in statement.locator("blockquote").inner_text()
    assert "Sam Mowbray, Chief executive" in statement.locator("figcaption").inner_text()
    group = page.locator(".quote-source", has=statement)  # quotes are grouped under the source that reports them
    assert group.locator(".quote-source-name a").get_attribute("href").startswith("https://swindonadvertiser.co.uk/")
    chart = page.get_by_role("img", name="Swindon: grades at every inspection")
    assert chart.is_visible()

    assert errors == []
    assert requested and all(url.startswith(base) for url in requested), [
        u for u in requested if not u.startswith(base)
    ]


def test_filters_and_sorting(browser, base):
    page = browser.new_page()
    requested = _track(page, base)
    page.goto(base + "index.html")
    rows = page.locator("#authorities tbody tr:visible")
    total = rows.count()
    page.get_by_label("Latest overall grade", exact=True).select_option("inadequate")
    inadequate = rows.count()
    assert 0 < inadequate < total
    assert all("Inadequate" in t for t in rows.locator("td:nth-of-type(4)").all_inner_texts()) or all(
        "Inadequate" in t for t in rows.all_inner_texts()
    )
    if page.locator("#f-region").count():
        page.get_by_label("Region", exact=True).select_option("South West")
        assert 0 < rows.count() <= inadequate
        assert all("South West" in t for t in rows.all_inner_texts())
    page.get_by_role("button", name="Clear filters").click()
    # A locator assertion, not wait_for_function: the page's CSP forbids the eval that
    # wait_for_function falls back to when the condition is not yet true.
    from playwright.sync_api import expect

    expect(page.locator("#authorities tbody tr:not([hidden])")).to_have_count(total)

    page.get_by_label("Include authorities that no longer exist").uncheck()
    assert rows.count() < total
    assert not any("no longer exists" in t for t in rows.all_inner_texts())
    page.get_by_label("Include authorities that no longer exist").check()

    page.get_by_role("button", name="Overall grade").click()
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert "Outstanding" in rows.first.inner_text()
    page.get_by_role("button", name="Overall grade").click()
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert all(url.startswith(base) for url in requested)


def test_without_javascript_the_table_is_complete(browser, base, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "index.html")
    assert not page.locator("#filters").is_visible()  # controls that cannot work are not shown
    rows = page.locator("#authorities tbody tr:visible")
    from civic_accountability.outputs.site.moved import MOVED

    assert rows.count() == len([p for p in (site / "authority").glob("*.html") if f"authority/{p.name}" not in MOVED])
    page.get_by_role("link", name="Latest inspection", exact=True).click()
    page.wait_for_url("**/by-date.html")
    assert page.locator("#authorities tbody tr:visible").count() == rows.count()
    context.close()


def test_works_opened_from_a_folder(browser, site):
    """Relative links: the site works from file://, with its stylesheet and script."""
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # style.css applied
    assert page.locator("#filters").is_visible()  # the inline script ran under the page's CSP
    page.locator("#authorities a", has_text="Swindon").first.click()
    assert page.url.endswith("/authority/swindon.html")
    page.wait_for_load_state("load")  # the click returns once the page commits, maybe before its stylesheet
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


# --- phones first, accessibility, filters in the URL ---------------------------------------

WIDTHS = (390, 1280)
#: One or more pages of every type the site has.
PAGE_TYPES = (
    "index.html",
    "by-grade.html",
    "authority/swindon.html",
    "national.html",
    "recommendations.html",
    "asks.html",
    "sources.html",
    "downloads.html",
    "dictionary.html",
)


@pytest.fixture(scope="module")
def page_types(site) -> tuple[str, ...]:
    """PAGE_TYPES plus the pages of two authorities that no longer exist (read from the home page)."""
    import re

    home = (site / "index.html").read_text(encoding="utf-8")
    former = re.findall(r'<tr id="row-([a-z0-9-]+)"[^>]*data-current="0"', home)[:2]
    assert former, "the data has authorities that no longer exist"
    return PAGE_TYPES + tuple(f"authority/{slug}.html" for slug in former)


def _checks_script() -> str:
    from importlib import resources

    return resources.files("civic_accountability.outputs.site").joinpath("checks.js").read_text(encoding="utf-8")


def _measure(page) -> dict:
    return page.evaluate(_checks_script())


#: The layout of the whole document: equal both ways of loading a page, or the crawl's shortcut is wrong.
_LAYOUT = "() => { const d = document.documentElement; return [d.scrollWidth, d.clientWidth, d.scrollHeight]; }"


def test_no_page_scrolls_sideways_on_a_phone(browser, base, site):
    """Every page of the site at 390 px: nothing wider than the screen outside a table's own scroller.

    A page that runs a script (the home page and its orderings, the recommendations, the
    redirects of moved pages) is navigated to. The ~160 council pages run none (their
    Content-Security-Policy says script-src 'none', and this test checks each has no
    <script>), so after navigating to one, each council page's own file replaces the
    document in place (page.set_content, which waits for the load event): the same bytes
    at the same URL, so the same relative stylesheet and policy apply, laid out at the
    same width by the same engine. Only the navigation itself is skipped, which was
    ~60% of the crawl's Chromium CPU. The first council page is measured both ways and
    must lay out identically (scroll width, client width, scroll height), as every
    council page did when this was written."""
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    sideways = {}
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    council = [
        name
        for name in names
        if name.startswith("authority/") and "<script" not in (site / name).read_text(encoding="utf-8")
    ]
    assert len(council) > 150
    for name in names:
        if name in council:
            continue
        page.goto(base + name)
        result = _measure(page)
        if result["sideways"] > 0:
            sideways[name] = result["wide"]
    page.goto(base + council[0])
    navigated = page.evaluate(_LAYOUT)
    for name in council:
        page.set_content((site / name).read_text(encoding="utf-8"))
        if name == council[0]:
            assert page.evaluate(_LAYOUT) == navigated, "set_content lays a page out otherwise than a visit"
        result = _measure(page)
        if result["sideways"] > 0:
            sideways[name] = result["wide"]
    context.close()
    assert sideways == {}
    assert len(names) > 150
    print(f"checked {len(names)} pages at 390 px in {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_reads_and_can_be_touched(browser, base, site, page_types, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    charts = 0
    for name in page_types:
        assert (site / name).is_file(), name
        page.goto(base + name)
        result = _measure(page)
        assert result["sideways"] == 0, (name, result["wide"])
        if result["smallest"] is not None:
            charts += 1
            assert result["smallest"] >= 11, (name, result["smallest"])
        assert result["small"] == [], (name, result["small"])
    assert charts >= 2  # the council pages and the national picture have charts
    context.close()


def _axe_violations(page, contrast: bool = True, only: str = "") -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    script = Axe().axe_script
    options = (
        "{resultTypes: ['violations']"
        + ("" if contrast else ", rules: {'color-contrast': {enabled: false}}")
        + (f", runOnly: ['{only}']" if only else "")
        + "}"
    )
    return page.evaluate(
        script + f";axe.run({options}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, "
        "target: v.nodes[0].target.join(' ')})))"
    )


#: Leaves one item of each shape (its elements' tags and classes) in the recommendations list,
#: then one report group of each shape among those left with no item (its heading and metadata).
_ONE_ITEM_PER_SHAPE = """() => {
  const shape = el => [el, ...el.querySelectorAll('*')].map(e => e.tagName + '.' + e.className).join(' ');
  const seen = new Set();
  for (const li of document.querySelectorAll('ol.rec-list > li')) {
    const s = shape(li);
    if (seen.has(s)) li.remove(); else seen.add(s);
  }
  const heads = new Set();
  const head = group => [...group.children].filter(c => c.tagName !== 'OL').map(shape).join(' ');
  const groups = [...document.querySelectorAll('.rec-report')];
  for (const group of groups) { if (group.querySelector('li')) heads.add(head(group)); }
  for (const group of groups) {
    if (group.querySelector('li')) continue;
    const s = head(group);
    if (heads.has(s)) group.remove(); else heads.add(s);
  }
  return seen.size;
}"""


def _contrast_of_each_item_shape(page) -> list[dict]:
    """Colour contrast on the recommendations page, which repeats one item thousands of times
    (27,000 elements before they were grouped by report; axe's contrast rule took 30 s of
    Chromium's CPU there): a colour comes from the classes text sits in, not its words, so
    after every other rule has seen every item, contrast is checked on one item and one
    report heading of each shape and the rest of the page."""
    assert page.evaluate(_ONE_ITEM_PER_SHAPE) >= 2
    return _axe_violations(page, only="color-contrast")


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_or_critical_violation(browser, base, page_types, width):
    pytest.importorskip("axe_playwright_python", reason="needs the 'browser' extra (axe-playwright-python)")
    # axe is injected by the test, so this context lets it past the pages' CSP (which
    # admits only each page's own script); the other tests keep the CSP.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name in page_types:
        if name == "by-grade.html":  # the home page's template, sorted otherwise
            continue
        page.goto(base + name)
        # colours do not change with the width: colour contrast (axe's slowest rule) is checked at 390 px
        if width == 390 and name == "recommendations.html":
            violations = _axe_violations(page, contrast=False) + _contrast_of_each_item_shape(page)
        else:
            violations = _axe_violations(page, contrast=width == 390)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    context.close()
    assert found == {}


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


FOCUS_STYLE = """el => {
  const parse = c => (c.match(/[0-9.]+/g) || []).map(Number);
  const style = getComputedStyle(el);
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0)) { bg = c; break; }
    node = node.parentElement;
  }
  return {tag: el.tagName, outline: parse(style.outlineColor), width: parseFloat(style.outlineWidth),
          styleName: style.outlineStyle, background: bg};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_focus_is_visible_at_three_to_one(browser, base, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    checked = 0
    for name in ("index.html", "authority/swindon.html", "recommendations.html", "national.html", "asks.html"):
        page.goto(base + name)
        for _ in range(12):
            page.keyboard.press("Tab")
            focused = page.evaluate_handle("document.activeElement")
            info = focused.evaluate(FOCUS_STYLE)
            if info["tag"] == "BODY":
                continue
            assert info["styleName"] != "none" and info["width"] >= 2, (name, info)
            assert _contrast(info["outline"], info["background"]) >= 3, (name, info)
            checked += 1
    assert checked >= 50
    context.close()


def test_home_filters_live_in_the_url_and_survive_a_reload(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(base + "index.html")
    rows = page.locator("#authorities tbody tr:not([hidden])")
    total = rows.count()
    page.get_by_label("Latest overall grade", exact=True).select_option("inadequate")
    if page.locator("#f-region").count():
        page.get_by_label("Region", exact=True).select_option("South West")
    page.get_by_label("Include authorities that no longer exist").uncheck()
    shown = rows.count()
    assert 0 < shown < total
    assert "grade=inadequate" in page.url and "former=no" in page.url
    page.reload()
    expect(rows).to_have_count(shown)
    assert page.get_by_label("Latest overall grade", exact=True).input_value() == "inadequate"
    assert not page.get_by_label("Include authorities that no longer exist").is_checked()
    # at 390 px the grade is on screen, not off to the right
    grade = rows.first.locator(".grade").first
    box = grade.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    page.close()


def test_summary_counts_open_the_filtered_list(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(base + "national.html")
    link = page.locator("a[href*='grade=inadequate']").first
    count = int(link.inner_text())
    link.click()
    page.wait_for_url("**/index.html?grade=inadequate&former=no")
    expect(page.locator("#authorities tbody tr:not([hidden])")).to_have_count(count)
    assert page.locator("#count").inner_text().startswith(f"Showing {count} of")
    page.close()


def test_recommendations_can_be_searched_and_filtered_offline(browser, base):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 900})
    requested = _track(page, base)
    page.goto(base + "recommendations.html")
    # one group per report; an item shows when neither it nor its group is hidden
    groups = page.locator("#recs > .rec-report:not([hidden])")
    items = page.locator("#recs > .rec-report:not([hidden]) li:not([hidden])")
    count = page.locator("#rec-count")
    # a group's heading never shows without an item under it
    empty = "gs => gs.filter(g => !g.querySelector('li:not([hidden])')).length"
    total = items.count()
    assert total > 0 and groups.count() < total
    expect(count).to_have_text(f"{total} recommendations")
    page.get_by_label("Words", exact=True).fill("care leavers")
    shown = items.count()
    assert 0 < shown < total
    expect(count).to_have_text(f"Showing {shown} of {total} recommendations")
    assert groups.evaluate_all(empty) == 0
    # within a group that shows, the items that do not match are hidden
    assert groups.evaluate_all("gs => gs.filter(g => g.querySelector('li[hidden]')).length") > 0
    # text content: what find-in-page, selection and screen readers read, rendered or not
    texts = page.locator("#recs > .rec-report:not([hidden]) li:not([hidden]) .rec-text").all_text_contents()
    assert texts and all("care" in t.lower() and "leavers" in t.lower() for t in texts)
    assert "q=care+leavers" in page.url
    year = page.get_by_label("Year", exact=True)
    year.select_option(index=1)
    narrowed = items.count()
    assert narrowed <= shown
    assert groups.evaluate_all(empty) == 0
    assert set(groups.evaluate_all("gs => gs.map(g => g.getAttribute('data-year'))")) == {year.input_value()}
    page.reload()
    expect(items).to_have_count(narrowed)
    expect(count).to_have_text(f"Showing {narrowed} of {total} recommendations")
    assert groups.evaluate_all(empty) == 0
    assert page.get_by_label("Words", exact=True).input_value() == "care leavers"
    page.get_by_role("button", name="Clear filters").click()
    expect(items).to_have_count(total)
    items.first.get_by_role("link").first.click()
    page.wait_for_url("**/authority/*.html#*")
    assert all(url.startswith(base) for url in requested)
    page.close()


HEX_FOCUS = """() => {
  const a = document.activeElement;
  if (!a || !a.closest('svg.hexmap')) return null;
  const r = a.getBoundingClientRect(), hex = a.querySelector('.hex'), style = getComputedStyle(a);
  return {code: a.getAttribute('data-code'), href: a.getAttribute('href'),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          stroke: getComputedStyle(hex).stroke, strokeWidth: parseFloat(getComputedStyle(hex).strokeWidth),
          inView: r.left >= 0 && r.right <= document.documentElement.clientWidth && r.width > 10};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_hex_map_fits_works_without_javascript_and_each_hexagon_takes_visible_focus(browser, base, width):
    """At 390 and 1280 px, with scripts off: the maps (the current picture on the home and
    national pages, the repeats map on the national and themes-and-repeats pages) are drawn,
    fit the screen with no sideways scroll and no outside request; a hexagon of each map is
    reached by Tab with the page's focus ring and an ink edge, and Enter opens that council's page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    requested = _track(page, base)
    for name, maps in (("index.html", 1), ("national.html", 2), ("asks.html", 1)):
        page.goto(base + name)
        assert page.locator("svg.hexmap").count() == maps, name
        for i in range(maps):
            box = page.locator("svg.hexmap").nth(i).bounding_box()
            assert box and box["width"] <= width and box["height"] > 200, (name, i, box)
        assert page.locator("svg.hexmap a").count() > 150 * maps
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    assert all(url.startswith(base) for url in requested)
    context.close()
    # the current picture on the home page; the repeats map on the themes-and-repeats page
    for name in ("index.html", "asks.html"):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base + name)
        focus = None
        for _ in range(60):
            page.keyboard.press("Tab")
            focus = page.evaluate(HEX_FOCUS)
            if focus:
                break
        assert focus, f"no hexagon reached by Tab on {name}"
        assert focus["outline"] != "none" and focus["outlineWidth"] >= 2 and focus["inView"], focus
        assert focus["stroke"] == "rgb(27, 27, 27)" and focus["strokeWidth"] >= 3, focus
        page.keyboard.press("Enter")
        page.wait_for_url("**/" + focus["href"])
        assert page.locator("h1").inner_text()
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_passes_the_neighbour_comparison_of_a_council_page(browser, base, width):
    pytest.importorskip("axe_playwright_python", reason="needs the 'browser' extra (axe-playwright-python)")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "authority/liverpool.html")
    assert page.locator("#compare-h").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    serious = [v for v in _axe_violations(page, contrast=True) if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
