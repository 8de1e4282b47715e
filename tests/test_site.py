"""The static site: built from the bundled package with the real command, then read
back as HTML. Every authority has a page, every link resolves, nothing is fetched
from elsewhere, the same data gives the same bytes, and the output directory is
replaced atomically and only when it is ours."""

from __future__ import annotations

import csv
import filecmp
import os
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("jinja2", reason="the site needs the 'site' extra (jinja2)")

from civic_accountability.cli import cli  # noqa: E402
from civic_accountability.dataset.package import bundled_root  # noqa: E402
from civic_accountability.outputs.site.build import MARKER, build_site  # noqa: E402
from civic_accountability.outputs.site.model import assemble, format_date, slugify  # noqa: E402
from civic_accountability.outputs.site.moved import MOVED  # noqa: E402
from civic_accountability.validation.validate import validate_package  # noqa: E402

ROOT = bundled_root()
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
GRADE_WORDS = {"Outstanding", "Good", "Requires improvement", "Adequate", "Inadequate"}


class Page(HTMLParser):
    """What the tests need from one HTML file: elements, ids, headings and texts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.stack: list[tuple[str, dict, list]] = []
        self.texts: dict[str, list[str]] = {}  # class name → text of each element with it
        self.script_text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag not in {"meta", "link", "br", "input", "img", "path", "rect", "circle", "line", "polygon"}:
            self.stack.append((tag, attrs, []))

    def handle_startendtag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs, chunks = self.stack.pop()
            text = " ".join("".join(chunks).split())
            if self.stack:
                self.stack[-1][2].append("".join(chunks))
            if open_tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                self.headings.append((int(open_tag[1]), text))
            if open_tag == "script":
                self.script_text.append("".join(chunks))
            for cls in attrs.get("class", "").split():
                self.texts.setdefault(cls, []).append(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)

    def text_of(self, cls: str) -> list[str]:
        return self.texts.get(cls, [])


def _build(out: Path, *args: str):
    return CliRunner().invoke(cli, ["site", "-o", str(out), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    result = _build(out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def _rows(table: str) -> list[dict]:
    with open(ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _known_external_urls() -> set[str]:
    """The only outside addresses a page may name: sources' own URLs and the licences."""
    import json

    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    urls = {r["url"] for r in _rows("sources") if r["url"]}
    urls |= {lic["path"] for lic in descriptor.get("licenses", [])}
    urls |= {s["path"] for s in descriptor.get("sources", []) if s.get("path")}  # named by the package itself
    if (ROOT / "data" / "authorities.csv").is_file():  # each council's page on Ofsted's reports site
        urls |= {r["ofsted_url"] for r in _rows("authorities") if r.get("ofsted_url")}
    return urls


# --- every authority, every inspection ---------------------------------------------------


def test_every_authority_has_a_page_holding_all_its_inspections(pages):
    inspections = _rows("inspections")
    authority_pages = {k: v for k, v in pages.items() if k.startswith("authority/") and k not in MOVED}
    # an authority is its authority_id where the package has the authorities table, else its code or name
    keys = {r.get("authority_id") or r["la_code"] or f"name:{r['local_authority']}" for r in inspections}
    assert len(authority_pages) == len(keys)
    names = (
        {r["authority_id"]: r["name"] for r in _rows("authorities")}
        if (ROOT / "data" / "authorities.csv").is_file()
        else {}
    )
    home_links = {
        a["href"]
        for tag, a in pages["index.html"].elements
        if tag == "a" and a.get("href", "").startswith("authority/") and "#" not in a["href"]
    }
    assert home_links == set(authority_pages)
    for row in inspections:
        holders = [k for k, page in authority_pages.items() if row["inspection_id"] in page.ids]
        assert len(holders) == 1, row["inspection_id"]
        h1 = [text for level, text in authority_pages[holders[0]].headings if level == 1]
        assert h1 == [names.get(row.get("authority_id") or "", row["local_authority"])]
    for name in authority_pages:
        assert SLUG.match(Path(name).stem), name


def test_swindon_page_shows_grades_recommendations_and_statements(pages):
    page = pages["authority/swindon.html"]
    assert "swindon-2023-07-17-standard-inspection" in page.ids
    assert "Inadequate" in page.text_of("g-inadequate")
    statements = [s for s in _rows("statements") if s["inspection_id"].startswith("swindon-")]
    for s in statements:
        assert s["statement_id"] in page.ids
    quotes = " ".join(page.text_of("statement"))
    assert "We fully accept the findings from Ofsted" in quotes
    assert "Sam Mowbray" in quotes and "Chief executive" in quotes
    assert "(Labour)" in quotes  # the party, where the source gives one
    recs = page.text_of("recommendations")
    first_2023 = next(
        r["text"]
        for r in _rows("recommendations")
        if r["inspection_id"] == "swindon-2023-07-17-standard-inspection" and r["position"] == "1"
    )
    assert any(" ".join(first_2023.split()) in r for r in recs)


def test_sources_are_linked_or_named(pages):
    page = pages["authority/swindon.html"]
    hrefs = {a.get("href") for tag, a in page.elements if tag == "a"}
    for source in _rows("sources"):
        if source["url"] and source["source_id"].startswith(("ofsted-report-swindon", "swindon-advertiser")):
            assert source["url"] in hrefs, source["source_id"]
    # a source with no URL (the official statistics) links to its entry on the sources page,
    # which names the release
    unlinked = [s for s in _rows("sources") if not s["url"]]
    assert unlinked, "the bundled data has sources without a URL"
    assert any(f"../sources.html#source-{s['source_id']}" in hrefs for s in unlinked)
    entries = pages["sources.html"]
    for s in _rows("sources"):
        assert f"source-{s['source_id']}" in entries.ids
    named = " ".join(entries.text_of("source-name"))
    assert all(s["title"] in named for s in unlinked)


def _text(page) -> str:
    return " ".join(v for vs in page.texts.values() for v in vs)


def test_every_fact_links_to_where_it_can_be_checked(site, pages):
    """The footer's promise, tested: every inspection, judgement, recommendation list and
    quotation on every authority page links to its source; nothing is left unlinked."""
    for name in pages:
        assert "no public link" not in (site / name).read_text(encoding="utf-8"), name
    checked = {"inspection": 0, "judgement": 0, "recommendations": 0, "quotes": 0}
    for name in pages:
        if not name.startswith("authority/") or name in MOVED:
            continue
        html = (site / name).read_text(encoding="utf-8")
        # an inspection's source, each judgement's sources, each recommendation list's and quote group's source
        for block in re.findall(r"<dt>Source</dt><dd>(.*?)</dd>", html, re.S):
            assert 'class="src" href="' in block, name
            checked["inspection"] += 1
        for table in re.findall(r'<table class="judgements.*?</table>', html, re.S):
            for row in re.findall(r"<tbody>.*?</tbody>", table, re.S)[0].split("</tr>")[:-1]:
                assert 'class="src" href="' in row, name
                checked["judgement"] += 1
        for cite in re.findall(r'<p class="cite">(.*?)</p>', html, re.S):
            assert 'class="src" href="' in cite, name
            checked["recommendations"] += 1
        for group in re.findall(r'<div class="quote-source">.*?</figure>', html, re.S):
            assert 'class="src" href="' in group.split("<figure")[0], name
            checked["quotes"] += 1
    assert all(checked.values()), checked
    assert checked["judgement"] >= len(_rows("inspections")) // 2


def test_old_frameworks_grades_are_shown_in_their_own_words(pages):
    """SLAC, child protection and TLAC graded 'adequate'; Ofsted's statistics now print it as RI."""
    old = next(
        r
        for r in _rows("judgements")
        if r["grade"] == "requires_improvement"
        and any(i["inspection_id"] == r["inspection_id"] and i["framework"] == "slac" for i in _rows("inspections"))
    )
    holder = next(p for n, p in pages.items() if n.startswith("authority/") and old["inspection_id"] in p.ids)
    assert "Adequate" in holder.text_of("g-adequate")
    home = pages["index.html"]
    options = [a.get("value") for t, a in home.elements if t == "option"]
    grades = " ".join(a.get("data-grade", "") for t, a in home.elements if t == "tr")
    for value in ("outstanding", "good", "requires_improvement", "adequate", "inadequate", "none"):
        if value in options:  # every grade offered by the filter matches some authority
            assert value in grades.split(), value


def test_sources_that_state_the_same_judgement_agree(tmp_path):
    """The site uses rules.same_grade: old-scale adequate and RI are one judgement, not a dispute."""
    from civic_accountability.outputs.site.model import assemble
    from civic_accountability.validation.rules import same_grade

    assert same_grade("adequate", "requires_improvement", "slac")
    sources = [
        {"source_id": "a", "source_type": "official_statistics"},
        {"source_id": "b", "source_type": "inspection_report"},
    ]
    for framework, area, disputed in (("slac", "safeguarding_overall", False), ("sif", "overall_effectiveness", True)):
        tables = {
            "sources": sources,
            "inspections": [
                {
                    "inspection_id": "i",
                    "local_authority": "X",
                    "la_code": "E1",
                    "framework": framework,
                    "inspection_type": "inspection",
                    "start_date": "2012",
                    "source_id": "a",
                }
            ],
            "judgements": [
                {"inspection_id": "i", "area": area, "grade": "requires_improvement", "source_id": "a"},
                {"inspection_id": "i", "area": area, "grade": "adequate", "source_id": "b"},
            ],
        }
        grade = assemble(tables).authorities[0].inspections[0].grades[0]
        assert grade.disputed is disputed, framework
        if not disputed:
            assert grade.label == "Adequate" and len(grade.sources) == 2


def _authority_tables() -> dict:
    """A package with the authorities table: a council split into two successors."""
    inspection = {"local_authority": "", "framework": "sif", "inspection_type": "inspection", "source_id": "s"}
    return {
        "sources": [
            {"source_id": "s", "source_type": "official_statistics", "title": "Stats", "published_date": "2024-03"},
            {"source_id": "r", "source_type": "inspection_report", "title": "Report", "url": "https://example.org/r"},
        ],
        "authorities": [
            {
                "authority_id": "old-shire",
                "name": "Old Shire",
                "la_code": "",
                "region": "Midlands",
                "status": "former",
                "abolished_date": "2021-04-01",
                "successors": "north-shire; west-shire",
                "ofsted_url": "",
            },
            {
                "authority_id": "north-shire",
                "name": "North Shire",
                "la_code": "E06000061",
                "region": "Midlands",
                "status": "current",
                "created_date": "2021-04-01",
                "predecessors": "old-shire",
                "ofsted_url": "https://reports.example/provider/44/940",
            },
            {
                "authority_id": "west-shire",
                "name": "West Shire",
                "la_code": "E06000062",
                "region": "Midlands",
                "status": "current",
                "created_date": "2021-04-01",
                "predecessors": "old-shire",
            },
        ],
        "inspections": [
            {
                **inspection,
                "inspection_id": "o1",
                "authority_id": "old-shire",
                "local_authority": "Old Shire",
                "start_date": "2016-01-10",
            },
            {
                **inspection,
                "inspection_id": "n1",
                "authority_id": "north-shire",
                "local_authority": "North Shire",
                "framework": "ilacs_2023",
                "inspection_type": "standard_inspection",
                "start_date": "2023-05-01",
                "la_code": "E06000061",
            },
            {
                **inspection,
                "inspection_id": "w1",
                "authority_id": "west-shire",
                "local_authority": "West Shire",
                "framework": "ilacs_2026",
                "inspection_type": "standard_inspection",
                "start_date": "2026-05-01",
                "la_code": "E06000062",
            },
        ],
        "judgements": [
            {"inspection_id": "o1", "area": "overall_effectiveness", "grade": "inadequate", "source_id": "s"},
            {"inspection_id": "n1", "area": "overall_effectiveness", "grade": "good", "source_id": "s"},
            {"inspection_id": "w1", "area": "help_and_protection", "grade": "good", "source_id": "r"},
        ],
        "recommendations": [
            {
                "recommendation_id": "o1-lscb-1",
                "inspection_id": "o1",
                "addressee": "lscb",
                "position": "1",
                "section": "",
                "text": "Board text.",
                "source_id": "r",
            },
            {
                "recommendation_id": "o1-la-2",
                "inspection_id": "o1",
                "addressee": "local_authority",
                "position": "2",
                "section": "Help",
                "text": "Second.",
                "source_id": "r",
            },
            {
                "recommendation_id": "o1-la-1",
                "inspection_id": "o1",
                "addressee": "local_authority",
                "position": "1",
                "section": "Help",
                "text": "First.",
                "source_id": "r",
            },
        ],
        "statements": [],
    }


def test_the_authorities_table_gives_names_regions_and_successors():
    from civic_accountability.outputs.site.model import assemble

    data = assemble(_authority_tables())
    old, north, west = (data.authority(s) for s in ("old-shire", "north-shire", "west-shire"))
    assert old.former and not old.current and old.abolished_date == "2021-04-01"
    assert [(l.slug, l.name) for l in old.successors] == [("north-shire", "North Shire"), ("west-shire", "West Shire")]
    assert [l.slug for l in north.predecessors] == ["old-shire"] and north.region == "Midlands"
    assert north.ofsted_url.startswith("https://") and not west.ofsted_url
    groups = old.inspections[0].recommendation_groups
    assert [label for label, _ in groups][0].startswith("To the local authority")
    assert [r.text for r in groups[0][1][0][1]] == ["First.", "Second."] and groups[0][1][0][0] == "Help"
    assert not west.latest_graded.headline  # the 2026 framework gives no overall grade
    assert "no overall grade" in west.summary and west.summary.startswith("Last inspected 1 May 2026")


def _render_context(**extra) -> dict:
    """What ``render_pages`` needs beside the data, for a site built from a few tables in a test."""
    from civic_accountability.outputs.site.downloads import Downloads

    downloads = Downloads()
    downloads.descriptor = downloads.add("package/datapackage.json", b"{}", "datapackage.json")
    downloads.docs["data-dictionary.md"] = downloads.add("package/docs/data-dictionary.md", b"", "data-dictionary.md")
    return {
        "downloads": downloads,
        "specs": [],
        "descriptor": {"title": "t", "version": "1"},
        "licence_links": [],
        "row_counts": {},
        **extra,
    }


def test_a_site_from_the_authorities_table_links_former_and_successor_pages(tmp_path):
    from civic_accountability.outputs.site.build import render_pages
    from civic_accountability.outputs.site.model import assemble

    data = assemble(_authority_tables())
    pages = {k: v.decode() for k, v in render_pages(data, _render_context()).items() if k.endswith(".html")}
    old = pages["authority/old-shire.html"]
    assert "abolished 1 April 2021" in old
    assert 'href="../authority/north-shire.html"' in old and 'href="../authority/west-shire.html"' in old
    north = pages["authority/north-shire.html"]
    assert 'href="../authority/old-shire.html"' in north and "Created 1 April 2021" in north
    assert 'href="https://reports.example/provider/44/940"' in north
    assert "To the Local Safeguarding Children Board" in old and '<p class="rec-section">Help</p>' in old
    recs = pages["recommendations.html"]
    assert recs.count('<section class="rec-report"') == 1 and recs.count('<li><p class="rec-text">') == 3
    assert 'href="../' not in recs
    assert "Data as at March 2024" in pages["national.html"] or "Data as at" in pages["national.html"]


def test_quotes_are_grouped_by_source_with_title_and_date(pages):
    page = pages["authority/swindon.html"]
    groups = page.text_of("quote-source-name")
    april_2018 = [s for s in _rows("statements") if s["inspection_id"] == "swindon-2018-04-focused-visit"]
    assert len(groups) == len({(s["inspection_id"], s["source_id"]) for s in _rows("statements")})
    assert len({s["source_id"] for s in april_2018}) >= 2
    assert all("(undated)" not in g for g in groups)
    assert any("May 2018" in g for g in groups)
    for text in page.text_of("statement"):
        assert "Source:" not in text and ".Source" not in text


def test_council_page_opens_with_a_summary_and_a_jump_list(pages):
    page = pages["authority/swindon.html"]
    summary = page.text_of("summary-line")[0]
    assert "Inadequate since 17 July 2023" in summary and "visits since" in summary and "before that, Good" in summary
    jump = [a["href"] for t, a in page.elements if t == "a" and a.get("href", "").startswith("#swindon-")]
    assert len(set(jump)) == len([r for r in _rows("inspections") if r["local_authority"] == "Swindon"])


def test_data_as_at_comes_from_the_data_not_the_clock(pages):
    latest = max(r["published_date"] for r in _rows("sources") if r["published_date"])
    shown = format_date(latest)
    for name in ("index.html", "national.html", "recommendations.html", "authority/swindon.html"):
        assert f"as at {shown}" in _text(pages[name]), name


def test_summary_counts_link_to_the_filtered_list(pages):
    home = pages["index.html"]
    rows = [a for t, a in home.elements if t == "tr" and a.get("id", "").startswith("row-")]
    for page in (home, pages["national.html"]):
        links = [a["href"] for t, a in page.elements if t == "a" and "?grade=" in a.get("href", "")]
        assert links
        for href in links:
            grade = re.search(r"grade=([a-z_]+)", href).group(1)
            assert "former=no" in href
            assert any(grade in r["data-grade"].split() and r["data-current"] == "1" for r in rows)


def test_every_recommendation_is_on_the_recommendations_page(pages):
    page = pages["recommendations.html"]
    items = page.text_of("rec-text")
    assert len(items) == len(_rows("recommendations"))
    hrefs = {a["href"] for t, a in page.elements if t == "a" and "href" in a}
    for r in _rows("recommendations"):
        assert any(h.endswith(f".html#{r['recommendation_id']}") for h in hrefs), r["recommendation_id"]
    assert not any(t == "script" and a.get("src") for t, a in page.elements)


def test_recommendations_are_grouped_under_their_report_once(site):
    """One group per report: its council and date (the heading), title, grade and source
    once, then its recommendations, each with its exact words, its own link and only what
    differs per item. Every recommendation in the data is on the page exactly once, in
    report order (its council page's order) within a group, newest inspection first."""
    import html as html_module
    from collections import Counter

    text = (site / "recommendations.html").read_text(encoding="utf-8")
    body = text[text.index('<div id="recs"') : text.index("<script>")]
    chunks = body.split('<section class="rec-report"')[1:]
    recs = _rows("recommendations")
    by_inspection: dict[str, list[dict]] = {}
    for r in recs:
        by_inspection.setdefault(r["inspection_id"], []).append(r)
    sources = {s["source_id"]: s for s in _rows("sources")}

    def href(source_id: str) -> str:
        url = sources[source_id]["url"]
        return url if url.startswith(("https://", "http://")) else f"sources.html#source-{source_id}"

    on_page: list[str] = []
    order: list[tuple[int, str]] = []
    for chunk in chunks:
        head, _, items = chunk.partition('<ol class="rec-list">')
        slug, insp, heading = re.search(
            r'<h2><a href="authority/([a-z0-9-]+)\.html#([^"]+)">([^<]+)</a></h2>', head
        ).groups()
        council = (site / "authority" / f"{slug}.html").read_text(encoding="utf-8")
        when, _, title = html_module.unescape(re.search(rf'<h3 id="{insp}-h">(.*?)</h3>', council).group(1)).partition(
            ": "
        )
        name, _, date = html_module.unescape(heading).rpartition(", ")
        assert date == (when if when != "Undated" else "undated"), insp
        year = re.search(r'data-year="(\d*)"', head).group(1)
        assert year == (date[-4:] if date != "undated" else ""), insp
        order.append((-int(year or 0), name.casefold()))
        # the report's metadata, once: in the group's head and nowhere in its items
        meta = re.search(r'<p class="rec-meta">(.*?)</p>', head).group(1)
        assert meta.startswith(html_module.escape(title, quote=False)), (insp, meta)
        assert head.count('class="src"') == 1 and head.count('class="grade') <= 1, insp
        assert chunk.count(heading) == 1 and chunk.count(title) == 1, insp
        cited = Counter(r["source_id"] for r in by_inspection[insp])
        main = max(by_inspection[insp], key=lambda r: cited[r["source_id"]])["source_id"]
        assert f'class="src" href="{href(main)}"' in head, insp
        assert 'class="grade' not in items, insp
        # each item: its words, its link on the council page, its own source only where it differs
        rows = {r["recommendation_id"]: r for r in by_inspection[insp]}
        ids = []
        for words, meta in re.findall(r'<li><p class="rec-text">(.*?)</p><p class="rec-meta">(.*?)</p></li>', items):
            rec_id = re.search(rf'<a href="authority/{slug}\.html#([^"]+)">', meta).group(1)
            row = rows[rec_id]
            assert html_module.unescape(words) == row["text"], rec_id
            assert ("To the safeguarding board" in meta) == (row["addressee"] == "lscb"), rec_id
            assert (html_module.escape(row["section"], quote=False) in meta) if row["section"] else True, rec_id
            assert ('class="src"' in meta) == (row["source_id"] != main), rec_id
            if row["source_id"] != main:
                assert f'class="src" href="{href(row["source_id"])}"' in meta, rec_id
            ids.append(rec_id)
        report_order = sorted(rows, key=lambda i: council.index(f'<li id="{i}">'))
        assert ids == report_order, insp
        on_page += ids
    assert order == sorted(order)  # newest first, then by council (then by inspection: not checked here)
    assert len(chunks) == len(by_inspection)
    counts = Counter(on_page)
    assert set(counts) == {r["recommendation_id"] for r in recs} and set(counts.values()) == {1}


def test_a_build_validates_once(tmp_path, monkeypatch):
    """The exports are written from the rows the site command validated, not re-validated per format."""
    import civic_accountability.validation.validate as validate_module

    calls = []
    real = validate_module.validate_package
    monkeypatch.setattr(validate_module, "validate_package", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = _build(tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert any((tmp_path / "site" / "exports").glob("*.zip"))


def test_home_table_lists_latest_grade_as_text(pages):
    page = pages["index.html"]
    rows = [a for tag, a in page.elements if tag == "tr" and a.get("id", "").startswith("row-")]
    assert len(rows) == len([k for k in pages if k.startswith("authority/") and k not in MOVED])
    swindon = next(a for a in rows if a["id"] == "row-swindon")
    assert swindon["data-grade"] == "inadequate"
    for texts in (page.text_of("grade"),):
        assert texts and all(any(w in t for w in GRADE_WORDS) for t in texts)


def test_sorted_views_exist_and_are_ordered(pages):
    for name in ("index.html", "by-date.html", "by-grade.html"):
        assert name in pages
    order = ["outstanding", "good", "requires_improvement", "adequate", "inadequate", "none"]
    grades = [
        a["data-grade"].split()[0]
        for tag, a in pages["by-grade.html"].elements
        if tag == "tr" and a.get("id", "").startswith("row-")
    ]
    ranks = [order.index(g) for g in grades]
    assert ranks == sorted(ranks)
    years = [
        a["data-year"]
        for tag, a in pages["by-date.html"].elements
        if tag == "tr" and a.get("id", "").startswith("row-")
    ]
    dated = [y for y in years if y]
    assert dated == sorted(dated, reverse=True)


def test_regions_come_only_from_the_authorities_table(tmp_path):
    report = validate_package(None)
    tables = {name: [v for _, v in rows] for name, rows in report.rows.items() if name != "authorities"}
    out = tmp_path / "site"
    # without the authorities table (possible only with --no-validate) no region is shown
    build_site(tables, report.package, out, exports=False)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="f-region"' not in home and not (out / "by-region.html").exists()
    assert "South West" not in (out / "authority" / "swindon.html").read_text(encoding="utf-8")
    tables["authorities"] = [v for _, v in report.rows["authorities"]]
    build_site(tables, report.package, out, force=True, exports=False)
    assert 'id="f-region"' in (out / "index.html").read_text(encoding="utf-8")
    assert "South West" in (out / "authority" / "swindon.html").read_text(encoding="utf-8")


def test_former_authorities_are_marked_from_the_authorities_table(pages):
    """The authorities table's status, not just a missing code, says an authority no longer exists."""
    home = pages["index.html"]
    rows = {a["id"]: a for t, a in home.elements if t == "tr" and a.get("id", "").startswith("row-")}
    marked = {k for k, a in rows.items() if a["data-current"] == "0"}
    inspected = {r["authority_id"] for r in _rows("inspections")}
    former = {
        f"row-{r['authority_id']}"
        for r in _rows("authorities")
        if r["status"] == "former" and r["authority_id"] in inspected
    }
    assert marked == former
    assert {"row-northamptonshire", "row-cumbria", "row-dorset-county"} <= marked
    assert "row-dorset" not in marked and "row-swindon" not in marked


def test_former_and_successor_pages_link_both_ways_with_dates(pages):
    if not (ROOT / "data" / "authorities.csv").is_file():
        pytest.skip("needs the authorities table")
    authorities = {r["authority_id"]: r for r in _rows("authorities")}
    checked = 0
    for aid, row in authorities.items():
        page_name = f"authority/{aid}.html"
        if page_name not in pages:
            continue
        hrefs = {a.get("href") for t, a in pages[page_name].elements if t == "a"}
        text = " ".join(pages[page_name].text_of("status"))
        for other in filter(None, (x.strip() for x in (row["successors"] or "").split(";"))):
            if f"authority/{other}.html" in pages:
                assert f"../authority/{other}.html" in hrefs, (aid, other)
                checked += 1
        for other in filter(None, (x.strip() for x in (row["predecessors"] or "").split(";"))):
            if f"authority/{other}.html" in pages:
                assert f"../authority/{other}.html" in hrefs, (aid, other)
                checked += 1
        if row["abolished_date"]:
            assert f"abolished {format_date(row['abolished_date'])}" in text, aid
        if row["ofsted_url"]:
            assert row["ofsted_url"] in hrefs, aid
    assert checked >= 4  # Northamptonshire and Cumbria, both ways


# --- links, requests, accessibility --------------------------------------------------------


def test_every_internal_link_resolves(site, pages):
    for name, page in pages.items():
        for tag, attrs in page.elements:
            for attr in ("href", "src"):
                url = attrs.get(attr)
                if not url or EXTERNAL.match(url) or (tag == "svg"):
                    continue
                parts = urlsplit(url)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path)) if parts.path else name
                assert not target.startswith(".."), f"{name}: {url} leaves the site"
                assert (site / target).is_file(), f"{name}: {url} → missing {target}"
                if parts.fragment:
                    ids = pages[target].ids if target in pages else []
                    assert parts.fragment in ids, f"{name}: {url} → no id {parts.fragment!r}"


def test_no_request_leaves_the_site(site, pages):
    allowed = _known_external_urls()
    for name, page in pages.items():
        for tag, attrs in page.elements:
            for attr in ("src", "srcset", "href", "action", "formaction", "poster", "data", "background", "xlink:href"):
                url = attrs.get(attr, "")
                if not EXTERNAL.match(url):
                    continue
                assert tag == "a" and attr == "href", f"{name}: <{tag} {attr}={url!r}> would fetch from elsewhere"
                assert url in allowed, f"{name}: link to {url!r} is neither a source nor a licence"
                assert url.startswith(("https://", "http://"))
            assert not (tag == "script" and attrs.get("src")), f"{name}: external script file"
            assert "style" not in attrs, f"{name}: inline style attribute on <{tag}>"
        assert not any(re.search(r"https?://|//[a-z]", s, re.I) for s in page.script_text), name
        assert "Content-Security-Policy" in {a.get("http-equiv") for t, a in page.elements if t == "meta"}
    css = (site / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and not re.search(r"url\(", css), "the stylesheet fetches something"
    assert "@font-face" not in css


def test_pages_are_accessible_in_structure(pages):
    for name, page in pages.items():
        html_tags = [a for t, a in page.elements if t == "html"]
        assert html_tags and html_tags[0].get("lang") == "en-GB", name
        assert [lvl for lvl, _ in page.headings].count(1) == 1, name
        ids = page.ids
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}"
        for tag, attrs in page.elements:
            if tag == "th":
                assert attrs.get("scope") in {"col", "row"}, f"{name}: <th> without scope"
            if tag == "svg" and "chart" in attrs.get("class", ""):
                assert attrs.get("role") == "img"
                for ref in attrs["aria-labelledby"].split():
                    assert ref in ids, f"{name}: chart label {ref} missing"
            if tag == "img":
                assert "alt" in attrs
            if tag in {"input", "select"} and attrs.get("type") != "hidden":
                labels = [a.get("for") for t, a in page.elements if t == "label"]
                assert attrs.get("id") in labels, f"{name}: <{tag} id={attrs.get('id')}> has no label"
        for level, text in page.headings:
            assert text, f"{name}: empty heading"


def test_headings_do_not_skip_levels(site):
    for path in sorted(site.rglob("*.html")):
        previous = 0
        for match in re.finditer(r"<h([1-6])[ >]", path.read_text(encoding="utf-8")):
            level = int(match.group(1))
            assert level <= previous + 1, f"{path.name}: h{previous} then h{level}"
            previous = level


def test_grades_are_never_told_by_colour_alone(site, pages):
    for name, page in pages.items():
        for text in page.text_of("grade"):
            assert any(w in text for w in GRADE_WORDS), f"{name}: grade badge without its word: {text!r}"
    # every coloured mark in a chart carries its grade in words (a <title>), and the
    # national charts fill with patterns, not flat colour
    national = (site / "national.html").read_text(encoding="utf-8")
    for rect in re.findall(r"<rect [^>]*fill=\"url\(#national[^\"]*\)\"[^>]*>(.*?)</rect>", national):
        assert re.match(r"<title>\d{4}: (Outstanding|Good|Requires improvement|Adequate|Inadequate), \d+</title>", rect)
    assert national.count("<pattern ") >= 4
    swindon = (site / "authority" / "swindon.html").read_text(encoding="utf-8")
    chart = re.search(r"<svg id=\"timeline\".*?</svg>", swindon, re.S).group(0)
    assert chart.count("<g><title>") == len([r for r in _rows("inspections") if r["local_authority"] == "Swindon"])
    assert ">Inadequate</text>" in chart


# --- downloads -----------------------------------------------------------------------------


def test_downloads_are_the_package_byte_for_byte(site, pages):
    for table in ("sources", "inspections", "judgements", "recommendations", "statements"):
        assert filecmp.cmp(site / "package" / "data" / f"{table}.csv", ROOT / "data" / f"{table}.csv", shallow=False)
        assert filecmp.cmp(
            site / "package" / "schemas" / f"{table}.json", ROOT / "schemas" / f"{table}.json", shallow=False
        )
    report = validate_package(site / "package")
    assert report.exit_code == 0, [str(e) for e in report.errors[:3]]
    links = {a["href"] for t, a in pages["downloads.html"].elements if t == "a" and "href" in a}
    assert "package/datapackage.json" in links and "dictionary.html" in links
    assert "package/data/statements.csv" in links


def test_exports_are_offered_when_the_export_command_exists(site, pages):
    links = {a["href"] for t, a in pages["downloads.html"].elements if t == "a" and "href" in a}
    exported = (
        sorted(p.relative_to(site).as_posix() for p in (site / "exports").glob("*"))
        if (site / "exports").is_dir()
        else []
    )
    # each export that was made is linked, and nothing is linked that was not made
    assert {h for h in links if h.startswith("exports/")} == set(exported)
    assert any(h.endswith(".zip") for h in exported) and any(h.endswith(".db") for h in exported)


# --- determinism and writing ---------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_data_gives_byte_identical_sites(site, tmp_path):
    """Downloads included: the SQLite, Excel and zip exports are reproducible too (the module's
    site, built earlier at another path, against a build here)."""
    assert _build(tmp_path / "elsewhere" / "two").exit_code == 0
    one, two = _tree(site), _tree(tmp_path / "elsewhere" / "two")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    text = b"".join(v for k, v in two.items() if k.endswith(".html"))
    assert str(tmp_path).encode() not in text and str(site).encode() not in text  # links are relative


def test_refuses_a_foreign_directory_unless_forced(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    result = _build(out, "--no-exports")
    assert result.exit_code == 2 and "--force" in result.output
    assert (out / "thesis.tex").read_text() == "precious" and not (out / "index.html").exists()
    result = _build(out, "--no-exports", "--force")
    assert result.exit_code == 0
    assert not (out / "thesis.tex").exists() and (out / MARKER).is_file()
    assert _build(out, "--no-exports").exit_code == 0  # our own site is replaced without --force
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask  # readable by a web server, not mkdtemp's 0700
    file_target = tmp_path / "a-file"
    file_target.write_text("x")
    assert _build(file_target, "--no-exports", "--force").exit_code == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary directories left behind"


def test_a_failed_build_leaves_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert _build(out, "--no-exports").exit_code == 0
    before = _tree(out)

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr("civic_accountability.outputs.site.build.render_pages", broken)
    report = validate_package(None)
    tables = {name: [v for _, v in rows] for name, rows in report.rows.items()}
    with pytest.raises(RuntimeError):
        build_site(tables, report.package, out, exports=False)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_invalid_data_is_refused_unless_no_validate(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", package / "data")
    shutil.copytree(ROOT / "schemas", package / "schemas")
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    path = package / "data" / "judgements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",inadequate,", ",dreadful,", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["site", str(package), "-o", str(out), "--no-exports"])
    assert result.exit_code == 1 and "dreadful" in result.output and not out.exists()
    result = CliRunner().invoke(cli, ["site", str(package), "-o", str(out), "--no-exports", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    result = CliRunner().invoke(cli, ["site", str(tmp_path / "nowhere"), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_help_stays_light():
    """The command module imports neither Jinja2 nor the site package until it runs."""
    import subprocess
    import sys

    code = (
        "import sys; from civic_accountability.cli import cli; from civic_accountability.commands import site; "
        "print(any(m == 'jinja2' or m.startswith('civic_accountability.outputs.site') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert out.stdout.strip() == "False"


# --- pure pieces, over many inputs -------------------------------------------------------------


@given(
    st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2100, 12, 31)),
    st.sampled_from([1, 2, 3]),
)
def test_partial_dates_read_as_people_write_them(day, precision):
    iso = day.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]]
    text = format_date(iso)
    assert str(day.year) in text and "-" not in text
    if precision == 3:
        assert text.startswith(f"{day.day} ")


names = st.text(alphabet=st.sampled_from(list("abcDEF &'-,.é")), min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=12))
def test_every_authority_gets_a_distinct_slug(authorities):
    inspections = []
    for i, (name, has_code) in enumerate(authorities):
        inspections.append(
            {
                "inspection_id": f"i{i}",
                "local_authority": name,
                "la_code": f"E0{i:07d}" if has_code else "",
                "framework": "sif",
                "inspection_type": "inspection",
                "start_date": "2015",
                "source_id": "s",
            }
        )
    data = assemble({"inspections": inspections, "sources": [{"source_id": "s", "source_type": "other"}]})
    slugs = [a.slug for a in data.authorities]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(s) for s in slugs)
    assert (
        slugify("Bournemouth, Christchurch & Poole") == "bournemouth-christchurch-poole"
    )  # the contract's rule, as ids have it


def test_chart_labels_never_overlap_and_narrow_text_is_large(pages, site):
    """Grade labels of close points are moved or left to the marker's title; the phone layout
    writes no text below 12 px in a 340-unit-wide chart."""
    from civic_accountability.outputs.site import charts
    from civic_accountability.outputs.site.model import assemble

    sources = [{"source_id": "s", "source_type": "official_statistics"}]
    inspections, judgements = [], []
    for i, (date, grade) in enumerate(
        [("2014-01-10", "good"), ("2014-02-20", "good"), ("2014-03-01", "good"), ("2019-01-01", "inadequate")]
    ):
        inspections.append(
            {
                "inspection_id": f"i{i}",
                "local_authority": "X",
                "la_code": "E1",
                "framework": "sif",
                "inspection_type": "inspection",
                "start_date": date,
                "source_id": "s",
            }
        )
        judgements.append({"inspection_id": f"i{i}", "area": "overall_effectiveness", "grade": grade, "source_id": "s"})
    authority = assemble({"sources": sources, "inspections": inspections, "judgements": judgements}).authorities[0]
    svg = charts.timeline(authority, 2009, 2025, "t")
    labels = [
        (float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="13"[^>]*>Good<', svg)
    ]
    assert 1 <= len(labels) < 3  # three points within weeks: not three labels on top of each other
    for (x1, y1), (x2, y2) in zip(labels, labels[1:]):
        assert abs(y1 - y2) >= 14 or abs(x1 - x2) >= 40
    for html in [
        (site / "authority" / "swindon.html").read_text(encoding="utf-8"),
        (site / "national.html").read_text(encoding="utf-8"),
    ]:
        for narrow in re.findall(r'<svg id="[^"]*" class="chart chart-narrow".*?</svg>', html, re.S):
            assert 'viewBox="0 0 340 ' in narrow
            assert all(int(size) >= 12 for size in re.findall(r'font-size="(\d+)"', narrow))
    # a point in February 2023 sits inside the band of 2023, whose label is centred in it
    x_feb = charts._year_fraction("2023-02")
    assert 2023 < x_feb < 2023.2


def test_inspections_without_authority_id_find_their_authority_by_code_or_name():
    from civic_accountability.outputs.site.model import assemble

    tables = _authority_tables()
    for row in tables["inspections"]:
        row.pop("authority_id")
    data = assemble(tables)
    assert sorted(a.slug for a in data.authorities) == ["north-shire", "old-shire", "west-shire"]
    assert data.authority("old-shire").successors[0].slug == "north-shire"


def test_vocabulary_words_on_the_pages_are_the_contracts_labels(tmp_path):
    """Inspection types, source kinds and a type the contract does not know come from
    ``vocab.label`` (one set of labels), and no source kind is hidden from the sources page."""
    from civic_accountability.contract.vocab import InspectionType, SourceType, label
    from civic_accountability.outputs.site.model import source_kinds, type_label

    assert type_label("reinspection") == label(InspectionType.reinspection) == "Re-inspection"
    assert type_label("made_up_type") == label("made_up_type")
    kinds = source_kinds(["news_article", "official_statistics", "something_new", "inspection_report"])
    assert kinds == ["official_statistics", "inspection_report", "news_article", "something_new"]
    assert set(source_kinds(t.value for t in SourceType)) == {t.value for t in SourceType}


# --- themes and repeats (issue 22) --------------------------------------------------------


def test_council_pages_show_each_items_themes_and_what_was_asked_before(site, pages):
    """Every repeat link is shown on the later item's council page with the earlier item's date
    and words, linking to it; every item with themes shows them."""
    from civic_accountability.contract.themes import THEME_LABELS

    recs = {r["recommendation_id"]: r for r in _rows("recommendations")}
    links = _rows("recommendation_repeats")
    assert links
    for link in links[::17]:
        later = recs[link["recommendation_id"]]
        page_name = next(
            p for p, page in pages.items() if p.startswith("authority/") and link["recommendation_id"] in page.ids
        )
        html = (site / page_name).read_text(encoding="utf-8")
        item = html.split(f'id="{link["recommendation_id"]}"', 1)[1].split("</li>", 1)[0]
        assert "Asked before" in item and link["earlier_recommendation_id"] in item
        earlier = recs[link["earlier_recommendation_id"]]["text"]
        assert (
            earlier.replace("'", "&#39;").replace('"', "&#34;").replace("&", "&amp;")[:40] in item
            or earlier[:20] in item
        )
        assert later["text"][:20].replace("&", "&amp;") in html
    for t in _rows("recommendation_themes")[::97]:
        page_name = next(
            p for p, page in pages.items() if p.startswith("authority/") and t["recommendation_id"] in page.ids
        )
        item = (site / page_name).read_text(encoding="utf-8").split(f'id="{t["recommendation_id"]}"', 1)[1]
        assert THEME_LABELS[t["theme_id"]].replace("'", "&#39;") in item.split("</li>", 1)[0]


_WHY = re.compile(r'<details class="why-linked"><summary>Why linked</summary>(.*?)</details>')


def test_each_asked_before_link_says_why_the_rules_link_it_as_repeats_explain_does(site, pages):
    """Under each "asked before" link of a council page, a "Why linked" note gives the lines
    ``repeats COUNCIL --explain`` prints for that link, in the same order, escaped: the pages and
    the CLI read the same rules (``repeats.why``). Every link has its note."""
    import json

    def escape(text: str) -> str:  # as the templates' autoescape writes it (markupsafe)
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )

    links = _rows("recommendation_repeats")
    council_pages = {p: (site / p).read_text(encoding="utf-8") for p in pages if p.startswith("authority/")}
    assert sum(len(_WHY.findall(html)) for html in council_pages.values()) == len(links)
    councils = {"swindon"} | {
        next(p for p, page in pages.items() if p.startswith("authority/") and link["recommendation_id"] in page.ids)
        .split("/")[1]
        .removesuffix(".html")
        for link in (links[0], links[len(links) // 2])
    }
    seen = []
    for council in sorted(councils):
        result = CliRunner().invoke(cli, ["repeats", council, "--explain", "--format", "json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        html = council_pages[f"authority/{council}.html"]
        for insp in json.loads(result.output)["inspections"]:
            for item in insp["repeated"]:
                li = html.split(f'<li id="{item["recommendation_id"]}">', 1)[1].split("</li>", 1)[0]
                shown = [re.findall(r"<p>(.*?)</p>", note) for note in _WHY.findall(li)]
                assert shown == [[str(escape(w)) for w in e["why"]] for e in item["asked_before"]], item
                seen += [w for e in item["asked_before"] for w in e["why"]]
    assert any(w.startswith("the same named activity: ") for w in seen)
    assert any("item's weight" in w for w in seen)  # shown as item&#39;s: escaped
    assert "the same named activity: placement sufficiency" in council_pages["authority/swindon.html"]


def test_why_linked_notes_keep_a_reports_markup_escaped():
    """A link between two items whose words carry markup: the council page shows the rules'
    reason under it, and neither item's text becomes markup."""
    from civic_accountability.outputs.site import asks
    from civic_accountability.outputs.site.build import render_pages

    tables = _authority_tables()
    tables["recommendations"] += [
        {
            "recommendation_id": "n1-la-1",
            "inspection_id": "n1",
            "addressee": "local_authority",
            "position": "1",
            "section": "",
            "text": 'Improve placement sufficiency <script>alert(1)</script> for children in care, "now" & always.',
            "source_id": "r",
        }
    ]
    earlier = next(r for r in tables["recommendations"] if r["recommendation_id"] == "o1-la-1")
    earlier["text"] = "Ensure placement sufficiency for children in care <img src=x onerror=alert(1)>."
    tables["recommendation_themes"] = [
        {"recommendation_id": rid, "theme_id": "placements_and_sufficiency", "rank": "1", "method": "rule"}
        for rid in ("n1-la-1", "o1-la-1")
    ]
    tables["recommendation_repeats"] = [
        {
            "recommendation_id": "n1-la-1",
            "earlier_recommendation_id": "o1-la-1",
            "judged": "same_issue",
            "method": "rule",
        }
    ]
    data = assemble(tables)
    north = render_pages(data, _render_context(asks=asks.prepare(tables, data)))["authority/north-shire.html"].decode()
    item = north.split('<li id="n1-la-1">', 1)[1].split("</li>", 1)[0]
    assert "Asked before (same issue)" in item
    (note,) = _WHY.findall(item)
    assert "<p>the same named activity: placement sufficiency</p>" in note
    assert "<script>alert" not in north and "<img src=x" not in north
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item and "&lt;img src=x onerror=alert(1)&gt;" in item


def test_an_item_that_repeats_two_earlier_items_starts_a_chain_for_each():
    """Middlesbrough 2026's item repeats two of 2023's, each of which repeats one of 2019's: both
    chains are listed on the asks page, so every item asked three times is on it."""
    from civic_accountability.outputs.site.asks import _paths

    earlier_of = {"c": ["b2", "b1"], "b1": ["a1"], "b2": ["a2"]}
    assert _paths("c", earlier_of) == [["c", "b1", "a1"], ["c", "b2", "a2"]]
    assert _paths("a1", earlier_of) == [["a1"]]


def test_the_asks_page_counts_themes_and_links_councils_asked_three_times(site, pages):
    page = pages["asks.html"]
    assert (1, "What Ofsted asks councils to fix: themes and repeats") in page.headings
    html = (site / "asks.html").read_text(encoding="utf-8")
    # nothing fetched (links out and the SVG namespace of the map are not requests)
    assert "http://" not in html.replace('href="http', "").replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html
    from civic_accountability.themes.history import chain_lengths

    links = _rows("recommendation_repeats")
    thrice = {r for r, n in chain_lengths(links).items() if n >= 3}
    slugs = {
        p.split("/")[1][:-5]
        for p, pg in pages.items()
        if p.startswith("authority/") and any(r in pg.ids for r in thrice)
    }
    assert thrice and slugs
    for slug in slugs:  # every council asked the same thing three times is listed and linked
        assert f'href="authority/{slug}.html"' in html
    for rid in thrice:  # each such item is in a chain, linked to its place on its council's page
        assert f'.html#{rid}"' in html
