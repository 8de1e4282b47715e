"""The phrases that signal each theme, written from the vocabulary's ``covers`` and ``not_here``
(contract/themes.py) and from how Ofsted words recommendations (SIF imperative sentences,
ILACS noun phrases).

Each cue is (theme, weight, pattern). The patterns are matched as one alternation, left to
right, so where two cues could start at the same word the one listed first wins and consumes
its words: specific phrases that belong elsewhere (``not_here``: "pathway plan" is care leavers,
not plans; "health assessment" is health, not assessments) are listed before the general word
they contain. A cue with theme ``None`` only consumes words that would otherwise mislead
("business plan", "national framework").

Weights: 2 a phrase that on its own names the theme; 1.5 a population named as context
("children in care and care leavers"): it counts, but does not make the theme the main
subject; 1 a usual signal; 0.5 a weak one that counts only alongside another (see
``classify.MIN_SCORE`` and ``classify.MIN_FURTHER``).
"""

from __future__ import annotations

from typing import NamedTuple, Optional


class Cue(NamedTuple):
    theme: Optional[str]
    weight: float
    pattern: str


LG = "leadership_and_governance"
PQA = "performance_and_quality_assurance"
MOS = "management_oversight_and_supervision"
WF = "workforce"
FD = "front_door_and_early_help"
AS = "assessments"
PL = "plans_and_planning"
CP = "child_protection_enquiries_and_conferences"
IRO = "independent_reviewing_and_chairing"
VO = "children_voice_and_participation"
ME = "missing_and_exploitation"
SR = "specific_risks_and_harms"
DC = "disabled_children"
HO = "homeless_16_and_17_year_olds"
PF = "private_fostering"
AL = "allegations_against_staff"
CT = "pre_proceedings_and_court"
PA = "permanence_and_adoption"
PS = "placements_and_sufficiency"
HW = "health_and_wellbeing"
ED = "education"
CL = "care_leavers"
RE = "recording"
ID = "identity_and_diversity"
SP = "safeguarding_partnership"

CHILD = r"(?:child(?:ren)?(?:'s)?|young (?:people|person)(?:'s)?)"

#: Specific phrases first: each consumes its words before a more general cue can.
CUES: tuple[Cue, ...] = (
    # --- words that mislead: consumed, no theme
    Cue(None, 0, r"national framework|outcome (?:one|two|three|four|[1-4])|enabler (?:one|two|three|[1-3])"),
    Cue(None, 0, r"paragraphs? [0-9][0-9, and]*|page [0-9]+|para\. ?[0-9]+"),
    Cue(None, 0, r"child protection (?:and|or) (?:child in need|children in need)"),
    Cue(CL, 2, r"participation in (?:education|employment|eet)|prepar\w* (?:\w+ ){0,6}for (?:adulthood|independen\w*)"),
    Cue(MOS, 2, r"oversight (?:from|by) (?:team |frontline |first line )?managers"),
    # "the quality, management oversight and impact of early help": oversight is one of the
    # qualities asked of the service named after it, which is the main subject
    Cue(
        MOS,
        1.5,
        r"(?:(?:quality|effectiveness|impact|timeliness|consistency|intervention|rigour|coordination|"
        r"purposefulness of practice),? (?:and )?)+management oversight,?(?: and (?:quality|effectiveness|impact|"
        r"timeliness|consistency))?(?= (?:of|for) )",
    ),
    Cue(CT, 2, r"legal framework"),
    Cue(PQA, 2, r"(?:collection and )?analysis of (?:information|data)|collection of (?:information|data)"),
    Cue(PA, 2, r"return(?:ing)? (?:a |the )?child(?:ren)? home"),
    Cue(CP, 2, r"child protection (?:processes|process|procedures)"),
    # "at risk of harm from long-term neglect": the harm named after "from" is the subject
    Cue(None, 0, r"(?:at )?risk of (?:significant )?harm (?=(?:from|through|due to|caused by) )"),
    Cue(AL, 2, r"referrals? to the (?:local authority )?designated officer|referrals? to (?:the )?lado"),
    Cue(FD, 2, r"duty (?:system|service|arrangements|social work)"),
    Cue(PQA, 2, r"analys\w+ (?:to identify |of )trends"),
    Cue(None, 0, r"risk assess(?= (?:all|any|the|every)\b)"),
    # agencies' "participation at strategy discussions" is not children's participation
    Cue(None, 0, r"(?:participation|attendance)(?= (?:at|in) (?:the )?(?:strategy|core group|child protection))"),
    Cue(CP, 2, r"(?:initial |review )?child protection (?:review )?meetings?"),
    Cue(
        SP,
        2,
        r"(?:participation|engagement|attendance|involvement|contributions?) (?:and \w+ )?(?:of|from|by) (?:the )?"
        r"(?:police|partners?|partner agencies|(?:key |relevant )?agencies|health (?:services|colleagues)|schools)",
    ),
    Cue(LG, 2, r"corporate parent\w*(?: (?:board|panel|committee|group|strategy))?"),
    Cue(VO, 2, r"(?:children|young people)(?:'s)? (?:collective )?influence"),
    Cue(FD, 2, r"first (?:come|comes|came|coming) to the attention|(?:first|initial) contacts?"),
    Cue(SR, 2, r"multi[- ]agency risk assessment conferences?"),
    Cue(PQA, 2, r"oversight of performance|performance oversight|case file audit\w*"),
    Cue(LG, 2, r"improvement (?:board|panel|partnership)s?"),
    Cue(
        SP,
        1.5,
        r"(?:partner agencies|partners|agencies)(?:'s?)? (?:contribution|engagement|involvement|understanding|"
        r"attendance)s? (?:to|in|of|at)\b",
    ),
    Cue(
        SP,
        1.5,
        r"(?:from |with |between )(?:all )?(?:relevant |other |key )+(?:agencies|professionals)|health (?:and other "
        r"(?:relevant )?)(?:professionals?|colleagues|practitioners)",
    ),
    Cue(VO, 2, r"feedback (?:from|of) (?:the )?(?:children|young people)"),
    Cue(SP, 1.5, r"multi[- ]?agency information"),
    Cue(IRO, 2, r"looked after children(?:'s)? reviews?|review minutes"),
    Cue(None, 0, r"(?:plans?|arrangements) (?:are|is) (?:put )?in place|plans in place"),
    Cue(
        FD,
        2,
        r"(?:risk|danger) (?:that|of) (?:\w+ ){1,2}(?:may |might |could )?(?:be )?(?:received|taken|coming|come|"
        r"entering|enter) into care|received into care",
    ),
    Cue(
        VO,
        2,
        r"influence (?:the )?(?:shaping|shape|development|design|delivery)|shap\w+ (?:and develop\w* )?(?:of )?"
        r"(?:children's )?services",
    ),
    Cue(SP, 1.5, r"(?:together |jointly )?with (?:its |their |key |all )?(?:health )?(?:partners|partner agencies)\b"),
    Cue(
        PL,
        2,
        r"step(?:ping|ped)?[- ]?down (?:[\w']+ ){0,4}(?:from|of) (?:child in need|children in need|child protection|cin|cp)\b",
    ),
    Cue(MOS, 2, r"management (?:capacity|grip|challenge) and oversight"),
    Cue(PF, 2, r"private fostering (?:assessments?|plans?|visits?)"),
    Cue(SP, 2, r"learning and improvement framework"),
    Cue(
        PL,
        2,
        r"(?:drive|progress\w*)(?: and progress)? (?:children's |their )?plans|(?:that |ensure )all (?:children's )?plans",
    ),
    Cue(RE, 1, r"(?:well|clearly|accurately|properly) recorded"),
    Cue(ME, 2, r"(?:cse|child sexual exploitation|exploitation) risk assessments?"),
    Cue(
        PS, 2, r"(?:placed|living) (?:in \w+ )?by other local authorities|placed (?:\w+ )?from other local authorities"
    ),
    Cue(
        WF,
        2,
        r"(?:training|development) (?:for|of) (?:all )?(?:\w+ ){0,2}(?:staff|social workers|practitioners|managers)",
    ),
    Cue(
        VO, 2, r"(?:encouraged|supported|enabled|helped) to (?:contribute|participate|take part|be involved|influence)"
    ),
    Cue(CL, 1.5, r"post[- ]16\b"),
    Cue(
        PS,
        2,
        r"(?:place|placed|placing|living|live) (?:\w+ )?(?:together )?with (?:their )?(?:siblings|brothers and sisters)|"
        r"siblings? (?:are )?(?:placed )?together|together or apart",
    ),
    Cue(PL, 2, r"(?:content|progress|progression|delivery) of (?:children's |child protection |their )?plans"),
    Cue(SP, 2, r"joint working|health (?:providers?|commissioners)"),
    Cue(IRO, 2, r"(?:iros?|independent reviewing officers?)(?:'s?)? (?:caseloads?|workloads?)"),
    Cue(MOS, 2, r"managers (?:support|guide|direct|challenge) (?:social workers|staff|practitioners)"),
    Cue(AS, 2, r"pre[- ]birth (?:assessments?|concerns?|work)"),
    Cue(WF, 2, r"(?:enough|sufficient(?: numbers of)?) (?:\w+ ){0,4}(?:social workers|staff|practitioners)"),
    # "changes of social worker for children" and caseloads (workforce's covers), in other words
    Cue(
        WF,
        2,
        r"(?:consistent|stable|enduring|trusting) relationships? with (?:their )?(?:social workers?|practitioners)|"
        r"allocation of (?:a )?(?:social )?workers?|unallocated (?:cases|work)|(?:work|cases) (?:is |are )?allocated",
    ),
    Cue(SP, 2, r"partnership (?:arrangements|working)|work(?:ing)? together"),
    Cue(
        FD,
        2,
        r"(?:prevent|reduce|avoid)\w* (?:the need for )?(?:\w+ ){0,4}(?:to )?(?:become|becoming|coming into|come into|"
        r"entering|enter) (?:looked after|care)",
    ),
    Cue(
        VO,
        2,
        r"(?:children|young people) (?:are )?(?:fully |meaningfully |actively )?involved in (?:decisions|"
        r"decision[- ]making|planning|their plans)",
    ),
    Cue(PA, 2, r"match(?:ed|ing)? (?:to|with) (?:permanent|adoptive|long[- ]term) (?:carers|families|parents)"),
    Cue(
        SP,
        2,
        r"multi[- ]agency public protection (?:arrangements|panels?)|\bmappa\b|multi[- ]?agency (?:\w+ ){0,3}training",
    ),
    Cue(
        IRO,
        2,
        r"child protection (?:conference |case conference )?chairs?|conference chairs?|independent chairs? of "
        r"(?:\w+'?s? ){0,3}(?:conferences?|meetings?|reviews?)|independent chairs\b(?! of)",
    ),
    Cue(
        PS,
        2,
        r"(?:choice|range|variety|availability|sufficiency|number) of (?:\w+ )?homes\b|homes for (?:children|young people)",
    ),
    Cue(
        PS,
        2,
        r"placement matching|matching (?:of )?(?:children )?(?:to|with) (?:their )?(?:placements?|carers|foster carers|"
        r"long[- ]term carers)",
    ),
    Cue(
        None,
        0,
        r"(?:an? |the )?(?:informed |rigorous |robust |transparent )?(?:and \w+ )?assessment (?:and scrutiny )?of "
        r"(?:the )?(?:effectiveness|impact|performance|frontline practice|practice|services|progress)",
    ),
    Cue(None, 0, r"(?:placed|placements?|living) (?:at home )?with (?:their )?parents|placement with parents"),
    Cue(
        PF,
        2,
        r"(?:assess\w*|planning|plans)(?:,? (?:and )?(?:assess\w*|planning|plans|support|service provision))* "
        r"(?:of|for) (?:the )?(?:children (?:in|subject to|living in) )?(?:private fostering|privately fostered)",
    ),
    Cue(
        MOS,
        2,
        r"record(?:ing|ed)? (?:of )?(?:management|managers?(?:'s?)?) (?:oversight|decisions?|rationale|direction)",
    ),
    Cue(None, 0, r"(?:referral and assessment|assessment|intake and assessment|duty and assessment) teams?"),
    # --- phrases that belong to one theme whatever general words they contain
    Cue(CL, 2, r"pathway (?:action )?plan(?:s|ning)?"),
    Cue(ED, 2, r"personal education plans?|peps?\b|virtual (?:school|head)"),
    Cue(PA, 2, r"permanen(?:ce|cy) plan(?:s|ning)?|adoption support(?: (?:assessments?|plans?|services?))?"),
    Cue(LG, 2, r"(?:the )?(?:local authority|council) as a whole|corporate (?:responsibility|ownership|commitment)"),
    Cue(PA, 2, r"(?:parallel|concurrent|twin[- ]track) planning"),
    Cue(SP, 2, r"business plans?|annual reports?(?= (?:and|of|by) (?:the )?(?:business|board|lscb))"),
    Cue(LG, 1, r"improvement plans?|service plans?"),
    Cue(PS, 2, r"sufficiency (?:strategy|plan)|placement sufficiency"),
    Cue(SP, 2, r"health (?:partners?|agencies)"),
    Cue(SP, 1, r"health (?:professionals?|colleagues|visitors?)"),
    Cue(
        HW,
        2,
        r"(?:(?:initial |review )?health|dental)(?: and (?:dental|health|development))? (?:assessments?|checks?)|"
        r"(?:initial |review )?health assessments?|health histor(?:y|ies)|health needs? assessments?",
    ),
    Cue(HW, 2, r"strengths and difficulties(?: questionnaires?)?|sdqs?\b|camhs|mental health services?"),
    Cue(
        PS,
        2,
        r"(?:assessments?|approval|reviews?) (?:of|for) (?:prospective |potential )?(?:foster(?:ing)? carers?|"
        r"connected (?:persons?|carers?)|kinship carers?|family and friends carers?)",
    ),
    Cue(
        PS,
        2,
        r"(?:foster(?:ing)? carers?|connected (?:persons?|carers?)|kinship carers?|family and friends carers?)"
        r"(?:'s?)? (?:assessments?|approval|reviews?|annual reviews?)",
    ),
    Cue(PA, 2, r"(?:assessments?|approval|recruitment|preparation) (?:of|for) (?:prospective )?adopt(?:ers|ive)"),
    Cue(PA, 2, r"adopters?(?:'s?)? assessments?|special guardian(?:ship)? assessments?|sgo assessments?"),
    Cue(PA, 2, r"special guardian(?:ship)?(?: orders?)?|\bsgos?\b|fostering (?:for|to) adopt(?:ion)?|foster to adopt"),
    Cue(FD, 2, r"multi[- ]agency safeguarding hubs?|multi[- ]agency referral forms?"),
    Cue(LG, 2, r"(?:the extent to which|how well|how effectively) (?:senior )?leaders"),
    Cue(LG, 1, r"(?:ensure that |that )?senior managers? (?=establish|work|ensure|should|must|take)"),
    Cue(MOS, 2, r"management (?:and leadership |and leaders' )?oversight"),
    Cue(
        WF,
        2,
        r"(?:multiple |frequent |fewer )?changes? (?:of|in) (?:social )?workers?|(?:single |same )?consistent "
        r"social workers?|continuity of (?:social )?workers?|(?:number of )?different social workers",
    ),
    Cue(
        CL,
        2,
        r"(?:not in |in |into |access to )?(?:higher |further )?education,? (?:training|employment)"
        r"(?:,? (?:and|or) (?:training|employment))?",
    ),
    Cue(CL, 1.5, r"higher education|university|apprenticeships?"),
    Cue(
        PL,
        2,
        r"(?:timely|clear|effective|robust|good[- ]quality|outcome[- ]focused|child[- ](?:focused|centred))"
        r"(?:,? (?:and )?(?!pathway|permanen|personal|adoption|education|improvement|business|service|sufficiency)[\w-]+)? plans?\b",
    ),
    Cue(HW, 1, r"health and development"),
    Cue(VO, 1, r"lived experiences?"),
    Cue(
        VO,
        2,
        r"(?:the )?experiences of (?:the )?(?:children|young people)(?:,? (?:and )?(?:children|young people|families))*"
        r"(?= (?:inform|contribute|influence|shape|are (?:heard|used)))",
    ),
    Cue(FD, 2, r"family group conferenc\w*|\bfgcs?\b"),
    Cue(CP, 2, r"(?:at )?risk of (?:significant |physical )?harm|significant harm"),
    Cue(PQA, 2, r"data (?:reports?|sets?)|datasets?|use of data|(?:accurate|reliable) data"),
    Cue(
        LG,
        1,
        r"(?:senior (?:managers|leaders)|leaders|the local authority|the council) (?:should|must) "
        r"(?:take action to )?ensure",
    ),
    Cue(
        WF,
        2,
        r"(?:frontline |social work |social care )?(?:workforce|staffing) (?:sufficiency|stability|capacity)|"
        r"consistency of (?:social workers?|practitioners?|workers?)\b",
    ),
    Cue(
        WF,
        2,
        r"(?:sufficiency|stability|capacity)(?: and \w+)? of (?:the )?(?:social care |social work )?"
        r"(?:workforce|staff|social workers)",
    ),
    Cue(PS, 2, r"(?:friends and family|connected (?:person|carer)s?'?|kinship|viability) assessments?"),
    Cue(
        VO,
        2,
        r"(?:engage|consult)\w* (?:and consult )?(?:with )?(?:a wider range of )?(?:children|young people)|"
        r"children (?:to )?(?:more fully |fully )?influence|influence of children",
    ),
    Cue(IRO, 1, r"statutory reviews?"),
    Cue(
        IRO,
        2,
        r"(?:looked[- ]after|children in care|child in care|cla|lac) reviews?|(?:at|following|before) "
        r"their (?:statutory )?reviews?|independent reviewing (?:service|team|unit|managers?)|(?:statutory |looked after |children's )?reviews? "
        r"(?:for|of) (?:children looked after|looked after children|children in care)",
    ),
    Cue(MOS, 2, r"managers? (?:\w+ )?oversee\w*|oversee\w* casework"),
    Cue(
        CL,
        1.5,
        r"(?:(?:children|child|young people) (?:in care|looked after)|looked[- ]after (?:children|young people)) "
        r"and care leavers(?:'s?)?",
    ),
    Cue(PA, 2, r"adoptive (?:placements?|famil\w+|parents|homes?)"),
    Cue(PA, 2, r"life[- ]?story(?: work| books?)?|later[- ]in[- ]life letters?|later[- ]life letters?"),
    Cue(PA, 2, r"child permanence reports?|family[- ]finding|early permanence|reunification"),
    Cue(
        PA,
        2,
        r"(?:return(?:s|ed|ing)?|go(?:es|ing)? back) home (?:from care|to (?:their )?(?:parents|families|family))"
        r"|(?:children|child)(?: looked after| in care)? (?:who )?return(?:s|ing)? home|"
        r"permanent (?:arrangements|homes?|placements?|families|carers)",
    ),
    Cue(ME, 2, r"return home interviews?|return interviews?|rhis?\b"),
    Cue(
        ME,
        2,
        r"(?:child |children )?missing (?:from|episodes?|children)|go(?:es|ing)? missing|went missing|"
        r"run away|runaway|missing (?:and|or) (?:at risk|exploit)",
    ),
    Cue(ED, 2, r"missing (?:from )?education|elective(?:ly)? home educat\w*|home[- ]educated"),
    Cue(
        ME,
        2,
        r"(?:child(?:ren)? )?(?:sexual|criminal)(?:ly)? exploit\w*|\bcse\b|\bcce\b|exploitation|exploited|"
        r"county lines|traffick\w*|gangs?\b|contextual(?:ised)? (?:safeguarding|harm|risks?)|extra[- ]familial|radicali[sz]\w*|"
        r"prevent (?:duty|strategy)",
    ),
    Cue(
        HO,
        2,
        r"homeless\w*|joint housing protocols?|(?:16|sixteen)(?:-| and |- and )(?:17|seventeen)[- ]year[- ]olds?"
        r"(?= who present)",
    ),
    Cue(PF, 2, r"private(?:ly)? fosterin?g?\w*|privately fostered|private fostering"),
    Cue(
        AL,
        2,
        r"\blado\b|(?:local authority )?designated officers?|allegations? (?:made )?against|"
        r"allegations management|managing allegations|management of allegations|allegations of (?:professional|staff) abuse|allegations (?:of (?:\w+,? (?:or |and )?){1,5})?(?:about|against|by) "
        r"(?:professionals|staff|adults|carers|foster carers|people who work)",
    ),
    Cue(
        CT,
        2,
        r"public law outline|\bplo\b|pre[- ]proceedings?|legal (?:gateway|planning) (?:meetings?|panels?)|"
        r"letters? (?:to parents )?before proceedings|care proceedings|court (?:work|proceedings|timescales|applications?)|"
        r"applications? to (?:the )?court|the courts\b|"
        r"legal proceedings|\bpolo\b|26 weeks",
    ),
    Cue(
        CP,
        2,
        r"strategy (?:discussions?|meetings?)|section 47|s\.? ?47|child protection (?:enquir\w*|investigations?|discussions?)|strategy/|"
        r"(?:initial |review )?child protection (?:case )?conferences?|\bicpcs?\b|conferences?",
    ),
    Cue(
        IRO,
        2,
        r"independent reviewing officers?(?:'s?)?|\biros?\b(?:'s?)?|(?:child protection |conference )chairs?|"
        r"child protection chairs?|reviewing officers?",
    ),
    Cue(
        VO,
        2,
        r"wishes(?: and|,) feelings|wishes|voices?\b|direct work|children in care councils?|advoca\w*|"
        r"(?:children in care|looked after children(?:'s)?|young people's) (?:council|group|forum)s?|"
        r"consult\w* (?:arrangements )?(?:with|for) (?:looked after |all )?(?:children|young people)|"
        r"involved in (?:the )?(?:development|design|shaping) of (?:\w+ )?services|"
        r"independent visitors?|participation|participate|views and experiences|"
        r"(?:child(?:ren)?|young people)(?:'s)? views|views of (?:children|young people)|"
        r"pledge|listened to",
    ),
    Cue(ED, 2, r"(?:school )?attendance (?:at|in) school|school attendance|attendance and (?:exclusion|attainment)\w*"),
    Cue(
        VO,
        2,
        r"(?:hear|listen)\w* (?:about |to )?(?:the )?(?:experiences|views)|experiences of (?:safeguarding|services|"
        r"vulnerable)|child's experiences of|their views|the views of",
    ),
    Cue(VO, 1, r"heard|understand (?:their|why)|views"),
    Cue(
        SR,
        2,
        r"neglect\w*|domestic (?:abuse|violence)|parental (?:mental (?:ill[- ])?health|substance|alcohol|drug)\w*|"
        r"substance misuse|cumulative (?:harm|risk)|sexual abuse|female genital mutilation|\bfgm\b|"
        r"online (?:harm|safety|abuse)|harmful sexual behaviours?|graded care profile|\bmarac\b|forced marriage|"
        r"honour[- ]based|toxic trio|mental ill[- ]health|parental mental health",
    ),
    Cue(
        DC,
        2,
        r"disabled (?:children|young people|child)|disabilit(?:y|ies)|\bsend\b|special educational needs|"
        r"short breaks|children with complex health|transitions? (?:to|into) adult(?:s'?)? services|support from adult(?:s'?)? (?:social care )?services|"
        r"transition\w* (?:[\w'-]+ ){0,6}(?:to|into) adult(?:s'?)? (?:social care )?services",
    ),
    Cue(
        CL,
        2,
        r"care leavers?(?:'s?)?|leaving care|care[- ]experienced|staying put|staying close|"
        r"personal advis[eo]rs?|local offer|care leaving|leav(?:e|es) care|stay put|keep(?:ing)? in touch|\bneet\b|\beet\b|16\+|(?:preparation|prepar\w*) for (?:adulthood|"
        r"independence|independent living)|transition to adulthood|independent living|"
        r"education, employment (?:and|or) training|employment, education (?:and|or) training",
    ),
    Cue(CL, 1, r"entitlements"),
    Cue(
        ID,
        2,
        r"identity|identities|ethnic\w*|cultur\w*|religio\w*|faith|first language|interpret(?:er|ing)s?|sexuality|sexual orientation|"
        r"diversity|diverse|equality|protected characteristics|unaccompanied|asylum[- ]seeking|\buasc\b|"
        r"heritage|rac(?:e|ial|ism)",
    ),
    # --- safeguarding partnership: the board and multi-agency working
    Cue(
        SP,
        2,
        r"(?:local )?safeguarding children(?:'s)? (?:board|partnership)s?|\b[a-z]*scbs?\b(?:'s)?|"
        r"safeguarding partner(?:ship)?s?|the board(?:'s)?|boards?(?:'s)? (?:own|priorities|business|annual)|"
        r"section 11(?: audits?)?|serious case reviews?|\bscrs?\b|(?:child safeguarding |local )?"
        r"(?:practice|learning|lessons learn[et]d?) reviews?|sub[- ]?groups?|board",
    ),
    Cue(
        SP,
        2,
        r"partner agencies|information[- ]sharing|shar(?:e|es|ing) (?:of )?(?:relevant |key )?information|"
        r"information (?:about [\w' ]{1,30} )?(?:is |are )?shared|multi[- ]?agency (?:training|audits?|working|arrangements|"
        r"partnership)",
    ),
    Cue(SP, 2, r"partners?\b(?!ship with parents)"),
    Cue(SP, 1, r"multi[- ]?agency|agencies|health visitors?|police"),
    # --- management oversight and supervision
    # "managers, IROs and child protection chairs ...", "managers' and IROs' oversight": managers
    # listed first among those who oversee are named first (their oversight, then the IROs')
    Cue(
        MOS,
        2,
        r"(?:frontline |first[- ]line |team )?managers(?:'s?)?(?=(?:,| and) (?:[\w'-]+ ){0,4}?(?:iros?'?|"
        r"independent reviewing officers?'?|(?:child protection |conference )?chairs)(?:\W|$))",
    ),
    Cue(
        MOS,
        2,
        r"management (?:oversight|direction|decisions?|grip|challenge)|managers?(?:'s?)? (?:oversight|direction|"
        r"decision[- ]making|challenge)|managerial oversight|supervision|supervisory|supervis\w+|"
        r"oversight (?:and|of) (?:case|practice)|case direction",
    ),
    Cue(
        MOS,
        2,
        r"managers?(?:'s?)? (?:rationale|decisions?)|(?:evaluated|reviewed|overseen|scrutinised|tracked|monitored) by "
        r"(?:team |frontline |first[- ]line )?managers",
    ),
    Cue(MOS, 0.5, r"oversight"),
    Cue(MOS, 1, r"managers?(?:'s?)? (?:ensure|monitor|review)|challenge (?:of|to) drift|drift|decision[- ]making"),
    # --- performance and quality assurance
    Cue(
        PQA,
        2,
        r"quality assurance|performance (?:management|information|data|reporting|report|framework)|"
        r"management information|data quality|quality of data|scorecards?|self[- ]evaluation|"
        r"(?:case|practice|thematic|themed|file|multi[- ]agency) audits?|audit(?:s|ing|ed)?\b|"
        r"complaints|quality assure\w*",
    ),
    Cue(PQA, 1, r"performance|data\b|monitor\w*|evaluat\w*|feedback"),
    Cue(PQA, 0.5, r"impact of"),
    # --- leadership and governance
    Cue(
        LG,
        2,
        r"corporate parent\w*|elected members?|(?:lead|portfolio) members?|councillors?|chief executive|"
        r"director of children(?:'s)? services|\bdcs\b|political leaders?|senior (?:leaders?|managers?|leadership|management)|"
        r"leadership|governance|pace of (?:improvement|change)|vision|"
        r"overview and scrutiny|health and well[- ]?being board",
    ),
    Cue(LG, 1, r"leaders|scrutiny|strategic|strategy|resources|accountab\w*"),
    # --- workforce
    Cue(
        WF,
        2,
        r"recruit\w* (?:and (?:retain\w*|retention)|of (?:social workers?|staff|managers|permanent|experienced|"
        r"qualified))|retention|retain\w*|caseloads?|workloads?|"
        r"agency (?:staff|social workers|workers)|stability of (?:the )?workforce|workforce|staffing|"
        r"turnover|changes? (?:of|in) social workers?|continuity of (?:social workers?|worker)|"
        r"(?:social work(?:er)?s?|staff|practitioners?)(?:'s?)? (?:training|capacity|development)|"
        r"professional development|learning and development",
    ),
    Cue(WF, 1, r"training|capacity|recruit\w*"),
    # --- front door and early help
    Cue(
        FD,
        2,
        r"early[- ]help|\bmash\b|multi[- ]agency safeguarding hub|front door|first response|"
        r"contacts? and referrals?|referrals?|referred to (?:children's social care|children's services|the mash)|concerns (?:are )?received|thresholds?|out[- ]of[- ]hours|emergency duty|step(?:ping|ped)?[- ](?:up|down)|"
        r"common assessment framework|\bcaf\b|preventative services|prevention|early intervention|screening|"
        r"duty and assessment|\bdaat?\b|first point of contact|initial response|edge of care",
    ),
    Cue(FD, 1, r"contacts?\b(?! (?:arrangements|with\b|their\b))"),
    # --- assessments
    Cue(
        AS,
        2,
        r"(?:child and family |single |pre[- ]birth |core |parenting |social work )?assessments?|"
        r"parenting capacity|analysis of (?:risk|need)",
    ),
    Cue(AS, 2, r"re-?assessments?"),
    Cue(AS, 1, r"(?:re-?)?assess(?:ed|ing)?\b"),
    # --- plans and planning
    Cue(
        PL,
        2,
        r"(?:child in need|children in need|child protection|care|safety|written|children's|child's) plans?|"
        r"safety planning|contingency (?:plans?|planning|arrangements)|core groups?|"
        r"(?:child in need|children in need) (?:reviews?|meetings?)|"
        r"care planning|planning for (?:children|each child|the child|all children|children's)|"
        r"quality of (?:planning|plans)|plans (?:for|to (?:help|protect|support|safeguard)) (?:children|each child|all children)|"
        r"(?<=assessments and )(?:plans|planning)|(?<=assessment and )(?:plans|planning)|"
        r"(?:plans|planning) (?=and (?:reviews?|assessments?|core groups?|interventions?))",
    ),
    # "specific and measurable" says what a plan should be, but of whichever plan the item names
    # (pathway plans, action plans): it counts for plans only alongside another sign of them
    Cue(
        PL,
        1,
        r"(?:specific|measurable|timebound|time[- ]bound|smart)\b(?:,? (?:and )?(?:measurable|timebound|"
        r"time[- ]bound|achievable|outcome[- ]focused))*",
    ),
    Cue(PL, 1, r"plans?|planning"),
    # --- recording
    Cue(
        RE,
        2,
        r"recording|case records?|chronolog(?:y|ies)|case summar(?:y|ies)|case files?|"
        r"write (?:to|for) (?:the )?child|written (?:to|for) (?:the )?child|case notes",
    ),
    Cue(RE, 2, r"(?:children's|child's|case|written) records"),
    Cue(RE, 1, r"records?\b|recorded|files?\b"),
    # --- placements and sufficiency
    Cue(
        PS,
        2,
        r"sufficiency|placements?|foster(?:ing)? carers?|fostering (?:service|households)|"
        r"residential|children(?:'s)? homes?|unregistered|unregulated|supported accommodation|"
        r"out of (?:area|borough|county)|at a distance|outside the (?:local authority|area|county|borough)|"
        r"connected (?:persons?|carers?)|kinship|family and friends|family time|contact arrangements|"
        r"fostering|foster\b|"
        r"regulation 24|secure accommodation|semi[- ]independent",
    ),
    Cue(PS, 1, r"accommodation|stability|placed|in custody"),
    # --- permanence and adoption (general words)
    Cue(PA, 2, r"permanen(?:ce|cy)|adopt(?:ion|ions|ers?|ed|ive)|matching|long[- ]term fost\w*"),
    # --- health
    Cue(
        HW,
        2,
        r"(?:emotional|mental) (?:health|well[- ]?being)|well[- ]?being|health|dental|dentist|immuni[sz]ations?|"
        r"therapeutic|therap\w*",
    ),
    # --- education
    Cue(
        ED,
        2,
        r"educat\w*|school(?:s|ing)?|attainment|exclu(?:sion|ded)s?|pupils?|learning outcomes|key stages?|academic",
    ),
)
