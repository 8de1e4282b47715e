"""Render the pages and write the site atomically.

``render_pages`` is pure (SiteData in, path → bytes out). ``build_site`` does the
I/O: it builds into a temporary directory beside the target, then swaps it in,
so a failed build leaves the previous site untouched, and it refuses to replace
a non-empty directory that it did not build unless forced.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Collection, Mapping, Optional

from civic_accountability.contract.vocab import label
from civic_accountability.dataset.atomic import atomic_dir
from civic_accountability.dataset.picture import NO_OVERALL, standing_counts
from civic_accountability.outputs.site import charts
from civic_accountability.outputs.site.model import (
    FRAMEWORK_LABELS,
    FRAMEWORK_SHORT,
    GRADES,
    AuthorityView,
    SiteData,
    area_label,
    format_date,
    grade_counts,
    grade_label,
    headline_short,
    source_kinds,
)
from civic_accountability.outputs.site.moved import redirects

#: A file every build writes: its presence says the directory is ours to replace.
MARKER = ".civic-accountability-site"
MARKER_TEXT = b"Built by `civic-accountability site`; the next build replaces this directory.\n"
SORTS = {"name": "index.html", "date": "by-date.html", "grade": "by-grade.html", "region": "by-region.html"}
SORT_LABELS = {"name": "Name", "date": "Latest inspection", "grade": "Grade", "region": "Region"}


class SiteError(Exception):
    """The output directory cannot be used; the message says why and what to do."""


@dataclass
class BuildResult:
    out: Path
    files: int
    bytes: int
    authorities: int
    warnings: list[str] = field(default_factory=list)


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("civic_accountability.outputs.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=format_date,
        grade=grade_label,
        area=area_label,
        headline=headline_short,
        label=label,
        rank=lambda g: GRADES.index(g) if g in GRADES else len(GRADES),
    )
    env.globals.update(
        GRADES=GRADES,
        FRAMEWORK_LABELS=FRAMEWORK_LABELS,
        FRAMEWORK_SHORT=FRAMEWORK_SHORT,
        grade_label=grade_label,
        source_kinds=source_kinds,
        standing_label=standing_label,
    )
    return env


def standing_label(standing: str) -> str:
    """A council's standing now in words (``dataset.picture``): its grade, or why it has none."""
    return "No overall grade (ILACS 2026)" if standing == NO_OVERALL else grade_label(standing)


def _static(name: str) -> str:
    from importlib import resources

    return resources.files("civic_accountability.outputs.site").joinpath("static", name).read_text(encoding="utf-8")


def _filter_script(name: str) -> str:
    """A filter page's one inline script: the shared URL-state code (``urlstate.js``), then
    the page's own. One block, so the page's CSP admits it by a single hash."""
    return _static("urlstate.js") + _static(name)


def _csp(script: Optional[str]) -> str:
    """A Content-Security-Policy that lets a page load nothing but its own folder's files."""
    script_src = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        script_src = f"'sha256-{digest}'"
    return (
        f"default-src 'none'; style-src 'self'; img-src 'self' data:; script-src {script_src}; "
        "base-uri 'none'; form-action 'none'"
    )


def sort_rows(authorities: tuple[AuthorityView, ...], key: str) -> list[AuthorityView]:
    """The home table's rows for one of the no-JavaScript sorted views."""

    def grade_rank(a: AuthorityView) -> int:
        latest = a.latest_graded
        grades = [g.grade for g in latest.headline] if latest else []
        return min((GRADES.index(g) for g in grades if g in GRADES), default=len(GRADES))

    def latest_date(a: AuthorityView) -> str:
        latest = a.latest_graded or a.latest
        return latest.date if latest else ""

    rows = sorted(authorities, key=lambda a: (a.name.casefold(), a.slug))
    if key == "date":
        rows.sort(key=latest_date, reverse=True)
    elif key == "grade":
        rows.sort(key=grade_rank)
    elif key == "region":
        rows.sort(key=lambda a: (not a.region, a.region))
    return rows


def group_label(a: AuthorityView, key: str) -> str:
    """The heading a row falls under in a sorted view (for its jump links)."""
    if key == "region":
        return a.region or "No region"
    if key == "grade":
        latest = a.latest_graded
        heads = [g.grade for g in latest.headline] if latest else []
        if heads:
            return grade_label(min(heads, key=GRADES.index))
        return standing_label(NO_OVERALL) if latest else "No graded inspection"  # graded, no overall grade
    if key == "date":
        latest = a.latest_graded or a.latest
        return latest.date[:4] if latest and latest.date else "Undated"
    return a.name[:1].upper()


def _series(chart_id: str, title: str, framework: str, area: str, by_year: Mapping[int, Mapping[str, int]]) -> dict:
    years = list(range(min(by_year), max(by_year) + 1))
    totals = {y: sum(by_year.get(y, {}).values()) for y in years}
    grades = [g for g in GRADES if any(by_year.get(y, {}).get(g) for y in years)]
    return {
        "id": chart_id,
        "title": title,
        "framework": framework,
        "area": area,
        "years": years,
        "counts": by_year,
        "totals": totals,
        "grades": grades,
        "svg": charts.stacked_bars(by_year, years, chart_id, title),
        "svg_narrow": charts.stacked_bars(by_year, years, f"{chart_id}-n", title, narrow=True),
    }


def overall_series(data: SiteData) -> Optional[dict]:
    """One view of every framework: each graded inspection's headline grade (a SLAC
    inspection's safeguarding judgement), by year of publication, in its own words."""
    by_year: dict[int, dict[str, int]] = {}
    for a in data.authorities:
        for insp in a.inspections:
            when = insp.published_date or insp.date
            if when and insp.headline:
                grade = insp.headline[0].grade
                row = by_year.setdefault(int(when[:4]), {})
                row[grade] = row.get(grade, 0) + 1
    if not by_year:
        return None
    return _series(
        "national-all", "Every framework: the overall grade of each inspection", "", "", dict(sorted(by_year.items()))
    )


def national_series(data: SiteData) -> list[dict]:
    """One chart per framework and headline judgement: inspections per year by grade."""
    out = []
    for (framework, area), by_year in grade_counts(data).items():
        chart_id = f"national-{framework}-{area}".replace("_", "-")
        title = f"{FRAMEWORK_LABELS.get(framework, framework)}: {area_label(area)}"
        out.append(_series(chart_id, title, framework, area, by_year))
    return out


def latest_grade_summary(data: SiteData) -> dict[str, int]:
    """Current authorities by the overall grade of their latest graded inspection of any
    framework, "none" for those it gives none (ILACS 2026): ``dataset.picture``, the
    ``current_picture`` view's rule, so the home counts are ``sql``'s."""
    return standing_counts(a.picture for a in data.authorities if a.current and a.picture is not None)


def hex_maps(data: SiteData, root: str, repeated: Optional[Collection[str]] = None, picture: bool = True) -> list[dict]:
    """The maps a page shows (``hexmap``): the current picture (unless ``picture`` is false), then,
    given ``repeated`` (the ids of recommendations with a ``recommendation_repeats`` row), the
    share of each council's latest recommendations asked before."""
    from civic_accountability.outputs.site import hexmap

    maps = [hexmap.picture_map(data, root)] if picture else []
    if repeated is not None:
        maps.append(hexmap.repeats_map(data, root, repeated))
    return maps


def comparisons(data: SiteData, a: AuthorityView) -> dict:
    """What a council's page sets beside it: its statistical neighbours (nearest first) and the
    other current councils of its region (by name), each with its current picture."""
    if not a.current:
        return {"neighbours": [], "region": []}
    by_key = {v.key: v for v in data.authorities}
    neighbours = [by_key[k] for k in data.neighbours.get(a.key, ()) if k in by_key]
    region = [v for v in data.authorities if v.current and a.region and v.region == a.region and v is not a]
    return {"neighbours": neighbours, "region": region}


def recommendation_reports(data: SiteData) -> list[dict]:
    """The recommendations page: one group per inspection report that has any, newest
    inspection first (then council, then inspection id), each with its recommendations in
    the record's report order and what the page filters on.

    A group names its report once: the source most of its recommendations cite (the
    first in report order on a tie). A recommendation that cites another source (one
    Surrey inspection's board recommendations come from a later report) carries its own;
    ``recs`` pairs each recommendation with that source, or None."""
    reports = []
    for a in data.authorities:
        for insp in a.inspections:
            if not insp.recommendation_rows:
                continue
            cited = [r.source or insp.source for r in insp.recommendation_rows]
            counts = Counter(ref.source_id for ref in cited)
            source = max(cited, key=lambda ref: counts[ref.source_id])  # max keeps the first of equals
            reports.append(
                {
                    "authority": a,
                    "inspection": insp,
                    "grade": insp.headline[0].grade if insp.headline else "none",
                    "year": insp.year or "",
                    "source": source,
                    "recs": [
                        (r, None if ref.source_id == source.source_id else ref)
                        for r, ref in zip(insp.recommendation_rows, cited)
                    ],
                }
            )
    reports.sort(key=lambda g: (-(g["year"] or 0), g["authority"].name.casefold(), g["inspection"].inspection_id))
    return reports


def source_uses(data: SiteData) -> dict[str, int]:
    """How many inspections, judgements, recommendations and statements cite each source."""
    uses: dict[str, int] = {}

    def add(ref) -> None:
        if ref is not None:
            uses[ref.source_id] = uses.get(ref.source_id, 0) + 1

    for a in data.authorities:
        for insp in a.inspections:
            add(insp.source)
            for g in insp.grades:
                for ref in g.sources:
                    add(ref)
                for _, refs in g.other_grades:
                    for ref in refs:
                        add(ref)
            for r in insp.recommendation_rows:
                add(r.source)
            for st in insp.statements:
                add(st.source)
    return uses


def render_pages(data: SiteData, context: Mapping) -> dict[str, bytes]:
    """Every HTML page and stylesheet of the site: relative path → bytes."""
    env = _environment()
    script = _filter_script("filter.js")
    years = [i.year for a in data.authorities for i in a.inspections if i.year]
    first_year, last_year = (min(years), max(years)) if years else (2009, 2009)
    base = dict(
        context, data=data, as_at=data.as_at, legend_items=[(g, charts.legend_swatch(g)) for g in data.grades_used]
    )
    pages: dict[str, bytes] = {name: _static(name).encode("utf-8") for name in ("style.css", "favicon.svg")}

    def render(template: str, path: str, **values) -> None:
        depth = path.count("/")
        html = env.get_template(template).render(base, root="../" * depth, path=path, **values)
        pages[path] = html.encode("utf-8")

    summary = latest_grade_summary(data)
    regions = sorted({a.region for a in data.authorities if a.region})
    latest_years = sorted({a.latest_graded.year for a in data.authorities if a.latest_graded and a.latest_graded.year})
    grade_options = [
        g
        for g in GRADES
        if any(g in [h.grade for h in (a.latest_graded.headline if a.latest_graded else ())] for a in data.authorities)
    ]
    no_grade = any(not (a.latest_graded and a.latest_graded.headline) for a in data.authorities)
    for key, path in SORTS.items():
        if key == "region" and not data.has_regions:
            continue
        rows = sort_rows(data.authorities, key)
        groups: list[tuple[str, str]] = []  # (label, slug of the first row in the group)
        for a in rows:
            label = group_label(a, key)
            if not groups or groups[-1][0] != label:
                groups.append((label, a.slug))
        render(
            "index.html",
            path,
            sort=key,
            sorts={k: v for k, v in SORTS.items() if k != "region" or data.has_regions},
            sort_labels=SORT_LABELS,
            rows=rows,
            groups=groups if key != "name" else [],
            script=script,
            csp=_csp(script),
            summary=summary,
            regions=regions,
            years=latest_years,
            grade_options=grade_options,
            no_grade=no_grade,
            maps=hex_maps(data, "") if key == "name" else [],
        )
    asks = context.get("asks")
    repeated = asks["repeated"] if asks else None
    render(
        "national.html",
        "national.html",
        series=national_series(data),
        overall=overall_series(data),
        summary=summary,
        csp=_csp(None),
        maps=hex_maps(data, "", repeated),
    )
    for a in data.authorities:
        chart = charts.timeline(a, first_year, last_year, "timeline") + charts.timeline(
            a, first_year, last_year, "timeline-n", narrow=True
        )
        render(
            "authority.html",
            f"authority/{a.slug}.html",
            authority=a,
            chart=chart,
            csp=_csp(None),
            compare=comparisons(data, a),
        )
    reports = recommendation_reports(data)
    rec_script = _filter_script("recommendations.js")
    render(
        "recommendations.html",
        "recommendations.html",
        reports=reports,
        total=sum(len(g["recs"]) for g in reports),
        script=rec_script,
        csp=_csp(rec_script),
        regions=sorted({g["authority"].region for g in reports if g["authority"].region}),
        years=sorted({g["year"] for g in reports if g["year"]}, reverse=True),
        frameworks=[f for f in FRAMEWORK_LABELS if any(g["inspection"].framework == f for g in reports)],
        grades=[g for g in GRADES if any(r["grade"] == g for r in reports)],
        ungraded=any(g["grade"] == "none" for g in reports),
    )
    moved_script = _static("moved.js")
    names = {f"authority/{a.slug}.html": a.name for a in data.authorities}
    for old, new in redirects(set(pages)).items():
        render(
            "redirect.html",
            old,
            name=names.get(new, new),
            target=posixpath.relpath(new, posixpath.dirname(old)),
            target_path=new,
            script=moved_script,
            csp=_csp(moved_script),
        )
    render("sources.html", "sources.html", uses=source_uses(data), csp=_csp(None))
    render("downloads.html", "downloads.html", csp=_csp(None))
    render("dictionary.html", "dictionary.html", csp=_csp(None))
    if "asks" in context:  # themes and repeats: the national page (outputs/site/asks.py)
        render("asks.html", "asks.html", page=asks, csp=_csp(None), maps=hex_maps(data, "", repeated, picture=False))
    return pages


# --- writing ------------------------------------------------------------------


def check_target(out: Path, force: bool) -> None:
    """Refuse a target that is a file, or a non-empty directory we did not build."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise SiteError(
            f"{out} is not empty and was not built by `civic-accountability site`; "
            "choose another directory or pass --force to replace it"
        )


def write_tree(tmp: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` under ``tmp``; a path that would land outside it (absolute, "..",
    a NUL) is refused, since some names come from the package."""
    for rel in sorted(files):
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\x00" in rel or "\\" in rel:
            raise SiteError(f"refusing to write {rel!r}: it would leave the output directory")
        target = tmp.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])
    (tmp / MARKER).write_bytes(MARKER_TEXT)


def page_descriptor(descriptor: dict) -> dict:
    """The descriptor as pages show it: the models' defaults under the package's own keys
    (a package may leave out title or version), contributors only with a title."""
    from civic_accountability.outputs.exports.data import package_metadata

    meta = package_metadata(descriptor)
    people = meta.get("contributors")
    meta["contributors"] = (
        [c for c in people if isinstance(c, dict) and c.get("title")] if isinstance(people, list) else []
    )
    return meta


def file_stem(descriptor: dict) -> str:
    """``name-version`` for the export downloads, reduced to characters safe in a file name."""
    import re

    def safe(value: object, default: str) -> str:
        text = re.sub(r"[^A-Za-z0-9._+-]+", "-", value if isinstance(value, str) else "").strip(".-")
        return text or default

    return f"{safe(descriptor.get('name'), 'data')}-{safe(descriptor.get('version'), 'unversioned')}"


def tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def build_site(
    tables: Mapping[str, list],
    package,
    out: Path,
    *,
    force: bool = False,
    exports: bool = True,
    no_validate: bool = False,
) -> BuildResult:
    """Build the whole site for a package's rows into ``out``, atomically.

    ``tables`` are the package's rows (``Report.rows`` values); ``package`` is the
    opened ``Package`` whose files are offered for download.
    """
    from civic_accountability.contract.specs import table_specs
    from civic_accountability.outputs.docs import data_dictionary
    from civic_accountability.outputs.site import asks
    from civic_accountability.outputs.site import downloads as dl
    from civic_accountability.outputs.site.model import assemble

    out = Path(out)
    check_target(out, force)
    data = assemble(tables)
    specs = table_specs()
    gathered = dl.gather(package, tuple(s.name for s in specs), data_dictionary())
    with atomic_dir(out) as tmp:
        if exports:
            dl.run_exports(package, tables, tmp, file_stem(package.descriptor), gathered)
        context = {
            "downloads": gathered,
            "specs": specs,
            "descriptor": page_descriptor(package.descriptor),
            "licence_links": dl.descriptor_links(package.descriptor),
            "row_counts": {name: len(rows) for name, rows in tables.items()},
            "asks": asks.prepare(tables, data),
        }
        files = dict(gathered.files)
        files.update(render_pages(data, context))
        write_tree(tmp, files)
        count, size = tree_size(tmp)
    return BuildResult(out, count, size, len(data.authorities), gathered.warnings)
