"""The site in a real browser: Debian's Chromium, driven by Playwright, reading the
built site from a loopback server as a reader would.

Needs /usr/bin/chromium (apt-get install chromium) and the 'browser' extra
(pip install playwright; never `playwright install`: no browser is downloaded).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the site needs the 'site' extra (jinja2)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the 'browser' extra: pip install playwright")

from civic_accountability.outputs.site.preview import CHROMIUM, launch, serve  # noqa: E402

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(),
                                reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (CI installs it)")


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
    assert statement.get_by_role("link").get_attribute("href").startswith("https://swindonadvertiser.co.uk/")
    chart = page.get_by_role("img", name="Swindon: grades at every inspection")
    assert chart.is_visible()

    assert errors == []
    assert requested and all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]


def test_filters_and_sorting(browser, base):
    page = browser.new_page()
    requested = _track(page, base)
    page.goto(base + "index.html")
    rows = page.locator("#authorities tbody tr:visible")
    total = rows.count()
    page.get_by_label("Latest overall grade", exact=True).select_option("inadequate")
    inadequate = rows.count()
    assert 0 < inadequate < total
    assert all("Inadequate" in t for t in rows.locator("td:nth-of-type(4)").all_inner_texts()) or \
        all("Inadequate" in t for t in rows.all_inner_texts())
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
    assert rows.count() == len(list((site / "authority").glob("*.html")))
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
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
