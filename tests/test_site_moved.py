"""Old addresses keep working: every page the site once published and no longer builds
(outputs/site/moved.py) is a small redirect page to where it went, never over a real page.
Read back from a real build as HTML, then followed in Debian's Chromium with and
without JavaScript, a #fragment and all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the site needs the 'site' extra (jinja2)")

from civic_accountability.outputs.site.moved import MOVED, redirects  # noqa: E402
from civic_accountability.outputs.site.preview import CHROMIUM  # noqa: E402

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from civic_accountability.cli import cli

    out = tmp_path_factory.mktemp("moved") / "site"
    result = CliRunner().invoke(cli, ["site", "-o", str(out), "--no-exports", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _target(site: Path, old: str) -> str:
    """Where the redirect page at ``old`` sends a reader, relative to the site's root."""
    import posixpath

    html = (site / old).read_text(encoding="utf-8")
    match = REFRESH.search(html)
    assert match, f"{old} is not a redirect page"
    href = match.group(1)
    assert f'<link rel="canonical" href="{href}">' in html
    assert f'<a href="{href}">' in html  # a visible link for whoever the refresh does not move
    assert '<meta name="robots" content="noindex">' in html
    return posixpath.normpath(posixpath.join(posixpath.dirname(old), href))


def test_every_old_address_leads_to_a_real_page(site):
    for old, new in MOVED.items():
        assert (site / old).is_file(), f"{old} is not published"
        assert _target(site, old) == new
        target = (site / new).read_text(encoding="utf-8")
        assert not REFRESH.search(target), f"{old} → {new}, itself a redirect"
        assert "<h1>" in target


def test_old_anchors_are_on_the_new_pages(site):
    """Links into an old page (#inspection, #recommendation) still find their place: the
    recommendations page's anchors for the moved councils are on the new pages."""
    recs = (site / "recommendations.html").read_text(encoding="utf-8")
    checked = 0
    for new in MOVED.values():
        ids = set(re.findall(r' id="([^"]+)"', (site / new).read_text(encoding="utf-8")))
        for anchor in re.findall(re.escape(new) + r'#([^"]+)"', recs):
            assert anchor in ids
            checked += 1
    assert checked > 10


def test_no_redirect_shadows_a_real_page():
    real = {"authority/poole-former.html", "authority/poole.html", "authority/dorset-county.html"}
    published = redirects(real, MOVED)
    assert "authority/poole-former.html" not in published  # a real page keeps its address
    assert published == {"authority/dorset-former.html": "authority/dorset-county.html"}  # only to pages that exist
    assert all(old != new for old, new in MOVED.items())
    assert not set(MOVED) & set(MOVED.values()), "an old address is also a current one"


def test_the_build_writes_redirects_only_where_no_page_stands(site):
    """Every published page other than the declared moves is a real page, not a redirect."""
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        is_redirect = bool(REFRESH.search(path.read_text(encoding="utf-8")))
        assert is_redirect == (rel in MOVED), rel


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM}")
@pytest.mark.parametrize("javascript", [True, False])
def test_a_browser_follows_an_old_link(site, javascript):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the 'browser' extra")
    from civic_accountability.outputs.site.preview import launch, serve

    old, new = "authority/dorset-former.html", MOVED["authority/dorset-former.html"]
    html = (site / new).read_text(encoding="utf-8")
    anchor = re.search(r'<section[^>]* id="([^"]+)"', html) or re.search(r' id="(dorset[^"]+)"', html)
    fragment = anchor.group(1)
    with sync_api.sync_playwright() as p, serve(site) as base:
        browser = launch(p)
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{base}{old}#{fragment}")
        page.wait_for_url(f"{base}{new}*")
        page.wait_for_load_state("load")
        # the script keeps the fragment; the meta refresh, all a page without JavaScript has, cannot
        assert page.url == f"{base}{new}" + (f"#{fragment}" if javascript else "")
        assert page.get_by_role("heading", level=1).inner_text() == "Dorset"
        assert errors == []  # the CSP admits the redirect's script
        browser.close()
