"""Controlled vocabularies: every enum a column may take, with what each value means.

Each enum member's meaning lives in ``MEANINGS`` so the data dictionary, the Table
Schema descriptors and the Datasette metadata all read it from one place.
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


#: Which judgement areas each framework grades. The one place this rule lives.
FRAMEWORK_AREAS: dict[Framework, tuple[Area, ...]] = {
    Framework.slac: (Area.safeguarding_overall, Area.looked_after_children_overall),
    Framework.child_protection: (Area.overall_effectiveness,),
    Framework.tlac: (Area.overall_effectiveness,),
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

#: Frameworks graded on the old four-point scale, where Ofsted's statistics now print
#: "adequate" as "requires improvement to be good": the two are the same judgement.
ADEQUATE_IS_REQUIRES_IMPROVEMENT: frozenset[Framework] = frozenset(
    {Framework.slac, Framework.child_protection, Framework.tlac}
)

#: Inspection types that never carry graded judgements.
UNGRADED_TYPES: frozenset[InspectionType] = frozenset(
    {InspectionType.focused_visit, InspectionType.monitoring_visit}
)

#: The meaning of every vocabulary value, for the data dictionary and descriptors.
MEANINGS: dict[Enum, str] = {
    SourceType.inspection_report: "A published Ofsted inspection report.",
    SourceType.inspection_letter: "A published Ofsted letter (focused or monitoring visit).",
    SourceType.official_statistics: "An official statistics release (spreadsheet).",
    SourceType.news_article: "A news report.",
    SourceType.press_release: "A press release by a council, party or other body.",
    SourceType.council_document: "A council minute, report or other council publication.",
    SourceType.other: "Any other document.",
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
}
