#!/usr/bin/env python3
"""Derive the site's hex-map layout from Open Innovations' hexmap of upper-tier authorities.

    python scripts/hexmap_layout.py [--hexjson ../shared/geo/uk-upper-tier-local-authorities.hexjson]
    python scripts/hexmap_layout.py --check   # exit 1 if the committed layout differs

Input: ``uk-upper-tier-local-authorities.hexjson`` (Open Innovations, formerly ODI Leeds,
hexmaps collection, MIT licence; the 2020 revision, ``odd-r`` layout, one hexagon per
upper-tier authority keyed by ONS GSS code). Output: the committed
``src/civic_accountability/outputs/site/hexmap.csv`` (``la_code, q, r, change``) that the site
builds from, so a build needs nothing outside the repository.

The 2020 revision predates three changes the ``authorities`` table knows; they are applied
here, each named in the output's ``change`` column:

- 2021: Northamptonshire (E10000021) split into West Northamptonshire (E06000062) and North
  Northamptonshire (E06000061) (``authorities.csv``: ``northamptonshire``'s successors). Its
  hexagon is surrounded, so Herefordshire and Warwickshire move one place west on their row
  (Herefordshire into an empty cell); West Northamptonshire takes Warwickshire's old place,
  beside Warwickshire, Worcestershire and Oxfordshire, and North Northamptonshire
  Northamptonshire's, beside Leicestershire, Leicester and Buckinghamshire.
- 2023: Cumbria (E10000006) split into Cumberland (E06000063) and Westmorland and Furness
  (E06000064) (``cumbria``'s successors). Westmorland and Furness takes Cumbria's place, beside
  Lancashire; Cumberland the empty cell north of it.
- 2023 (Buckinghamshire 2020): new GSS codes for the same hexagons: Buckinghamshire
  E10000002 -> E06000060, North Yorkshire E10000023 -> E06000065, Somerset E10000027 ->
  E06000066 (the codes ``authorities.la_code`` holds).

``tests/test_hexmap.py`` checks the result: one hexagon per current authority, one authority
per hexagon, no two hexagons in one place, and this script's output equal to the file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEXJSON = ROOT.parent / "shared" / "geo" / "uk-upper-tier-local-authorities.hexjson"
OUT = ROOT / "src" / "civic_accountability" / "outputs" / "site" / "hexmap.csv"

RECODED = {  # old GSS code -> (new code, why)
    "E10000002": ("E06000060", "recoded 2020: Buckinghamshire became a unitary authority (E10000002 -> E06000060)"),
    "E10000023": ("E06000065", "recoded 2023: North Yorkshire became a unitary authority (E10000023 -> E06000065)"),
    "E10000027": ("E06000066", "recoded 2023: Somerset became a unitary authority (E10000027 -> E06000066)"),
}
SPLIT = "split 2021: Northamptonshire (E10000021) became West and North Northamptonshire"
SPLIT_23 = "split 2023: Cumbria (E10000006) became Cumberland and Westmorland and Furness"
#: code -> (q, r, why) for every hexagon the changes place anew; codes in REMOVED leave the map.
PLACED = {
    "E06000019": (4, 6, "moved one place west to make room for the Northamptonshire split"),  # Herefordshire
    "E10000031": (5, 6, "moved one place west to make room for the Northamptonshire split"),  # Warwickshire
    "E06000062": (6, 6, SPLIT),
    "E06000061": (7, 6, SPLIT),
    "E06000064": (6, 14, SPLIT_23),
    "E06000063": (6, 15, SPLIT_23),
}
REMOVED = {"E10000021", "E10000006"}


def layout(hexjson: dict) -> list[dict[str, str]]:
    """The map's hexagons after the changes, sorted by code."""
    if hexjson.get("layout") != "odd-r" or not isinstance(hexjson.get("hexes"), dict):
        raise ValueError("expected an odd-r HexJSON with a 'hexes' object")
    rows: dict[str, dict[str, str]] = {}
    for code, h in hexjson["hexes"].items():
        if code in REMOVED:
            continue
        new, why = RECODED.get(code, (code, ""))
        rows[new] = {"la_code": new, "q": str(h["q"]), "r": str(h["r"]), "change": why}
    for code, (q, r, why) in PLACED.items():
        rows[code] = {"la_code": code, "q": str(q), "r": str(r), "change": why}
    places = [(row["q"], row["r"]) for row in rows.values()]
    if len(set(places)) != len(places):
        raise ValueError("two hexagons share a place")
    return [rows[k] for k in sorted(rows)]


def render(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["la_code", "q", "r", "change"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hexjson", type=Path, default=HEXJSON)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed file differs")
    args = parser.parse_args()
    try:
        data = render(layout(json.loads(args.hexjson.read_text(encoding="utf-8"))))
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {args.hexjson}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if not OUT.is_file() or OUT.read_bytes() != data:
            print(f"{OUT} is out of date: run scripts/hexmap_layout.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data.splitlines()) - 1} hexagons)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
