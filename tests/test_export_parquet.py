"""Parquet export read back with pyarrow: typed columns, descriptions, CSV values."""

from __future__ import annotations

import pytest
from export_support import PACKAGES, TABLES, assert_same_as_csv, export, make_package, package_for

from civic_accountability.contract.specs import table_specs

pq = pytest.importorskip("pyarrow.parquet")


@pytest.mark.parametrize("kind", PACKAGES)
def test_parquet_round_trip(tmp_path, kind):
    package = package_for(kind, tmp_path)
    export("parquet", package, tmp_path / "pq")
    tables = {t: pq.read_table(tmp_path / "pq" / f"{t}.parquet").to_pylist() for t in TABLES}
    assert_same_as_csv(tables, package)


def test_parquet_schema_is_typed_and_described(tmp_path):
    import pyarrow as pa

    export("parquet", make_package(tmp_path / "pkg"), tmp_path / "pq")
    for spec in table_specs():
        schema = pq.read_schema(tmp_path / "pq" / f"{spec.name}.parquet")
        assert schema.names == list(spec.column_names)
        assert schema.metadata[b"description"].decode() == spec.description
        assert schema.metadata[b"primary_key"].decode() == spec.key_label
        for c in spec.columns:
            field = schema.field(c.name)
            assert field.type == (pa.int64() if c.type == "integer" else pa.string())
            assert field.nullable == (not c.required)
            assert field.metadata[b"description"].decode() == c.description
