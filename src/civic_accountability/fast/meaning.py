"""Layer 5 for the columnar engine: each rule of ``validate._meaning`` run on the rows that
could break it."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from civic_accountability import rules
from civic_accountability.errors import ValidationError
from civic_accountability.fast.candidates import fold
from civic_accountability.fast.parallel import in_parallel
from civic_accountability.fast.reading import Frame, Row
from civic_accountability.vocab import FRAMEWORK_AREAS, UNGRADED_TYPES

if TYPE_CHECKING:  # polars is imported inside the functions that use it
    import polars as pl


#: The tables whose rules read archive/*.txt.
ARCHIVE_TABLES = frozenset({"sources", "statements"})


@dataclass
class Context:
    """What later tables' checks need from earlier ones, kept to a few columns."""

    root: Path
    today: str
    date_fields: dict[str, tuple[str, ...]]
    all_keys: dict[str, "pl.Series"] = field(default_factory=dict)  # every key of a well-formed row
    valid_keys: dict[str, "pl.Series"] = field(default_factory=dict)  # keys of rows without cell errors
    inspections: Optional["pl.DataFrame"] = None  # clean inspections as the rule's lookup sees them
    later: set[str] = field(default_factory=set)  # tables not read yet
    _archive: dict[str, bytes] = field(default_factory=dict)
    _present: Optional[set[str]] = None
    _prefetch: Optional[Future] = None

    def prefetch_archives(self, pool: Executor) -> None:
        """Read archive/*.txt in the background while polars parses the tables."""
        self._prefetch = pool.submit(self._read_all)

    def _read_all(self) -> None:
        folder = self.root / "archive"
        names = os.listdir(folder) if folder.is_dir() else []
        self._present = {n[:-4] for n in names if n.endswith(".txt")}
        for source_id in sorted(self._present):
            try:
                self._archive[source_id] = read_file(os.path.join(folder, f"{source_id}.txt"))
            except OSError:  # tried again when needed; unreadable means absent, as in the row path
                pass

    def drop_archives(self) -> None:
        if self._prefetch is not None:
            self._prefetch.result()
        self._archive, self._prefetch = {}, None

    def archives(self, source_ids: "pl.Series") -> dict[str, bytes]:
        """archive/<source_id>.txt of each id that has one, as ``validate._archives`` finds
        them; each file read once."""
        if self._prefetch is not None:
            self._prefetch.result()
            self._prefetch = None
        elif self._present is None:
            self._read_all()
        folder = self.root / "archive"
        ids = set(source_ids.drop_nulls().unique().to_list()) & self._present
        for source_id in sorted(ids - self._archive.keys()):
            try:
                self._archive[source_id] = read_file(os.path.join(folder, f"{source_id}.txt"))
            except OSError:  # as validate._archives: not an archived text
                pass
        return {i: self._archive[i] for i in sorted(ids) if i in self._archive}


def read_file(path: str) -> bytes:
    """A small file's bytes with the fewest system calls (thousands of archives)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def pair_key(*names: str) -> "pl.Expr":
    """One 64-bit hash per combination of values. Equal combinations hash equal; wherever a
    collision could matter it only adds candidates, never hides one."""
    import polars as pl

    key = pl.col(names[0]).hash(seed=1)
    for seed, name in enumerate(names[1:], start=2):
        key = key ^ pl.col(name).hash(seed=seed)
    return key


def meaning(frame: Frame, ctx: Context) -> list[ValidationError]:
    """The rules ``validate._meaning`` applies to this table, run on candidate rows."""
    import polars as pl

    table, errors = frame.spec.name, []
    fields = ctx.date_fields.get(table)
    if fields:  # as text, a partial or full date not after today's YYYY-MM is not after today
        month = ctx.today[:7]
        errors += rules.check_future_dates(
            table, frame.clean_where(pl.any_horizontal(pl.col(f) > month for f in fields)), fields, ctx.today)
    if table == "inspections":  # two dates in order as text are in order as dates
        dates = [pl.col(f) for f in ("start_date", "end_date", "published_date")]
        later_first = pl.any_horizontal(a > b for i, a in enumerate(dates) for b in dates[i + 1:])
        errors += rules.check_inspection_dates("inspections", frame.clean_where(later_first))
    elif table == "judgements":
        errors += judgement_errors(frame, ctx.inspections)
    elif table == "recommendations":
        errors += rules.check_recommendation_positions(in_repeated_groups(frame, ("inspection_id", "addressee", "position")))
    elif table == "statements":
        clean = frame.df["source_id"] if frame.clean is None else frame.df["source_id"].filter(frame.clean)
        archive = ctx.archives(clean)
        rows = quote_candidates(frame, archive)
        texts = {sid: rules.normalise_text(archive[sid].decode("utf-8", errors="replace"))
                 for sid in {r["source_id"] for _, r in rows} if sid in archive}
        errors += rules.check_quotes(rows, texts)
    elif table == "sources":
        clean = frame.df["source_id"] if frame.clean is None else frame.df["source_id"].filter(frame.clean)
        hashes = {sid: hashlib.sha256(data).hexdigest() for sid, data in ctx.archives(clean).items()}
        actual = pl.DataFrame({"source_id": list(hashes), "_actual": list(hashes.values())},
                              schema={"source_id": pl.String, "_actual": pl.String})
        differ = (frame.df.select("source_id", "sha256").with_row_index("_i")
                  .join(actual, on="source_id", how="inner")
                  .filter(pl.col("sha256") != pl.col("_actual"))["_i"])
        where = pl.int_range(pl.len(), dtype=pl.UInt32).is_in(differ.implode())
        errors += rules.check_archive_hashes(frame.clean_where(where), hashes)
    return errors


def clean_frame(frame: Frame) -> "pl.DataFrame":
    """The clean rows, each with its position in the file (``_i``)."""
    df = frame.df.with_row_index("_i")
    return df if frame.clean is None else df.filter(frame.clean)


def in_repeated_groups(frame: Frame, group: tuple[str, ...]) -> list[Row]:
    """Clean rows whose values in ``group`` recur among clean rows: only they can repeat."""
    import polars as pl

    df = clean_frame(frame).select("_i", pair_key(*group).alias("_k"))
    if df["_k"].n_unique() == df.height:
        return []
    return frame.rows_at(df.filter(pl.col("_k").is_duplicated())["_i"])


def judgement_errors(judgements: Frame, lookup: Optional["pl.DataFrame"]) -> list[ValidationError]:
    """``rules.check_judgements`` on the rows that could fail: graded on a visit, an area
    outside the framework, or in a group (inspection, area) whose grades differ or whose
    sources repeat."""
    import polars as pl

    if not judgements.df.height:
        return []
    if lookup is None:
        lookup = pl.DataFrame(schema={"inspection_id": pl.String, "framework": pl.String,
                                      "inspection_type": pl.String})
    full = lookup
    areas = sorted({a.value for areas in FRAMEWORK_AREAS.values() for a in areas})
    masks = {f.value: sum(1 << areas.index(a.value) for a in allowed) for f, allowed in FRAMEWORK_AREAS.items()}
    ungraded = pl.Series([t.value for t in UNGRADED_TYPES], dtype=pl.String).implode()
    lookup = lookup.select(  # per inspection: the areas it may grade, as bits (none for a visit)
        "inspection_id",
        pl.when(pl.col("inspection_type").is_in(ungraded)).then(pl.lit(0, pl.Int64))
        .otherwise(pl.col("framework").replace_strict(masks, default=0, return_dtype=pl.Int64)).alias("_mask"),
    )
    df = clean_frame(judgements).select("_i", "inspection_id", "area", "grade", "source_id")
    bit = pl.col("area").replace_strict({a: 1 << i for i, a in enumerate(areas)}, default=0, return_dtype=pl.Int64)
    per_row = (df.select("_i", "inspection_id", "area").join(lookup, on="inspection_id", how="inner")
               .filter((pl.col("_mask") & bit) == 0)["_i"])
    pairs = df.select("_i", "grade", pair_key("inspection_id", "area").alias("_pair"),
                      pair_key("inspection_id", "area", "source_id").alias("_triple"))
    in_risky = per_row.clear()
    if pairs["_pair"].n_unique() < pairs.height:  # some (inspection, area) is graded more than once
        repeated = pairs.filter(pl.col("_pair").is_duplicated())
        risky = repeated.group_by("_pair").agg(
            ((pl.col("grade").n_unique() > 1) | (pl.len() > pl.col("_triple").n_unique())).alias("_risky")
        ).filter(pl.col("_risky"))["_pair"]
        if risky.len():
            in_risky = repeated.filter(pl.col("_pair").is_in(risky.implode()))["_i"]
    picked = pl.concat([per_row, in_risky]).unique().sort()
    if not picked.len():
        return []
    rows = judgements.rows_at(picked)
    wanted = pl.Series(list({values["inspection_id"] for _, values in rows}), dtype=pl.String)
    subset = full.filter(pl.col("inspection_id").is_in(wanted.implode()))
    inspections = {r["inspection_id"]: r for r in subset.to_dicts()}
    return rules.check_judgements(rows, inspections)


def quote_candidates(statements: Frame, archive: dict[str, bytes]) -> list[Row]:
    """Statements ``rules.check_quotes`` could fault: a quote that may be ill-formed, or
    one not surely in its source's archived text.

    Surely in: found after ``fold`` on both sides. Folding is character by character, and
    collapsing or trimming whitespace keeps a substring a substring, so found folded means
    found normalised; anything else goes to the rule.
    """
    import polars as pl

    quote = pl.col("quote")
    marks = "".join(f"\\x{{{ord(c):x}}}" for c in rules._DOUBLE_MARKS)
    ill_formed = (
        quote.str.contains("...", literal=True) | quote.str.contains("\u2026", literal=True)
        | quote.str.contains(f"^[{marks}]") | quote.str.contains(f"[{marks}]$")
    )
    if not archive:
        return statements.clean_where(ill_formed)
    texts = pl.DataFrame({"source_id": list(archive), "_text": list(archive.values())},
                         schema={"source_id": pl.String, "_text": pl.Binary})
    try:
        texts = texts.with_columns(pl.col("_text").cast(pl.String))
    except Exception:  # not UTF-8: decode as the row path does
        texts = texts.with_columns(pl.Series("_text", [b.decode("utf-8", errors="replace") for b in archive.values()]))
    texts = in_parallel(texts, lambda lf: lf.with_columns(fold(pl.col("_text"))), split=len(texts) > 1).rechunk()
    df = (
        clean_frame(statements).select("_i", "source_id", "quote", ill_formed.alias("_ill"))
        .join(texts, on="source_id", how="left", maintain_order="left")
    )
    found = in_parallel(df, lambda lf: lf.select(
        "_i", "_ill", pl.col("_text").is_null().alias("_none"),
        pl.col("_text").str.contains(fold(quote), literal=True).alias("_found")))
    picked = found.filter(pl.col("_ill") | (~pl.col("_none") & ~pl.col("_found").fill_null(False)))["_i"]
    return statements.rows_at(picked)
