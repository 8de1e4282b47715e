"""Orchestration: manifest → extracted, parsed reports (all cores, cached) → merged tables.

``build`` is what ``civic-accountability import reports`` runs; it returns the five
tables and a summary, and writes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Optional

from civic_accountability.contract.fieldtypes import slugify
from civic_accountability.importers.reports import rows as R
from civic_accountability.importers.result import Result

TABLES = ("sources", "authorities", "inspections", "judgements", "recommendations", "statements")


class InputProblem(Exception):
    """Unreadable input: a missing directory or manifest (exit 2)."""


# --------------------------------------------------------------------------- one file (in a worker)

def parser_fingerprint() -> str:
    """Changes whenever the extraction or the parser changes: the parsed-report cache key."""
    from civic_accountability.importers.reports import parse, pdftext

    h = hashlib.sha256(f"v{pdftext.EXTRACTOR_VERSION}".encode())
    for mod in (parse, pdftext):
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
    from civic_accountability.importers.reports import parse, pdftext

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
    out: dict[str, Any] = {"sha256": digest, "status": "ok", "reason": "", "report": None, "not_verbatim": []}
    try:
        _, pages, _ = pdftext.cached_pages(p, cache, data)
        report = parse.parse_report(pages)
        out["report"] = dataclasses.asdict(report)
        out["report"]["on_site_days"] = report.on_site_days
        text = verbatim_text(parse.content_lines(pages))
        out["not_verbatim"] = [f"{r.addressee} {r.position}" for r in report.recommendations if r.text not in text]
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


def process_all(files: list[Path], cache_dir: Optional[Path], jobs: int,
                progress: Optional[Callable[[int], None]] = None) -> list[dict[str, Any]]:
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


def build(reports_dir: Path, package: Path, *, cache_dir: Optional[Path], jobs: int,
          progress_factory: Optional[Callable] = None) -> Result:
    from civic_accountability.importers import statistics as S

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

    existing: dict[str, list[dict[str, str]]] = {}
    columns: dict[str, list[str]] = {}
    for table, cols in S.TABLE_COLUMNS.items():
        header, rows_ = S.read_table(package / "data" / f"{table}.csv")
        columns[table] = list(cols) + [h for h in (header or []) if h not in cols]
        existing[table] = rows_
    if not existing["authorities"]:
        raise InputProblem(f"{package / 'data' / 'authorities.csv'} is empty or missing: run `import statistics` first")
    authorities = R.authorities_by_name(existing["authorities"])

    summary: dict[str, Any] = {"files": len(manifest), "skipped": [], "failed": [], "no_improvement_section": [],
                               "improvement_section_without_items": [], "not_verbatim": [], "warnings": []}
    # ---- sources
    # Rows someone else wrote for the same document (by bytes or address) keep their id.
    curated_sources = [r for r in existing["sources"] if not R.OWN_SOURCE.match(r["source_id"])]
    by_sha = {r.get("sha256"): r for r in curated_sources if r.get("sha256")}
    by_url = {r.get("url"): r for r in curated_sources if r.get("url")}
    reports = []
    unread = _unread_sources(manifest, results, existing["sources"])
    summary["kept_unread"] = [{"file": f, "source_id": sid, "reason": why} for sid, (f, why) in sorted(unread.items())]
    for m, res in zip(manifest, results):
        if res["status"] != "ok":
            entry = {"file": m["file"], "status": res["status"], "reason": res["reason"]}
            (summary["failed"] if res["status"] == "parse_error" else summary["skipped"]).append(entry)
            continue
        if res["sha256"] != m["sha256"]:
            summary["warnings"].append(f"{m['file']}: sha256 differs from the manifest's")
        rep = res["report"]
        key = R.name_key(m["folder_name"])
        auth = authorities.get(key)
        if auth is None:
            summary["failed"].append({"file": m["file"], "status": "parse_error",
                                      "reason": f"authority {m['folder_name']!r} is not in the authorities table"})
            continue
        alias = by_sha.get(res["sha256"]) or by_url.get(m["report_url"])
        sid = alias["source_id"] if alias else f"ofsted-report-{slugify(auth.name)}-{m['listed_date']}"
        rep.update(file=m["file"], listed_date=m["listed_date"], url=m["report_url"], sha256=res["sha256"],
                   source_id=sid, alias=alias is not None, authority=auth,
                   published=rep["published_date"] or m["listed_date"],
                   published_printed=bool(rep["published_date"]))
        if res["not_verbatim"]:
            summary["not_verbatim"].append({"file": m["file"], "positions": res["not_verbatim"]})
        if not rep["has_improvement_section"]:
            summary["no_improvement_section"].append(m["file"])
        elif not rep["recommendations"]:
            summary["improvement_section_without_items"].append(m["file"])
        reports.append(rep)
    own_ids = {r["source_id"] for r in reports if not r["alias"]}

    def owned_source(sid: str) -> bool:
        """Rows this run rewrites; never those of a report it could not read (kept as they are)."""
        return sid not in unread and (sid in own_ids or bool(R.OWN_SOURCE.match(sid or "")))

    # A curated source (Swindon's) may also back facts about other inspections (its
    # account of the previous inspection): only the rows about its own inspection are
    # regenerated. The inspection of an aliased report is the curated row it matches.
    alias_own: set[tuple[str, str]] = set()
    for rep in reports:
        if rep["alias"]:
            m = R.match_inspection(rep, rep["authority"], existing["inspections"], set())
            if m is not None:
                alias_own.add((rep["source_id"], m["inspection_id"]))

    def regenerated(r: dict[str, str]) -> bool:
        sid = r.get("source_id", "")
        return owned_source(sid) or (sid, r.get("inspection_id", "")) in alias_own

    kept = {
        "sources": [r for r in existing["sources"] if not owned_source(r["source_id"])],
        "authorities": list(existing["authorities"]),
        "inspections": [r for r in existing["inspections"] if not owned_source(r.get("source_id", ""))],
        "judgements": [r for r in existing["judgements"] if not regenerated(r)],
        "recommendations": [r for r in existing["recommendations"] if not regenerated(r)],
        "statements": list(existing["statements"]),
    }
    previous_own = {r["source_id"]: r for r in existing["inspections"] if owned_source(r.get("source_id", ""))}
    stats_judged = {j["inspection_id"] for j in existing["judgements"] if j.get("source_id") in R.STAT_SOURCES}
    new_sources = []
    for rep in reports:
        if rep["alias"]:
            continue
        new_sources.append({
            "source_id": rep["source_id"], "source_type": "inspection_report", "title": rep["title"],
            "publisher": "Ofsted", "author": "", "published_date": rep["published"], "url": rep["url"],
            "sha256": rep["sha256"],
        })

    # ---- inspections (each row's authority_id: the authorities table's, by GSS code or name)
    from civic_accountability.importers.authorities import authority_for

    authority_of = authority_for(existing["authorities"])
    all_ids = {r["inspection_id"] for r in existing["inspections"]}
    candidates = list(kept["inspections"]) + list(previous_own.values())
    taken: set[str] = set()
    new_insp: list[dict[str, str]] = []
    removed_stats: set[str] = set()
    final_insp: dict[str, dict[str, str]] = {}
    matched_log = []
    order = sorted(reports, key=lambda r: (r["lscb_only"], r["listed_date"], r["file"]))
    for rep in order:
        auth = rep["authority"]
        if rep["lscb_only"]:
            sif = [r for r in list(final_insp.values()) + kept["inspections"]
                   if r["framework"] == "sif" and (r.get("la_code") == auth.code if auth.code else
                                                   R.name_key(r["local_authority"]) == R.name_key(auth.name))
                   and r.get("published_date") and r["published_date"] <= rep["published"]
                   and (R.days(r["published_date"], rep["published"]) or 0) <= 120]
            if sif:
                target = max(sif, key=lambda r: r["published_date"])
                rep["inspection_id"] = target["inspection_id"]
                rep["match"] = "lscb-review-of-sif"
                rep["row_framework"] = "sif"
                continue
        prev = previous_own.get(rep["source_id"])
        match = prev if prev is not None and prev["inspection_id"] not in taken else \
            R.match_inspection(rep, auth, [c for c in candidates if not owned_source(c.get("source_id", ""))], taken)
        stype = None
        kind = "new"
        if match is not None:
            taken.add(match["inspection_id"])
            msrc = match.get("source_id", "")
            if msrc in R.STAT_SOURCES:
                kind, stype = "statistics", match["inspection_type"]
            elif owned_source(msrc):
                # a row this importer wrote before: it was a statistics row if the statistics grade it
                kind = "statistics" if match["inspection_id"] in stats_judged else "new"
                if match["inspection_id"] in stats_judged or match["inspection_type"] in ("inspection", "reinspection"):
                    stype = match["inspection_type"]
            else:
                kind = "curated"
        rep["match"] = kind
        derived = R.short_or_standard(rep["on_site_days"]) if R.FAMILY[rep["framework"]] == "ilacs" else None
        rep["derived_type"] = derived
        rep["stats_type"] = stype if kind == "statistics" else None
        if kind == "statistics" and stype is None:
            stype = match["inspection_type"]
            rep["stats_type"] = stype
        if kind == "curated":
            rep["inspection_id"] = match["inspection_id"]
            rep["row_framework"] = match["framework"]
            if match["framework"] != rep["framework"]:
                summary["warnings"].append(f"{rep['file']}: the report reads as {rep['framework']}; "
                                           f"curated {match['inspection_id']} says {match['framework']} (kept)")
            continue
        itype = R.report_type(rep["framework"], rep["title"], stype, rep["on_site_days"])
        if match is not None:
            iid, la, code = match["inspection_id"], match["local_authority"], match.get("la_code", "")
            if kind == "statistics":
                removed_stats.add(iid)
                if match["framework"] != rep["framework"]:
                    summary["warnings"].append(f"{rep['file']}: the report reads as {rep['framework']}; the statistics "
                                               f"row {iid} says {match['framework']} (the report's is kept)")
        else:
            base = f"{slugify(auth.name)}-{rep['start_date']}-{itype.replace('_', '-')}"
            iid, n = base, 1
            while iid in all_ids:
                n += 1
                iid = f"{base}-{n}"
            la, code = auth.name, auth.code
        all_ids.add(iid)
        row = {
            "inspection_id": iid, "local_authority": la, "la_code": code, "framework": rep["framework"],
            "inspection_type": itype, "start_date": rep["start_date"] or "", "end_date": rep["end_date"] or "",
            "published_date": rep["published"], "lead_inspector": "; ".join(rep["lead_inspectors"]),
            "visit_theme": "", "source_id": rep["source_id"],
            "authority_id": authority_of(la, code) or "",
        }
        rep["inspection_id"], rep["row_framework"] = iid, rep["framework"]
        final_insp[iid] = row
        new_insp.append(row)
        matched_log.append((rep["file"], kind, iid))
    kept["inspections"] = [r for r in kept["inspections"] if r["inspection_id"] not in removed_stats]

    # ---- judgements and recommendations
    from civic_accountability.contract.vocab import FRAMEWORK_AREAS

    allowed = {f.value: {a.value for a in areas} for f, areas in FRAMEWORK_AREAS.items()}
    new_judg, new_recs = [], []
    prev_rec_ids = {(r["inspection_id"], r.get("addressee") or "local_authority", r["text"]): r["recommendation_id"]
                    for r in existing["recommendations"]}
    rec_ids_used: set[str] = {r["recommendation_id"] for r in kept["recommendations"]}
    for rep in sorted(reports, key=lambda r: r["file"]):
        iid, fw = rep.get("inspection_id"), rep.get("row_framework")
        if not iid:
            summary["warnings"].append(f"{rep['file']}: LSCB review with no SIF inspection to attach to; not imported")
            continue
        for area, (grade, _page) in sorted(rep["judgements"].items()):
            if area not in allowed.get(fw, set()):
                summary["warnings"].append(f"{rep['file']}: {area} is not graded under {fw}; not imported")
                continue
            new_judg.append({"judgement_id": f"{iid}-{area.replace('_', '-')}-{rep['source_id']}",
                             "inspection_id": iid, "area": area, "grade": grade, "source_id": rep["source_id"]})
        for rec in rep["recommendations"]:
            rid = prev_rec_ids.get((iid, rec["addressee"], rec["text"]))
            if rid is None or rid in rec_ids_used:
                stem = "rec" if rec["addressee"] == "local_authority" else "lscb-rec"
                rid, n = f"{iid}-{stem}-{rec['position']}", 1
                while rid in rec_ids_used:
                    n += 1
                    rid = f"{iid}-{stem}-{rec['position']}-{n}"
            rec_ids_used.add(rid)
            new_recs.append({"recommendation_id": rid, "inspection_id": iid, "addressee": rec["addressee"],
                             "position": str(rec["position"]), "section": rec["section"], "text": rec["text"],
                             "source_id": rep["source_id"]})

    new = {"sources": new_sources, "authorities": [], "inspections": new_insp, "judgements": new_judg,
           "recommendations": new_recs, "statements": []}
    tables: dict[str, list[dict[str, str]]] = {}
    for table in TABLES:
        pk = S.TABLE_COLUMNS[table][0]
        rows_ = list(kept[table]) + new[table]
        dupes = [k for k, n in Counter(r[pk] for r in rows_).items() if n > 1]
        if dupes:
            raise S.ImportProblem(f"{table}: duplicate primary keys {dupes[:5]}")
        tables[table] = sorted(rows_, key=lambda r: r[pk])

    models, why = S.load_models()
    if models is not None:
        problems = S.validate_rows(new, models) + S.check_areas(tables["inspections"], new_judg, models)
        if problems:
            raise S.ImportProblem("generated rows fail the package models:\n  " + "\n  ".join(problems[:20]))

    summary.update(_summarise(reports, tables, new, matched_log))
    return Result(tables, columns, summary)


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


def _year(rep: dict[str, Any]) -> str:
    return (rep.get("start_date") or rep["published"])[:4]


def _summarise(reports, tables, new, matched_log) -> dict[str, Any]:
    s: dict[str, Any] = {}
    s["reports_read"] = len(reports)
    s["reports_per_framework"] = dict(sorted(Counter(r["framework"] for r in reports).items()))
    per = defaultdict(Counter)
    for r in reports:
        per[f"{r['framework']} {_year(r)}"][r["match"]] += 1
    s["matches_per_framework_year"] = {k: dict(sorted(v.items())) for k, v in sorted(per.items())}
    s["matches"] = dict(sorted(Counter(r["match"] for r in reports).items()))
    s["published_date_from_manifest"] = sorted(r["file"] for r in reports if not r["published_printed"])
    s["two_on_site_periods"] = [{"file": r["file"], "periods": r["periods"]} for r in reports if len(r["periods"]) > 1]
    fam = Counter()
    for r in reports:
        for rec in r["recommendations"]:
            fam[(r["framework"], rec["addressee"])] += 1
    s["recommendations_per_framework_addressee"] = {f"{f} {a}": n for (f, a), n in sorted(fam.items())}
    s["recommendations_sections"] = dict(sorted(Counter(
        rec["section"] for r in reports for rec in r["recommendations"]).items()))
    # grades: report against statistics, for the same inspection and area
    from civic_accountability.validation.rules import same_grade

    stats = {(j["inspection_id"], j["area"]): j for j in tables["judgements"] if j["source_id"] in R.STAT_SOURCES}
    agree = defaultdict(Counter)
    disagreements = []
    for r in reports:
        iid = r.get("inspection_id")
        for area, (grade, page) in sorted(r["judgements"].items()):
            st = stats.get((iid, area))
            if st is None:
                continue
            ok = st["grade"] == grade or same_grade(st["grade"], grade, r.get("row_framework"))
            agree[area]["agree" if ok else "disagree"] += 1
            if not ok or st["grade"] != grade:
                disagreements.append({"inspection_id": iid, "area": area, "report_grade": grade, "equivalent": ok,
                                      "statistics_grade": st["grade"], "statistics_source": st["source_id"],
                                      "report": r["file"], "page": page, "url": r["url"]})
    s["grade_agreement"] = {a: dict(sorted(c.items())) for a, c in sorted(agree.items())}
    s["grade_disagreements"] = disagreements
    # short/standard: the on-site-days rule against the statistics' type
    rule = Counter()
    rule_diffs = []
    for r in reports:
        if r.get("derived_type") and r.get("stats_type") in ("short_inspection", "standard_inspection"):
            same = r["derived_type"] == r["stats_type"]
            rule["agree" if same else "disagree"] += 1
            if not same:
                rule_diffs.append({"file": r["file"], "on_site_days": r["on_site_days"], "periods": r["periods"],
                                   "rule": r["derived_type"], "statistics": r["stats_type"]})
    s["short_standard_rule"] = {"agreement": dict(rule), "disagreements": rule_diffs,
                                "derived_for_unmatched": sum(1 for r in reports if r.get("match") == "new"
                                                             and r.get("derived_type"))}
    insp = tables["inspections"]
    s["inspections_total"] = len(insp)
    s["inspections_with"] = {c: sum(1 for r in insp if r.get(c)) for c in
                             ("start_date", "end_date", "lead_inspector", "published_date")}
    s["inspections_with"]["report_url"] = len({r["inspection_id"] for r in reports if r.get("inspection_id")})
    s["rows_written"] = {t: len(v) for t, v in new.items()}
    s["rows_total"] = {t: len(v) for t, v in tables.items()}
    return s
