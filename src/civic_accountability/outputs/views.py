"""SQL views for the questions people ask across councils, defined once.

The SQLite export ships them (so Datasette lists them), ``sql`` and ``serve`` query
them, and the data dictionary documents them from here. Each view is plain SQLite
over the export's tables; the rules they embody are stated in their descriptions:

- **One grade per inspection and area.** Two sources may grade the same area (the
  official statistics and the report). ``inspection_grades`` keeps one: the
  inspection report's, else an inspection letter's, else the official statistics',
  else any other source's (ties: the first ``source_id``). Sources agree except that
  the old scale's ``adequate`` is today's ``requires_improvement``; ``validate``
  warns where they truly differ.
- **The overall grade is ``overall_effectiveness``.** A graded inspection, for
  ``latest_grades`` and ``grade_history``, is one with that judgement: SLAC
  inspections (two overall judgements) and ILACS 2026 inspections (no overall
  judgement) are not, so "the latest grade" stays the latest overall grade.
- **Inspection date** is the start date, else the end date, else the publication
  date. Inspections are ordered as every command orders them (``rules.date_key``, the
  per-authority record): by that date, then publication date, then id; partial dates
  compare as text (a year before the days within it), and a missing date sorts last.
"""

from __future__ import annotations

from dataclasses import dataclass

from civic_accountability.contract.specs import table_spec


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str  # the SELECT that defines it
    columns: tuple[tuple[str, str], ...]  # (column, description), in the view's order
    facets: tuple[str, ...] = ()  # worth grouping by in Datasette

    @property
    def create(self) -> str:
        return f"CREATE VIEW {self.name} AS\n{self.sql}"


def _described(table: str, *names: str) -> tuple[tuple[str, str], ...]:
    """Columns taken from a table as they are: their contract descriptions, not restated."""
    columns = {c.name: c for c in table_spec(table).columns}
    return tuple((name, columns[name].description) for name in names)


#: The recommendations columns every recommendations_full row carries, in order.
#: Adding a recommendations column to the view is adding its name here.
RECOMMENDATION_COLUMNS = ("recommendation_id", "addressee", "position", "section", "text")
#: Report order within an inspection: each addressee's list (the council's first), then position.
_RECOMMENDATION_ORDER = ", ".join(f"r.{c}" for c in ("addressee", "position") if c in RECOMMENDATION_COLUMNS)
#: The statements columns statements_full carries, in order.
STATEMENT_COLUMNS = (
    "statement_id",
    "speaker",
    "speaker_role",
    "speaker_organisation",
    "speaker_party",
    "statement_date",
    "quote",
)

_DATE = "COALESCE(i.start_date, i.end_date, i.published_date)"
_SOURCE_RANK = (
    "CASE s.source_type WHEN 'inspection_report' THEN 0 WHEN 'inspection_letter' THEN 1 "
    "WHEN 'official_statistics' THEN 2 ELSE 3 END"
)


def _order(date: str, published: str, inspection_id: str, desc: bool = False) -> str:
    """The one inspection order in SQL: date, publication date, id; a missing date last
    (NULL sorts first in SQLite, so each date is preceded by its IS NULL)."""
    way = " DESC" if desc else ""
    return ", ".join(
        f"{term}{way}" for term in (f"{date} IS NULL", date, f"{published} IS NULL", published, inspection_id)
    )


_GRADE_RANK = (
    "CASE {g} WHEN 'outstanding' THEN 1 WHEN 'good' THEN 2 WHEN 'requires_improvement' THEN 3 "
    "WHEN 'adequate' THEN 3 WHEN 'inadequate' THEN 4 END"
)

_AUTHORITY = (
    ("authority_id", "The authority's identifier (authorities.authority_id)."),
    ("authority", "The authority's name as Ofsted's statistics spell it (authorities.name)."),
)
_INSPECTION = (
    ("inspection_id", "The inspection (inspections.inspection_id)."),
    ("framework", "The inspection framework (inspections.framework)."),
    ("inspection_type", "The kind of inspection or visit (inspections.inspection_type)."),
    (
        "inspection_date",
        "When the inspection took place: its start date, else its end date, else its "
        "publication date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
    ("published_date", "When Ofsted published the outcome (inspections.published_date)."),
)
#: The judgement areas the grade views give a column each (the areas of ILACS and of the
#: SIF/TLAC overall grade): tests and exports read them from here.
VIEW_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "children_in_care_and_care_leavers",
)

INSPECTION_GRADES = View(
    "inspection_grades",
    "One grade per inspection and judgement area. Where two sources grade the same area, the inspection "
    "report's grade is kept, else an inspection letter's, else the official statistics', else any other "
    "source's (ties: the first source_id); they agree except that the old scale's 'adequate' is today's "
    "'requires_improvement'.",
    f"""SELECT inspection_id, area, grade, source_id FROM (
  SELECT j.inspection_id, j.area, j.grade, j.source_id,
         ROW_NUMBER() OVER (PARTITION BY j.inspection_id, j.area ORDER BY {_SOURCE_RANK}, j.source_id) AS pick
  FROM judgements j LEFT JOIN sources s ON s.source_id = j.source_id
) WHERE pick = 1""",
    (
        ("inspection_id", "The inspection graded (inspections.inspection_id)."),
        ("area", "The judgement area (judgements.area)."),
        ("grade", "The grade kept for this inspection and area."),
        ("source_id", "The source the kept grade comes from."),
    ),
)


def _area_columns(alias: str) -> str:
    return ",\n  ".join(f"MAX(CASE WHEN {alias}.area = '{a}' THEN {alias}.grade END) AS {a}" for a in VIEW_AREAS)


_GRADED = f"""SELECT i.authority_id, i.inspection_id, i.framework, i.inspection_type,
  {_DATE} AS inspection_date, i.published_date,
  {_area_columns("g")}
FROM inspections i JOIN inspection_grades g ON g.inspection_id = i.inspection_id
GROUP BY i.inspection_id
HAVING MAX(g.area = 'overall_effectiveness')"""

LATEST_GRADES = View(
    "latest_grades",
    "Every current authority's latest graded inspection (the latest with an overall effectiveness "
    "judgement; an ILACS 2026 inspection has none, so it never replaces the overall grade) and its grades, "
    "one per area as inspection_grades keeps them. Areas the inspection's framework does not grade are "
    "empty. Former authorities (authorities.status = 'former') are left out.",
    f"""SELECT a.authority_id, a.name AS authority, a.region, a.la_code,
  g.inspection_id, g.framework, g.inspection_type, g.inspection_date, g.published_date,
  {", ".join(f"g.{area}" for area in VIEW_AREAS)},
  o.total - o.n AS later_inspections,
  a.ofsted_url
FROM authorities a JOIN (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY authority_id
                               ORDER BY {_order("inspection_date", "published_date", "inspection_id", desc=True)})
              AS pick
  FROM ({_GRADED})
) g ON g.authority_id = a.authority_id AND g.pick = 1
JOIN (
  SELECT i.inspection_id, COUNT(*) OVER (PARTITION BY i.authority_id) AS total,
         ROW_NUMBER() OVER (PARTITION BY i.authority_id ORDER BY {_order(_DATE, "i.published_date", "i.inspection_id")})
           AS n
  FROM inspections i
) o ON o.inspection_id = g.inspection_id
WHERE a.status = 'current'
ORDER BY a.name""",
    _AUTHORITY
    + (
        ("region", "The authority's region (authorities.region)."),
        ("la_code", "The authority's GSS code (authorities.la_code)."),
    )
    + _INSPECTION
    + tuple(
        (a, f"The grade for {a} at that inspection (empty where the framework does not grade it).") for a in VIEW_AREAS
    )
    + (
        (
            "later_inspections",
            "How many inspections or visits of the authority come after it in date order (visits "
            "and inspections without an overall judgement).",
        ),
        ("ofsted_url", "The authority's page on Ofsted's reports site."),
    ),
    facets=("region", "overall_effectiveness", "framework"),
)

GRADE_HISTORY = View(
    "grade_history",
    "Each authority's overall grades over time: one row per inspection with an overall effectiveness "
    "judgement (grades as inspection_grades keeps them), with the authority's previous overall grade and "
    "the change: 'improved', 'declined', 'same' (the old scale's 'adequate' is the same as "
    "'requires_improvement'), or empty for its first. Includes former authorities.",
    f"""SELECT h.authority_id, a.name AS authority, a.status, h.inspection_id, h.framework, h.inspection_type,
  h.inspection_date, h.published_date, h.overall_effectiveness AS grade,
  h.previous_inspection_id, h.previous_date, h.previous_grade,
  CASE WHEN h.previous_grade IS NULL THEN NULL
       WHEN {_GRADE_RANK.format(g="h.overall_effectiveness")} < {_GRADE_RANK.format(g="h.previous_grade")}
         THEN 'improved'
       WHEN {_GRADE_RANK.format(g="h.overall_effectiveness")} > {_GRADE_RANK.format(g="h.previous_grade")}
         THEN 'declined'
       ELSE 'same' END AS change
FROM (
  SELECT *,
    LAG(inspection_id) OVER w AS previous_inspection_id,
    LAG(inspection_date) OVER w AS previous_date,
    LAG(overall_effectiveness) OVER w AS previous_grade
  FROM ({_GRADED})
  WINDOW w AS (PARTITION BY authority_id ORDER BY {_order("inspection_date", "published_date", "inspection_id")})
) h LEFT JOIN authorities a ON a.authority_id = h.authority_id
ORDER BY a.name, {_order("h.inspection_date", "h.published_date", "h.inspection_id")}""",
    _AUTHORITY
    + (("status", "current or former (authorities.status)."),)
    + _INSPECTION
    + (
        ("grade", "The overall effectiveness grade at this inspection."),
        ("previous_inspection_id", "The authority's previous inspection with an overall grade."),
        ("previous_date", "Its inspection date."),
        ("previous_grade", "Its overall effectiveness grade."),
        ("change", "improved, declined or same against the previous grade; empty for the first."),
    ),
    facets=("change", "grade", "previous_grade", "framework"),
)

_SOURCE_COLUMNS = (
    ("source_id", "The source the row comes from (sources.source_id)."),
    ("source_title", "The source's title (sources.title)."),
    ("source_url", "Where the public can read the source (sources.url), where known."),
)

RECOMMENDATIONS_FULL = View(
    "recommendations_full",
    "Every recommendation with its authority, the inspection it came from (date, framework) and a link to "
    "the report, in report order.",
    f"""SELECT a.authority_id, a.name AS authority, i.inspection_id, i.framework, i.inspection_type,
  {_DATE} AS inspection_date, i.published_date,
  {", ".join(f"r.{c}" for c in RECOMMENDATION_COLUMNS)},
  r.source_id, s.title AS source_title, s.url AS source_url, a.ofsted_url
FROM recommendations r
JOIN inspections i ON i.inspection_id = r.inspection_id
LEFT JOIN authorities a ON a.authority_id = i.authority_id
LEFT JOIN sources s ON s.source_id = r.source_id
ORDER BY a.name, inspection_date, i.inspection_id, {_RECOMMENDATION_ORDER}, r.recommendation_id""",
    _AUTHORITY
    + _INSPECTION
    + _described("recommendations", *RECOMMENDATION_COLUMNS)
    + _SOURCE_COLUMNS
    + (("ofsted_url", "The authority's page on Ofsted's reports site."),),
    facets=("authority", "framework"),
)

STATEMENTS_FULL = View(
    "statements_full",
    "Every statement (verbatim quotation) with its speaker, the authority and inspection it is about, and its source.",
    f"""SELECT a.authority_id, a.name AS authority, i.inspection_id, i.framework, i.inspection_type,
  {_DATE} AS inspection_date,
  {", ".join(f"q.{c}" for c in STATEMENT_COLUMNS)},
  q.source_id, s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url
FROM statements q
JOIN inspections i ON i.inspection_id = q.inspection_id
LEFT JOIN authorities a ON a.authority_id = i.authority_id
LEFT JOIN sources s ON s.source_id = q.source_id
ORDER BY a.name, inspection_date, i.inspection_id, COALESCE(q.statement_date, s.published_date), q.statement_id""",
    _AUTHORITY
    + (_INSPECTION[0], _INSPECTION[1], _INSPECTION[2], _INSPECTION[3])
    + _described("statements", *STATEMENT_COLUMNS)
    + (
        _SOURCE_COLUMNS[0],
        _SOURCE_COLUMNS[1],
        ("source_publisher", "Who published the source (sources.publisher)."),
        _SOURCE_COLUMNS[2],
    ),
    facets=("authority", "speaker"),
)


# --- current_picture: what "now" means (dataset/picture.py states the same rule in Python) ---

_ANY_GRADED = f"""SELECT i.authority_id, i.inspection_id, i.framework, i.inspection_type, i.start_date,
  {_DATE} AS inspection_date, i.published_date,
  {_area_columns("g")},
  MAX({_GRADE_RANK.format(g="g.grade")}) AS worst,
  MAX(CASE WHEN g.grade IN ('requires_improvement', 'adequate') THEN g.grade END) AS worst_third
FROM inspections i JOIN inspection_grades g ON g.inspection_id = i.inspection_id
GROUP BY i.inspection_id"""

_LOWEST = (
    "CASE g.worst WHEN 4 THEN 'inadequate' WHEN 3 THEN COALESCE(g.worst_third, 'requires_improvement') "
    "WHEN 2 THEN 'good' WHEN 1 THEN 'outstanding' END"
)

CURRENT_PICTURE = View(
    "current_picture",
    "What 'now' means: one row per current authority with its latest graded inspection of any framework and "
    "that inspection's grade for each area. An ILACS 2026 inspection gives no overall effectiveness grade, so "
    "overall_effectiveness is empty for it and the council is described by its area grades (lowest_grade: the "
    "worst of them); the latest overall grade, from whichever inspection last gave one, stands beside it in "
    "last_overall_grade, never in its place. Visits carry no grades: those after the latest inspection are "
    "counted in visits_since. Grades as inspection_grades keeps them; order as latest_grades'.",
    f"""WITH ordered AS (
  SELECT i.authority_id, i.inspection_id, {_DATE} AS inspection_date,
    ROW_NUMBER() OVER (PARTITION BY i.authority_id ORDER BY {_order(_DATE, "i.published_date", "i.inspection_id")}) AS n,
    COUNT(*) OVER (PARTITION BY i.authority_id) AS total
  FROM inspections i
)
SELECT a.authority_id, a.name AS authority, a.region, a.la_code,
  g.inspection_id AS latest_inspection_id, g.framework AS latest_framework,
  g.inspection_type AS latest_inspection_type, g.start_date AS latest_start_date,
  g.published_date AS latest_published_date, g.inspection_date AS latest_date,
  {", ".join(f"g.{area}" for area in VIEW_AREAS)},
  {_LOWEST} AS lowest_grade,
  o.overall_effectiveness AS last_overall_grade, o.inspection_id AS last_overall_inspection_id,
  o.inspection_date AS last_overall_date,
  COALESCE(v.total - COALESCE(n.n, 0), 0) AS visits_since,
  CASE WHEN v.n > COALESCE(n.n, 0) THEN v.inspection_id END AS latest_visit_id,
  CASE WHEN v.n > COALESCE(n.n, 0) THEN v.inspection_date END AS latest_visit_date,
  a.ofsted_url
FROM authorities a
LEFT JOIN (
  SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.authority_id
                            ORDER BY {_order("x.inspection_date", "x.published_date", "x.inspection_id", desc=True)})
           AS pick
  FROM ({_ANY_GRADED}) x
) g ON g.authority_id = a.authority_id AND g.pick = 1
LEFT JOIN (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY authority_id
                               ORDER BY {_order("inspection_date", "published_date", "inspection_id", desc=True)})
              AS pick
  FROM ({_GRADED})
) o ON o.authority_id = a.authority_id AND o.pick = 1
LEFT JOIN ordered n ON n.inspection_id = g.inspection_id
LEFT JOIN ordered v ON v.authority_id = a.authority_id AND v.n = v.total
WHERE a.status = 'current'
ORDER BY a.name""",
    _AUTHORITY
    + (
        ("region", "The authority's region (authorities.region)."),
        ("la_code", "The authority's GSS code (authorities.la_code)."),
    )
    + (
        ("latest_inspection_id", "Its latest graded inspection of any framework (visits carry no grades)."),
        ("latest_framework", "That inspection's framework (inspections.framework)."),
        ("latest_inspection_type", "That inspection's kind (inspections.inspection_type)."),
        ("latest_start_date", "That inspection's start date (inspections.start_date)."),
        ("latest_published_date", "When Ofsted published it (inspections.published_date)."),
        ("latest_date", "Its inspection date: start date, else end date, else publication date."),
    )
    + tuple(
        (
            a,
            f"The latest inspection's grade for {a} (empty where its framework does not grade it"
            + ("; always empty for ILACS 2026)." if a == "overall_effectiveness" else ")."),
        )
        for a in VIEW_AREAS
    )
    + (
        (
            "lowest_grade",
            "The worst grade the latest inspection gave any area (inadequate, then "
            "requires_improvement or adequate, then good, then outstanding).",
        ),
        (
            "last_overall_grade",
            "The latest overall effectiveness grade, from whichever inspection last gave one: "
            "the latest inspection's own, or an older one where the latest (ILACS 2026) "
            "gives none.",
        ),
        ("last_overall_inspection_id", "The inspection last_overall_grade comes from."),
        ("last_overall_date", "Its inspection date."),
        ("visits_since", "How many inspections or visits of the authority come after the latest graded one."),
        ("latest_visit_id", "The latest of them, where there is one."),
        ("latest_visit_date", "Its inspection date."),
        ("ofsted_url", "The authority's page on Ofsted's reports site."),
    ),
    facets=("region", "latest_framework", "overall_effectiveness", "lowest_grade"),
)


# --- neighbour_comparison: a council's current picture beside its statistical neighbours' ---

_PICTURE_SIDE = (
    "latest_inspection_id",
    "latest_framework",
    "latest_date",
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "lowest_grade",
    "last_overall_grade",
    "last_overall_date",
)

NEIGHBOUR_COMPARISON = View(
    "neighbour_comparison",
    "Each current council's current picture (current_picture) beside each of its ten statistical neighbours' "
    "(statistical_neighbours, nearest first): one row per council and neighbour. The council's columns are "
    "repeated on its ten rows; the neighbour's carry the prefix neighbour_.",
    f"""SELECT n.authority_id, c.authority, c.region, n.rank, n.neighbour_authority_id, p.authority AS neighbour,
  p.region AS neighbour_region,
  {", ".join(f"c.{col}" for col in _PICTURE_SIDE)},
  {", ".join(f"p.{col} AS neighbour_{col}" for col in _PICTURE_SIDE)},
  n.source_id
FROM statistical_neighbours n
JOIN current_picture c ON c.authority_id = n.authority_id
JOIN current_picture p ON p.authority_id = n.neighbour_authority_id
ORDER BY c.authority, n.rank""",
    _AUTHORITY
    + (
        ("region", "The council's region (authorities.region)."),
        ("rank", "The neighbour's rank: 1 for the most similar council (statistical_neighbours.rank)."),
        ("neighbour_authority_id", "The neighbour (authorities.authority_id)."),
        ("neighbour", "The neighbour's name (authorities.name)."),
        ("neighbour_region", "The neighbour's region."),
    )
    + tuple((col, f"The council's {col} (current_picture.{col}).") for col in _PICTURE_SIDE)
    + tuple((f"neighbour_{col}", f"The neighbour's {col} (current_picture.{col}).") for col in _PICTURE_SIDE)
    + (("source_id", "The source of the neighbour set (statistical_neighbours.source_id)."),),
    facets=("region", "overall_effectiveness", "neighbour_overall_effectiveness", "neighbour_lowest_grade"),
)

#: Every view, in the order it must be created (a view may use an earlier one).
VIEWS: tuple[View, ...] = (
    INSPECTION_GRADES,
    LATEST_GRADES,
    GRADE_HISTORY,
    RECOMMENDATIONS_FULL,
    STATEMENTS_FULL,
    CURRENT_PICTURE,
    NEIGHBOUR_COMPARISON,
)

# The views over the derived themes and repeats tables (their own module).
from civic_accountability.outputs.theme_views import THEME_VIEWS  # noqa: E402

VIEWS += THEME_VIEWS


@dataclass(frozen=True)
class Question:
    """A question people ask, as a saved query (Datasette's ``queries``): :name parameters."""

    name: str
    title: str
    sql: str
    description: str = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "inadequate_now",
        "Which councils did their latest inspection find inadequate, overall or in any area?",
        "SELECT authority, region, latest_framework, latest_date, overall_effectiveness, lowest_grade\n"
        "FROM current_picture\n"
        "WHERE overall_effectiveness = 'inadequate' OR lowest_grade = 'inadequate'\nORDER BY authority",
        "Current authorities whose latest graded inspection (of any framework: ILACS 2026 gives no overall "
        "grade) judged them inadequate overall or in any area.",
    ),
    Question(
        "grades_now",
        "How many councils have each overall grade at their latest inspection?",
        "SELECT overall_effectiveness, COUNT(*) AS authorities\nFROM current_picture\n"
        "GROUP BY overall_effectiveness\nORDER BY COUNT(*) DESC",
        "Empty overall_effectiveness: the latest inspection was under ILACS 2026, which gives no overall grade.",
    ),
    Question(
        "asked_to_improve",
        "What did Ofsted ask a council to improve?",
        "SELECT inspection_date, position, text, source_url\nFROM recommendations_full\n"
        "WHERE authority_id = :authority_id AND inspection_date LIKE :year || '%'\n"
        "ORDER BY inspection_date, position",
        "Every recommendation of the council's inspections in a year (authority_id: e.g. swindon; year: e.g. 2023).",
    ),
    Question(
        "inadequate_to_good",
        "Which councils went from inadequate to good?",
        "SELECT authority, previous_date, inspection_date AS good_date\nFROM grade_history\n"
        "WHERE previous_grade = 'inadequate' AND grade = 'good' AND inspection_date >= :since\n"
        "ORDER BY inspection_date",
        "Inspections graded good whose previous overall grade was inadequate, since a date (e.g. 2018).",
    ),
    Question(
        "said_about",
        "What was said about a council's inspections?",
        "SELECT inspection_date, speaker, speaker_role, quote, source_title\nFROM statements_full\n"
        "WHERE authority_id = :authority_id\nORDER BY inspection_date, statement_date",
    ),
)


def create_views(conn) -> None:
    """Create every view in an open sqlite3 connection holding the package's tables."""
    for view in VIEWS:
        conn.execute(view.create)
