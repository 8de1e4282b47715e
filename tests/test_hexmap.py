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
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "hexmap_layout.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_hex_svg_draws_one_link_per_cell_with_its_words_and_skips_codes_off_the_grid():
    grid = {"E1": (0, 0), "E2": (1, 0), "E3": (0, 1)}
    cells = {"E1": Cell("a.html", "A: good", "g"), "E3": Cell("c.html", "C <none>", "n", ring=True),
             "E9": Cell("x.html", "off the map", "g")}
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
    section = html[html.index('id="compare-h"'):html.index('id="region-h"')]
    expected = [r["neighbour_authority_id"] for r in sorted(
        (r for r in _rows("statistical_neighbours") if r["authority_id"] == "swindon"), key=lambda r: int(r["rank"]))]
    linked = re.findall(r'<th scope="row"><a href="../authority/([a-z0-9-]+)\.html">', section)
    assert linked == expected and len(linked) == 10
    assert "Inadequate" in section and re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", section)
    region = html[html.index('id="region-h"'):]
    south_west = sorted(a["authority_id"] for a in _rows("authorities")
                        if a["region"] == "South West" and a["status"] == "current" and a["authority_id"] != "swindon")
    assert sorted(re.findall(r'<th scope="row"><a href="../authority/([a-z0-9-]+)\.html">', region)) == south_west
