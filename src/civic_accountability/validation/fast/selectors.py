"""Columnar candidate selectors, one per rule of ``registry.RULES`` that names one.

Each takes a table's ``Frame`` and the engine's ``Context`` and returns the clean rows
that could break its rule: a superset of the rows the rule's check faults (and, for a
rule that compares rows, every row of a group that could), so the check, run on them
alone, reports what it reports on every clean row. Selectors never word a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civic_accountability.contract import text
from civic_accountability.contract.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES
from civic_accountability.validation import rules
from civic_accountability.validation.fast.candidates import fold
from civic_accountability.validation.fast.parallel import in_parallel
from civic_accountability.validation.fast.reading import Frame, Row

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl

    from civic_accountability.validation.fast.meaning import Context


def pair_key(*names: str) -> "pl.Expr":
    """One 64-bit hash per combination of values. Equal combinations hash equal; wherever a
    collision could matter it only adds candidates, never hides one."""
    import polars as pl

    key = pl.col(names[0]).hash(seed=1)
    for seed, name in enumerate(names[1:], start=2):
        key = key ^ pl.col(name).hash(seed=seed)
    return key


def clean_frame(frame: Frame) -> "pl.DataFrame":
    """The clean rows, each with its position in the file (``_i``)."""
    df = frame.df.with_row_index("_i")
    return df if frame.clean is None else df.filter(frame.clean)


def every_clean_row(frame: Frame) -> list[Row]:
    """What a rule without a selector is given: every clean row, as the row engine gives it."""
    return frame.rows_at(clean_frame(frame)["_i"]) if frame.df.height else []


def future_dates(frame: Frame, ctx: "Context") -> list[Row]:
    """As text, a partial or full date not after today's YYYY-MM is not after today."""
    import polars as pl

    month = ctx.today[:7]
    fields = rules.DATE_FIELDS[frame.spec.name]
    return frame.clean_where(pl.any_horizontal(pl.col(f) > month for f in fields))


def date_order(frame: Frame, ctx: "Context") -> list[Row]:
    """Two dates in order as text are in order as dates."""
    import polars as pl

    dates = [pl.col(f) for f in rules.DATE_ORDER]
    return frame.clean_where(pl.any_horizontal(a > b for i, a in enumerate(dates) for b in dates[i + 1 :]))


def in_repeated_groups(frame: Frame, group: tuple[str, ...]) -> list[Row]:
    """Clean rows whose values in ``group`` recur among clean rows: only they can repeat."""
    import polars as pl

    df = clean_frame(frame).select("_i", pair_key(*group).alias("_k"))
    if df["_k"].n_unique() == df.height:
        return []
    return frame.rows_at(df.filter(pl.col("_k").is_duplicated())["_i"])


def positions(frame: Frame, ctx: "Context") -> list[Row]:
    return in_repeated_groups(frame, ("inspection_id", "addressee", "position"))


def neighbours(frame: Frame, ctx: "Context") -> list[Row]:
    """Rows whose council gives a neighbour again: only they can repeat (file order)."""
    return in_repeated_groups(frame, ("authority_id", "neighbour_authority_id"))


def self_neighbours(frame: Frame, ctx: "Context") -> list[Row]:
    return frame.clean_where(pl_col_equal("authority_id", "neighbour_authority_id"))


def judgements(frame: Frame, ctx: "Context") -> list[Row]:
    """Rows graded on a visit or in an area outside the framework, and every row of a group
    (inspection, area) whose grades differ or whose sources repeat."""
    import polars as pl

    if not frame.df.height:
        return []
    lookup = ctx.inspection_lookup
    if lookup is None:
        lookup = pl.DataFrame(schema={"inspection_id": pl.String, "framework": pl.String, "inspection_type": pl.String})
    areas = sorted({a.value for areas in FRAMEWORK_AREAS.values() for a in areas})
    masks = {f.value: sum(1 << areas.index(a.value) for a in allowed) for f, allowed in FRAMEWORK_AREAS.items()}
    ungraded = pl.Series([t.value for t in UNGRADED_TYPES], dtype=pl.String).implode()
    lookup = lookup.select(  # per inspection: the areas it may grade, as bits (none for a visit)
        "inspection_id",
        pl.when(pl.col("inspection_type").is_in(ungraded))
        .then(pl.lit(0, pl.Int64))
        .otherwise(pl.col("framework").replace_strict(masks, default=0, return_dtype=pl.Int64))
        .alias("_mask"),
    )
    df = clean_frame(frame).select("_i", "inspection_id", "area", "grade", "source_id")
    bit = pl.col("area").replace_strict({a: 1 << i for i, a in enumerate(areas)}, default=0, return_dtype=pl.Int64)
    per_row = (
        df.select("_i", "inspection_id", "area")
        .join(lookup, on="inspection_id", how="inner")
        .filter((pl.col("_mask") & bit) == 0)["_i"]
    )
    pairs = df.select(
        "_i",
        "grade",
        pair_key("inspection_id", "area").alias("_pair"),
        pair_key("inspection_id", "area", "source_id").alias("_triple"),
    )
    pair, triple = pl.col("_pair"), pl.col("_triple")
    n_pairs, pair_runs, n_triples, triple_runs = pairs.select(
        pair.n_unique().alias("a"),
        _runs(pair).alias("b"),
        triple.n_unique().alias("c"),
        _runs(triple).alias("d"),
    ).row(0)
    in_risky = per_row.clear()
    if n_pairs < pairs.height and (n_pairs, n_triples) == (pair_runs, triple_runs):
        # The usual file: each (inspection, area), and each source within it, in one run of
        # rows. A run is risky where two neighbours differ in grade or repeat a source.
        same = (pair == pair.shift()).fill_null(False)
        differs = (pl.col("grade") != pl.col("grade").shift()).fill_null(True) | (triple == triple.shift())
        runs = pairs.select("_i", (~same).cum_sum().alias("_run"), (same & differs).alias("_risky"))
        risky = runs.filter(pl.col("_risky"))["_run"].unique()
        if risky.len():
            in_risky = runs.filter(pl.col("_run").is_in(risky.implode()))["_i"]
    elif n_pairs < pairs.height:  # some (inspection, area) is graded more than once
        repeated = pairs.filter(pl.col("_pair").is_duplicated())
        risky = (
            repeated.group_by("_pair")
            .agg(((pl.col("grade").n_unique() > 1) | (pl.len() > pl.col("_triple").n_unique())).alias("_risky"))
            .filter(pl.col("_risky"))["_pair"]
        )
        if risky.len():
            in_risky = repeated.filter(pl.col("_pair").is_in(risky.implode()))["_i"]
    picked = pl.concat([per_row, in_risky]).unique().sort()
    return frame.rows_at(picked)


def _runs(c: "pl.Expr") -> "pl.Expr":
    """How many runs of equal neighbours the column holds: its count of distinct values
    exactly when each value sits in one run."""
    return (c != c.shift()).fill_null(True).sum()


def quotes(frame: Frame, ctx: "Context") -> list[Row]:
    """A quote that may be ill-formed, or one not surely in its source's archived text.

    Surely in: found after ``fold`` on both sides. Folding is character by character, and
    collapsing or trimming whitespace keeps a substring a substring, so found folded means
    found normalised; anything else goes to the rule.
    """
    import polars as pl

    texts = ctx.folded_texts(ctx.clean_ids(frame, "source_id"))
    quote = pl.col("quote")
    marks = "".join(f"\\x{{{ord(c):x}}}" for c in text.DOUBLE_MARKS)
    ill_formed = (
        quote.str.contains("...", literal=True)
        | quote.str.contains("\u2026", literal=True)
        | quote.str.contains(f"^[{marks}]")
        | quote.str.contains(f"[{marks}]$")
    )
    if texts is None:
        return frame.clean_where(ill_formed)
    df = (
        clean_frame(frame)
        .select("_i", "source_id", fold(quote).alias("_q"), ill_formed.alias("_ill"))
        .join(texts, on="source_id", how="left", maintain_order="left")
    )
    big = _one_pass_sources(df)
    small = df.filter(~pl.col("source_id").is_in(pl.Series(big, dtype=pl.String).implode())) if big else df
    found = in_parallel(
        small,
        lambda lf: lf.select(
            "_i",
            "_ill",
            pl.col("_text").is_null().alias("_none"),
            pl.col("_text").str.contains(pl.col("_q"), literal=True).alias("_found"),
        ),
    )
    picked = found.filter(pl.col("_ill") | (~pl.col("_none") & ~pl.col("_found").fill_null(False)))["_i"]
    if big:  # many quotes in a long text: the rule finds them all in one pass (``rules.found_in``)
        picked = pl.concat(
            [picked, df.filter(pl.col("source_id").is_in(pl.Series(big, dtype=pl.String).implode()))["_i"]]
        ).sort()
    return frame.rows_at(picked)


def _one_pass_sources(df: "pl.DataFrame") -> list[str]:
    """The sources whose distinct quotes × text length pass ``rules.ONE_PASS_ABOVE``: one
    substring search per row would cost their product, so their rows all go to the rule."""
    import polars as pl

    cost = (
        df.filter(pl.col("_text").is_not_null())
        .group_by("source_id")
        .agg(pl.col("_q").n_unique().alias("_k"), pl.col("_text").first().str.len_bytes().alias("_n"))
        .filter((pl.col("_k") > 1) & (pl.col("_k").cast(pl.Int64) * pl.col("_n") > rules.ONE_PASS_ABOVE))
    )
    return sorted(cost["source_id"].to_list())


def folded_texts(archive: dict[str, bytes]) -> "pl.DataFrame":
    """``source_id`` and ``_text``: each archived text decoded as the row path decodes it and
    ``fold``ed, for ``quotes`` to search. Built on the archive's prefetch thread."""
    import polars as pl

    texts = pl.DataFrame(
        {"source_id": list(archive), "_text": list(archive.values())},
        schema={"source_id": pl.String, "_text": pl.Binary},
    )
    try:
        texts = texts.with_columns(pl.col("_text").cast(pl.String))
    except Exception:  # not UTF-8: decode as the row path does
        texts = texts.with_columns(pl.Series("_text", [b.decode("utf-8", errors="replace") for b in archive.values()]))
    return in_parallel(texts, lambda lf: lf.with_columns(fold(pl.col("_text"))), split=len(texts) > 1).rechunk()


def unverified_quotes(frame: Frame, ctx: "Context") -> list[Row]:
    """Statements whose source has no archived text (every one: the check counts them)."""
    import polars as pl

    ids = ctx.clean_ids(frame, "source_id")
    archived = ctx.archived(ids)
    if archived >= ids:
        return []
    return frame.clean_where(~pl.col("source_id").is_in(pl.Series(sorted(archived), dtype=pl.String).implode()))


def archive_hashes(frame: Frame, ctx: "Context") -> list[Row]:
    """Sources whose sha256 differs from their archived file's."""
    import polars as pl

    hashes = ctx.archive_hashes(ctx.clean_ids(frame, "source_id"))
    actual = pl.DataFrame(
        {"source_id": list(hashes), "_actual": list(hashes.values())},
        schema={"source_id": pl.String, "_actual": pl.String},
    )
    differ = (
        frame.df.select("source_id", "sha256")
        .with_row_index("_i")
        .join(actual, on="source_id", how="inner")
        .filter(pl.col("sha256") != pl.col("_actual"))["_i"]
    )
    return frame.clean_where(pl.int_range(pl.len(), dtype=pl.UInt32).is_in(differ.implode()))


def row_order(frame: Frame, ctx: "Context") -> list[Row]:
    """The first clean row whose key sorts before the previous clean row's, and that row."""
    import polars as pl

    from civic_accountability.validation.fast.tables import key_series

    key = "_key"
    if frame.clean is None and (frame.sorted_key or key_series(frame.df, frame.spec).drop_nulls().is_sorted()):
        return []  # the usual case
    keyed = frame.df.with_columns(key_series(frame.df, frame.spec).alias(key))
    df = keyed.with_row_index("_i")
    df = (df if frame.clean is None else df.filter(frame.clean)).select("_i", key).filter(pl.col(key).is_not_null())
    if df.height < 2:
        return []
    keys = df[key]
    down = pl.arg_where(keys.slice(1) < keys.slice(0, df.height - 1), eager=True)
    if not down.len():
        return []
    first = down[0]
    return frame.rows_at(df["_i"].slice(first, 2))


def theme_vocabulary(frame: Frame, ctx: "Context") -> list[Row]:
    """The themes table is the whole vocabulary (25 rows): every clean row is compared."""
    return every_clean_row(frame)


def theme_ranks(frame: Frame, ctx: "Context") -> list[Row]:
    """Every row of a recommendation whose ranks are not 1..n once each: its row count differs
    from its highest rank or from its number of distinct ranks."""
    import polars as pl

    df = clean_frame(frame)
    if not df.height:
        return []
    rank = pl.col("rank").cast(pl.Int64, strict=False)
    groups = df.group_by("recommendation_id").agg(
        (pl.len() != rank.max()) | (pl.len() != rank.n_unique()) | (rank.min() != 1)
    )
    bad = groups.filter(pl.col(groups.columns[1]))["recommendation_id"]
    if not bad.len():
        return []
    return frame.rows_at(df.filter(pl.col("recommendation_id").is_in(bad.implode()))["_i"])


def repeat_links(frame: Frame, ctx: "Context") -> list[Row]:
    return frame.clean_where(pl_col_equal("recommendation_id", "earlier_recommendation_id"))


def pl_col_equal(a: str, b: str) -> "pl.Expr":
    import polars as pl

    return pl.col(a) == pl.col(b)
