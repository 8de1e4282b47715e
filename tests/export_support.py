"""Shared helpers for the export tests: an independent CSV reader, a small fixture
package full of awkward values, and running the real CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.commands.generate import generated_files
from civic_accountability.contract.specs import package_descriptor, table_specs
from civic_accountability.contract.themes import THEMES
from civic_accountability.dataset.package import bundled_root
from civic_accountability.outputs.exports.data import ExportData, Table

TABLES = tuple(s.name for s in table_specs())
NOW = "2025-06-30"  # a fixed "today" for the fixture package

#: A valid package whose values test what exports must keep: formula-like text,
#: quotes, commas, newlines, non-ASCII, partial and full dates, multi-digit integers.
FIXTURE = {
    "sources": [
        ["source_id", "source_type", "title", "publisher", "author", "published_date", "url", "sha256"],
        ["src-a", "inspection_report", '=HYPERLINK("https://example.org","click")', "Ofsted", "", "2020-05", "", ""],
        [
            "src-b",
            "news_article",
            "+44 headline, with “curly quotes”,\nand a second line",
            "@press",
            "-Dash",
            "2021-02-03",
            "https://example.org/a?b=1",
            "",
        ],
        ["src-c", "other", "", "", "", "1999", "", ""],
    ],
    "authorities": [
        [
            "authority_id",
            "name",
            "other_names",
            "la_code",
            "la_number",
            "region",
            "status",
            "created_date",
            "abolished_date",
            "predecessors",
            "successors",
            "ofsted_url",
            "source_id",
            "change_source_id",
        ],
        [
            "barsetshire",
            "Barsetshire",
            "Barset; =Barchester",
            "E06000099",
            "999",
            "South West",
            "current",
            "2019-04",
            "",
            "old-barset",
            "",
            "https://example.org/provider/44/999",
            "src-a",
            "src-b",
        ],
        ["old-barset", "Barset", "", "", "", "", "former", "", "2019-03-31", "", "barsetshire", "", "src-c", ""],
    ],
    "inspections": [
        [
            "inspection_id",
            "local_authority",
            "la_code",
            "framework",
            "inspection_type",
            "start_date",
            "end_date",
            "published_date",
            "lead_inspector",
            "visit_theme",
            "source_id",
            "authority_id",
        ],
        [
            "barset-2020-01-06-standard-inspection",
            "Barsetshire",
            "E06000099",
            "ilacs_2018",
            "standard_inspection",
            "2020-01-06",
            "2020-01-17",
            "2020-02-28",
            "Ann O'Neil",
            "",
            "src-a",
            "barsetshire",
        ],
        [
            "barset-2021-03-monitoring-visit",
            "Barsetshire",
            "",
            "ilacs_2018",
            "monitoring_visit",
            "2021-03",
            "",
            "2021-04",
            "",
            "-help and protection",
            "src-a",
            "barsetshire",
        ],
    ],
    "judgements": [
        ["judgement_id", "inspection_id", "area", "grade", "source_id"],
        ["j-help-src-a", "barset-2020-01-06-standard-inspection", "help_and_protection", "inadequate", "src-a"],
        [
            "j-overall-src-a",
            "barset-2020-01-06-standard-inspection",
            "overall_effectiveness",
            "requires_improvement",
            "src-a",
        ],
        [
            "j-overall-src-b",
            "barset-2020-01-06-standard-inspection",
            "overall_effectiveness",
            "requires_improvement",
            "src-b",
        ],
    ],
    "recommendations": [
        ["recommendation_id", "inspection_id", "addressee", "position", "section", "text", "source_id"],
        [
            "barset-rec-1",
            "barset-2020-01-06-standard-inspection",
            "local_authority",
            "1",
            "",
            "=1+1 is not a formula",
            "src-a",
        ],
        [
            "barset-rec-10",
            "barset-2020-01-06-standard-inspection",
            "local_authority",
            "10",
            "",
            "-10 starts with a minus",
            "src-a",
        ],
        [
            "barset-rec-2",
            "barset-2020-01-06-standard-inspection",
            "local_authority",
            "2",
            "",
            "@SUM(A1:A2), then text",
            "src-a",
        ],
    ],
    "statements": [
        [
            "statement_id",
            "inspection_id",
            "speaker",
            "speaker_role",
            "speaker_organisation",
            "speaker_party",
            "statement_date",
            "quote",
            "source_id",
        ],
        [
            "src-b-q01",
            "barset-2020-01-06-standard-inspection",
            "@someone",
            "Leader, council",
            "Barsetshire Council",
            "-",
            "2021-02",
            "=cmd|' /C calc'!A0",
            "src-b",
        ],
        [
            "src-b-q02",
            "barset-2020-01-06-standard-inspection",
            "Zoë Ñandú",
            "",
            "",
            "",
            "2021-02-03",
            "We are “disappointed”, and\nwe will improve.",
            "src-b",
        ],
    ],
    "statistical_neighbours": [
        ["authority_id", "neighbour_authority_id", "rank", "source_id"],
    ],
    "themes": [["theme_id", "label", "covers", "not_here"]]
    + [[t.theme_id, t.label, t.covers, t.not_here] for t in sorted(THEMES, key=lambda t: t.theme_id)],
    "recommendation_themes": [
        ["recommendation_id", "theme_id", "rank", "method"],
        ["barset-rec-1", "recording", "1", "rule"],
        ["barset-rec-10", "assessments", "2", "reviewed"],
        ["barset-rec-10", "care_leavers", "1", "rule"],
    ],
    "recommendation_repeats": [
        ["recommendation_id", "earlier_recommendation_id", "judged", "method"],
        ["barset-rec-2", "barset-rec-1", "overlapping", "rule"],
    ],
}


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def make_package(root: Path, tables: dict = FIXTURE) -> Path:
    """A package directory with the generated descriptors and the given CSV rows."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in generated_files(root).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    for table, rows in tables.items():
        write_csv(root / "data" / f"{table}.csv", rows)
    for name in ("LICENSE", "LICENSE-DATA"):
        shutil.copy(bundled_root() / name, root / name)
    return root


def read_csvs(root: Path) -> dict[str, list[dict[str, str]]]:
    """Each table's rows as the CSV text (the reference every export is compared with)."""
    out = {}
    for table in TABLES:
        with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            out[table] = list(csv.DictReader(fh))
    return out


def as_csv_text(value) -> str:
    """A value read back from an export, written as the CSV would hold it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        assert value.time() == dt.time(0), value
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def assert_same_as_csv(exported: dict[str, list[dict]], root: Path) -> None:
    """Every table has the CSV's rows, in order, with the same values."""
    expected = read_csvs(root)
    assert set(exported) == set(TABLES)
    for table in TABLES:
        got = [{k: as_csv_text(v) for k, v in row.items()} for row in exported[table]]
        assert len(got) == len(expected[table]), table
        assert got == expected[table], table


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export(fmt: str, package: Path, out: Path, *extra: str):
    result = run_cli("export", "--to", fmt, str(package), "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result


PACKAGES = ("bundled", "fixture")


def package_for(kind: str, tmp_path: Path) -> Path:
    return bundled_root() if kind == "bundled" else make_package(tmp_path / "pkg")


def sources_data(titles: list[str], root: Path) -> ExportData:
    """Export data whose only rows are sources with these titles (for exporter-level tests)."""
    specs = table_specs()
    records = [
        {c.name: None for c in specs[0].columns} | {"source_id": f"s-{i}", "source_type": "other", "title": t}
        for i, t in enumerate(titles)
    ]
    tables = (Table(specs[0], records, tuple(range(2, len(records) + 2))),) + tuple(Table(s, []) for s in specs[1:])
    meta = {k: v for k, v in package_descriptor().items() if k != "resources"}
    return ExportData(root=root, metadata=meta, tables=tables, csv_paths={})
