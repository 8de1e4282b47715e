"""Layer 5 for the columnar engine: the rules of ``registry.RULES``, each run on the rows
its selector (``selectors``) picks, and the ``registry.Facts`` they look up."""

from __future__ import annotations

import hashlib
from collections.abc import Set
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from civic_accountability.contract.errors import ValidationError
from civic_accountability.dataset.reader import read_archive, read_archives
from civic_accountability.validation import rules
from civic_accountability.validation.fast.reading import Frame, Row
from civic_accountability.validation.registry import Rule, run_rules

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
    inspection_lookup: Optional["pl.DataFrame"] = None  # clean inspections as the rule's lookup sees them
    later: set[str] = field(default_factory=set)  # tables not read yet
    members: Optional[list] = None  # the package's archive listing (``Package.archive``)
    _archive: dict[str, bytes] = field(default_factory=dict)
    _hashes: dict[str, str] = field(default_factory=dict)  # sha256 of each file in _archive
    _ids: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (table, column) → distinct clean values
    _present: Optional[set[str]] = None
    _folded: Optional["pl.DataFrame"] = None  # selectors.folded_texts of every archived text
    _prefetch: Optional[Future] = None

    def prefetch_archives(self, pool: Executor) -> None:
        """Read archive/*.txt in the background while polars parses the tables."""
        self._prefetch = pool.submit(self._read_all)

    def _read_all(self) -> None:
        """Every archived text and its sha256 (hashlib frees the GIL): done on the prefetch
        thread, so the files are read and hashed while polars parses the tables."""
        self._archive = read_archives(self.root, members=self.members)
        self._present = set(self._archive)
        self._hashes = {sid: hashlib.sha256(data).hexdigest() for sid, data in self._archive.items()}
        if "statements" in self.later and self._archive:  # the quotes' texts, folded off the main thread
            from civic_accountability.validation.fast.selectors import folded_texts

            self._folded = folded_texts(self._archive)

    def archive_ready(self) -> bool:
        """Whether the archive is read (or no read is under way): its rules will not wait."""
        return self._prefetch is None or self._prefetch.done()

    def drop_archives(self) -> None:
        if self._prefetch is not None:
            self._prefetch.result()
        self._archive, self._hashes, self._prefetch, self._folded = {}, {}, None, None

    def archives(self, source_ids: Set[str]) -> dict[str, bytes]:
        """archive/<source_id>.txt of each id that has one, as ``validate._archives`` finds
        them; each file read once."""
        if self._prefetch is not None:
            self._prefetch.result()
            self._prefetch = None
        elif self._present is None:
            self._read_all()
        ids = set(source_ids) & self._present
        for source_id in sorted(ids - self._archive.keys()):
            try:
                self._archive[source_id] = read_archive(self.root, source_id)
            except OSError:  # as validate._archives: not an archived text
                pass
        return {i: self._archive[i] for i in sorted(ids) if i in self._archive}

    def clean_ids(self, frame: Frame, column: str) -> set[str]:
        """The distinct values of a column among the clean rows, found once per table."""
        key = (frame.spec.name, column)
        if key not in self._ids:
            values = frame.df[column] if frame.clean is None else frame.df[column].filter(frame.clean)
            self._ids[key] = set(values.drop_nulls().unique().to_list())
        return self._ids[key]

    # registry.Facts

    def inspections(self, ids: Set[str]) -> dict[str, dict]:
        import polars as pl

        if self.inspection_lookup is None or not ids:
            return {}
        wanted = pl.Series(sorted(ids), dtype=pl.String).implode()
        subset = self.inspection_lookup.filter(pl.col("inspection_id").is_in(wanted))
        return {r["inspection_id"]: r for r in subset.to_dicts()}

    def archived(self, source_ids: Set[str]) -> set[str]:
        return set(self.archives(source_ids))

    def folded_texts(self, source_ids: Set[str]) -> Optional["pl.DataFrame"]:
        """``selectors.folded_texts`` of the archived texts (of at least those among
        ``source_ids``), or None when none of them has one."""
        from civic_accountability.validation.fast.selectors import folded_texts

        archive = self.archives(source_ids)  # waits for the prefetch
        if not archive:
            return None
        return self._folded if self._folded is not None else folded_texts(archive)

    def archive_texts(self, source_ids: Set[str]) -> dict[str, str]:
        return {
            sid: rules.normalise_text(data.decode("utf-8", errors="replace"))
            for sid, data in self.archives(source_ids).items()
        }

    def archive_hashes(self, source_ids: Set[str]) -> dict[str, str]:
        return {
            sid: self._hashes.get(sid) or hashlib.sha256(data).hexdigest()
            for sid, data in self.archives(source_ids).items()
        }


def meaning(frame: Frame, ctx: Context) -> list[ValidationError]:
    """Every rule of ``registry.RULES`` for this table, each on the rows its selector picks
    (all clean rows for a rule without one); the rule's own check decides."""
    from civic_accountability.validation.fast import selectors

    def rows_for(rule: Rule) -> list[Row]:
        if rule.select is None:
            return selectors.every_clean_row(frame)
        return getattr(selectors, rule.select)(frame, ctx)

    return run_rules(frame.spec, rows_for, ctx)
