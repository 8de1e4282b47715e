"""The SQL views over the derived tables (what Ofsted asks councils to fix, and what it asked
again): ``recommendation_themes_full``, ``repeated_recommendations`` and ``theme_counts``.

Defined apart from ``views`` (which lists them after its own) so each can change alone. A
recommendation's themes and repeats are derived by ``civic_accountability.themes``: rows made
by rules and learned layers in the package (``method``), re-made by every ``import reports``.
"""

from __future__ import annotations

from civic_accountability.outputs.views import View, _described

_DATE = "COALESCE(i.start_date, i.end_date, i.published_date)"
_EARLIER_DATE = "COALESCE(ei.start_date, ei.end_date, ei.published_date)"

RECOMMENDATION_THEMES_FULL = View(
    "recommendation_themes_full",
    "Every recommendation's themes, one row per theme (rank 1 = its main subject), with the authority, "
    "the inspection (date, framework), the item's words and a link to the report.",
    f"""SELECT i.authority_id, a.name AS authority, i.inspection_id, i.framework, {_DATE} AS inspection_date,
  r.recommendation_id, r.text, rt.theme_id, t.label AS theme, rt.rank, rt.method, s.url AS source_url
FROM recommendation_themes rt
JOIN recommendations r ON r.recommendation_id = rt.recommendation_id
JOIN inspections i ON i.inspection_id = r.inspection_id
LEFT JOIN authorities a ON a.authority_id = i.authority_id
LEFT JOIN themes t ON t.theme_id = rt.theme_id
LEFT JOIN sources s ON s.source_id = r.source_id
ORDER BY a.name, inspection_date, i.inspection_id, r.addressee, r.position, rt.rank""",
    (
        ("authority_id", "The authority's identifier (authorities.authority_id)."),
        ("authority", "The authority's name as Ofsted's statistics spell it (authorities.name)."),
        ("inspection_id", "The inspection the recommendation comes from."),
        ("framework", "The inspection framework (inspections.framework)."),
        ("inspection_date", "When the inspection took place: its start date, else end date, else publication date."),
        ("recommendation_id", "The recommendation (recommendations.recommendation_id)."),
        ("text", "The report's words for the item."),
        ("theme_id", "The theme (themes.theme_id)."),
        ("theme", "The theme's name (themes.label)."),
    )
    + _described("recommendation_themes", "rank", "method")
    + (("source_url", "Where the public can read the report (sources.url)."),),
    facets=("authority", "framework", "theme", "rank"),
)

REPEATED_RECOMMENDATIONS = View(
    "repeated_recommendations",
    "Every recommendation that asks again what the council's previous inspection with recommendations (or "
    "its predecessor's) asked: the later item, the earlier one, both inspections' dates and the judgement "
    "(same_issue or overlapping), with the later item's main theme.",
    f"""SELECT i.authority_id, a.name AS authority, i.inspection_id, i.framework, {_DATE} AS inspection_date,
  r.recommendation_id, r.text, t.theme_id AS main_theme,
  rr.judged, rr.method,
  ei.inspection_id AS earlier_inspection_id, ei.framework AS earlier_framework,
  {_EARLIER_DATE} AS earlier_inspection_date,
  rr.earlier_recommendation_id, er.text AS earlier_text,
  s.url AS source_url, es.url AS earlier_source_url
FROM recommendation_repeats rr
JOIN recommendations r ON r.recommendation_id = rr.recommendation_id
JOIN inspections i ON i.inspection_id = r.inspection_id
JOIN recommendations er ON er.recommendation_id = rr.earlier_recommendation_id
JOIN inspections ei ON ei.inspection_id = er.inspection_id
LEFT JOIN authorities a ON a.authority_id = i.authority_id
LEFT JOIN recommendation_themes t ON t.recommendation_id = r.recommendation_id AND t.rank = 1
LEFT JOIN sources s ON s.source_id = r.source_id
LEFT JOIN sources es ON es.source_id = er.source_id
ORDER BY a.name, inspection_date, i.inspection_id, r.addressee, r.position, rr.earlier_recommendation_id""",
    (
        ("authority_id", "The authority's identifier (authorities.authority_id)."),
        ("authority", "The authority's name as Ofsted's statistics spell it (authorities.name)."),
        ("inspection_id", "The later inspection."),
        ("framework", "The later inspection's framework."),
        ("inspection_date", "When the later inspection took place."),
        ("recommendation_id", "The later item (recommendations.recommendation_id)."),
        ("text", "The later item's words."),
        ("main_theme", "The later item's main subject (recommendation_themes, rank 1)."),
    )
    + _described("recommendation_repeats", "judged", "method")
    + (
        ("earlier_inspection_id", "The earlier inspection."),
        ("earlier_framework", "The earlier inspection's framework."),
        ("earlier_inspection_date", "When the earlier inspection took place."),
        ("earlier_recommendation_id", "The earlier item it repeats."),
        ("earlier_text", "The earlier item's words."),
        ("source_url", "Where the public can read the later report."),
        ("earlier_source_url", "Where the public can read the earlier report."),
    ),
    facets=("authority", "framework", "main_theme", "judged"),
)

THEME_COUNTS = View(
    "theme_counts",
    "How often Ofsted asked councils to improve each theme: per theme, framework and year of inspection, "
    "the recommendations about it (any rank), those whose main subject it is, and the authorities asked.",
    f"""SELECT rt.theme_id, t.label AS theme, i.framework, SUBSTR({_DATE}, 1, 4) AS year,
  COUNT(*) AS recommendations, SUM(rt.rank = 1) AS main_subject,
  COUNT(DISTINCT i.authority_id) AS authorities
FROM recommendation_themes rt
JOIN recommendations r ON r.recommendation_id = rt.recommendation_id
JOIN inspections i ON i.inspection_id = r.inspection_id
LEFT JOIN themes t ON t.theme_id = rt.theme_id
GROUP BY rt.theme_id, i.framework, year
ORDER BY year, i.framework, recommendations DESC, rt.theme_id""",
    (
        ("theme_id", "The theme (themes.theme_id)."),
        ("theme", "The theme's name (themes.label)."),
        ("framework", "The inspection framework."),
        ("year", "The year of the inspection (its start date, else end, else publication date)."),
        ("recommendations", "Recommendations with this theme at any rank."),
        ("main_subject", "Recommendations whose main subject (rank 1) is this theme."),
        ("authorities", "Distinct authorities given such a recommendation."),
    ),
    facets=("theme", "framework", "year"),
)

#: Created after the views of ``views.VIEWS`` that precede them (they use only tables).
THEME_VIEWS: tuple[View, ...] = (RECOMMENDATION_THEMES_FULL, REPEATED_RECOMMENDATIONS, THEME_COUNTS)
