"""What an importer's ``build`` returns: the merged tables, ready to write, and a summary.

Both importers (``statistics`` and ``reports``) return it, so ``import`` writes and
reports either one the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional


@dataclass
class Result:
    #: Table name → its rows, each a dict of column → cell text.
    tables: dict[str, list[dict[str, str]]]
    #: Table name → its columns, in the schema's order.
    columns: dict[str, list[str]]
    #: Counts and notes for the import's summary JSON: a dict (``statistics.Summary``) or
    #: a dataclass with ``as_dict()`` (``reports.run.Summary``).
    summary: Any

    def write(self, out_dir: Path, check: bool, summary_json: Optional[Path] = None) -> list[str]:
        """Write the tables to ``out_dir`` and the summary to ``summary_json`` (with ``check``:
        nothing); the table files that change. Both import commands end here, under the
        writer lock of the package (the folder holding ``out_dir``, ``PACKAGE/data``), so
        ``fmt`` or ``quotes --write`` never interleave with the import's write."""
        from civic_accountability.dataset.lock import package_lock
        from civic_accountability.importers.tables import write_if_changed, write_tables

        if check:
            changed = write_tables(out_dir, self.tables, self.columns, check)
        else:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            with package_lock(Path(out_dir).resolve().parent):  # PackageBusy: the command says so, exit 2
                changed = write_tables(out_dir, self.tables, self.columns, check)
        if summary_json is not None and not check:
            summary = self.summary.as_dict() if hasattr(self.summary, "as_dict") else self.summary
            write_if_changed(summary_json, (json.dumps(summary, indent=2, sort_keys=True, default=str) + "\n").encode())
        return changed

    def differences(self, out_dir: Path) -> list:
        """How the tables in ``out_dir`` differ from these, cell by cell (``importers.tables.Difference``)."""
        from civic_accountability.importers.tables import differences

        return differences(out_dir, self.tables, self.columns)


def changed_line(changed: list[str], check: bool) -> str:
    """An import's last line: the files it wrote, or with --check the ones it would change."""
    verb = "would change" if check else "wrote"
    return f"  {verb}: {', '.join(changed) if changed else 'nothing (already up to date)'}"
