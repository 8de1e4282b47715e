"""Any text a cell may hold survives every format, read back with a real reader."""

from __future__ import annotations

import json
import sqlite3

import pytest
from export_support import sources_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Any text a CSV cell can carry past the validator: trimmed, no NUL, no surrogates.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TEXT = st.text(_CHARS, min_size=1, max_size=40).map(str.strip).filter(bool)


def _read_back(fmt: str, out) -> list:
    if fmt == "json":
        return [r["title"] for r in json.loads(out.read_text(encoding="utf-8"))["resources"][0]["data"]]
    if fmt == "ndjson":
        return [json.loads(line)["title"] for line in (out / "sources.ndjson").read_text(encoding="utf-8").splitlines()]
    if fmt == "sqlite":
        with sqlite3.connect(out) as conn:
            return [r[0] for r in conn.execute("select title from sources order by rowid")]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(out / "sources.parquet").column("title").to_pylist()
    if fmt == "xlsx":
        import openpyxl

        return [row[2] for row in openpyxl.load_workbook(out)["sources"].iter_rows(min_row=2, values_only=True)]
    raise AssertionError(fmt)


@pytest.mark.parametrize(
    "fmt, needs",
    [("json", None), ("ndjson", None), ("sqlite", "sqlite_utils"), ("parquet", "pyarrow"), ("xlsx", "openpyxl")],
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(_TEXT, min_size=10, max_size=40))
def test_text_round_trips_exactly(tmp_path_factory, fmt, needs, titles):
    """Each example is a whole export and its read-back, so each carries many titles: 15
    examples of 10-40 titles try more text (about 300 titles, 400+ distinct characters)
    than 60 of 1-5 did, for a quarter of the exports."""
    from civic_accountability.outputs.exports import FORMATS

    if needs:
        pytest.importorskip(needs)
    if fmt == "xlsx":  # what Excel files cannot hold is refused instead (see test_export_xlsx)
        from civic_accountability.outputs.exports.xlsx import NOT_STORABLE_RE

        titles = [t for t in titles if not NOT_STORABLE_RE.search(t)] or ["x"]
    out = tmp_path_factory.mktemp(fmt) / f"out.{fmt}"
    FORMATS[fmt].load().export(sources_data(titles, out.parent), out)
    assert _read_back(fmt, out) == titles
