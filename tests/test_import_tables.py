"""The importers' table I/O (``importers.tables``), on small tables in tmp_path: what
``import … --check`` says when data/ differs from what the sources give. Runs without
Ofsted's files (tests/test_import_ofsted.py runs the real import)."""

from __future__ import annotations

from civic_accountability.importers.tables import (
    TABLE_COLUMNS,
    TABLES,
    check_report,
    differences,
    render_table,
)

JUDGEMENT = {
    "judgement_id": "x-2010-inspection-safeguarding-overall-s",
    "inspection_id": "x-2010-inspection",
    "area": "safeguarding_overall",
    "grade": "good",
    "source_id": "s",
}


def _write(out, tables):
    columns = {t: list(TABLE_COLUMNS[t]) for t in TABLES}
    for t in TABLES:
        (out / f"{t}.csv").write_bytes(render_table(columns[t], tables.get(t, [])))
    return {t: tables.get(t, []) for t in TABLES}, columns


def test_a_hand_edited_cell_is_named_with_both_values(tmp_path):
    tables, columns = _write(tmp_path, {"judgements": [dict(JUDGEMENT, grade="outstanding")]})
    tables["judgements"] = [JUDGEMENT]
    found = differences(tmp_path, tables, columns)
    assert len(found) == 1
    assert str(found[0]) == (
        f"{tmp_path.name}/judgements.csv: judgement_id={JUDGEMENT['judgement_id']}, grade: "
        "committed 'outstanding', the sources give 'good'"
    )
    (line,) = check_report(found, quiet=True)
    assert line.startswith("Error: data/ differs from what the sources give: ") and "committed 'outstanding'" in line


def test_rows_only_on_one_side_and_bytes_out_of_form_are_named(tmp_path):
    other = dict(JUDGEMENT, judgement_id="y", inspection_id="y")
    tables, columns = _write(tmp_path, {"judgements": [JUDGEMENT]})
    tables["judgements"] = [other]
    text = [str(d) for d in differences(tmp_path, tables, columns)]
    assert any("judgement_id=x-2010" in t and "the sources give no such row" in t for t in text)
    assert any("judgement_id=y" in t and "not committed" in t for t in text)
    tables["judgements"] = [JUDGEMENT]
    path = tmp_path / "judgements.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (only,) = differences(tmp_path, tables, columns)
    assert "not in canonical form" in str(only)


def test_quiet_says_how_many_more_in_one_line(tmp_path):
    rows = [dict(JUDGEMENT, judgement_id=f"j{i}") for i in range(3)]
    tables, columns = _write(tmp_path, {"judgements": [dict(r, grade="inadequate") for r in rows]})
    tables["judgements"] = rows
    found = differences(tmp_path, tables, columns)
    assert len(found) == 3
    assert check_report(found, quiet=True)[0].endswith("(and 2 more: run without --quiet to list them)")
    assert len(check_report(found, quiet=False)) == 4
    assert (
        differences(
            tmp_path,
            {t: [dict(r, grade="inadequate") for r in rows] if t == "judgements" else [] for t in TABLES},
            columns,
        )
        == []
    )


def test_the_statistics_import_checks_areas_with_validation_s_rule():
    from civic_accountability.importers.statistics import check_areas

    inspections = [
        {"inspection_id": "a", "framework": "slac", "inspection_type": "inspection"},
        {"inspection_id": "v", "framework": "ilacs_2023", "inspection_type": "monitoring_visit"},
    ]
    judgements = [
        dict(JUDGEMENT, judgement_id="j1", inspection_id="a", area="care_leavers"),
        dict(JUDGEMENT, judgement_id="j2", inspection_id="v", area="care_leavers"),
        dict(JUDGEMENT, judgement_id="j3", inspection_id="a"),
    ]
    problems = check_areas(inspections, judgements)
    assert [p.split(":")[0] for p in problems] == ["judgement j1", "judgement j2"]
    assert "not graded under slac" in problems[0] and "carry no graded judgements" in problems[1]


def test_a_table_that_links_out_of_the_package_is_refused_not_read(tmp_path):
    """The importers read data/ through the guarded reader: a link to a FIFO is refused."""
    import os

    import pytest

    from civic_accountability.importers.tables import UnreadableTable, read_table

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "judgements.csv").symlink_to(fifo)
    with pytest.raises(UnreadableTable):
        read_table(tmp_path / "judgements.csv")
    assert read_table(tmp_path / "absent.csv") == (None, [])
