"""What every exporter writes: the package's metadata and its tables as typed records.

Values come from the validator's reading of the CSVs (``Report.rows``), so an export
holds exactly what was validated. Typing follows the contract's type map
(``contract.columns.COLUMN_TYPES``): integer columns become ``int``; every other value
stays the CSV's text (dates are partial-date strings); an empty cell is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from civic_accountability.contract.errors import shorten
from civic_accountability.contract.specs import ColumnSpec, TableSpec, package_descriptor, table_specs
from civic_accountability.outputs.exports import ExportError

Value = Union[str, int, None]
INT64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class Table:
    spec: TableSpec
    records: list[dict[str, Value]]
    lines: tuple[int, ...] = ()  # each record's CSV line, for messages

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class ExportData:
    root: Path  # the package directory
    metadata: dict[str, Any]  # package-level descriptor fields (everything but resources)
    tables: tuple[Table, ...]
    csv_paths: dict[str, Path]  # table → the CSV file the records were read from

    @property
    def row_count(self) -> int:
        return sum(len(t.records) for t in self.tables)


def typed(col: ColumnSpec, value: Optional[str]) -> Value:
    """A cell as its column's type. A non-integer in an integer column (possible only
    with --no-validate) stays text, for the format to store or refuse."""
    number = col.typed(value)
    if isinstance(number, int) and not INT64[0] <= number <= INT64[1]:
        # SQLite and Parquet store 64 bits; int() stops at 4,300 digits
        raise ExportError(f"{col.name} {shorten(value, 30)} is outside the 64-bit integer range")
    return number


def package_metadata(descriptor: dict) -> dict[str, Any]:
    """The package's own top-level metadata over the models' defaults, without resources."""
    base = {k: v for k, v in package_descriptor().items() if k != "resources"}
    own = {k: v for k, v in descriptor.items() if k != "resources"} if isinstance(descriptor, dict) else {}
    return {**base, **own}


def from_report(report) -> ExportData:
    """Typed tables from a validation report; ExportError if a table could not be read."""
    package = report.package
    tables = []
    for spec in table_specs():
        if spec.name not in report.rows:
            raise ExportError(
                f"{report.file_of(spec.name)} cannot be exported: its header does not match "
                f"the schema (run `civic-accountability validate`)"
            )
        rows = report.rows[spec.name]
        names = spec.column_names
        numbers = [c for c in spec.columns if c.column_type.python is not str]  # text passes through as read
        try:
            records = [{name: values.get(name) for name in names} for _, values in rows]
            for c in numbers:
                for record in records:
                    record[c.name] = typed(c, record[c.name])
        except ExportError as exc:
            line = next(
                line for line, values in rows if _fails(lambda: [typed(c, values.get(c.name)) for c in spec.columns])
            )
            raise ExportError(f"{report.file_of(spec.name)} line {line}: {exc}") from None
        tables.append(Table(spec, records, tuple(line for line, _ in rows)))
    return ExportData(
        root=package.root,
        metadata=package_metadata(package.descriptor),
        tables=tuple(tables),
        csv_paths=dict(package.paths),
    )


def _fails(call) -> bool:
    try:
        call()
    except ExportError:
        return True
    return False


def text(value: Value) -> str:
    """A value as the CSV writes it (for messages and comparisons)."""
    return "" if value is None else str(value)
