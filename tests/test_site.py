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
from civic_accountability.outputs.site.regions import Reference, reference_from_csv  # noqa: E402
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


def _reference() -> list[dict]:
    path = ROOT / "src" / "civic_accountability" / "reference" / "local_authorities.csv"
    if not path.is_file():
        pytest.skip("no reference table in this checkout")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _known_external_urls() -> set[str]:
    """The only outside addresses a page may name: sources' own URLs and the licences."""
    import json

    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    urls = {r["url"] for r in _rows("sources") if r["url"]}
    urls |= {lic["path"] for lic in descriptor.get("licenses", [])}
    return urls


# --- every authority, every inspection ---------------------------------------------------


def test_every_authority_has_a_page_holding_all_its_inspections(pages):
    inspections = _rows("inspections")
    authority_pages = {k: v for k, v in pages.items() if k.startswith("authority/")}
    keys = {r["la_code"] or f"name:{r['local_authority']}" for r in inspections}
    assert len(authority_pages) == len(keys)
    home_links = {a["href"] for tag, a in pages["index.html"].elements if tag == "a" and a.get("href", "").startswith("authority/") and "#" not in a["href"]}
    assert home_links == set(authority_pages)
    for row in inspections:
        holders = [k for k, page in authority_pages.items() if row["inspection_id"] in page.ids]
        assert len(holders) == 1, row["inspection_id"]
        h1 = [text for level, text in authority_pages[holders[0]].headings if level == 1]
        assert h1 == [row["local_authority"]]
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
    first_2023 = next(r["text"] for r in _rows("recommendations")
                      if r["inspection_id"] == "swindon-2023-07-17-standard-inspection" and r["position"] == "1")
    assert any(" ".join(first_2023.split()) in r for r in recs)


def test_sources_are_linked_or_named(pages):
    page = pages["authority/swindon.html"]
    hrefs = {a.get("href") for tag, a in page.elements if tag == "a"}
    for source in _rows("sources"):
        if source["url"] and source["source_id"].startswith(("ofsted-report-swindon", "swindon-advertiser")):
            assert source["url"] in hrefs, source["source_id"]
    # a source with no URL is named, not linked: the official statistics
    unlinked = [s for s in _rows("sources") if not s["url"]]
    assert unlinked, "the bundled data has sources without a URL"
    swindon_html = " ".join(v for vs in page.texts.values() for v in vs)
    assert any(s["title"] in swindon_html for s in unlinked)


def test_home_table_lists_latest_grade_as_text(pages):
    page = pages["index.html"]
    rows = [a for tag, a in page.elements if tag == "tr" and a.get("id", "").startswith("row-")]
    assert len(rows) == len([k for k in pages if k.startswith("authority/")])
    swindon = next(a for a in rows if a["id"] == "row-swindon")
    assert swindon["data-grade"] == "inadequate"
    for texts in (page.text_of("grade"),):
        assert texts and all(any(w in t for w in GRADE_WORDS) for t in texts)


def test_sorted_views_exist_and_are_ordered(pages):
    for name in ("index.html", "by-date.html", "by-grade.html"):
        assert name in pages
    order = ["outstanding", "good", "requires_improvement", "adequate", "inadequate", "none"]
    grades = [a["data-grade"].split()[0] for tag, a in pages["by-grade.html"].elements
              if tag == "tr" and a.get("id", "").startswith("row-")]
    ranks = [order.index(g) for g in grades]
    assert ranks == sorted(ranks)
    years = [a["data-year"] for tag, a in pages["by-date.html"].elements if tag == "tr" and a.get("id", "").startswith("row-")]
    dated = [y for y in years if y]
    assert dated == sorted(dated, reverse=True)


def test_regions_come_only_from_the_reference_table(tmp_path):
    report = validate_package(None)
    tables = {name: [v for _, v in rows] for name, rows in report.rows.items()}
    out = tmp_path / "site"
    build_site(tables, report.package, out, reference=Reference(), exports=False)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="f-region"' not in home and not (out / "by-region.html").exists()
    assert "South West" not in (out / "authority" / "swindon.html").read_text(encoding="utf-8")
    build_site(tables, report.package, out, reference=Reference({"E06000030": "South West"}), exports=False)
    assert 'id="f-region"' in (out / "index.html").read_text(encoding="utf-8")
    assert "South West" in (out / "authority" / "swindon.html").read_text(encoding="utf-8")


def test_reference_reader():
    ref = reference_from_csv("la_code,local_authority,status,ofsted_region\nE1,Barnet,current,London\n"
                             "E2,Gone,former,\n,Poole,former,South West\n")
    assert ref.regions == {"E1": "London", "name:Poole": "South West"}
    assert ref.former == {"E2", "name:Poole"}
    assert reference_from_csv("la_code,local_authority\nE1,Barnet\n") == Reference()


def test_former_authorities_are_marked_from_the_reference(pages):
    """The reference table's status, not just a missing code, says an authority no longer exists."""
    former = {r["la_code"] or f"name:{r['local_authority']}" for r in _reference() if r["status"] == "former"}
    home = pages["index.html"]
    rows = {a["id"]: a for t, a in home.elements if t == "tr" and a.get("id", "").startswith("row-")}
    marked = {k for k, a in rows.items() if a["data-current"] == "0"}
    inspected = {r["la_code"] or f"name:{r['local_authority']}" for r in _rows("inspections")}
    assert len(marked) == len(former & inspected)
    assert {"row-northamptonshire", "row-dorset-former"} <= marked
    assert "row-dorset" not in marked and "row-swindon" not in marked


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
        assert filecmp.cmp(site / "package" / "schemas" / f"{table}.json", ROOT / "schemas" / f"{table}.json",
                           shallow=False)
    report = validate_package(site / "package")
    assert report.exit_code == 0, [str(e) for e in report.errors[:3]]
    links = {a["href"] for t, a in pages["downloads.html"].elements if t == "a" and "href" in a}
    assert "package/datapackage.json" in links and "dictionary.html" in links
    assert "package/data/statements.csv" in links


def test_exports_are_offered_when_the_export_command_exists(site, pages):
    from civic_accountability.outputs.site.downloads import export_command

    links = {a["href"] for t, a in pages["downloads.html"].elements if t == "a" and "href" in a}
    exported = sorted(p.relative_to(site).as_posix() for p in (site / "exports").glob("*")) if (site / "exports").is_dir() else []
    if export_command() is None:
        assert not exported and not any(h.startswith("exports/") for h in links)
        return
    # each export that was made is linked, and nothing is linked that was not made
    assert {h for h in links if h.startswith("exports/")} == set(exported)
    assert any(h.endswith(".zip") for h in exported) and any(h.endswith(".db") for h in exported)


# --- determinism and writing ---------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_data_gives_byte_identical_sites(tmp_path):
    """Downloads included: the SQLite, Excel and zip exports are reproducible too."""
    for name in ("one", "elsewhere/two"):
        assert _build(tmp_path / name).exit_code == 0
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "elsewhere" / "two")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    text = b"".join(v for k, v in one.items() if k.endswith(".html"))
    assert str(tmp_path).encode() not in text  # links are relative: no build path leaks in


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

    code = ("import sys; from civic_accountability.cli import cli; from civic_accountability.commands import site; "
            "print(any(m == 'jinja2' or m.startswith('civic_accountability.outputs.site') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stdout.strip() == "False"


# --- pure pieces, over many inputs -------------------------------------------------------------


@given(st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2100, 12, 31)),
       st.sampled_from([1, 2, 3]))
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
        inspections.append({"inspection_id": f"i{i}", "local_authority": name, "la_code": f"E0{i:07d}" if has_code else "",
                            "framework": "sif", "inspection_type": "inspection", "start_date": "2015",
                            "source_id": "s"})
    data = assemble({"inspections": inspections, "sources": [{"source_id": "s", "source_type": "other"}]})
    slugs = [a.slug for a in data.authorities]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(s) for s in slugs)
    assert slugify("Bournemouth, Christchurch & Poole") == "bournemouth-christchurch-and-poole"
