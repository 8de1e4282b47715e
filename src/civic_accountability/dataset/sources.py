"""The source ids of Ofsted's two official-statistics releases, which every full build imports.

One home for them: the statistics and authorities importers cite them, the reports importer
tells their rows from a report's own, and the sanity checks expect both in a full build.
"""

from __future__ import annotations

#: The 2023 release of children's social care data (inspections since 2009, with grades).
SRC_2023 = "ofsted-csc-data-2023"
#: The March 2025 local authority outcomes release.
SRC_2025 = "ofsted-la-outcomes-2025-03"
#: Both, oldest first.
STATISTICS_SOURCES: tuple[str, ...] = (SRC_2023, SRC_2025)
