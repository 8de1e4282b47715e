"""Build ``statistical_neighbours`` from data-to-insight's local-authority lookup.

Source: ``Provider_data_lookup.csv`` from data-to-insight's open-source Ofsted ILACS scrape
tool (MIT licence; ``import_data/la_lookup/``, as updated there in July 2026), cited as one
``sources`` row (``SOURCE_ID``, type ``other``: a compiled lookup that reproduces the DfE's
statistical neighbours, not a DfE release itself) with the file's sha256. It holds the
neighbour sets of its ``stat_neighbours`` column: the revision current when the lookup was
last updated (it keeps the set before that revision in ``stat_neighbours_previous``, which is
not imported). Each set is ten DfE local-authority numbers, nearest first; the same ten as
GSS codes are in ``stat_neighbours_la_code``.

Mapping to ``authorities.authority_id`` (the package's own ``authorities`` table):
a council, and each of its neighbours, by DfE number (``authorities.la_number``); where the
table gives none (the City of London), by GSS code. Both must name the same authority where
both are known, except that the lookup carries the GSS codes of 2024 for Barnsley
(E08000038) and Sheffield (E08000039) where the table keeps the codes Ofsted's statistics
use (E08000016, E08000019): the DfE number decides. A row the table marks former
(Cumbria, Northamptonshire, Poole in the lookup) must have no neighbours and gives no row;
every current council must have exactly ten distinct current neighbours, none itself.
Anything else is an error naming the lookup line, never a silent gap.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

SOURCE_ID = "dti-la-lookup-2026-07"
SOURCE_ROW = {
    "source_id": SOURCE_ID,
    "source_type": "other",
    "title": "Provider_data_lookup.csv: local-authority lookup with the DfE's statistical neighbours "
    "(Ofsted ILACS scrape tool)",
    "publisher": "data-to-insight",
    "author": "",
    "published_date": "2026-07",
    "url": "",
}
#: GSS codes of 2024 the lookup gives where the authorities table keeps the code Ofsted's
#: statistics use: the DfE number decides (``authorities.la_code`` is not changed here).
NEWER_CODES = {"E08000038": "barnsley", "E08000039": "sheffield"}
NEIGHBOURS = 10
_REQUIRED = ("la_code", "la_code_new", "stat_neighbours", "stat_neighbours_la_code", "local_authority_ons_name")


class NeighboursError(Exception):
    """The lookup cannot be mapped onto the package's authorities; the message says where."""


@dataclass
class Built:
    rows: list[dict[str, str]]
    source: dict[str, str]
    former: list[str] = field(default_factory=list)  # lookup rows for former councils (no neighbours)


def _split(cell: Optional[str]) -> list[str]:
    return [p.strip() for p in (cell or "").split(",") if p.strip()]


def read_lookup(data: bytes) -> list[dict[str, str]]:
    """The lookup's rows (UTF-8, a byte-order mark allowed); its header must hold the columns used."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NeighboursError(f"the lookup is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise NeighboursError(f"the lookup has no column {', '.join(missing)}")
    return list(reader)


def build(lookup: bytes, authorities: Sequence[Mapping[str, Optional[str]]]) -> Built:
    """The table's rows, sorted by key, and the source row citing ``lookup`` (its bytes)."""
    by_number = {a["la_number"]: a for a in authorities if a.get("la_number")}
    by_code: dict[str, list] = {}
    for a in authorities:
        if a.get("la_code"):
            by_code.setdefault(a["la_code"], []).append(a)
    by_name = {(a.get("name") or "").casefold(): a for a in authorities if a.get("status") == "former"}

    def find(number: str, code: str, line: int, name: str = "") -> Optional[Mapping]:
        by_n = by_number.get(number)
        by_c = by_code[code][0] if len(by_code.get(code, [])) == 1 else None
        if by_n is not None and by_c is not None and by_n is not by_c and code not in NEWER_CODES:
            raise NeighboursError(
                f"lookup line {line}: DfE number {number} and GSS code {code} name different "
                f"authorities ({by_n['authority_id']}, {by_c['authority_id']})"
            )
        if by_n is None and by_c is None and name:
            return by_name.get(name.casefold())  # a former council the table lists without number or code
        return by_n or by_c

    rows: list[dict[str, str]] = []
    former: list[str] = []
    seen: dict[str, int] = {}
    for line, r in enumerate(read_lookup(lookup), start=2):
        name = r.get("local_authority_ons_name") or ""
        a = find(r["la_code"], r["la_code_new"], line, name)
        if a is None:
            raise NeighboursError(
                f"lookup line {line}: {name} (DfE {r['la_code']}, {r['la_code_new']}) is not in authorities"
            )
        aid = a["authority_id"]
        numbers, codes = _split(r["stat_neighbours"]), _split(r["stat_neighbours_la_code"])
        if a.get("status") != "current":
            if numbers:
                raise NeighboursError(f"lookup line {line}: {aid} is a former authority but has neighbours")
            former.append(aid)
            continue
        if aid in seen:
            raise NeighboursError(f"lookup line {line}: {aid} again (first on line {seen[aid]})")
        seen[aid] = line
        if len(numbers) != NEIGHBOURS or len(codes) != NEIGHBOURS:
            raise NeighboursError(
                f"lookup line {line}: {aid} has {len(numbers)} neighbours by number and "
                f"{len(codes)} by code, not {NEIGHBOURS}"
            )
        found = []
        for number, code in zip(numbers, codes, strict=True):
            n = find(number, code, line)
            if n is None or n.get("status") != "current":
                raise NeighboursError(
                    f"lookup line {line}: {aid}'s neighbour DfE {number} ({code}) is not a current authority"
                )
            found.append(n["authority_id"])
        if aid in found or len(set(found)) != NEIGHBOURS:
            raise NeighboursError(f"lookup line {line}: {aid}'s neighbours repeat or include itself")
        rows += [
            {"authority_id": aid, "neighbour_authority_id": n, "rank": str(rank), "source_id": SOURCE_ID}
            for rank, n in enumerate(found, start=1)
        ]
    current = {a["authority_id"] for a in authorities if a.get("status") == "current"}
    if current - set(seen):
        raise NeighboursError(f"the lookup gives no neighbours for {', '.join(sorted(current - set(seen)))}")
    source = dict(SOURCE_ROW, sha256=hashlib.sha256(lookup).hexdigest())
    # sorted by the key (authority_id, rank) compared as text, as `validate` and `fmt` order keys
    return Built(sorted(rows, key=lambda r: (r["authority_id"], r["rank"])), source, sorted(former))


def run(lookup_path: Path, package: Path, check: bool) -> tuple[Built, list[str]]:
    """Read the lookup and the package's tables, and write (or, with ``check``, compare)
    ``statistical_neighbours.csv`` and the source row in ``sources.csv``; the files that change."""
    from civic_accountability.importers.tables import TABLE_COLUMNS, read_table, render_table, write_atomic

    try:
        lookup = lookup_path.read_bytes()
    except OSError as exc:
        raise FileNotFoundError(f"cannot read the lookup {lookup_path}: {exc.strerror}") from None
    data = package / "data"
    _, authorities = read_table(data / "authorities.csv")
    if not authorities:
        raise NeighboursError(f"{data / 'authorities.csv'} has no rows")
    built = build(lookup, authorities)
    header, sources = read_table(data / "sources.csv")
    sources = sorted([s for s in sources if s["source_id"] != SOURCE_ID] + [built.source], key=lambda s: s["source_id"])
    out = {
        data / "statistical_neighbours.csv": render_table(list(TABLE_COLUMNS["statistical_neighbours"]), built.rows),
        data / "sources.csv": render_table(header, sources),
    }
    changed = []
    for path, text in out.items():
        if check:
            if not path.is_file() or path.read_bytes() != text:
                changed.append(str(path))
        elif write_atomic(path, text):
            changed.append(str(path))
    return built, changed
