"""Structured reports → rows of the five tables, matched to the inspections already in the package.

Ownership (what makes the import idempotent and safe beside the statistics importer
and hand-curated rows):

* ``sources``: the importer writes one ``inspection_report`` row per report, id
  ``ofsted-report-<authority-slug>-<listed date>``. A report whose bytes (sha256) or
  URL a row already cites keeps that row and its id untouched (Swindon's three
  curated sources).
* ``inspections``: rows whose ``source_id`` is one of the importer's own source ids.
  A report matched to a statistics row takes that row over (same ``inspection_id``;
  the report's dates, lead inspector and framework; the statistics' type); matched
  to any other row (curated) it changes nothing.
* ``judgements`` and ``recommendations``: every row citing a report source is
  regenerated from the report. A recommendation keeps the id it had when the same
  text was already listed for the same inspection (identifiers are stable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from civic_accountability.contract.dates import days_apart
from civic_accountability.contract.names import name_key as base_name_key
from civic_accountability.contract.vocab import FRAMEWORK_FAMILY, VISIT_TYPES
from civic_accountability.dataset.sources import STATISTICS_SOURCES

if TYPE_CHECKING:
    from civic_accountability.importers.reports.run import ReadReport

STAT_SOURCES = frozenset(STATISTICS_SOURCES)
OWN_SOURCE = re.compile(r"^ofsted-report-[a-z0-9-]+-\d{4}-\d{2}-\d{2}$")
#: An ILACS inspection with at most this many calendar days on site is a short inspection.
SHORT_MAX_DAYS = 7
#: Days between a report and a statistics row for the same inspection: start dates, publication dates.
START_TOLERANCE = 7
PUBLISHED_TOLERANCE = 45
ALIASES = {"london corporation": "city of london"}


def name_key(name: str) -> str:
    """``contract.names.name_key``, with the reports' other names for an authority."""
    key = base_name_key(name)
    return ALIASES.get(key, key)


def short_or_standard(on_site_days: Optional[int]) -> Optional[str]:
    """Ofsted's ILACS framework: a short inspection is one week on site, a standard
    inspection two. Calendar days from first to last on-site day (summed over the periods)."""
    if not on_site_days:
        return None
    return "short_inspection" if on_site_days <= SHORT_MAX_DAYS else "standard_inspection"


@dataclass
class Authority:
    name: str
    code: str


def authorities_by_name(rows: list[dict[str, str]]) -> dict[str, Authority]:
    """name key → authority, from the package's ``authorities`` rows: each name and other
    name it goes by (current authorities first when a name is shared, as "Dorset" is)."""
    out: dict[str, Authority] = {}
    for r in sorted(rows, key=lambda r: r["status"] != "current"):
        for n in [r["name"], *(r.get("other_names") or "").split("; ")]:
            if n:
                out.setdefault(name_key(n), Authority(r["name"], r.get("la_code") or ""))
    return out


def report_type(framework: str, title: str, stats_type: Optional[str], on_site_days: Optional[int]) -> str:
    """A SIF (or older) report is a re-inspection when its title says so or the statistics
    list it as one (Darlington and Lambeth 2018, Leicester 2017, Slough 2016: the title
    does not say it; the statistics' "SIF Re-inspection" columns do)."""
    if framework in ("sif", "slac", "child_protection", "tlac"):
        if stats_type == "reinspection":
            return "reinspection"
        return "reinspection" if re.search(r"\bre-?inspection\b", title, re.I) else "inspection"
    return stats_type or short_or_standard(on_site_days) or "standard_inspection"


def match_inspection(
    rep: ReadReport, authority: Authority, inspections: list[dict[str, str]], taken: set[str]
) -> Optional[dict[str, str]]:
    """The inspection row this report (``run.ReadReport``) is about: same authority and
    framework family, not a visit, nearest by start date (within a week) or publication
    date (45 days)."""
    family = FRAMEWORK_FAMILY[rep.framework]
    best = None
    for row in inspections:
        if row["inspection_id"] in taken or FRAMEWORK_FAMILY.get(row["framework"]) != family:
            continue
        if row["inspection_type"] in VISIT_TYPES:
            continue
        if row.get("la_code") and authority.code:
            if row["la_code"] != authority.code:
                continue
        elif name_key(row["local_authority"]) != name_key(authority.name):
            continue
        cands = []
        if row.get("start_date") and rep.start_date:
            d = days_apart(row["start_date"], rep.start_date)
            if d is not None and d <= START_TOLERANCE:
                cands.append((0, d))
        pub = rep.published
        if row.get("published_date") and pub:
            d = days_apart(row["published_date"], pub)
            if d is not None and d <= PUBLISHED_TOLERANCE:
                cands.append((1, d))
        if cands:
            score = (min(cands), row["inspection_id"])
            if best is None or score < best[0]:
                best = (score, row)
    return best[1] if best else None


def _natural(rid: str) -> tuple:
    """``…-rec-2`` before ``…-rec-10``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rid))


def _glued_prefix(old: str, new: str) -> bool:
    """``old`` is ``new`` with a heading glued to its end ("…homeless. Quality of practice")."""
    rest = old[len(new) :]
    return old.startswith(new + " ") and 0 < len(rest.strip()) < 90 and not re.search(r"[.;:?!]", rest)


def recommendation_ids(
    iid: str, recs: list[dict[str, Any]], previous: list[dict[str, str]], retired: frozenset[str] = frozenset()
) -> list[str]:
    """An id for each of an inspection's recommendations (``recs``, in list order).

    Identifiers keep their meaning: an item already listed keeps its id, matched by
    its text (under the same addressee first, then any: a board item once filed under
    the council keeps its id), or by its text with a glued heading now removed. An
    item never listed before gets ``<inspection>-rec-<n>`` (``-lscb-rec-<n>`` for the
    board's list) with ``n`` past every number the inspection's ids of that kind have
    used, so a new id never names what an old one named (``retired``: ids of items
    that no longer exist, kept so their numbers stay used)."""
    ids: list[Optional[str]] = [None] * len(recs)
    free = {r["recommendation_id"]: r for r in previous}
    passes = (
        lambda rec, old: (
            old["text"] == rec["text"]
            and (old.get("addressee") or "local_authority") == rec["addressee"]
            and str(old.get("position")) == str(rec["position"])
        ),
        lambda rec, old: old["text"] == rec["text"] and (old.get("addressee") or "local_authority") == rec["addressee"],
        lambda rec, old: old["text"] == rec["text"],
        lambda rec, old: _glued_prefix(old["text"], rec["text"]),
    )
    for same in passes:
        for i, rec in enumerate(recs):
            if ids[i] is None:
                for rid, old in sorted(free.items(), key=lambda kv: _natural(kv[0])):
                    if same(rec, old):
                        ids[i] = rid
                        del free[rid]
                        break
    used = {r["recommendation_id"] for r in previous} | set(retired) | {i for i in ids if i}
    for i, rec in enumerate(recs):
        if ids[i] is not None:
            continue
        stem = f"{iid}-rec-" if rec["addressee"] == "local_authority" else f"{iid}-lscb-rec-"
        numbers = [
            int(m.group(1)) for u in used if u.startswith(stem) for m in [re.match(r"(\d+)$", u[len(stem) :])] if m
        ]
        n = rec["position"] if not numbers else max(max(numbers) + 1, 1)
        while f"{stem}{n}" in used:
            n += 1
        ids[i] = f"{stem}{n}"
        used.add(ids[i])
    return [i for i in ids if i is not None]
