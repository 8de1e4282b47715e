"""Recommendation ids that once named an item the reports no longer give as one.

An identifier is stable forever once published: a retired id is never given to
another item. ``import reports`` lists the ids a run retires (``--summary-json``:
``recommendation_ids_retired``); add them here when committing that run's data.
"""

RETIRED_RECOMMENDATION_IDS: frozenset[str] = frozenset(
    {
        # Slough 2016: four numbered group headings once stored with their bullets as four items
        # (now 22 items, the group heading in ``section``).
        "slough-2016-02-17-reinspection-rec-1",
        "slough-2016-02-17-reinspection-rec-2",
        "slough-2016-02-17-reinspection-rec-3",
        "slough-2016-02-17-reinspection-rec-4",
    }
)
