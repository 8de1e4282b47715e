"""The closed vocabulary of what Ofsted asks councils to improve: 25 themes, each with what it
covers and what goes elsewhere (``not_here``). The definitions decide every boundary, for the
classifier and for a reader: they are part of the contract, and ``import reports`` writes them to
``data/themes.csv``.

Derived from the project's shared theme vocabulary (``themes/themes.csv`` of the shared inputs,
written by two readers who labelled 100 recommendations with it); the words are unchanged.
"""

from __future__ import annotations

from typing import NamedTuple


class ThemeDefinition(NamedTuple):
    theme_id: str
    label: str
    covers: str
    not_here: str


THEMES: tuple[ThemeDefinition, ...] = (
    ThemeDefinition(
        "leadership_and_governance",
        "Leadership and governance",
        "senior and political leaders, chief executive, lead member and director; corporate parenting; strategy, vision, improvement plans and the pace of improvement; governance, scrutiny and accountability of children's services; the local authority's own oversight of its services",
        "the safeguarding board's or partnership's own functioning (safeguarding_partnership); performance data and audit (performance_and_quality_assurance)",
    ),
    ThemeDefinition(
        "performance_and_quality_assurance",
        "Performance information and quality assurance",
        "performance and management information, data quality, scorecards; case audits, quality assurance frameworks, self-evaluation; learning from audits, complaints and feedback to improve practice",
        "frontline managers' oversight of individual cases (management_oversight_and_supervision)",
    ),
    ThemeDefinition(
        "management_oversight_and_supervision",
        "Management oversight and supervision",
        "managers' oversight of and decisions on individual children's cases, case direction, recorded management decisions; the frequency and quality of social workers' supervision; challenge of drift by managers",
        "oversight by independent reviewing officers or child protection chairs (independent_reviewing_and_chairing)",
    ),
    ThemeDefinition(
        "workforce",
        "Workforce",
        "recruitment and retention of social workers and managers, workforce stability, reliance on agency staff; caseloads and workloads; training, learning and professional development; changes of social worker for children",
        "multi-agency training run by the safeguarding board (safeguarding_partnership)",
    ),
    ThemeDefinition(
        "front_door_and_early_help",
        "Front door, thresholds and early help",
        "contacts and referrals, the multi-agency safeguarding hub (MASH) and first response; thresholds and their application; early help services, early help assessments and step-up or step-down; out-of-hours and emergency duty services",
        "section 47 enquiries and strategy meetings (child_protection_enquiries_and_conferences)",
    ),
    ThemeDefinition(
        "assessments",
        "Assessments of children's needs",
        "the quality, timeliness and analysis of assessments of children and families (child and family assessments, pre-birth, parenting capacity, single assessments), including for children in care and children in need; assessments taking account of history and risk",
        "assessments of foster carers or connected carers (placements_and_sufficiency); of adopters (permanence_and_adoption); health assessments (health_and_wellbeing)",
    ),
    ThemeDefinition(
        "plans_and_planning",
        "Plans and planning",
        "the quality of children in need, child protection and care plans: specific, measurable, timed actions, contingency plans; plans progressed without drift or delay; core groups and reviews driving plans; step-down of plans",
        "pathway plans (care_leavers); permanence plans (permanence_and_adoption); personal education plans (education)",
    ),
    ThemeDefinition(
        "child_protection_enquiries_and_conferences",
        "Child protection enquiries, strategy meetings and conferences",
        "strategy discussions and meetings, section 47 enquiries, initial and review child protection conferences, their timeliness and attendance, decisions to end child protection plans",
        "the child protection chair's oversight role (independent_reviewing_and_chairing)",
    ),
    ThemeDefinition(
        "independent_reviewing_and_chairing",
        "Independent reviewing officers and child protection chairs",
        "independent reviewing officers' oversight, challenge and escalation, their caseloads; reviews of children in care as IRO business; child protection chairs' oversight and challenge between conferences",
        "",
    ),
    ThemeDefinition(
        "children_voice_and_participation",
        "Children's voice, direct work and participation",
        "children's wishes, feelings and views being sought, heard and recorded; direct work; participation and children in care councils; advocacy and independent visitors; children understanding their plans and records",
        "life story work (permanence_and_adoption)",
    ),
    ThemeDefinition(
        "missing_and_exploitation",
        "Missing children and exploitation",
        "children missing from home, care or education; return home interviews; child sexual and criminal exploitation, county lines, trafficking, gangs, contextual and extra-familial harm, radicalisation",
        "",
    ),
    ThemeDefinition(
        "specific_risks_and_harms",
        "Neglect, domestic abuse and other specific harms",
        "recognising and responding to neglect, domestic abuse, parental mental ill-health and substance misuse, cumulative harm, sexual abuse within the family, female genital mutilation, online harm, harmful sexual behaviour; tools and strategies for these",
        "exploitation and missing (missing_and_exploitation)",
    ),
    ThemeDefinition(
        "disabled_children",
        "Disabled children",
        "services for disabled children and those with special educational needs and disabilities in social care: assessments, safeguarding, short breaks, transitions to adult services",
        "",
    ),
    ThemeDefinition(
        "homeless_16_and_17_year_olds",
        "Homeless 16- and 17-year-olds",
        "the response to 16- and 17-year-olds who present as homeless, joint housing protocols, their right to be looked after",
        "",
    ),
    ThemeDefinition(
        "private_fostering",
        "Private fostering",
        "identifying, assessing and overseeing private fostering arrangements and raising awareness of them",
        "",
    ),
    ThemeDefinition(
        "allegations_against_staff",
        "Allegations against people who work with children",
        "the local authority designated officer (LADO), management of allegations against professionals, carers and volunteers",
        "",
    ),
    ThemeDefinition(
        "pre_proceedings_and_court",
        "Pre-proceedings and court work",
        "the public law outline, pre-proceedings work, legal gateway or planning meetings, letters before proceedings, timeliness of care proceedings and court work",
        "",
    ),
    ThemeDefinition(
        "permanence_and_adoption",
        "Permanence, adoption and special guardianship",
        "permanence planning and its timeliness, adoption (recruitment and assessment of adopters, matching, adoption support), special guardianship, fostering for adoption, children returning home as a plan, long-term fostering as permanence, child permanence reports, life story work and later-life letters",
        "general placement sufficiency and stability (placements_and_sufficiency)",
    ),
    ThemeDefinition(
        "placements_and_sufficiency",
        "Placements and sufficiency",
        "sufficiency of placements and the sufficiency strategy, placement choice, matching and stability, foster carer recruitment, assessment, training, support and reviews, residential and unregistered or unregulated placements, children placed at a distance, connected and kinship carers' assessments and approval, family time arrangements",
        "adoption and special guardianship (permanence_and_adoption)",
    ),
    ThemeDefinition(
        "health_and_wellbeing",
        "Health and emotional wellbeing",
        "health assessments and their timeliness, dental and immunisations, emotional and mental health support, CAMHS, strengths and difficulties questionnaires, care leavers' access to health histories",
        "",
    ),
    ThemeDefinition(
        "education",
        "Education",
        "the virtual school, personal education plans, attainment, attendance, exclusions, school stability for children in care and children in need, elective home education, children missing education",
        "care leavers' employment and training alone (care_leavers)",
    ),
    ThemeDefinition(
        "care_leavers",
        "Care leavers",
        "pathway plans, personal advisers, the local offer, care leavers' accommodation, staying put and staying close, employment, education and training for care leavers, preparation for independence, keeping in touch, entitlements",
        "",
    ),
    ThemeDefinition(
        "recording",
        "Recording",
        "the quality, timeliness and accuracy of case records, chronologies, case summaries, recording of decisions and visits, records written for the child",
        "recording of management oversight decisions alone (management_oversight_and_supervision)",
    ),
    ThemeDefinition(
        "identity_and_diversity",
        "Identity, equality and diversity",
        "children's identity, ethnicity, culture, religion, language, sexuality and other protected characteristics being understood and met; equality and diversity in services; unaccompanied asylum-seeking children's specific needs",
        "",
    ),
    ThemeDefinition(
        "safeguarding_partnership",
        "Safeguarding board and partnership working",
        "the local safeguarding children board or safeguarding partnership's own functioning: priorities, business plan, challenge, section 11 audits, serious case and practice reviews, multi-agency training and learning; partner agencies' engagement and information sharing in multi-agency working",
        "",
    ),
)

#: Every theme id, as the ``themes`` and ``recommendation_themes`` tables allow them.
THEME_IDS: frozenset[str] = frozenset(t.theme_id for t in THEMES)
THEME_LABELS: dict[str, str] = {t.theme_id: t.label for t in THEMES}
