"""Controlled vocabularies: every enum a column may take, what each value means and
what it is called.

Each enum member's meaning lives in ``MEANINGS`` (the data dictionary, descriptors,
Datasette metadata) and its human name in ``LABELS`` (timeline, site, exports), each
written once here; ``label()`` reads any value, known or not.
"""

from __future__ import annotations

from enum import Enum


class SourceType(str, Enum):
    inspection_report = "inspection_report"
    inspection_letter = "inspection_letter"
    official_statistics = "official_statistics"
    news_article = "news_article"
    press_release = "press_release"
    council_document = "council_document"
    other = "other"


class AuthorityStatus(str, Enum):
    current = "current"
    former = "former"


class Framework(str, Enum):
    slac = "slac"
    child_protection = "child_protection"
    tlac = "tlac"
    sif = "sif"
    ilacs_2018 = "ilacs_2018"
    ilacs_2023 = "ilacs_2023"
    ilacs_2026 = "ilacs_2026"


class InspectionType(str, Enum):
    inspection = "inspection"
    reinspection = "reinspection"
    standard_inspection = "standard_inspection"
    short_inspection = "short_inspection"
    focused_visit = "focused_visit"
    monitoring_visit = "monitoring_visit"


class Addressee(str, Enum):
    local_authority = "local_authority"
    lscb = "lscb"


class ThemeMethod(str, Enum):
    rule = "rule"
    model = "model"
    reviewed = "reviewed"


class RepeatJudged(str, Enum):
    same_issue = "same_issue"
    overlapping = "overlapping"


class Grade(str, Enum):
    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    adequate = "adequate"
    inadequate = "inadequate"


class Area(str, Enum):
    safeguarding_overall = "safeguarding_overall"
    looked_after_children_overall = "looked_after_children_overall"
    overall_effectiveness = "overall_effectiveness"
    help_and_protection = "help_and_protection"
    looked_after_and_permanence = "looked_after_and_permanence"
    adoption_performance = "adoption_performance"
    care_leavers = "care_leavers"
    leadership_management_governance = "leadership_management_governance"
    lscb_effectiveness = "lscb_effectiveness"
    impact_of_leaders = "impact_of_leaders"
    children_in_care_and_care_leavers = "children_in_care_and_care_leavers"
    children_in_care = "children_in_care"
    capacity_to_improve = "capacity_to_improve"
    outcomes_for_looked_after_children = "outcomes_for_looked_after_children"
    quality_of_provision = "quality_of_provision"
    leadership_and_management = "leadership_and_management"


#: Which judgement areas each framework grades. The one place this rule lives.
FRAMEWORK_AREAS: dict[Framework, tuple[Area, ...]] = {
    Framework.slac: (Area.safeguarding_overall, Area.looked_after_children_overall),
    Framework.child_protection: (Area.overall_effectiveness,),
    Framework.tlac: (
        Area.overall_effectiveness,
        Area.capacity_to_improve,
        Area.outcomes_for_looked_after_children,
        Area.quality_of_provision,
        Area.leadership_and_management,
    ),
    Framework.sif: (
        Area.overall_effectiveness,
        Area.help_and_protection,
        Area.looked_after_and_permanence,
        Area.adoption_performance,
        Area.care_leavers,
        Area.leadership_management_governance,
        Area.lscb_effectiveness,
    ),
    Framework.ilacs_2018: (
        Area.overall_effectiveness,
        Area.impact_of_leaders,
        Area.help_and_protection,
        Area.children_in_care_and_care_leavers,
    ),
    Framework.ilacs_2023: (
        Area.overall_effectiveness,
        Area.impact_of_leaders,
        Area.help_and_protection,
        Area.children_in_care,
        Area.care_leavers,
    ),
    Framework.ilacs_2026: (
        Area.impact_of_leaders,
        Area.help_and_protection,
        Area.children_in_care,
        Area.care_leavers,
    ),
}

#: ``FRAMEWORK_AREAS`` by value, for rows read as text: framework id → the area ids it grades.
AREAS_BY_FRAMEWORK: dict[str, frozenset[str]] = {
    f.value: frozenset(a.value for a in areas) for f, areas in FRAMEWORK_AREAS.items()
}

#: Inspection types that are visits, never graded (a visit with grades is an error). By value.
VISIT_TYPES: frozenset[str] = frozenset({InspectionType.focused_visit.value, InspectionType.monitoring_visit.value})

#: Framework id → its family: the three ILACS frameworks are one family, so an inspection matches
#: across releases and reports before the 2018/2023/2026 split is decided from its date.
FRAMEWORK_FAMILY: dict[str, str] = {f.value: "ilacs" if f.value.startswith("ilacs") else f.value for f in Framework}

#: Frameworks graded on the old four-point scale, where Ofsted's statistics now print
#: "adequate" as "requires improvement to be good": the two are the same judgement.
ADEQUATE_IS_REQUIRES_IMPROVEMENT: frozenset[Framework] = frozenset(
    {Framework.slac, Framework.child_protection, Framework.tlac}
)

#: Inspection types that never carry graded judgements.
UNGRADED_TYPES: frozenset[InspectionType] = frozenset({InspectionType.focused_visit, InspectionType.monitoring_visit})

#: The meaning of every vocabulary value, for the data dictionary and descriptors.
MEANINGS: dict[Enum, str] = {
    SourceType.inspection_report: "A published Ofsted inspection report.",
    SourceType.inspection_letter: "A published Ofsted letter (focused or monitoring visit).",
    SourceType.official_statistics: "An official statistics release (spreadsheet).",
    SourceType.news_article: "A news report.",
    SourceType.press_release: "A press release by a council, party or other body.",
    SourceType.council_document: "A council minute, report or other council publication.",
    SourceType.other: "Any other document.",
    AuthorityStatus.current: "Exists today: listed in Ofsted's latest statistics (as at 31 March 2025).",
    AuthorityStatus.former: "No longer exists: abolished in a reorganisation.",
    Framework.slac: "Safeguarding and looked after children inspection (2009-2012).",
    Framework.child_protection: "Inspection of local authority arrangements for the protection of children (2012-2013).",
    Framework.tlac: "Targeted inspection of looked after children services.",
    Framework.sif: "Single inspection framework (2013-2017), with the LSCB review.",
    Framework.ilacs_2018: "Inspecting local authority children's services, before 1 January 2023.",
    Framework.ilacs_2023: "Inspecting local authority children's services, from 1 January 2023.",
    Framework.ilacs_2026: "Inspecting local authority children's services, the framework in force from April 2026: four graded judgements, no overall effectiveness.",
    InspectionType.inspection: "A full inspection under SLAC, child protection, TLAC or SIF.",
    InspectionType.reinspection: "A re-inspection under SLAC, child protection or SIF.",
    InspectionType.standard_inspection: "An ILACS standard inspection (two weeks on site).",
    InspectionType.short_inspection: "An ILACS short inspection (one week on site).",
    InspectionType.focused_visit: "An ILACS focused visit on one theme; no graded judgements.",
    InspectionType.monitoring_visit: "A monitoring visit to an authority judged inadequate; no graded judgements.",
    Addressee.local_authority: "The local authority: the inspection's own list of what must improve.",
    Addressee.lscb: "The Local Safeguarding Children Board: the list in a SIF report's review of the board.",
    ThemeMethod.rule: "Made by the package's rules (importers/themes, importers/repeats), re-run by every import.",
    ThemeMethod.model: "Made by a model file built by a committed script from committed inputs.",
    ThemeMethod.reviewed: "Checked by a person against the report (a short committed list that corrects the rules).",
    RepeatJudged.same_issue: "The later item asks for the same activity or service with the same kind of shortfall.",
    RepeatJudged.overlapping: "The later item includes the earlier issue as one of several parts, or the same activity with a different shortfall.",
    Grade.outstanding: "Outstanding.",
    Grade.good: "Good.",
    Grade.requires_improvement: "Requires improvement (to be good).",
    Grade.adequate: "Adequate (SLAC and earlier frameworks).",
    Grade.inadequate: "Inadequate.",
    Area.safeguarding_overall: "SLAC: overall effectiveness of safeguarding services.",
    Area.looked_after_children_overall: "SLAC: overall effectiveness of services for looked after children.",
    Area.overall_effectiveness: "Overall effectiveness of children's services.",
    Area.help_and_protection: "Experiences and progress of children who need help and protection.",
    Area.looked_after_and_permanence: "SIF: children looked after and achieving permanence.",
    Area.adoption_performance: "SIF: adoption performance.",
    Area.care_leavers: "Experiences and progress of care leavers.",
    Area.leadership_management_governance: "SIF: leadership, management and governance.",
    Area.lscb_effectiveness: "SIF: effectiveness of the Local Safeguarding Children Board.",
    Area.impact_of_leaders: "Impact of leaders on social work practice with children and families.",
    Area.children_in_care_and_care_leavers: "ILACS before 2023: experiences and progress of children in care and care leavers.",
    Area.children_in_care: "ILACS from 2023: experiences and progress of children in care.",
    Area.capacity_to_improve: "TLAC: capacity to improve services for looked after children.",
    Area.outcomes_for_looked_after_children: "TLAC: outcomes for looked after children and young people.",
    Area.quality_of_provision: "TLAC: quality of provision for looked after children.",
    Area.leadership_and_management: "TLAC: leadership and management of services for looked after children.",
}

#: The vocabularies defined here, by the name the column specs give them (``ColumnSpec.enum_name``).
VOCABULARIES: dict[str, type[Enum]] = {
    e.__name__: e
    for e in (SourceType, AuthorityStatus, Framework, InspectionType, Addressee, Grade, Area, ThemeMethod, RepeatJudged)
}


def meanings_of(enum_name: str) -> dict[str, str]:
    """value → meaning for the vocabulary a column spec names (any Enum with entries in MEANINGS)."""
    return {member.value: text for member, text in MEANINGS.items() if type(member).__name__ == enum_name}


#: The one human name of every vocabulary value, as a heading or table cell shows it.
LABELS: dict[Enum, str] = {
    AuthorityStatus.current: "Current",
    AuthorityStatus.former: "Former",
    SourceType.inspection_report: "Inspection report",
    SourceType.inspection_letter: "Inspection letter",
    SourceType.official_statistics: "Official statistics",
    SourceType.news_article: "News article",
    SourceType.press_release: "Press release",
    SourceType.council_document: "Council document",
    SourceType.other: "Other document",
    Framework.slac: "Safeguarding and looked after children (SLAC)",
    Framework.child_protection: "Child protection inspection",
    Framework.tlac: "Looked after children (TLAC)",
    Framework.sif: "Single inspection framework (SIF)",
    Framework.ilacs_2018: "ILACS (2018 framework)",
    Framework.ilacs_2023: "ILACS (from January 2023)",
    Framework.ilacs_2026: "ILACS (from April 2026, no overall grade)",
    InspectionType.inspection: "Inspection",
    InspectionType.reinspection: "Re-inspection",
    InspectionType.standard_inspection: "Standard inspection",
    InspectionType.short_inspection: "Short inspection",
    InspectionType.focused_visit: "Focused visit",
    InspectionType.monitoring_visit: "Monitoring visit",
    Addressee.local_authority: "Local authority",
    Addressee.lscb: "Local Safeguarding Children Board (LSCB)",
    ThemeMethod.rule: "Rule",
    ThemeMethod.model: "Model",
    ThemeMethod.reviewed: "Reviewed",
    RepeatJudged.same_issue: "Same issue",
    RepeatJudged.overlapping: "Overlapping",
    Grade.outstanding: "Outstanding",
    Grade.good: "Good",
    Grade.requires_improvement: "Requires improvement",
    Grade.adequate: "Adequate",
    Grade.inadequate: "Inadequate",
    Area.safeguarding_overall: "Safeguarding (overall)",
    Area.looked_after_children_overall: "Looked after children (overall)",
    Area.overall_effectiveness: "Overall effectiveness",
    Area.help_and_protection: "Help and protection",
    Area.looked_after_and_permanence: "Looked after and permanence",
    Area.adoption_performance: "Adoption performance",
    Area.care_leavers: "Care leavers",
    Area.leadership_management_governance: "Leadership, management and governance",
    Area.lscb_effectiveness: "LSCB effectiveness",
    Area.impact_of_leaders: "Impact of leaders",
    Area.children_in_care_and_care_leavers: "Children in care and care leavers",
    Area.children_in_care: "Children in care",
    Area.capacity_to_improve: "Capacity to improve",
    Area.outcomes_for_looked_after_children: "Outcomes for looked after children",
    Area.quality_of_provision: "Quality of provision",
    Area.leadership_and_management: "Leadership and management",
}

#: Shorter names where space is tight (a table column, a chart, beside a date);
#: any value not here is called by its label.
SHORT_LABELS: dict[Enum, str] = {
    Framework.slac: "SLAC",
    Framework.child_protection: "Child protection",
    Framework.tlac: "TLAC",
    Framework.sif: "SIF",
    Framework.ilacs_2018: "ILACS 2018",
    Framework.ilacs_2023: "ILACS 2023",
    Framework.ilacs_2026: "ILACS 2026",
    Addressee.lscb: "LSCB",
    Area.safeguarding_overall: "Safeguarding",
    Area.looked_after_children_overall: "Looked after children",
}

#: The judgement(s) that sum an inspection up, by framework (home page, charts): its
#: overall judgement(s), where it gives any (SLAC gives two; a framework without one, none).
HEADLINE_AREAS: dict[Framework, tuple[Area, ...]] = {
    framework: tuple(
        a
        for a in areas
        if a in (Area.overall_effectiveness, Area.safeguarding_overall, Area.looked_after_children_overall)
    )
    for framework, areas in FRAMEWORK_AREAS.items()
}


#: value → its member, the first in LABELS where two vocabularies share a value (pages call
#: ``label`` thousands of times: a dict, not a scan).
_MEMBERS: dict[object, Enum] = {member.value: member for member in reversed(LABELS)}


def _member(value: object) -> Enum | None:
    if isinstance(value, Enum):
        return value
    try:
        return _MEMBERS.get(value)
    except TypeError:  # an unhashable value is no vocabulary's
        return None


def label(value: object, short: bool = False) -> str:
    """A vocabulary value's human name (``short`` for the compact form); a value no
    vocabulary knows (data that failed validation) is shown readably as it is."""
    member = _member(value)
    if member is None:
        return str(value or "").replace("_", " ").capitalize()
    return (SHORT_LABELS.get(member) if short else None) or LABELS[member]
