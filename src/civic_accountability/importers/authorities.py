"""Build the ``authorities`` table from Ofsted's two statistics releases.

Imported columns (regenerated on every run): name, other_names, la_code, la_number,
region, status, ofsted_url and source_id, from

* the 2025 release (``LA_Inspection_Outcomes_as_at_31_March_2025.ods``): the sheet of
  latest judgements lists every current authority; the ILACS history adds those that
  "No longer exist"; column A of each links the authority's page on Ofsted's reports
  site, ``https://reports.ofsted.gov.uk/provider/44/<DfE LA number>``;
* the 2023 release (``Childrens_social_care_in_England_2023_underlying_data.ods``):
  sheet ``LA_inspections_2009-2023``, whose second table lists the authorities that
  existed before the restructure (old Dorset and Poole appear nowhere else), and whose
  spellings become ``other_names``.

Curated columns (kept as they are in ``data/authorities.csv``): created_date,
abolished_date, predecessors, successors and change_source_id. No statistics release
states them; each is copied from the report named in change_source_id.

``authority_for`` gives each inspection row its authority_id: by GSS code where the
row has one, else by name among the authorities without a code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Mapping, Optional

from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.contract.names import name_key
from civic_accountability.dataset.sources import SRC_2023, SRC_2025
from civic_accountability.importers.ods import Cell, read_sheet
from civic_accountability.importers.tables import TABLE_COLUMNS

FILE_2023 = "Childrens_social_care_in_England_2023_underlying_data.ods"
FILE_2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"

COLUMNS = TABLE_COLUMNS["authorities"]  # from the models: the one source of truth
CURATED = ("created_date", "abolished_date", "predecessors", "successors", "change_source_id")
#: 2023-release names the 2025 release spells differently beyond case, '&' and punctuation
#: (the statistics importer resolves them the same way).
NAME_ALIASES_2023 = {"Bedford Borough": "Bedford"}
PROVIDER_PREFIX = "https://reports.ofsted.gov.uk/provider/44/"
_LA_NUMBER_RE = re.compile(r"^https://reports\.ofsted\.gov\.uk/provider/44/([0-9]{3})$")


class AuthoritiesError(Exception):
    """The releases hold something this importer cannot map; the message says what."""


def _table(rows: list[list[Cell]], header_first: str) -> Iterable[dict[str, Cell]]:
    """The data rows under each header row whose first cell is ``header_first``, keyed by header text."""
    header: Optional[list[str]] = None
    for row in rows:
        texts = [c.text for c in row]
        if texts and texts[0] == header_first:
            header = texts
            continue
        if header is None or not row or not row[0].link:
            if header is not None and not any(texts):
                header = None  # a blank row ends a table
            continue
        yield {name: (row[i] if i < len(row) else Cell("")) for i, name in enumerate(header)}


def read_2025(path: Path) -> list[dict]:
    """Current authorities (latest judgements) and former ones (ILACS history), in sheet order."""
    found: dict[str, dict] = {}
    for row in _table(read_sheet(path, "Inspections_as_at_31_March"), "Web link"):
        code = row["Local authority area code"].text
        found[code] = {
            "name": row["Local authority name"].text,
            "la_code": code,
            "region": row["Ofsted region"].text,
            "status": "current",
            "ofsted_url": row["Web link"].link,
            "names": {row["Local authority name"].text},
        }
    for sheet, region_col in (("ILACS_inspection_history", "Ofsted region"), ("In-year_inspections", "Region")):
        for row in _table(read_sheet(path, sheet), "Web link"):
            code, name = row["Local authority area code"].text, row["Local authority name"].text
            if code not in found:
                status = row.get("Local authority status", Cell("")).text.casefold()
                if status != "no longer exists":
                    raise AuthoritiesError(f"{FILE_2025} {sheet}: {name} ({code}) is not in the latest judgements")
                found[code] = {
                    "name": name,
                    "la_code": code,
                    "region": row[region_col].text,
                    "status": "former",
                    "ofsted_url": row["Web link"].link,
                    "names": {name},
                }
            found[code]["names"].add(name)
            if found[code]["ofsted_url"] != row["Web link"].link:
                raise AuthoritiesError(f"{FILE_2025} {sheet}: {name} links two different pages")
    return list(found.values())


def read_2023(path: Path) -> tuple[list[dict], list[dict], set[str]]:
    """(current authorities' rows, rows of authorities that existed before the restructure,
    the names the 2022-23 in-year sheet uses)."""
    rows = read_sheet(path, "LA_inspections_2009-2023")
    split = next((i for i, r in enumerate(rows) if r and r[0].text.startswith("Table 11")), len(rows))

    def entries(part: list[list[Cell]]) -> list[dict]:
        return [
            {
                "name": r["Local authority name"].text,
                "region": r["LA region"].text,
                "type": r["LA Authority Type"].text,
                "ofsted_url": r["Web link"].link,
            }
            for r in _table(part, "Web link")
        ]

    in_year = {r["Local authority name"].text for r in _table(read_sheet(path, "LA_level_in_year_2022-23"), "Web link")}
    return entries(rows[:split]), entries(rows[split:]), in_year


def choose_links(authorities: list[dict]) -> None:
    """Set each authority's ``ofsted_url`` from the links the releases give it.

    The 2025 release links some authorities to another's page (North and West
    Northamptonshire both to 941, City of London and Islington both to 206, and each
    abolished authority to its successor's). Rule: an authority's 2025 link is its
    page when no other authority has the same link; otherwise its 2023 link, when that
    is a reports-site provider page no other authority has; otherwise the shared link
    goes to the one current authority left without a page; anything else stays empty.
    """
    from collections import Counter

    shared = Counter(a["ofsted_url"] for a in authorities if a["ofsted_url"])
    taken = set()
    for a in authorities:
        link_2025, link_2023 = a["ofsted_url"], a.get("url_2023") or ""
        if link_2025 and shared[link_2025] == 1:
            a["ofsted_url"] = link_2025
        elif link_2023.startswith(PROVIDER_PREFIX) and link_2023 not in shared:
            a["ofsted_url"] = link_2023
        else:
            a["ofsted_url"] = ""
        taken.add(a["ofsted_url"])
    for link in [link for link, n in shared.items() if n > 1]:
        left = [
            a
            for a in authorities
            if not a["ofsted_url"] and a["status"] == "current" and link in (a.get("link_2025"), a.get("url_2023"))
        ]
        if len(left) == 1 and link not in taken:
            left[0]["ofsted_url"] = link
            taken.add(link)


def build(ofsted_dir: Path, previous: Mapping[str, Mapping[str, str]] = {}) -> list[dict[str, str]]:
    """The authorities rows, sorted by id; curated columns taken from ``previous`` (id → row)."""
    latest = read_2025(ofsted_dir / FILE_2025)
    current_2023, before_restructure, in_year_names = read_2023(ofsted_dir / FILE_2023)
    by_key: dict[str, list[dict]] = defaultdict(list)
    for a in latest:
        a["source_id"] = SRC_2025
        a["link_2025"] = a["ofsted_url"]
        by_key[name_key(a["name"])].append(a)
    for entry in current_2023:
        target = NAME_ALIASES_2023.get(entry["name"], entry["name"])
        matches = by_key.get(name_key(target), [])
        if len(matches) != 1:
            raise AuthoritiesError(f"{FILE_2023}: {entry['name']!r} matches {len(matches)} authorities of 2025")
        matches[0]["names"].add(entry["name"])
        matches[0]["url_2023"] = entry["ofsted_url"]
    for name in sorted(in_year_names):
        matches = by_key.get(name_key(NAME_ALIASES_2023.get(name, name)), [])
        if len(matches) != 1:
            raise AuthoritiesError(f"{FILE_2023} LA_level_in_year_2022-23: {name!r} matches {len(matches)} authorities")
        matches[0]["names"].add(name)
    for entry in before_restructure:
        matches = [a for a in by_key.get(name_key(entry["name"]), []) if a["status"] == "former"]
        if len(matches) > 1:
            raise AuthoritiesError(f"{FILE_2023}: {entry['name']!r} matches {len(matches)} former authorities")
        if matches:
            matches[0]["names"].add(entry["name"])
            matches[0]["url_2023"] = entry["ofsted_url"]
            continue
        # Listed only here: old Dorset (a county, and a name a current council shares) and Poole.
        authority = {
            "name": entry["name"],
            "la_code": "",
            "region": entry["region"],
            "status": "former",
            "ofsted_url": "",
            "url_2023": entry["ofsted_url"],
            "names": {entry["name"]},
            "source_id": SRC_2023,
        }
        if by_key.get(name_key(entry["name"])):
            authority["id_suffix"] = "county" if entry["type"] == "Shire County" else slugify(entry["type"])
        by_key[name_key(entry["name"])].append(authority)
        latest.append(authority)

    choose_links(latest)
    rows = []
    for a in latest:
        authority_id = slugify(a["name"]) + (f"-{a['id_suffix']}" if a.get("id_suffix") else "")
        match = _LA_NUMBER_RE.match(a["ofsted_url"] or "")
        row = {
            "authority_id": authority_id,
            "name": a["name"],
            "other_names": "; ".join(sorted(n for n in a["names"] if n != a["name"])),
            "la_code": a["la_code"],
            "la_number": match.group(1) if match else "",
            "region": a["region"],
            "status": a["status"],
            "ofsted_url": a["ofsted_url"] or "",
            "source_id": a["source_id"],
        }
        kept = previous.get(authority_id, {})
        row.update({c: kept.get(c) or "" for c in CURATED})
        rows.append({c: row[c] for c in COLUMNS})
    ids = [r["authority_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise AuthoritiesError(
            "two authorities would share an id: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1}))
        )
    return sorted(rows, key=lambda r: r["authority_id"])


def authority_for(rows: Iterable[Mapping[str, str]]):
    """A function (local_authority, la_code) → authority_id for inspection rows.

    A row with a GSS code belongs to the authority with that code. A row without one
    belongs to the authority of that name that has no code (old Dorset, Poole): the
    only rows the statistics leave uncoded are those of authorities abolished before
    codes were published.
    """
    by_code = {r["la_code"]: r["authority_id"] for r in rows if r["la_code"]}
    uncoded: dict[str, str] = {}
    for r in rows:
        if not r["la_code"]:
            for name in [r["name"], *filter(None, (r.get("other_names") or "").split("; "))]:
                uncoded[name_key(name)] = r["authority_id"]

    def lookup(local_authority: str, la_code: Optional[str]) -> Optional[str]:
        if la_code:
            return by_code.get(la_code)
        return uncoded.get(name_key(local_authority))

    return lookup
