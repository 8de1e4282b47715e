"""Run polars work on every core: polars runs one expression on one thread, so a big
column is cut into one slice per thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


#: Below this many rows a column is checked in one piece; above, in one piece per thread.
SPLIT_ROWS = 50_000


def parts(height: int, split: Optional[bool] = None) -> list[tuple[int, int]]:
    """Row ranges to work on in parallel (polars runs one expression on one thread)."""
    import polars as pl

    n = pl.thread_pool_size() if (height > SPLIT_ROWS if split is None else split) else 1
    step = max(1, -(-height // n))
    return [(start, step) for start in range(0, height, step)] or [(0, 0)]


def in_parallel(
    df: "pl.DataFrame", build: Callable[["pl.LazyFrame"], "pl.LazyFrame"], split: Optional[bool] = None
) -> "pl.DataFrame":
    """``build`` applied to slices of ``df`` on all threads, results in order."""
    import polars as pl

    ranges = parts(df.height, split)
    if len(ranges) == 1:
        return build(df.lazy()).collect()
    return pl.concat(pl.collect_all([build(df.lazy().slice(start, n)) for start, n in ranges]))


def flagged(df: "pl.DataFrame", exprs: dict[str, "pl.Expr"], distinct: frozenset = frozenset()) -> set[str]:
    """Names whose expression is true somewhere: all evaluated in one pass, each on one
    slice of rows per thread (polars runs one expression on one thread). A column named
    in ``distinct`` is tested on its distinct values only."""
    if not exprs or not df.height:
        return set()
    import polars as pl

    checks = []
    for name, expr in exprs.items():
        for start, length in parts(df.height):
            part = df.lazy().slice(start, length)
            if name in distinct:
                part = part.select(pl.col(name).unique())
            checks.append(part.select(expr.any().alias(name)))
    return {frame.columns[0] for frame in pl.collect_all(checks) if frame.item()}
