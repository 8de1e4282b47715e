"""The authorities table: one row per authority ever inspected, every fact from a source."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OFSTED = ROOT.parent / "shared" / "ofsted"
DATA = ROOT / "data"

#: What each curated reorganisation fact rests on: a sentence of the report named in
#: change_source_id (whitespace folded). The PDF is found by the sources row's sha256.
EVIDENCE = {
    "north-northamptonshire": "North Northamptonshire and West Northamptonshire unitary authorities came into being on 1 April 2021.",
    "west-northamptonshire": "West Northamptonshire and North Northamptonshire unitary authorities came into being on 1 April 2021.",
    "northamptonshire": "on 1 April 2021, Northamptonshire Council split into West and North Northamptonshire councils.",
    "cumberland": "Cumberland and Westmorland and Furness unitary authorities came into being on 1 April 2023.",
    "westmorland-and-furness": "Westmorland and Furness and Cumberland unitary authorities came into being on 1 April 2023.",
    "cumbria": "Children’s services in the predecessor local authority, Cumbria County Council,",
    "dorset": "a local government reorganisation in 2019, resulting in a boundary change and the creation of Dorset unitary authority",
}


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_inspected_authority_has_one_row_and_every_inspection_an_authority():
    authorities = _rows("authorities")
    ids = {a["authority_id"] for a in authorities}
    assert Counter(a["status"] for a in authorities) == {"current": 153, "former": 5}
    assert {i["authority_id"] for i in _rows("inspections")} == ids
    # "Dorset" names two councils: today's unitary authority and the county before 2019.
    dorsets = {a["authority_id"]: a for a in authorities if a["name"] == "Dorset"}
    assert set(dorsets) == {"dorset", "dorset-county"}
    assert dorsets["dorset"]["status"] == "current" and dorsets["dorset-county"]["status"] == "former"


def test_gss_codes_follow_one_convention():
    """An authority's inspections carry the authority's code, whatever their era."""
    code = {a["authority_id"]: a["la_code"] for a in _rows("authorities")}
    for row in _rows("inspections"):
        assert row["la_code"] == code[row["authority_id"]], row["inspection_id"]
    assert code["somerset"].startswith("E06") and code["north-yorkshire"].startswith("E06")
    assert code["dorset-county"] == "" and code["poole"] == ""


def test_links_are_unique_and_numbers_come_from_them():
    authorities = _rows("authorities")
    links = Counter(a["ofsted_url"] for a in authorities if a["ofsted_url"])
    assert max(links.values()) == 1
    for a in authorities:
        match = re.fullmatch(r"https://reports\.ofsted\.gov\.uk/provider/44/([0-9]+)", a["ofsted_url"] or "")
        expected = match.group(1) if match and len(match.group(1)) == 3 else ""
        assert a["la_number"] == expected, a["authority_id"]
    assert sum(1 for a in authorities if a["ofsted_url"]) >= 157


def test_successors_and_predecessors_point_both_ways():
    rows = {a["authority_id"]: a for a in _rows("authorities")}
    split = lambda v: set(filter(None, (v or "").split("; ")))  # noqa: E731
    for a in rows.values():
        for s in split(a["successors"]):
            assert a["authority_id"] in split(rows[s]["predecessors"])
        for p in split(a["predecessors"]):
            assert a["authority_id"] in split(rows[p]["successors"])
        if a["created_date"] or a["abolished_date"] or a["predecessors"] or a["successors"]:
            assert a["change_source_id"], a["authority_id"]


@pytest.mark.skipif(
    not OFSTED.is_dir(), reason=f"needs Ofsted's files in {OFSTED} (see the README's 'Where the data comes from')"
)
def test_reorganisation_facts_are_in_the_cited_reports():
    pdfium = pytest.importorskip("pypdfium2", reason="needs the 'import' extra: pip install -e '.[import]'")
    by_sha = {
        r["sha256"]: OFSTED / "reports" / r["file"]
        for r in csv.DictReader((OFSTED / "reports" / "MANIFEST.csv").open(encoding="utf-8", newline=""))
    }
    sources = {s["source_id"]: s for s in _rows("sources")}
    cited = {a["authority_id"]: a["change_source_id"] for a in _rows("authorities") if a["change_source_id"]}
    assert set(cited) == set(EVIDENCE)
    for authority_id, source_id in cited.items():
        pdf = by_sha[sources[source_id]["sha256"]]
        document = pdfium.PdfDocument(pdf)
        try:
            text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
        finally:
            document.close()
        text = text.replace("- ", "-")
        assert " ".join(EVIDENCE[authority_id].split()) in text, authority_id
