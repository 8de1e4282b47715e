#!/usr/bin/env python3
r"""Validate a package with a peer library (pandera on polars, or patito), checking the
contract's column facts, for ``bench.py`` to time against ``validate --engine fast``.

Why: what users compare the validator with is the Python libraries that check the same
schema. Both peers' schemas are generated here from ``table_specs()`` (the plain reading
of the Pydantic models in ``contract/``): nothing about a column is written twice. The
patito models are Pydantic models themselves, made with ``pydantic.create_model`` on
``patito.Model``; pandera gets a ``DataFrameSchema`` of ``Column``s and ``Check``s.

    python scripts/bench_peers.py pandera|patito PACKAGE     # exit 0 valid, 1 invalid
    python scripts/bench_peers.py --describe                 # what each peer checks

Each table is read whole with ``polars.read_csv`` (every cell text, an empty cell null),
checked, then dropped but for its primary key when another table refers to it, in
package order (referenced tables first), as the fast engine does.

What each peer checks, per column (from the ``ColumnSpec``): its type (integer columns
cast to Int64), required (not null), enum, pattern (the contract's pattern, run by
polars' Rust regex, whose ``\s`` lacks U+001C..U+001F: a text ending in U+001F passes
the peers, not us), maximum length (characters), minimum/maximum, a full date that is
on the calendar (a custom check), the primary key unique, and each foreign key's value
among the parent table's keys (a custom check holding the parent's keys). Per peer:

- pandera: ``Column(dtype, checks, nullable, unique, coerce)`` with ``Check.isin``,
  ``str_matches``, ``str_length``, ``ge``, ``le`` and two custom ``Check``s (calendar
  date, foreign key); ``strict=True, ordered=True`` (the columns by name and order);
  ``validate(lazy=True)`` collects every failure with its failing values.
- patito: a ``patito.Model`` per table, fields ``str``/``int``/``Literal[enum]``
  (``Optional`` where not required) with ``Field(dtype, unique, pattern, max_length, ge,
  le, constraints=[calendar date, foreign key])``; integer columns cast strictly before
  ``validate`` (a failed cast is one problem for the column); missing and extra columns
  (not their order). It reports a count per column and check, not the rows.

What neither checks (the validator does): the rules across rows and files (dates in
order, future dates, judgements on visits, grades that conflict, areas outside the
framework, recommendation positions unique per inspection and addressee, row order),
the quotes found verbatim in the archived text and their form, the archive's SHA-256s
and its files, CSV quoting and structure as Python's csv reads it (blank, short or long
rows, a BOM, carriage returns: polars reads some of these silently, or refuses the whole
file), and line numbers in errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Literal

from civic_accountability.contract.specs import ColumnSpec, TableSpec, table_specs

PEERS = ("pandera", "patito")


def _calendar_date(c):
    """A full date (YYYY-MM-DD) must exist on the calendar; partial dates pass (the pattern
    checks their form). Null where the cell is empty."""
    import polars as pl

    return pl.when(c.str.len_bytes() == 10).then(c.str.to_date("%Y-%m-%d", strict=False).is_not_null()).otherwise(True)


def _dtype(col: ColumnSpec):
    import polars as pl

    return pl.Int64 if col.type == "integer" else pl.String


def pandera_schema(spec: TableSpec, parents: dict):
    """A pandera (polars) schema for ``spec``; ``parents``: foreign-key column → parent keys."""
    import pandera.polars as pa
    import polars as pl

    columns = {}
    for col in spec.columns:
        checks = []
        if col.enum:
            checks.append(pa.Check.isin(list(col.enum)))
        if col.pattern:
            checks.append(pa.Check.str_matches(col.pattern))
        if col.max_length is not None:
            checks.append(pa.Check.str_length(max_value=col.max_length))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        if col.is_partial_date:
            checks.append(pa.Check(lambda d: d.lazyframe.select(_calendar_date(pl.col(d.key))), name="calendar_date"))
        if col.name in parents:
            keys = parents[col.name]
            checks.append(
                pa.Check(
                    lambda d, keys=keys: d.lazyframe.select(pl.col(d.key).is_in(keys.implode())), name="foreign_key"
                )
            )
        columns[col.name] = pa.Column(
            _dtype(col),
            checks,
            nullable=not col.required,
            unique=col.name == spec.primary_key,
            coerce=col.type == "integer",
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=spec.name)


def patito_model(spec: TableSpec, parents: dict):
    """A patito model (a Pydantic model) for ``spec``, made from its column specs."""
    import patito as pt
    import polars as pl
    import pydantic

    fields = {}
    for col in spec.columns:
        kind = int if col.type == "integer" else (Literal[col.enum] if col.enum else str)
        constraints = []
        if col.is_partial_date:
            constraints.append(_calendar_date(pl.col(col.name)))
        if col.name in parents:
            constraints.append(pl.col(col.name).is_in(parents[col.name].implode()))
        facts = {"pattern": col.pattern, "max_length": col.max_length, "ge": col.minimum, "le": col.maximum}
        fields[col.name] = (
            kind if col.required else kind | None,
            pt.Field(
                ... if col.required else None,
                dtype=_dtype(col),
                unique=col.name == spec.primary_key,
                constraints=constraints or None,
                **{k: v for k, v in facts.items() if v is not None},
            ),
        )
    return pydantic.create_model(spec.name.title().replace("_", ""), __base__=pt.Model, **fields)


def check_pandera(spec: TableSpec, df, parents: dict) -> list[str]:
    import pandera.errors

    try:
        pandera_schema(spec, parents).validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return [
            f"{spec.name}.{row['column']}: {row['check']} ({row['failure_case']})"
            for row in cases.iter_rows(named=True)
        ]
    return []


def check_patito(spec: TableSpec, df, parents: dict) -> list[str]:
    import patito as pt
    import polars as pl

    model = patito_model(spec, parents)
    problems = []
    for col in spec.columns:
        if col.type == "integer":
            try:
                df = df.with_columns(pl.col(col.name).cast(pl.Int64))
            except pl.exceptions.PolarsError:
                problems.append(f"{spec.name}.{col.name}: not all whole numbers")
                df = df.with_columns(pl.col(col.name).cast(pl.Int64, strict=False))
    try:
        model.validate(df)
    except pt.exceptions.DataFrameValidationError as exc:
        problems += [f"{spec.name}.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    return problems


def validate(peer: str, root: Path) -> list[str]:
    """Every problem ``peer`` finds in the package at ``root``, table by table."""
    import polars as pl

    check = {"pandera": check_pandera, "patito": check_patito}[peer]
    specs = table_specs()
    referenced = {fk.table for s in specs for fk in s.foreign_keys}
    keys: dict[str, pl.Series] = {}
    problems = []
    for spec in specs:
        try:
            df = pl.read_csv(root / spec.path, infer_schema=False, null_values=[""])
        except (pl.exceptions.PolarsError, OSError) as exc:  # the peers check frames, not files
            problems.append(f"{spec.name}: unreadable ({str(exc).splitlines()[0]})")
            continue
        parents = {fk.field: keys[fk.table] for fk in spec.foreign_keys if fk.table in keys}
        problems += check(spec, df, parents)
        if spec.name in referenced:
            keys[spec.name] = df[spec.primary_key].drop_nulls()
        del df
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peer", nargs="?", choices=PEERS)
    parser.add_argument("package", nargs="?", type=Path)
    parser.add_argument("--describe", action="store_true", help="print what each peer checks, and stop")
    args = parser.parse_args(argv)
    if args.describe:
        print(__doc__.split("\n\n", 3)[3])
        return 0
    if not (args.peer and args.package):
        parser.error("give a peer and a package (or --describe)")
    try:
        problems = validate(args.peer, args.package)
    except ImportError as exc:
        print(f"error: {exc.name} is not installed: pip install 'civic-accountability[bench]'", file=sys.stderr)
        return 2
    for line in problems[:50]:
        print(line)
    print(f"{args.peer}: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
