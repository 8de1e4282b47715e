"""Orchestration: manifest → extracted, parsed reports (all cores, cached) → merged tables.

``build`` is what ``civic-accountability import reports`` runs, as named steps; it returns
the tables and a typed ``Summary``, and writes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Optional

from civic_accountability.contract.dates import days_apart
from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.importers.reports import rows as R
from civic_accountability.importers.result import Result
from civic_accountability.importers.tables import TABLE_COLUMNS

TABLES = ("sources", "authorities", "inspections", "judgements", "recommendations", "statements")


class InputProblem(Exception):
    """Unreadable input: a missing directory or manifest (exit 2)."""


# --------------------------------------------------------------------------- one file (in a worker)


def parser_fingerprint() -> str:
    """Changes whenever the extraction or the parser changes: the parsed-report cache key."""
    from civic_accountability.importers.reports import parse, pdftext, reconcile

    h = hashlib.sha256(f"v{pdftext.EXTRACTOR_VERSION}".encode())
    for mod in (parse, pdftext, reconcile):
        h.update(Path(mod.__file__).read_bytes())
    return h.hexdigest()[:16]


def verbatim_text(lines) -> str:
    """The report's text as the verbatim check reads it: content lines (no page
    furniture or footnotes), list markers dropped, joined like a recommendation."""
    from civic_accountability.importers.reports import parse

    parts = []
    for ln in lines:
        m = parse.NUMBERED.match(ln.text) or parse.BULLET.match(ln.text) or parse.SUBMARK.match(ln.text)
        parts.append(m.group(2) if m else ln.text)
    return parse.join_parts(parts)


def process(path: str, cache_dir: Optional[str], fingerprint: str) -> dict[str, Any]:
    """Extract and parse one file. Never raises: the outcome is in ``status``."""
    from civic_accountability.importers.reports import parse, pdftext, reconcile

    p = Path(path)
    data = p.read_bytes()
    digest = pdftext.sha256_bytes(data)
    cache = Path(cache_dir) if cache_dir else None
    parsed = cache / f"{digest}.parsed-{fingerprint}.json" if cache else None
    if parsed is not None and parsed.is_file():
        try:
            return json.loads(parsed.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    out: dict[str, Any] = {
        "sha256": digest,
        "status": "ok",
        "reason": "",
        "report": None,
        "not_verbatim": [],
        "lists": [],
    }
    try:
        _, pages, _ = pdftext.cached_pages(p, cache, data)
        report = parse.parse_report(pages)
        out["report"] = dataclasses.asdict(report)
        out["report"]["on_site_days"] = report.on_site_days
        lines = parse.content_lines(pages)
        text = verbatim_text(lines)
        out["not_verbatim"] = [f"{r.addressee} {r.position}" for r in report.recommendations if r.text not in text]
        out["lists"] = [dataclasses.asdict(c) for c in reconcile.check_report(lines, out["report"]["recommendations"])]
    except pdftext.NotAPdf as exc:
        out.update(status="not_a_report", reason=str(exc))
    except pdftext.UnreadablePdf as exc:
        out.update(status="unreadable", reason=str(exc))
    except parse.ParseError as exc:
        out.update(status="parse_error", reason=str(exc))
    except Exception as exc:  # a parser bug on one report must not stop the rest
        out.update(status="parse_error", reason=f"{type(exc).__name__}: {exc}")
    if parsed is not None:
        try:
            parsed.parent.mkdir(parents=True, exist_ok=True)
            tmp = parsed.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(tmp, parsed)
        except OSError:
            pass
    return out


def _process_star(args: tuple) -> dict[str, Any]:
    return process(*args)


def process_all(
    files: list[Path], cache_dir: Optional[Path], jobs: int, progress: Optional[Callable[[int], None]] = None
) -> list[dict[str, Any]]:
    fp = parser_fingerprint()
    tasks = [(str(f), str(cache_dir) if cache_dir else None, fp) for f in files]
    results: list[dict[str, Any]] = []
    if cache_dir is not None and jobs > 1:
        # Everything already parsed (a re-run over unchanged files): no PDF work, no workers.
        from civic_accountability.importers.reports.pdftext import sha256_bytes

        if all((cache_dir / f"{sha256_bytes(f.read_bytes())}.parsed-{fp}.json").is_file() for f in files):
            jobs = 1
    if jobs <= 1 or len(tasks) < 4:
        for t in tasks:
            results.append(process(*t))
            if progress:
                progress(1)
        return results
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for res in pool.map(_process_star, tasks, chunksize=4):
            results.append(res)
            if progress:
                progress(1)
    return results


# --------------------------------------------------------------------------- the tables


def read_manifest(reports_dir: Path) -> list[dict[str, str]]:
    if not reports_dir.is_dir():
        raise InputProblem(f"reports directory not found: {reports_dir}")
    manifest = reports_dir / "MANIFEST.csv"
    if not manifest.is_file():
        raise InputProblem(f"manifest not found: {manifest}")
    try:
        rows = list(csv.DictReader(manifest.open(encoding="utf-8", newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputProblem(f"cannot read {manifest}: {exc}") from exc
    need = {"file", "ofsted_urn", "folder_name", "listed_date", "report_url", "sha256"}
    if rows and not need <= set(rows[0]):
        raise InputProblem(f"{manifest} lacks columns {sorted(need - set(rows[0]))}")
    return sorted(rows, key=lambda r: r["file"])


# --------------------------------------------------------------------------- one report, read


@dataclass
class ReadReport:
    """A report this run read and will import: what the parser found (as the parsed-report
    cache holds it), where the manifest says it came from, and, once placed, the
    inspection its rows go to."""

    file: str
    listed_date: str
    url: str
    sha256: str
    #: Its row in sources: a curated row for the same document (``alias``), else its own.
    source_id: str
    alias: bool
    authority: R.Authority
    title: str
    framework: str
    start_date: Optional[str]
    end_date: Optional[str]
    #: On-site periods, (first day, last day) each.
    periods: list
    #: The publication date printed in the report, else the manifest's listed date.
    published: str
    published_printed: bool
    lead_inspectors: list[str]
    #: area → (grade, page).
    judgements: dict[str, Any]
    #: ``parse.Recommendation`` fields, as dicts (the cache's form).
    recommendations: list[dict[str, Any]]
    has_improvement_section: bool
    lscb_only: bool
    on_site_days: Optional[int]
    #: ``reconcile.check_report``'s verdict on each printed list, as dicts.
    lists: list[dict[str, Any]]
    # Set by ``place_reports``: the inspection row, how it was found (statistics, curated,
    # new, lscb-review-of-sif), that row's framework, and the two types compared in the summary.
    inspection_id: Optional[str] = None
    match: Optional[str] = None
    row_framework: Optional[str] = None
    derived_type: Optional[str] = None
    stats_type: Optional[str] = None


# --------------------------------------------------------------------------- the summary's fields


@dataclass
class Summary:
    """What ``build`` reports: ``import reports`` prints it, ``--summary-json`` writes
    ``as_dict()`` (its fields, keys sorted)."""

    files: int
    #: Files that are no report or cannot be read: {file, status, reason}.
    skipped: list[dict[str, str]] = field(default_factory=list)
    #: Readable reports that could not be parsed or placed: {file, status, reason} (exit 1).
    failed: list[dict[str, str]] = field(default_factory=list)
    no_improvement_section: list[str] = field(default_factory=list)
    improvement_section_without_items: list[str] = field(default_factory=list)
    #: {file, positions}: recommendations not found word for word in the report's text.
    not_verbatim: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reports_read: int = 0
    reports_per_framework: dict[str, int] = field(default_factory=dict)
    matches_per_framework_year: dict[str, dict[str, int]] = field(default_factory=dict)
    matches: dict[str, int] = field(default_factory=dict)
    published_date_from_manifest: list[str] = field(default_factory=list)
    two_on_site_periods: list[dict[str, Any]] = field(default_factory=list)
    recommendations_per_framework_addressee: dict[str, int] = field(default_factory=dict)
    #: family → {reconciled, unreconciled}.
    lists_per_family: dict[str, dict[str, int]] = field(default_factory=dict)
    #: {file, council, date, page, addressee, problems} (exit 1).
    unreconciled_lists: list[dict[str, Any]] = field(default_factory=list)
    recommendations_sections: dict[str, int] = field(default_factory=dict)
    #: area → {agree, disagree}: the report's grade against the statistics'.
    grade_agreement: dict[str, dict[str, int]] = field(default_factory=dict)
    grade_disagreements: list[dict[str, Any]] = field(default_factory=list)
    #: {agreement, disagreements, derived_for_unmatched}: short/standard from on-site days.
    short_standard_rule: dict[str, Any] = field(default_factory=dict)
    inspections_total: int = 0
    inspections_with: dict[str, int] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_total: dict[str, int] = field(default_factory=dict)
    recommendation_ids_retired: list[str] = field(default_factory=list)
    recommendation_ids_added: list[str] = field(default_factory=list)
    recommendation_ids_text_changed: list[str] = field(default_factory=list)
    #: {file, source_id, reason}: reports already in data/ that this run could not read (exit 2).
    kept_unread: list[dict[str, str]] = field(default_factory=list)
    #: Rows of the derived tables (themes, repeats), re-derived every run.
    derived_rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The fields by name, values as they are (what ``--summary-json`` writes)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- the import


def build(
    reports_dir: Path,
    package: Path,
    *,
    cache_dir: Optional[Path],
    jobs: int,
    progress_factory: Optional[Callable] = None,
) -> Result:
    """The import, step by step: read the reports, read the package, turn each report into
    a source, place it on an inspection row, generate its grades and recommendations,
    merge with the rows kept, validate the generated rows, summarise."""
    from civic_accountability.importers.checks import validate_generated
    from civic_accountability.importers.tables import read_package_tables
    from civic_accountability.themes.tables import add_derived  # themes and repeats, re-derived every run

    manifest, results = read_reports(reports_dir, cache_dir, jobs, progress_factory)
    existing, columns = read_package_tables(package)
    if not existing["authorities"]:
        raise InputProblem(f"{package / 'data' / 'authorities.csv'} is empty or missing: run `import statistics` first")
    summary = Summary(files=len(manifest))
    unread = _unread_sources(manifest, results, existing["sources"])
    summary.kept_unread = [{"file": f, "source_id": sid, "reason": why} for sid, (f, why) in sorted(unread.items())]
    reports = imported_reports(manifest, results, existing["sources"], existing["authorities"], summary)
    owned = Owned.by(reports, existing["inspections"], unread)
    kept = kept_rows(existing, owned)
    new_insp, removed_stats = place_reports(reports, existing, kept["inspections"], owned, summary)
    kept["inspections"] = [r for r in kept["inspections"] if r["inspection_id"] not in removed_stats]
    new_judg, new_recs = report_rows(reports, existing["recommendations"], kept["recommendations"], summary)
    new = {
        "sources": source_rows(reports),
        "authorities": [],
        "inspections": new_insp,
        "judgements": new_judg,
        "recommendations": new_recs,
        "statements": [],
    }
    tables = merge_tables(existing, kept, new)
    validate_generated(new, tables, require_models=False)
    summarise(summary, reports, tables, new)
    count_recommendation_ids(summary, existing["recommendations"], owned, new_recs)
    summary.derived_rows = add_derived(tables, columns)
    return Result(tables, columns, summary)


def read_reports(
    reports_dir: Path, cache_dir: Optional[Path], jobs: int, progress_factory: Optional[Callable]
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The manifest's rows, and each file's outcome (``process``), in the manifest's order."""
    manifest = read_manifest(reports_dir)
    files = [reports_dir / m["file"] for m in manifest]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InputProblem(f"{len(missing)} files in the manifest are missing, e.g. {missing[0]}")
    if progress_factory is not None:
        with progress_factory(len(files)) as bar:
            results = process_all(files, cache_dir, jobs, bar.update)
    else:
        results = process_all(files, cache_dir, jobs)
    return manifest, results


def imported_reports(
    manifest: list[dict[str, str]],
    results: list[dict[str, Any]],
    sources: list[dict[str, str]],
    authority_rows: list[dict[str, str]],
    summary: Summary,
) -> list[ReadReport]:
    """The reports read, each with its source id; files skipped or failed go to the summary."""
    authorities = R.authorities_by_name(authority_rows)
    # Rows someone else wrote for the same document (by bytes or address) keep their id.
    curated_sources = [r for r in sources if not R.OWN_SOURCE.match(r["source_id"])]
    by_sha = {r.get("sha256"): r for r in curated_sources if r.get("sha256")}
    by_url = {r.get("url"): r for r in curated_sources if r.get("url")}
    reports = []
    for m, res in zip(manifest, results):
        if res["status"] != "ok":
            entry = {"file": m["file"], "status": res["status"], "reason": res["reason"]}
            (summary.failed if res["status"] == "parse_error" else summary.skipped).append(entry)
            continue
        if res["sha256"] != m["sha256"]:
            summary.warnings.append(f"{m['file']}: sha256 differs from the manifest's")
        rep = res["report"]
        key = R.name_key(m["folder_name"])
        auth = authorities.get(key)
        if auth is None:
            summary.failed.append(
                {
                    "file": m["file"],
                    "status": "parse_error",
                    "reason": f"authority {m['folder_name']!r} is not in the authorities table",
                }
            )
            continue
        alias = by_sha.get(res["sha256"]) or by_url.get(m["report_url"])
        sid = alias["source_id"] if alias else f"ofsted-report-{slugify(auth.name)}-{m['listed_date']}"
        if res["not_verbatim"]:
            summary.not_verbatim.append({"file": m["file"], "positions": res["not_verbatim"]})
        if not rep["has_improvement_section"]:
            summary.no_improvement_section.append(m["file"])
        elif not rep["recommendations"]:
            summary.improvement_section_without_items.append(m["file"])
        reports.append(
            ReadReport(
                file=m["file"],
                listed_date=m["listed_date"],
                url=m["report_url"],
                sha256=res["sha256"],
                source_id=sid,
                alias=alias is not None,
                authority=auth,
                title=rep["title"],
                framework=rep["framework"],
                start_date=rep["start_date"],
                end_date=rep["end_date"],
                periods=rep["periods"],
                published=rep["published_date"] or m["listed_date"],
                published_printed=bool(rep["published_date"]),
                lead_inspectors=rep["lead_inspectors"],
                judgements=rep["judgements"],
                recommendations=rep["recommendations"],
                has_improvement_section=rep["has_improvement_section"],
                lscb_only=rep["lscb_only"],
                on_site_days=rep["on_site_days"],
                lists=res.get("lists", []),
            )
        )
    return reports


@dataclass
class Owned:
    """Which existing rows this run regenerates (every other row is kept as it stands)."""

    #: Source ids of the reports read that are their own (not a curated row's alias).
    own_ids: set[str]
    #: (curated source, inspection): the rows of an aliased report about its own inspection.
    alias_own: set[tuple[str, str]]
    #: Sources whose report this run could not read: source_id → (file, reason). Their rows are kept.
    unread: dict[str, tuple[str, str]]

    @classmethod
    def by(
        cls, reports: list[ReadReport], inspections: list[dict[str, str]], unread: dict[str, tuple[str, str]]
    ) -> "Owned":
        own_ids = {r.source_id for r in reports if not r.alias}
        # A curated source (Swindon's) may also back facts about other inspections (its
        # account of the previous inspection): only the rows about its own inspection are
        # regenerated. The inspection of an aliased report is the curated row it matches.
        alias_own: set[tuple[str, str]] = set()
        for rep in reports:
            if rep.alias:
                m = R.match_inspection(rep, rep.authority, inspections, set())
                if m is not None:
                    alias_own.add((rep.source_id, m["inspection_id"]))
        return cls(own_ids, alias_own, unread)

    def owned_source(self, sid: str) -> bool:
        """A source this importer writes: a report read now, or any id of its pattern; never
        one whose report it could not read (kept as it is)."""
        return sid not in self.unread and (sid in self.own_ids or bool(R.OWN_SOURCE.match(sid or "")))

    def regenerated(self, r: dict[str, str]) -> bool:
        """A judgement or recommendation row this run writes anew."""
        sid = r.get("source_id", "")
        return self.owned_source(sid) or (sid, r.get("inspection_id", "")) in self.alias_own


def kept_rows(existing: dict[str, list[dict[str, str]]], owned: Owned) -> dict[str, list[dict[str, str]]]:
    """The rows this run keeps as they are, per table it feeds."""
    return {
        "sources": [r for r in existing["sources"] if not owned.owned_source(r["source_id"])],
        "authorities": list(existing["authorities"]),
        "inspections": [r for r in existing["inspections"] if not owned.owned_source(r.get("source_id", ""))],
        "judgements": [r for r in existing["judgements"] if not owned.regenerated(r)],
        "recommendations": [r for r in existing["recommendations"] if not owned.regenerated(r)],
        "statements": list(existing["statements"]),
    }


def source_rows(reports: list[ReadReport]) -> list[dict[str, str]]:
    """A sources row for each report read that is not a curated row's alias."""
    return [
        {
            "source_id": rep.source_id,
            "source_type": "inspection_report",
            "title": rep.title,
            "publisher": "Ofsted",
            "author": "",
            "published_date": rep.published,
            "url": rep.url,
            "sha256": rep.sha256,
        }
        for rep in reports
        if not rep.alias
    ]


def place_reports(
    reports: list[ReadReport],
    existing: dict[str, list[dict[str, str]]],
    kept_inspections: list[dict[str, str]],
    owned: Owned,
    summary: Summary,
) -> tuple[list[dict[str, str]], set[str]]:
    """Put each report on an inspection row (setting its ``inspection_id``, ``match`` …):
    an LSCB review on its SIF inspection, else the row this importer wrote before, else the
    statistics' or a curated row it matches, else a new row. Returns the inspection rows
    written and the statistics rows they take over (each row's authority_id: the
    authorities table's, by GSS code or name)."""
    from civic_accountability.importers.authorities import authority_for

    authority_of = authority_for(existing["authorities"])
    previous_own = {r["source_id"]: r for r in existing["inspections"] if owned.owned_source(r.get("source_id", ""))}
    stats_judged = {j["inspection_id"] for j in existing["judgements"] if j.get("source_id") in R.STAT_SOURCES}
    all_ids = {r["inspection_id"] for r in existing["inspections"]}
    candidates = [
        c
        for c in list(kept_inspections) + list(previous_own.values())
        if not owned.owned_source(c.get("source_id", ""))
    ]
    taken: set[str] = set()
    new_insp: list[dict[str, str]] = []
    removed_stats: set[str] = set()
    final_insp: dict[str, dict[str, str]] = {}
    for rep in sorted(reports, key=lambda r: (r.lscb_only, r.listed_date, r.file)):
        auth = rep.authority
        if rep.lscb_only:
            target = reviewed_sif(rep, list(final_insp.values()) + kept_inspections)
            if target is not None:
                rep.inspection_id, rep.match, rep.row_framework = target["inspection_id"], "lscb-review-of-sif", "sif"
                continue
        prev = previous_own.get(rep.source_id)
        match = (
            prev
            if prev is not None and prev["inspection_id"] not in taken
            else R.match_inspection(rep, auth, candidates, taken)
        )
        kind, stype = match_kind(match, owned, stats_judged)
        if match is not None:
            taken.add(match["inspection_id"])
        rep.match = kind
        rep.derived_type = (
            R.short_or_standard(rep.on_site_days) if R.FRAMEWORK_FAMILY[rep.framework] == "ilacs" else None
        )
        rep.stats_type = stype if kind == "statistics" else None
        if kind == "curated":
            rep.inspection_id, rep.row_framework = match["inspection_id"], match["framework"]
            if match["framework"] != rep.framework:
                summary.warnings.append(
                    f"{rep.file}: the report reads as {rep.framework}; "
                    f"curated {match['inspection_id']} says {match['framework']} (kept)"
                )
            continue
        itype = R.report_type(rep.framework, rep.title, stype, rep.on_site_days)
        if match is not None:
            iid, la, code = match["inspection_id"], match["local_authority"], match.get("la_code", "")
            if kind == "statistics":
                removed_stats.add(iid)
                if match["framework"] != rep.framework:
                    summary.warnings.append(
                        f"{rep.file}: the report reads as {rep.framework}; the statistics "
                        f"row {iid} says {match['framework']} (the report's is kept)"
                    )
        else:
            iid = new_inspection_id(f"{slugify(auth.name)}-{rep.start_date}-{itype.replace('_', '-')}", all_ids)
            la, code = auth.name, auth.code
        all_ids.add(iid)
        row = {
            "inspection_id": iid,
            "local_authority": la,
            "la_code": code,
            "framework": rep.framework,
            "inspection_type": itype,
            "start_date": rep.start_date or "",
            "end_date": rep.end_date or "",
            "published_date": rep.published,
            "lead_inspector": "; ".join(rep.lead_inspectors),
            "visit_theme": "",
            "source_id": rep.source_id,
            "authority_id": authority_of(la, code) or "",
        }
        rep.inspection_id, rep.row_framework = iid, rep.framework
        final_insp[iid] = row
        new_insp.append(row)
    return new_insp, removed_stats


def reviewed_sif(rep: ReadReport, inspections: list[dict[str, str]]) -> Optional[dict[str, str]]:
    """The SIF inspection an LSCB review was published with: the same authority's latest
    SIF row published on or before it, within 120 days; None if there is none."""
    auth = rep.authority
    sif = [
        r
        for r in inspections
        if r["framework"] == "sif"
        and (r.get("la_code") == auth.code if auth.code else R.name_key(r["local_authority"]) == R.name_key(auth.name))
        and r.get("published_date")
        and r["published_date"] <= rep.published
        and (days_apart(r["published_date"], rep.published) or 0) <= 120
    ]
    return max(sif, key=lambda r: r["published_date"]) if sif else None


def match_kind(match: Optional[dict[str, str]], owned: Owned, stats_judged: set[str]) -> tuple[str, Optional[str]]:
    """What the matched row is (statistics, curated or new) and the inspection type the
    statistics give it (None when they give none)."""
    if match is None:
        return "new", None
    msrc = match.get("source_id", "")
    if msrc in R.STAT_SOURCES:
        return "statistics", match["inspection_type"]
    if not owned.owned_source(msrc):
        return "curated", None
    # a row this importer wrote before: it was a statistics row if the statistics grade it
    if match["inspection_id"] not in stats_judged:
        return "new", match["inspection_type"] if match["inspection_type"] in ("inspection", "reinspection") else None
    if match["inspection_id"].endswith("-reinspection"):
        return "statistics", "reinspection"  # the statistics named the row for its type: <authority>-<date>-<type>
    return "statistics", match["inspection_type"]


def new_inspection_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first not taken."""
    iid, n = base, 1
    while iid in taken:
        n += 1
        iid = f"{base}-{n}"
    return iid


def report_rows(
    reports: list[ReadReport], existing_recs: list[dict[str, str]], kept_recs: list[dict[str, str]], summary: Summary
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Each placed report's judgements (areas its inspection's framework grades) and
    recommendations (ids kept from earlier runs, ``rows.recommendation_ids``)."""
    from civic_accountability.contract.vocab import AREAS_BY_FRAMEWORK
    from civic_accountability.importers.reports.retired import RETIRED_RECOMMENDATION_IDS

    new_judg, new_recs = [], []
    previous_recs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in existing_recs:
        previous_recs[r["inspection_id"]].append(r)
    rec_ids_used: set[str] = {r["recommendation_id"] for r in kept_recs}
    for rep in sorted(reports, key=lambda r: r.file):
        iid, fw = rep.inspection_id, rep.row_framework
        if not iid:
            summary.warnings.append(f"{rep.file}: LSCB review with no SIF inspection to attach to; not imported")
            continue
        for area, (grade, _page) in sorted(rep.judgements.items()):
            if area not in AREAS_BY_FRAMEWORK.get(fw, ()):
                summary.warnings.append(f"{rep.file}: {area} is not graded under {fw}; not imported")
                continue
            new_judg.append(
                {
                    "judgement_id": f"{iid}-{area.replace('_', '-')}-{rep.source_id}",
                    "inspection_id": iid,
                    "area": area,
                    "grade": grade,
                    "source_id": rep.source_id,
                }
            )
        previous = [r for r in previous_recs.get(iid, []) if r["recommendation_id"] not in rec_ids_used]
        rids = R.recommendation_ids(iid, rep.recommendations, previous, RETIRED_RECOMMENDATION_IDS | rec_ids_used)
        for rec, rid in zip(rep.recommendations, rids):
            rec_ids_used.add(rid)
            new_recs.append(
                {
                    "recommendation_id": rid,
                    "inspection_id": iid,
                    "addressee": rec["addressee"],
                    "position": str(rec["position"]),
                    "section": rec["section"],
                    "text": rec["text"],
                    "source_id": rep.source_id,
                }
            )
    return new_judg, new_recs


def merge_tables(
    existing: dict[str, list[dict[str, str]]],
    kept: dict[str, list[dict[str, str]]],
    new: dict[str, list[dict[str, str]]],
) -> dict[str, list[dict[str, str]]]:
    """Kept rows and generated rows per table, sorted by key; ImportProblem on a duplicate key."""
    from civic_accountability.importers.checks import sorted_by_key

    # a table no report feeds (statistical_neighbours) is written back as it stands
    return {
        table: sorted_by_key(table, list(kept.get(table, existing[table])) + new.get(table, []))
        for table in TABLE_COLUMNS
    }


# --------------------------------------------------------------------------- the summary


def _unread_sources(manifest, results, sources) -> dict[str, tuple[str, str]]:
    """source_id → (file, reason) of each existing source whose report this run could not
    read (found by the manifest's sha256 or address): its rows are kept as they are, and
    the import exits non-zero, instead of the report's rows silently vanishing."""
    by_sha = {r.get("sha256"): r["source_id"] for r in sources if r.get("sha256")}
    by_url = {r.get("url"): r["source_id"] for r in sources if r.get("url")}
    unread = {}
    for m, res in zip(manifest, results):
        if res["status"] != "ok":
            sid = by_sha.get(m["sha256"]) or by_url.get(m["report_url"])
            if sid:
                unread[sid] = (m["file"], f"[{res['status']}] {res['reason']}")
    return unread


def _year(rep: ReadReport) -> str:
    return (rep.start_date or rep.published)[:4]


def _list_proof(reports: list[ReadReport], summary: Summary) -> None:
    """Lists reconciled per framework family, and every list that is not (council, date, page, why)."""
    per: dict[str, Counter] = defaultdict(Counter)
    unreconciled = []
    for r in reports:
        for lst in r.lists:
            ok = not lst["problems"]
            per[R.FRAMEWORK_FAMILY[r.framework]]["reconciled" if ok else "unreconciled"] += 1
            if not ok:
                unreconciled.append(
                    {
                        "file": r.file,
                        "council": r.authority.name,
                        "date": r.published,
                        "page": lst["page"],
                        "addressee": lst["addressee"],
                        "problems": lst["problems"],
                    }
                )
    summary.lists_per_family = {
        f: {"reconciled": c["reconciled"], "unreconciled": c["unreconciled"]} for f, c in sorted(per.items())
    }
    summary.unreconciled_lists = unreconciled


def summarise(
    s: Summary, reports: list[ReadReport], tables: dict[str, list[dict[str, str]]], new: dict[str, list[dict[str, str]]]
) -> None:
    """Counts of what was read and placed, the lists' proof, and the report's grades and
    types measured against the statistics'."""
    s.reports_read = len(reports)
    s.reports_per_framework = dict(sorted(Counter(r.framework for r in reports).items()))
    per = defaultdict(Counter)
    for r in reports:
        per[f"{r.framework} {_year(r)}"][r.match] += 1
    s.matches_per_framework_year = {k: dict(sorted(v.items())) for k, v in sorted(per.items())}
    s.matches = dict(sorted(Counter(r.match for r in reports).items()))
    s.published_date_from_manifest = sorted(r.file for r in reports if not r.published_printed)
    s.two_on_site_periods = [{"file": r.file, "periods": r.periods} for r in reports if len(r.periods) > 1]
    fam = Counter()
    for r in reports:
        for rec in r.recommendations:
            fam[(r.framework, rec["addressee"])] += 1
    s.recommendations_per_framework_addressee = {f"{f} {a}": n for (f, a), n in sorted(fam.items())}
    _list_proof(reports, s)
    s.recommendations_sections = dict(
        sorted(Counter(rec["section"] for r in reports for rec in r.recommendations).items())
    )
    _grade_agreement(s, reports, tables["judgements"])
    _short_standard_rule(s, reports)
    insp = tables["inspections"]
    s.inspections_total = len(insp)
    s.inspections_with = {
        c: sum(1 for r in insp if r.get(c)) for c in ("start_date", "end_date", "lead_inspector", "published_date")
    }
    s.inspections_with["report_url"] = len({r.inspection_id for r in reports if r.inspection_id})
    s.rows_written = {t: len(v) for t, v in new.items()}
    s.rows_total = {t: len(v) for t, v in tables.items()}


def _grade_agreement(s: Summary, reports: list[ReadReport], judgements: list[dict[str, str]]) -> None:
    """Grades: the report's against the statistics', for the same inspection and area."""
    from civic_accountability.contract.grades import same_grade

    stats = {(j["inspection_id"], j["area"]): j for j in judgements if j["source_id"] in R.STAT_SOURCES}
    agree = defaultdict(Counter)
    disagreements = []
    for r in reports:
        iid = r.inspection_id
        for area, (grade, page) in sorted(r.judgements.items()):
            st = stats.get((iid, area))
            if st is None:
                continue
            ok = st["grade"] == grade or same_grade(st["grade"], grade, r.row_framework)
            agree[area]["agree" if ok else "disagree"] += 1
            if not ok or st["grade"] != grade:
                disagreements.append(
                    {
                        "inspection_id": iid,
                        "area": area,
                        "report_grade": grade,
                        "equivalent": ok,
                        "statistics_grade": st["grade"],
                        "statistics_source": st["source_id"],
                        "report": r.file,
                        "page": page,
                        "url": r.url,
                    }
                )
    s.grade_agreement = {a: dict(sorted(c.items())) for a, c in sorted(agree.items())}
    s.grade_disagreements = disagreements


def _short_standard_rule(s: Summary, reports: list[ReadReport]) -> None:
    """Short/standard: the on-site-days rule against the statistics' type."""
    rule = Counter()
    rule_diffs = []
    for r in reports:
        if r.derived_type and r.stats_type in ("short_inspection", "standard_inspection"):
            same = r.derived_type == r.stats_type
            rule["agree" if same else "disagree"] += 1
            if not same:
                rule_diffs.append(
                    {
                        "file": r.file,
                        "on_site_days": r.on_site_days,
                        "periods": r.periods,
                        "rule": r.derived_type,
                        "statistics": r.stats_type,
                    }
                )
    s.short_standard_rule = {
        "agreement": dict(rule),
        "disagreements": rule_diffs,
        "derived_for_unmatched": sum(1 for r in reports if r.match == "new" and r.derived_type),
    }


def count_recommendation_ids(
    s: Summary, existing_recs: list[dict[str, str]], owned: Owned, new_recs: list[dict[str, str]]
) -> None:
    """Recommendation ids this run retires, adds, or keeps with another text."""
    before = {r["recommendation_id"]: r["text"] for r in existing_recs if owned.regenerated(r)}
    after = {r["recommendation_id"]: r["text"] for r in new_recs}
    s.recommendation_ids_retired = sorted(set(before) - set(after))
    s.recommendation_ids_added = sorted(set(after) - set(before))
    s.recommendation_ids_text_changed = sorted(i for i in set(before) & set(after) if before[i] != after[i])
