"""The hex map of England: one hexagon per current authority and one authority per hexagon
(after the 2021 and 2023 reorganisations and code changes), the committed layout is what the
script derives from the shared hexjson, and the built pages draw it as links with words,
with no outside request; a council's page compares it with its statistical neighbours."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("jinja2", reason="the site needs the 'site' extra (jinja2)")

from civic_accountability.cli import cli  # noqa: E402
from civic_accountability.outputs.site.hexmap import Cell, Style, covered, hex_svg, layout  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HEXJSON = REPO.parent / "shared" / "geo" / "uk-upper-tier-local-authorities.hexjson"


def _rows(table: str) -> list[dict]:
    with open(REPO / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def current() -> dict[str, dict]:
    return {a["la_code"]: a for a in _rows("authorities") if a["status"] == "current"}


def test_every_current_authority_has_one_hexagon_and_every_hexagon_one_authority(current):
    assert len(current) == len([a for a in _rows("authorities") if a["status"] == "current"])  # codes unique
    assert covered(current) == ([], [])
    places = list(layout().values())
    assert len(places) == len(set(places)) == len(current)
    # the reorganised councils are on the map under today's codes, their predecessors are not
    for code in ("E06000061", "E06000062", "E06000063", "E06000064", "E06000060", "E06000065", "E06000066"):
        assert code in layout()
    assert not {"E10000021", "E10000006", "E10000002", "E10000023", "E10000027"} & set(layout())


def test_a_split_council_sits_next_to_its_sibling():
    def neighbours(q: int, r: int) -> set[tuple[int, int]]:  # odd-r: odd rows shifted right
        d = 1 if r & 1 else 0
        return {(q - 1, r), (q + 1, r), (q - 1 + d, r - 1), (q + d, r - 1), (q - 1 + d, r + 1), (q + d, r + 1)}

    grid = layout()
    assert grid["E06000061"] in neighbours(*grid["E06000062"])  # North and West Northamptonshire
    assert grid["E06000063"] in neighbours(*grid["E06000064"])  # Cumberland, Westmorland and Furness


@pytest.mark.skipif(not HEXJSON.is_file(), reason=f"the shared hexjson is not at {HEXJSON}")
def test_the_committed_layout_is_what_the_script_derives():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "hexmap_layout.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_hex_svg_draws_one_link_per_cell_with_its_words_and_skips_codes_off_the_grid():
    grid = {"E1": (0, 0), "E2": (1, 0), "E3": (0, 1)}
    cells = {
        "E1": Cell("a.html", "A: good", "g"),
        "E3": Cell("c.html", "C <none>", "n", ring=True),
        "E9": Cell("x.html", "off the map", "g"),
    }
    svg = hex_svg(cells, {"g": Style("Good", "#0f0"), "n": Style("None", "#eee")}, "m", "T", "D", grid=grid)
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    assert links == [("a.html", "A: good"), ("c.html", "C &lt;none&gt;")]
    assert svg.count("<circle") == 1 and "x.html" not in svg
    assert hex_svg(cells, {"g": Style("Good", "#0f0"), "n": Style("None", "#eee")}, "m", "T", "D", grid=grid) == svg


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(cli, ["site", "-o", str(out), "--no-exports"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("page", ["index.html", "national.html"])
def test_the_map_links_every_current_council_and_fetches_nothing(site, current, page):
    html = (site / page).read_text(encoding="utf-8")
    svg = re.search(r'<svg class="hexmap".*?</svg>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-code="([^"]+)"', svg)
    assert sorted(code for _, _, code in links) == sorted(current)
    ids = {a["la_code"]: a["authority_id"] for a in current.values()}
    for href, words, code in links:
        assert href == f"authority/{ids[code]}.html" and (site / href).is_file()
        assert words.startswith(current[code]["name"].replace("&", "&amp;").replace("'", "&#x27;") + ":")
    assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)
    assert "<title" in svg and "<desc" in svg and "The map as a list" in html and "Open Innovations" in html
    trafford = next(w for _, w, c in links if c == current_code("trafford", current))
    assert "no overall grade" in trafford and "lowest area grade Inadequate" in trafford


def current_code(authority_id: str, current: dict) -> str:
    return next(code for code, a in current.items() if a["authority_id"] == authority_id)


def test_a_council_page_sets_it_beside_its_ten_neighbours_and_its_region(site):
    html = (site / "authority" / "swindon.html").read_text(encoding="utf-8")
    section = html[html.index('id="compare-h"') : html.index('id="region-h"')]
    expected = [
        r["neighbour_authority_id"]
        for r in sorted(
            (r for r in _rows("statistical_neighbours") if r["authority_id"] == "swindon"), key=lambda r: int(r["rank"])
        )
    ]
    linked = re.findall(r'<th scope="row"><a href="../authority/([a-z0-9-]+)\.html">', section)
    assert linked == expected and len(linked) == 10
    assert "Inadequate" in section and re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", section)
    region = html[html.index('id="region-h"') :]
    south_west = sorted(
        a["authority_id"]
        for a in _rows("authorities")
        if a["region"] == "South West" and a["status"] == "current" and a["authority_id"] != "swindon"
    )
    assert sorted(re.findall(r'<th scope="row"><a href="../authority/([a-z0-9-]+)\.html">', region)) == south_west


def _latest_asked_before(current: dict) -> dict[str, tuple[int, int]]:
    """la_code → (items of its latest inspection with recommendations that have a
    recommendation_repeats row, its items), read from the CSVs as a reader would."""
    repeated = {r["recommendation_id"] for r in _rows("recommendation_repeats")}
    items: dict[str, list[str]] = {}
    for r in _rows("recommendations"):
        items.setdefault(r["inspection_id"], []).append(r["recommendation_id"])
    latest: dict[str, tuple[str, str]] = {}
    for i in _rows("inspections"):
        when = i["start_date"] or i["published_date"]
        if i["inspection_id"] in items and (i["authority_id"] not in latest or when > latest[i["authority_id"]][0]):
            latest[i["authority_id"]] = (when, i["inspection_id"])
    out = {}
    for code, a in current.items():
        if a["authority_id"] in latest:
            ids = items[latest[a["authority_id"]][1]]
            out[code] = (sum(rid in repeated for rid in ids), len(ids))
    return out


@pytest.mark.parametrize("page", ["national.html", "asks.html"])
def test_the_repeats_map_counts_each_councils_latest_recommendations_asked_before(site, current, page):
    html = (site / page).read_text(encoding="utf-8")
    svg = re.search(r'<svg class="hexmap"[^>]*aria-labelledby="map-repeats-title.*?</svg>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-code="([^"]+)"', svg)
    assert sorted(code for _, _, code in links) == sorted(current)
    expected = _latest_asked_before(current)
    counted = 0
    for href, words, code in links:
        assert (site / href).is_file()
        found = re.search(r": (\d+) of (\d+) recommendations at its latest inspection", words)
        if found:
            assert (int(found[1]), int(found[2])) == expected[code], words
            counted += 1
        else:
            assert "no earlier inspection with recommendations to compare" in words or code not in expected, words
    assert counted > 140 and sum(h for h, _ in expected.values()) > 50
    legend = html[html.index('id="map-repeats-h"') : html.index("The map as a list", html.index('id="map-repeats-h"'))]
    assert "same issue" in legend and "overlapping" in legend and "Half or more" in legend
    # the list under the map says the same as the hexagons, council by council
    listed = html[html.index("The map as a list", html.index('id="map-repeats-h"')) :]
    swindon = current[current_code("swindon", current)]
    hits, total = expected[current_code("swindon", current)]
    assert f"{swindon['name']}</a> ({hits} of {total})" in listed
    assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)


def test_the_home_page_shows_the_current_picture_only_and_every_page_links_the_asks_page(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "map-now-title" in home and "map-repeats" not in home
    asks = (site / "asks.html").read_text(encoding="utf-8")
    assert "map-repeats-title" in asks and "map-now" not in asks
    for page in ("index.html", "national.html", "recommendations.html", "authority/swindon.html"):
        html = (site / page).read_text(encoding="utf-8")
        nav = html[html.index('<nav aria-label="Site">') : html.index("</nav>")]
        assert re.search(r'<a href="(?:\.\./)?asks\.html"', nav), page
    assert 'href="asks.html" aria-current="page"' in asks


def test_a_share_of_repeats_falls_in_one_band():
    from civic_accountability.outputs.site.hexmap import repeat_band

    assert [repeat_band(h, t) for h, t in ((0, 5), (1, 5), (1, 4), (2, 5), (2, 4), (4, 4))] == [
        "none",
        "some",
        "quarter",
        "quarter",
        "half",
        "half",
    ]
