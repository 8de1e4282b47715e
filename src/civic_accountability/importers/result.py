"""What an importer's ``build`` returns: the merged tables, ready to write, and a summary.

Both importers (``statistics`` and ``reports``) return it, so ``import`` writes and
reports either one the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Result:
    #: Table name → its rows, each a dict of column → cell text.
    tables: dict[str, list[dict[str, str]]]
    #: Table name → its columns, in the schema's order.
    columns: dict[str, list[str]]
    #: Counts and notes for the import's summary JSON.
    summary: dict[str, Any]
