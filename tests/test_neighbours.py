"""Statistical neighbours: the importer run on the shared lookup with the real command
reproduces the committed table and its cited source; every current council has ten
current neighbours; a lookup that does not map onto the authorities is refused with a
one-line error; the neighbour_comparison view sets each council beside its ten."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.importers.neighbours import SOURCE_ID, NeighboursError, build

REPO = Path(__file__).resolve().parents[1]
LOOKUP = REPO.parent / "shared" / "neighbours" / "Provider_data_lookup.csv"
needs_lookup = pytest.mark.skipif(not LOOKUP.is_file(), reason=f"the shared lookup is not at {LOOKUP}")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def authorities() -> list[dict]:
    return _rows(REPO / "data" / "authorities.csv")


def test_every_current_council_has_ten_distinct_current_neighbours(authorities):
    rows = _rows(REPO / "data" / "statistical_neighbours.csv")
    status = {a["authority_id"]: a["status"] for a in authorities}
    by_council: dict[str, list[dict]] = {}
    for r in rows:
        by_council.setdefault(r["authority_id"], []).append(r)
    assert set(by_council) == {a for a, s in status.items() if s == "current"}
    for council, ns in by_council.items():
        # the file is sorted by its key (authority_id, rank) compared as text, as validate and fmt order it
        assert [n["rank"] for n in ns] == sorted(str(r) for r in range(1, 11)), council
        ids = [n["neighbour_authority_id"] for n in ns]
        assert len(set(ids)) == 10 and council not in ids and all(status[i] == "current" for i in ids), council
    source = next(s for s in _rows(REPO / "data" / "sources.csv") if s["source_id"] == SOURCE_ID)
    if LOOKUP.is_file():
        assert source["sha256"] == hashlib.sha256(LOOKUP.read_bytes()).hexdigest()


@needs_lookup
def test_import_reproduces_the_committed_table_and_check_sees_a_change(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(REPO / "data", package / "data")
    args = ["import", "neighbours", "--lookup", str(LOOKUP), "--package", str(package)]
    assert CliRunner().invoke(cli, [*args, "--check"]).exit_code == 0
    (package / "data" / "statistical_neighbours.csv").write_text("authority_id\n", encoding="utf-8")
    assert CliRunner().invoke(cli, [*args, "--check"]).exit_code == 1
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "1530 rows for 153 current councils" in result.stderr
    assert (package / "data" / "statistical_neighbours.csv").read_bytes() == (
        REPO / "data" / "statistical_neighbours.csv"
    ).read_bytes()


@needs_lookup
def test_numbers_decide_where_the_lookup_has_newer_codes_and_codes_where_there_is_no_number(authorities):
    """The lookup carries Barnsley's and Sheffield's 2024 GSS codes; the City of London has no
    DfE number in the authorities table; Poole is former and listed by name only."""
    built = build(LOOKUP.read_bytes(), authorities)
    councils = {r["authority_id"] for r in built.rows}
    assert {"barnsley", "sheffield", "city-of-london"} <= councils
    assert built.former == ["cumbria", "northamptonshire", "poole"]


def _lookup(rows: list[list[str]]) -> bytes:
    header = "la_code,la_code_new,stat_neighbours,stat_neighbours_la_code,local_authority_ons_name\n"
    return (header + "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows)).encode()


def test_a_lookup_that_does_not_map_is_refused_with_the_line():
    authorities = [
        {
            "authority_id": f"a{i}",
            "la_number": str(100 + i),
            "la_code": f"E0600{i:04d}",
            "status": "current",
            "name": f"A{i}",
        }
        for i in range(12)
    ]

    def row(i: int, numbers: list[int]) -> list[str]:
        return [
            str(100 + i),
            f"E0600{i:04d}",
            ", ".join(str(100 + j) for j in numbers),
            ", ".join(f"E0600{j:04d}" for j in numbers),
            f"A{i}",
        ]

    good = [row(i, [(i + k) % 12 for k in range(1, 11)]) for i in range(12)]
    assert len(build(_lookup(good), authorities).rows) == 120
    unknown = [r[:] for r in good]
    unknown[3][2], unknown[3][3] = unknown[3][2].replace("104", "999"), unknown[3][3].replace("E06000004", "E09999999")
    with pytest.raises(NeighboursError, match=r"lookup line 5: a3's neighbour DfE 999"):
        build(_lookup(unknown), authorities)
    clash = [r[:] for r in good]
    clash[3][2] = clash[3][2].replace("104", "111")  # number names a11, code a4
    with pytest.raises(NeighboursError, match="lookup line 5: DfE number 111 and GSS code E06000004 name different"):
        build(_lookup(clash), authorities)
    nine = good[:3] + [row(3, [(3 + k) % 12 for k in range(1, 10)])] + good[4:]
    with pytest.raises(NeighboursError, match="lookup line 5: a3 has 9 neighbours"):
        build(_lookup(nine), authorities)
    with pytest.raises(NeighboursError, match="gives no neighbours for a11"):
        build(_lookup(good[:-1]), authorities)


def test_unreadable_lookup_exits_2_and_a_bad_one_1(tmp_path):
    result = CliRunner().invoke(cli, ["import", "neighbours", "--lookup", str(tmp_path / "none.csv"), "--check"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: cannot read the lookup")
    bad = tmp_path / "bad.csv"
    bad.write_text("urn,la_code\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "neighbours", "--lookup", str(bad), "--check"])
    assert result.exit_code == 1 and "no column" in result.stderr and "Traceback" not in result.output


def test_neighbour_comparison_sets_each_council_beside_its_ten():
    query = "SELECT * FROM neighbour_comparison WHERE authority_id = 'swindon' ORDER BY rank"
    result = CliRunner().invoke(cli, ["sql", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rank"] for r in rows] == list(range(1, 11))
    picture = json.loads(CliRunner().invoke(cli, ["sql", "SELECT * FROM current_picture", "--format", "json"]).stdout)
    by_id = {p["authority_id"]: p for p in picture}
    for r in rows:
        assert r["overall_effectiveness"] == by_id["swindon"]["overall_effectiveness"]
        n = by_id[r["neighbour_authority_id"]]
        assert (r["neighbour_latest_date"], r["neighbour_overall_effectiveness"], r["neighbour_lowest_grade"]) == (
            n["latest_date"],
            n["overall_effectiveness"],
            n["lowest_grade"],
        )


@pytest.mark.parametrize("engine", ["rows", "fast"])
def test_a_repeated_rank_neighbour_or_the_council_itself_is_refused_on_both_engines(tmp_path, engine):
    """An edited package that gives a council the same rank twice (its primary key, authority_id
    and rank), the same neighbour twice, or itself as a neighbour fails validation, naming the
    line and the field."""
    if engine == "fast":
        pytest.importorskip("polars")
    from conftest import build_package

    from civic_accountability.validation.validate import validate_package

    pkg = build_package(tmp_path / "pkg")
    (pkg / "data" / "authorities.csv").open("a", encoding="utf-8").write(
        "otherton,Otherton,,E06000098,998,South West,current,,,,,,ofsted-report-exampleshire-2014,\n"
    )
    (pkg / "data" / "statistical_neighbours.csv").write_text(
        "authority_id,neighbour_authority_id,rank,source_id\n"
        "exampleshire,otherton,1,ofsted-report-exampleshire-2014\n"
        "exampleshire,otherton,1,ofsted-report-exampleshire-2014\n"
        "exampleshire,exampleshire,2,ofsted-report-exampleshire-2014\n",
        encoding="utf-8",
    )
    report = validate_package(pkg, "2025-06-30", engine=engine)
    found = sorted((e.code, e.table, e.line, e.field) for e in report.errors)
    assert found == [
        ("primary-key", "statistical_neighbours", 3, "authority_id, rank"),
        ("self-neighbour", "statistical_neighbours", 4, "neighbour_authority_id"),
        ("unique-error", "statistical_neighbours", 3, "neighbour_authority_id"),
    ]
    unique = next(e for e in report.errors if e.code == "unique-error")
    assert "otherton of exampleshire is already given on line 2" in unique.message
