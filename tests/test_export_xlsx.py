"""Excel export read back with openpyxl: values as in the CSV, numbers and dates
typed, no formula ever, and a README sheet holding the models' data dictionary."""

from __future__ import annotations

import datetime as dt

import pytest
from export_support import PACKAGES, assert_same_as_csv, export, make_package, package_for
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_accountability.contract.specs import table_spec, table_specs

openpyxl = pytest.importorskip("openpyxl")


def _sheets(path) -> dict[str, list[dict]]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for spec in table_specs():
        rows = list(wb[spec.name].iter_rows(values_only=True))
        assert list(rows[0]) == list(spec.column_names)
        out[spec.name] = [dict(zip(rows[0], r)) for r in rows[1:]]
    return out


@pytest.mark.parametrize("kind", PACKAGES)
def test_xlsx_round_trip(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("xlsx", package, tmp_path / "out.xlsx")
    assert_same_as_csv(_sheets(tmp_path / "out.xlsx"), package)


def test_cells_are_typed_and_never_formulas(tmp_path):
    export("xlsx", make_package(tmp_path / "pkg"), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["README"] + [s.name for s in table_specs()]
    recs = wb["recommendations"]
    assert [c.value for c in recs["D"][1:]] == [1, 10, 2] and all(c.data_type == "n" for c in recs["D"][1:])
    assert recs["F2"].value == "=1+1 is not a formula" and recs["F2"].data_type == "s" and recs["F2"].quotePrefix
    assert recs["F3"].value == "-10 starts with a minus" and recs["F3"].data_type == "s"
    quote = wb["statements"]["H2"]
    assert quote.value == "=cmd|' /C calc'!A0" and quote.data_type == "s"
    insp = wb["inspections"]
    assert insp["F2"].value == dt.datetime(2020, 1, 6) and insp["F2"].is_date  # a full date is a real date
    assert insp["F3"].value == "2021-03" and insp["F3"].data_type == "s"  # a partial date stays text
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert not any(c.data_type == "f" for c in row)


def test_formula_text_stays_text_in_the_file(tmp_path):
    """No <f> element anywhere: Excel and LibreOffice evaluate only those."""
    import zipfile

    export("xlsx", make_package(tmp_path / "pkg"), tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in sheets)


def test_readme_sheet_holds_the_data_dictionary(tmp_path):
    export("xlsx", make_package(tmp_path / "pkg"), tmp_path / "out.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["README"].iter_rows(values_only=True))
    counts = {
        "sources": 3,
        "authorities": 2,
        "inspections": 2,
        "judgements": 3,
        "recommendations": 3,
        "statements": 2,
        "statistical_neighbours": 0,
        "themes": 25,
        "recommendation_themes": 3,
        "recommendation_repeats": 1,
    }
    for spec in table_specs():
        assert any(r[:3] == (spec.name, spec.title, counts[spec.name]) for r in rows)
        for c in spec.columns:
            required = "yes" if c.required else "no"
            assert any(r[:5] == (spec.name, c.name, c.type, required, c.description) for r in rows), c.name
            for value, meaning in c.enum_meanings().items():
                assert any(r[:4] == (spec.name, c.name, value, meaning) for r in rows)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None)
@given(text=_TEXT, prefix=st.sampled_from(["", "=", "+", "-", "@", "'"]))
def test_any_text_comes_back_exactly(tmp_path_factory, text, prefix):
    """Whatever a text cell holds, a real reader gets the same string back."""
    from openpyxl import Workbook

    from civic_accountability.outputs.exports.xlsx import make_cell

    value = prefix + text
    col = next(c for c in table_spec("statements").columns if c.name == "quote")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    ws.append([make_cell(ws, col, value)])
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    wb.save(path)
    cell = openpyxl.load_workbook(path)["t"]["A1"]
    assert cell.value == value and cell.data_type == "s"


@pytest.mark.parametrize(
    "bad, code", [("a\rb", "000D"), ("x\uffffy", "FFFF"), ("x\ufffey", "FFFE"), ("bell\x07", "0007")]
)
def test_text_excel_cannot_hold_is_refused_not_altered(tmp_path, bad, code):
    from export_support import sources_data

    from civic_accountability.outputs.exports import ExportError
    from civic_accountability.outputs.exports.xlsx import export as export_xlsx

    with pytest.raises(ExportError, match=f"U\\+{code}"):
        export_xlsx(sources_data(["fine", bad], tmp_path), tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


@settings(max_examples=40, deadline=None)
@given(day=st.dates(min_value=dt.date(1000, 1, 1)), precision=st.sampled_from([4, 7, 10]))
def test_any_date_reads_back_as_the_csv_has_it(tmp_path_factory, day, precision):
    """A full date is an Excel date on Excel's reliable calendar, else text; a
    partial date is always text, never padded into a day the source did not give."""
    from openpyxl import Workbook

    from civic_accountability.outputs.exports.xlsx import FIRST_EXCEL_DATE, make_cell

    value = day.isoformat()[:precision]
    col = next(c for c in table_spec("inspections").columns if c.name == "start_date")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    ws.append([make_cell(ws, col, value)])
    path = tmp_path_factory.mktemp("d") / "t.xlsx"
    wb.save(path)
    cell = openpyxl.load_workbook(path)["t"]["A1"]
    if precision == 10 and day >= FIRST_EXCEL_DATE:
        assert cell.is_date and cell.value == dt.datetime.combine(day, dt.time())
    else:
        assert cell.data_type == "s" and cell.value == value


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    """The same data gives the same workbook, whenever it is built (the site ships it)."""
    package = make_package(tmp_path / "pkg")
    export("xlsx", package, tmp_path / "a.xlsx")
    import time

    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # a later clock for zip entries
    export("xlsx", package, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
