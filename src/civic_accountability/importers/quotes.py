"""Propose ``statements`` rows from a plain-text news article, by rules (no model, no network).

``propose_statements(text)`` finds every direct quotation in ``text`` and returns one
``Proposal`` per contiguous span: the words between the quotation marks, the speaker the
article attributes them to, the speaker's role, party and organisation *as the article
describes them*, the attribution pattern used (``reason``) and what needs a human look
(``flags``). Every quote is checked with the validator's own verbatim check.

How it reads an article:

* Paragraphs are separated by blank lines (a text whose lines are all long is read one
  line per paragraph, as the seed articles are). A quotation left open at the end of a
  paragraph ends there; the next paragraph, opening with a quotation mark, continues the
  speech (one row per paragraph).
* Quotation marks: curly and straight, double and single. An opening mark follows a space,
  the start of the paragraph or an opening bracket; a closing mark is followed by a space,
  punctuation or the end. Marks nested inside a quotation stay in it. Apostrophes
  (``Swindon's``) are never quotation marks.
* Speakers: the reporting verb before the quotation (``X said:``, ``the inspectorate
  wrote:``, ``Inspectors found that "..."``), after it (``"...," said X``, ``"...,"
  she added``, ``according to Ofsted's letter``), or the previous quotation of the same
  speech. Pronouns (``She added``) resolve to the last person named as a possible subject
  whose gender fits (from a title, a first name that is only a woman's or a man's in public
  name lists, or he/she in their own sentence), surnames and titles (``Coun Renard``) and role
  phrases (``the council leader``) to the full name first used. A quotation reported inside
  someone's reported speech is the inner verb's subject's (``X said Ofsted had described the
  service as "fragile"``). The inspectorate, its inspectors, its report and its letter are Ofsted.
* Roles, parties and organisations come only from the article's own words about the
  speaker (``Coun Carol Shelley, Labour's spokesman for children's services``; ``council
  leader David Renard``); a role naming the council (``council leader``, ``the authority's
  leader``, ``cabinet member``) gives the council the article names. A party stated anywhere
  about the person (``Cllr X, who sits on the Labour benches``, ``the Green MP``), about their
  post (``the Party's Shadow Cabinet Member for …``, ``Tower Hamlets' Labour Mayor`` before the mayor is
  named), about the group they lead (``group leader`` after ``the largest opposition group - the Liberal
  Democrats``, ``Alliance group leader`` of ``the People's Alliance``, ``The Conservative group, led by``) or
  about the council they lead (``Conservative-run``, ``run by the Conservatives``) holds for all their quotations. Nothing is filled from outside the
  article (the first-name list only helps choose whom a pronoun means).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional

from civic_accountability.contract.dates import MONTHS
from civic_accountability.validation.rules import normalise_text, quote_format_problem

# ---------------------------------------------------------------- vocabulary

OFSTED = "Ofsted"
#: a description's party given as "the Party's …": resolved to the party the article named before it
THE_PARTY = "the Party"
FLAG_HEADLINE = "headline"
FLAG_CAPTION = "caption"
FLAG_SCARE = "scare-quotes"
FLAG_NO_SPEAKER = "no-speaker"
FLAG_DUPLICATE = "duplicate"
FLAG_NOT_VERBATIM = "not-verbatim"
FLAG_PRONOUN = "ambiguous-pronoun"
FLAG_JUDGEMENT = "judgement-words"

FLAG_HELP = {
    FLAG_HEADLINE: "in the headline: a headline's quotation marks are often the publication's paraphrase",
    FLAG_CAPTION: "in a picture caption",
    FLAG_SCARE: "a word or two quoted inside narration: scare quotes, or the speaker's own word?",
    FLAG_NO_SPEAKER: "no speaker could be attributed",
    FLAG_DUPLICATE: "the same words were already proposed from earlier in the article",
    FLAG_NOT_VERBATIM: "fails the validator's quote check",
    FLAG_PRONOUN: "a pronoun that could mean more than one person named nearby",
    FLAG_JUDGEMENT: "only a grade or a judgement area's name in quotation marks: Ofsted's vocabulary, not a statement",
}

_VERBS = (
    "said|says|say|saying|added|adds|adding|wrote|writes|writing|write|states|stated|stating|state|"
    "told|tells|commented|comments|explained|explains|warned|warns|warning|claimed|claims|claiming|"
    "insisted|insists|argued|argues|concluded|concludes|found|finds|noted|notes|reported|reports|report|"
    "recognised|recognized|admitted|admits|accused|accuses|called|calls|urged|urges|stressed|stresses|"
    "believes|believed|described|describes|labelled|branded|praised|criticised|highlighted|highlights|"
    "declared|announced|responded|replied|continued|continues|acknowledged|acknowledges|confirmed|"
    "confirms|observed|observes|judged|concluding|describing|revealed|reveals|pointed out|went on|argue|argued|"
    "add|state|warn|claim|insist|explain|comment|conclude|note|believe|stress|admit|accept|accepts|accepted|"
    "expressed|highlighting|emphasised|emphasises|maintained|maintains|maintain|agreed|agree|agrees|pledged|pledges|"
    "promised|promises|vowed|vows|dismissed|dismisses|identified|identifies|noting|rated|graded|defines|defined|"
    # tabloid and social-media reporting verbs ("slammed the report as", "tweeted that", "hit back, insisting")
    "slammed|slams|blasted|hit out|hits out|hitting out|hit back|hits back|tweeted|posted|"
    "conceded|concedes|conceding|asked|asking|questioned|questioning|queried|demanded|"
    "suggested|suggests|insisting|welcomed|welcomes|welcoming|hailed|lambasted|condemned|condemns|"
    "blamed|apologised|apologises|predicted|cautioned|remarked|retorted|boasted|accepting|admitting|"
    "arguing|explaining|stressing|urging|accusing|promising|pledging|telling|stating"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
_VERB_START_RE = re.compile(rf"^\W*(?P<verb>{_VERBS})\b")

TITLES = (
    "Councillor",
    "Coun",
    "Cllr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Professor",
    "Prof",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Baroness",
    "Baron",
    "Rev",
    "Reverend",
    "Judge",
    "Inspector",
)
PARTIES = (
    "Labour and Co-operative",
    "Labour Co-op",
    "Labour",
    "Conservative",
    "Conservatives",
    "Tory",
    "Tories",
    "Liberal Democrat",
    "Liberal Democrats",
    "Lib Dem",
    "Lib Dems",
    "Green",
    "Greens",
    "Green Party",
    "Reform UK",
    "Reform",
    "Independent",
    "UKIP",
    "SNP",
    "Plaid Cymru",
)
_PARTY_RE = "|".join(sorted((re.escape(p) for p in PARTIES), key=len, reverse=True))
ROLE_NOUNS = {
    "leader",
    "member",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "councillor",
    "lead",
    "chair",
    "chairman",
    "chairwoman",
    "mayor",
    "minister",
    "secretary",
    "officer",
    "head",
    "manager",
    "commissioner",
    "mp",
    "cabinet",
    "holder",
    "deputy",
    "president",
    "chief",
    "inspector",
    "campaigner",
    "parent",
    "mother",
    "father",
    "headteacher",
    "principal",
    "adviser",
    "advisor",
    "boss",
    "clerk",
    "founder",
    "trustee",
    "governor",
}
#: Capitalised words that end a name or are never part of one.
ORG_WORDS = {
    "Council",
    "Borough",
    "County",
    "City",
    "District",
    "Metropolitan",
    "Street",
    "Road",
    "Lane",
    "Avenue",
    "House",
    "Hall",
    "Group",
    "Party",
    "Department",
    "Trust",
    "Association",
    "Board",
    "Partnership",
    "Authority",
    "Government",
    "Ofsted",
    "Agency",
    "Service",
    "Services",
    "Office",
    "Commission",
    "Committee",
    "Foundation",
    "Charity",
    "School",
    "College",
    "University",
    "Hospital",
    "Police",
    "Court",
    "Unit",
    "Network",
    "Alliance",
    "Union",
    "Society",
    "Centre",
    "Centres",
    # broadcasters and newspapers ("told BBC Radio Brayford", "told the Brayford Echo"): never a person's name
    "Radio",
    "TV",
    "Television",
    "News",
    "Echo",
    "Gazette",
    "Herald",
    "Chronicle",
    "Telegraph",
    "Times",
    "Mirror",
    "Argus",
    "Advertiser",
    "Courier",
    "Sentinel",
    "Journal",
    "Standard",
    "Images",
}
NOT_NAME = {
    "The",
    "A",
    "An",
    "But",
    "And",
    "Or",
    "However",
    "Now",
    "Then",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "For",
    "From",
    "Of",
    "To",
    "With",
    "By",
    "As",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "Earlier",
    "Later",
    "Latest",
    "Last",
    "Next",
    "New",
    "Meanwhile",
    "Also",
    "Yet",
    "So",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Although",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    *MONTHS,
    "Ofsted",
    "Inspectors",
    "Inspector",
    "Labour",
    "Conservative",
    "Conservatives",
    "Tory",
    "Liberal",
    "Democrat",
    "Democrats",
    "Green",
    "Reform",
    "Independent",
    "Leader",
    "Chief",
    "Senior",
    "Children",
    "Picture",
    "Photo",
    "Image",
    "Credit",
    "Subscribe",
    "Sources",
    "Coun",
    "Councillor",
    "Cllr",
    "England",
    "English",
    "Digital",
    "Magazine",
    "Sure",
    "Start",
    "Lib",
    "Dem",
    "Dems",
    "Tories",
    "Libdem",
    "LibDem",
    # quantifiers and page furniture that open a capitalised run ("All Norfolk's nine MPs", "Two London boroughs",
    # "Listen Live")
    "All",
    "Both",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Listen",
    "Watch",
    "Share",
    "More",
    "Live",
}
#: Capitalised words of portfolios and job titles: never part of a person's name ("Cabinet Member for
#: Children, Education and Families Melinda Tilley" names Melinda Tilley).
_PARTY_WORDS = {w for p in PARTIES for w in p.split()}
_TITLE_CASE_ROLE_WORDS = {
    "Families",
    "Family",
    "Education",
    "Schools",
    "Learning",
    "Skills",
    "People",
    "Young",
    "Care",
    "Health",
    "Safeguarding",
    "Social",
    "Adult",
    "Adults",
    "Wellbeing",
    "Housing",
    "Communities",
    "Resources",
    "Finance",
    "Lifelong",
    "Member",
    "Portfolio",
    "Holder",
    "Cabinet",
    "Director",
    "Executive",
    "Corporate",
    "Strategic",
    "Interim",
    "Assistant",
    "Deputy",
    "Shadow",
    "Opposition",
    "Ward",
    "Leadership",
    "Political",
    "Management",
    "Governance",
    "Scrutiny",
    "Select",
    "Vice",
    "Chair",
    "Chairman",
    "Chairwoman",
    # the compass and size words of place names ("Great Yarmouth", "North Tyneside"); after a title and a first
    # name they are surnames (_SURNAME_WORDS: "Cllr Jo West")
    "North",
    "South",
    "East",
    "West",
    "Great",
    "Greater",
    "Upper",
    "Lower",
    "Central",
    # posts written in title case before a name ("Education Secretary Gillian Keegan", "Prime Minister Rishi Sunak")
    "Secretary",
    "Minister",
    "Prime",
    "Commissioner",
    "Chancellor",
    "President",
    "Mayor",
    "Officer",
    "Manager",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Inspector",
    # the vocabulary of children's services, capitalised as a service's name ("Early Help", "Youth Justice")
    "Early",
    "Help",
    "Youth",
    "Justice",
    "Special",
    "Educational",
    "Needs",
    "Front",
    "Door",
    "Hub",
    "Hubs",
    "Leaving",
    "Looked",
    "Parenting",
    "Improvement",
    "Protection",
    "Disabilities",
    "Fostering",
    "Adoption",
    "Residential",
}
_CONJ_RE = re.compile(
    r"^(?:(?:but|and|yet|so|now|then|however|meanwhile|also|in response|in reply|responding|instead|"
    r"separately|later|earlier|today|yesterday|last week|this week)\b[\s,]*)+",
    re.IGNORECASE,
)
_PREPOSITIONS = {
    "from",
    "to",
    "with",
    "by",
    "for",
    "about",
    "against",
    "over",
    "on",
    "at",
    "into",
    "after",
    "before",
    "between",
    "in",
    "under",
    "towards",
    "toward",
    "than",
    "like",
    "past",
    "behind",
    "beside",
    "alongside",
    "among",
    "amid",
    "around",
    "across",
    "through",
    "without",
    "within",
    "via",
    "near",
    "despite",
    "including",
    "replaced",
    "succeeded",
    "incumbent",
}
_ABBREVIATIONS = {
    "Coun",
    "Cllr",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "No",
    "Prof",
    "Rev",
    "Sgt",
    "Insp",
    "vs",
    "etc",
    "eg",
    "ie",
    "Co",
    "Ltd",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
}

# Ofsted as a speaker: the inspectorate, its inspectors, its report, its letter, its findings.
_OFSTED_NP_RE = re.compile(
    r"\b(?:ofsted|(?:the )?inspectorate|inspectors?|(?:the |this |its |a |ofsted['’]s )?(?:report|letter|findings|"
    r"watchdog|(?:education )?regulator|judgement|inspection)|(?:the |its )?(?:first|opening|final|last|closing|"
    r"concluding) (?:paragraph|section|sentence|page))\b",
    re.IGNORECASE,
)
_PLURAL_OFSTED_RE = re.compile(r"\binspectors\b", re.IGNORECASE)
_COUNCIL_NAME_RE = re.compile(
    r"\b(?:(?:[A-Z][a-z]+, (?=(?:[A-Z][a-z]+, )*[A-Z][a-z]+ (?:and|&) ))*"
    r"[A-Z][a-z]+(?:[ -](?:and|&|upon|on|of|[A-Z][a-z]+))*) (?:Metropolitan Borough |Borough |County |City |"
    r"District |Royal Borough )?Council\b"
)
_COUNCIL_NP_RE = re.compile(r"\b(?:the )?(?:council|authority|local authority)\b", re.IGNORECASE)
#: an acronym, also with lower-case letters inside ("NSPCC", "DfE", "DfES"), not a "Mc"/"Mac" surname
_ACRONYM = r"(?!Ma?c[A-Z])[A-Z][a-z]?[A-Z][A-Za-z]{0,3}"
#: a capitalised word, with a possessive inside a name ("Association of Directors of Children's Services")
_ORG_WORD = r"[A-Z][a-z]+(?:['’]s(?=\s+[A-Z]))?"
_ORG_RUN_RE = re.compile(
    rf"\b(?:{_ACRONYM}|{_ORG_WORD}|[A-Z]{{2,6}})(?:\s+(?:(?:of|for|and|the|on|in)\s+)?(?:{_ACRONYM}|{_ORG_WORD}|[A-Z]{{2,6}}))*\b"
)
_PLACE_WORDS = {"Street", "Road", "Lane", "Avenue", "Hall", "House", "Centre", "Centres"}
#: Words that end a name run elsewhere but are common English surnames after a title and a first name
#: ("Cllr Jeff Green", "Councillor Ruth Lane", "Mr Tom Young")
_SURNAME_WORDS = _PLACE_WORDS | {"Green", "Young", "Ward", "North", "South", "East", "West"}
#: a party word used as a group, not as a person's surname ("the Green group", "Green councillors")
_GROUP_AFTER_RE = re.compile(
    r"\s+(?:group|party|councillors?|members?|candidates?|vote|voters|leader|spokes\w+)\b", re.IGNORECASE
)


_GROUP_PREFIX_RE = re.compile(
    r"^.*\b(?:Group|Party|Groups|Opposition|Leader|Members?|Councillors?|Cabinet|Chair)\s+"
    r"(?:on|of|at|for|in)\s+(?:the\s+)?"
)


def _council_proper(name: str) -> str:
    """``Conservative Group on Northshire Council`` → ``Northshire Council``."""
    name = _GROUP_PREFIX_RE.sub("", name)
    return re.sub(r"^(?:The|A|An|In|At|By|Of|For|From|To|And|But|Leader|Labour|Conservative|Tory)\s+", "", name)


def _org_name(phrase: str, initial_acronym: bool = False) -> str:
    """The first capitalised name in ``phrase`` that names a body: it holds a word such as
    Council, Department or Trust (``Department for Education``), or is an acronym (``NSPCC``)."""
    for m in _ORG_RUN_RE.finditer(phrase):
        words = m.group(0).split()
        if any(w in ORG_WORDS - _PLACE_WORDS for w in words) or (
            len(words) == 1 and re.fullmatch(_ACRONYM, words[0]) and (m.start() > 0 or initial_acronym)
        ):
            if not re.fullmatch(_PARTY_RE, m.group(0)):
                return re.sub(r"^(?:The)\s+", "", m.group(0))
    return ""


_NAME_TOKEN = r"(?:Mc|Mac|O['’]|D['’]|[A-Z][a-z](?=[A-Z][a-z]))?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_TITLE_RE = r"(?:" + "|".join(TITLES) + r")\.?"
#: a run of capitalised words, with a surname's particle inside ("Dame Rachel de Souza", "Anna van der Berg")
#: (never across a blank line: "… Pic by Laura Spargo" then a paragraph opening "Lambeth council …")
_NAME_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_CAP_RUN_RE = re.compile(
    rf"\b{_NAME_TOKEN}(?:{_NAME_GAP}(?:(?:de|da|di|du|van|von|der|den|ter){_NAME_GAP}){{0,2}}{_NAME_TOKEN})*\b"
)
_POSSESSIVE_RE = re.compile(r"^['’]s?\b")

MASK = "\x00"

# patterns used once per name or quotation, compiled once (the rules run on long articles)
_TOKEN_RE = re.compile(r"\S+")
_CLAUSE_RE = re.compile(r"^.*(?:\b(?:but|while|whereas|although|though|yet)\s+|[,;]\s+and\s+)", re.DOTALL)
_ACCORDING_TO_RE = re.compile(r"\baccording to\b[^.;:!?" + MASK + r"]{0,80}$", re.IGNORECASE)
_TITLE_BEFORE_RE = re.compile(rf"\b{_TITLE_RE}\s+$")
_IN_BRACKET_RE = re.compile(r"\([^()]{0,40}[,;/-]\s*$")
_BRACKET_OPEN_RE = re.compile(rf"\(\s*(?:{_PARTY_RE}|Cons?|Lab|LD|Grn|Ind)?\s*$")
_TITLE_GROUP_BEFORE_RE = re.compile(rf"({_TITLE_RE})\s+$")
_OPENING_ADVERB_RE = re.compile(r"^(?:In response|In reply|Now|Meanwhile|However)\s*,\s*")
_THAT_RE = re.compile(r"\bthat\b")
_SENTENCE_STOP_RE = re.compile(r"[.!?](?:\s|$)|\n|" + MASK)
#: a pronoun that refers back to the sentence's subject: he/she, his, her as a possessive ("said her team"), not
#: an object ("backed him", "thanked her"), which means someone else
_SHE_RE = re.compile(
    r"\b(?:she|herself|her(?=\s+(?!(?:and|to|that|as|the|a|an|on|in|for|at|with|by|from|over|after|about)\b)[a-z]))\b",
    re.IGNORECASE,
)
_HE_RE = re.compile(r"\b(?:he|his|himself)\b", re.IGNORECASE)
_WORD_OR_STOP_RE = re.compile(r"[\w’']+|[,.;:" + MASK + "]")
_APPOSITIVE_RE = re.compile(r"^,\s*([^,.;:" + MASK + r"]{3,120}?)(?:[,.;:" + MASK + r"]|\s+(?:who|which)\s|$)")
_PARTY_START_RE = re.compile(rf"^(?:[Tt]he |[Aa]n? )?(?:{_PARTY_RE})\b")
_RELATIVE_RE = re.compile(r"^(?:who|which|that)\b")
_TITLE_END_RE = re.compile(rf"{_TITLE_RE}\s*$")
_WORD_OR_MARK_RE = re.compile(r"[\w’'-]+|[^\w\s’'-]")
_WORDISH_RE = re.compile(r"[\w’'-]")
_PARTY_POSS_RE = re.compile(rf"(?:{_PARTY_RE})(?:['’]s)?")
_PARTY_PHRASE_RE = re.compile(rf"(?:(?:the|a)\s+)?(?:{_PARTY_RE})(?:['’]s)?")
#: How far before and after a quotation its attribution is looked for (characters).
LOOKBACK = 300


# ---------------------------------------------------------------- results


@dataclass
class Speaker:
    name: str
    kind: str  # "person" or "body"
    role: str = ""
    party: str = ""
    organisation: str = ""


@dataclass
class Proposal:
    """One proposed statement row, with how it was found and what needs a look."""

    quote: str
    speaker: str = ""
    speaker_role: str = ""
    speaker_organisation: str = ""
    speaker_party: str = ""
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    paragraph: int = 0  # 1-based paragraph number in the article
    start: int = 0  # character offsets of the quote's words in the article
    end: int = 0
    problem: Optional[str] = None  # the validator's objection, when there is one

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class _Quote:
    para: int
    start: int  # absolute offsets of the words (without marks)
    end: int
    open_at: int  # absolute offset of the opening mark
    close_at: Optional[int]  # absolute offset of the closing mark, None when left open
    words: str = ""
    tail: str = ""  # attribution cut off an unclosed quotation
    speaker: Optional[Speaker] = None
    reason: str = ""
    flags: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    start: int
    end: int
    key: str  # the person's full name (as first used) or the body's name
    kind: str  # person | body
    plural: bool = False
    document: bool = False
    eligible: bool = True  # may be the antecedent of a pronoun
    subject: bool = False  # heads its sentence (``But council leader David Renard yesterday dismissed…``)
    gender: str = ""  # "f" / "m" when the title tells
    cue: str = ""  # "f" / "m" when he/she later in the sentence tells (weaker than a title or a first name)
    role: str = ""
    party: str = ""
    organisation: str = ""
    surface: str = ""
    author_person: bool = False  # a paper (motion, notice) whose author, ``key``, is a person


# ---------------------------------------------------------------- paragraphs and quotation marks


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, blank) of each line."""
    lines, pos = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n")), line.strip() == ""))
        pos += len(line)
    return lines


def _hard_wrapped(lines: list[tuple[int, int, bool]]) -> bool:
    """Every line short, blank lines between paragraphs: a line break inside a paragraph is only wrapping."""
    nonblank = [(s, e) for s, e, blank in lines if not blank]
    return len(nonblank) > 3 and max(e - s for s, e in nonblank) <= 100 and any(b for *_, b in lines)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph. Blank lines separate paragraphs; when every line is
    short and none is blank the text is hard-wrapped and lines join, otherwise (as in the
    seed articles) a single line break also ends a paragraph."""
    lines = _lines(text)
    wrapped = _hard_wrapped(lines)
    paras: list[tuple[int, int]] = []
    current: Optional[list[int]] = None
    for s, e, blank in lines:
        if blank:
            if current:
                paras.append((current[0], current[1]))
            current = None
        elif current is None or not wrapped:
            if current:
                paras.append((current[0], current[1]))
            current = [s, e]
        else:
            current[1] = e
    if current:
        paras.append((current[0], current[1]))
    return paras


_DOUBLES = '"“”„‟«»'
_SINGLE_OPENERS = "'‘‚‛"
_SINGLE_CLOSERS = "'’"
_OPEN_BEFORE = " \t\n([{—–-/" + MASK


def _is_opening(p: str, i: int) -> bool:
    c = p[i]
    before = p[i - 1] if i > 0 else " "
    after = p[i + 1] if i + 1 < len(p) else " "
    if after.isspace():
        return False
    if c in _DOUBLES:
        return (
            (c in "“„«" and not before.isalnum())
            or before in _OPEN_BEFORE
            or before in _DOUBLES + "‘'"
            or (c == '"' and _glued(p, i))
        )
    if c in _SINGLE_OPENERS:
        return (before in _OPEN_BEFORE or before in _DOUBLES) and (after.isalnum() or after in _DOUBLES)
    return False


def _glued(p: str, i: int) -> bool:
    """A straight double mark between a letter and a capital (``Hide Ad"I'm proud``, ``"unfair"Portfolio``):
    scraped page furniture glued to it; it closes an open quotation, or else opens one. A curly closing mark
    or a straight one after a sentence's end glued to a capital (``…our children”The council``,
    ``…so effective."Councillor Mrs``) closes: a caption or pull quote run into the text."""
    if not (0 < i < len(p) - 1 and p[i + 1].isupper()):
        return False
    if p[i] == "”":
        return p[i - 1].isalnum() or p[i - 1] in ".!?,"
    return p[i] == '"' and (p[i - 1].isalpha() or p[i - 1] in ".!?")


def _is_closing(p: str, i: int, single: bool) -> bool:
    c = p[i]
    before = p[i - 1] if i > 0 else " "
    after = p[i + 1] if i + 1 < len(p) else " "
    if before.isspace():
        return False
    if single:
        return c in _SINGLE_CLOSERS and not after.isalnum()
    return c in _DOUBLES and (not after.isalnum() or _glued(p, i))


def _possessive_plural(p: str, i: int) -> bool:
    """``parents' views``: an apostrophe after s, followed by a lowercase word."""
    return p[i - 1 : i] == "s" and re.match(r"\s[a-z]", p[i + 1 : i + 3]) is not None


_ANY_MARK_RE = re.compile("[" + re.escape(_DOUBLES + _SINGLE_OPENERS + _SINGLE_CLOSERS) + "]")
_SINGLE_MARK_RE = re.compile("[" + re.escape(_SINGLE_OPENERS + _SINGLE_CLOSERS) + "]")
_DOUBLE_MARK_RE = re.compile("[" + re.escape(_DOUBLES) + "]")
#: How far a single-mark quotation is looked for its closing mark (characters); beyond, it is
#: read as left open (or as an apostrophe), so one paragraph of apostrophes costs its length, not its square.
SINGLE_SPAN = 5000
#: two single closing marks printed for one double (``…for our children.’’``)
_PAIR_CLOSE_RE = re.compile(r"(?<=\S)(?:’’|'')(?!\w)")


def _find_quotes(p: str, offset: int, para: int) -> list[_Quote]:
    """Top-level quotations of one paragraph ``p`` starting at ``offset`` in the article.
    The scan jumps from one quotation mark to the next (a regular expression finds them)."""
    quotes = []
    singles = [
        k
        for k in (m.start() for m in _SINGLE_MARK_RE.finditer(p))
        if p[k] in _SINGLE_CLOSERS and _is_closing(p, k, True)
    ]
    last_single_close = singles[-1] if singles else -1
    last_double = max(p.rfind(c) for c in '"“”')
    first_char = len(p) - len(p.lstrip())
    mark = _ANY_MARK_RE.search(p)
    while mark:
        i = mark.start()
        if not _is_opening(p, i):
            mark = _ANY_MARK_RE.search(p, i + 1)
            continue
        single = p[i] in _SINGLE_OPENERS
        depth, close = 0, None
        limit = min(len(p), last_single_close + 1, i + SINGLE_SPAN) if single else len(p)
        inner = (_SINGLE_MARK_RE if single else _DOUBLE_MARK_RE).search(p, i + 1, limit)
        while inner:
            j = inner.start()
            c = p[j]
            if single:
                if c in _SINGLE_OPENERS and _is_opening(p, j):
                    depth += 1
                elif c in _SINGLE_CLOSERS and _is_closing(p, j, True):
                    if depth:
                        depth -= 1
                    elif not (_possessive_plural(p, j) and last_single_close > j):
                        close = j
                        break
            else:
                opening, closing = _is_opening(p, j), _is_closing(p, j, False)
                if closing and (not opening or depth or _glued(p, j)):
                    if depth:
                        depth -= 1
                    else:
                        close = j
                        break
                elif opening:
                    depth += 1
            inner = (_SINGLE_MARK_RE if single else _DOUBLE_MARK_RE).search(p, j + 1, limit)
        starts_speech = i == first_char or p[max(0, i - 20) : i].rstrip().endswith((":", ","))
        nested_pairs = i == first_char and sum(p.count(c, i) for c in '"“”') % 2 == 0
        if single and close is None and not (starts_speech and (last_double < i or nested_pairs)):
            # a single mark opening a paragraph stays open to its end, double-quoted pairs inside it nested
            mark = _ANY_MARK_RE.search(p, i + 1)  # an unmatched single mark inside a sentence is an apostrophe
            continue
        end = close if close is not None else len(p.rstrip())
        pair = None if single else _PAIR_CLOSE_RE.search(p, i + 1, end + 1)
        if pair and not _DOUBLE_MARK_RE.search(p, i + 1, pair.start()):
            end, close = pair.start(), pair.start() + 1  # ``…for Trafford’s children.’’``: two single marks for one
        quotes.append(
            _Quote(para, offset + i + 1, offset + end, offset + i, offset + close if close is not None else None)
        )
        mark = _ANY_MARK_RE.search(p, end + 1)
    return quotes


# ---------------------------------------------------------------- sentences


def _sentence_starts(masked: str, start: int, end: int) -> list[int]:
    """Absolute offsets where a sentence starts inside the paragraph [start, end)."""
    starts = [start]
    for m in re.finditer(r"[.!?][\"”’')]?(\s+)(?=[A-Z0-9\"“‘'" + MASK + "])", masked[start:end]):
        dot = start + m.start()
        word = re.search(r"(\w+)$", masked[max(start, dot - 40) : dot])
        if word and (word.group(1) in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        starts.append(start + m.end())
    return starts


# ---------------------------------------------------------------- descriptions of people


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace(MASK, " ")).strip(" ,;:")


_PARTY_WORD_RE = re.compile(rf"\b(?:{_PARTY_RE})\b")
#: "Conservative-run Kettlebridge", "the Labour-led council", "Tory-controlled Westshire County Council". Not "the
#: Conservative administration" (the curated seed rows leave that council leader's party empty: it may be a
#: coalition's or a past administration)
_RULING_RE = re.compile(
    rf"\b(?P<p>{_PARTY_RE})[- ](?:run|led|controlled)\b"
    # "which is run by the Conservatives", "under Labour control", "the ruling Liberal Democrat group"
    rf"|\b(?:run|controlled)\s+by\s+(?:the\s+)?(?P<by>{_PARTY_RE})\b"
    rf"|\bunder\s+(?P<under>{_PARTY_RE})\s+control\b"
    # "since Labour took over (from …)", "after the Conservatives took control of the council"
    rf"|\b(?:since|after|when|before)\s+(?:the\s+)?(?P<took>{_PARTY_RE})\s+(?:took|won|gained|seized)\s+"
    r"(?:over|control)\b"
    rf"|\bruling\s+(?P<ruling>{_PARTY_RE})\b"
    # "The Conservatives, who run Pinewood Council,"
    rf"|\b(?P<who>{_PARTY_RE}),?\s+who\s+(?:run|control|lead)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,4}}"
    r"(?:[Cc]ouncil|authority)\b"
)
#: "the Party's Shadow Cabinet Member for Children, Learning and Skills": a title-case role after "the Party's"
_THE_PARTYS_ROLE_RE = re.compile(
    r"\b[Tt]he\s+Party['’]s\s+(?P<role>[A-Z][\w-]*(?:(?:\s+|,\s*)(?:[A-Z][\w-]*|for|of|and))*)"
)
#: posts in a council's administration
_ADMINISTRATION_ROLE_RE = re.compile(
    r"\b(?:council leader|leader of (?:the )?(?:[\w -]+ )?council|cabinet member|portfolio holder|executive member|"
    r"lead member|deputy leader of (?:the )?council|cabinet lead)\b"
)


def _party_name(word: str) -> str:
    """A party as its group is named: "Tories", "Conservatives" → "Conservative", "Lib Dems" → "Liberal Democrat"."""
    party = next((p for p in PARTIES if p.lower() == word.lower()), word)
    return _PARTY_NAMES.get(party.lower(), party)


#: a party named as a group of councillors: "the Green group", "Labour councillors", "the largest opposition group -
#: the Liberal Democrats", "a motion from the Tories" (a plural name is the group, a singular one may be a person's)
_PARTY_AS_GROUP_RE = re.compile(
    # not "Conservative group leader Cllr A": a post of someone else, who may lead another group than the next one
    rf"\b(?P<p>{_PARTY_RE})\s+(?:group|opposition|councillors|members|benches)\b"
    r"(?!['’]?s?\s+(?:deputy\s+)?(?:leader|spokes\w+|member|whip|chair\w*|deputy)\b)"
    rf"|\bgroup\s*[-–—,(]\s*(?:the\s+)?(?P<q>{_PARTY_RE})\b"
    r"|\b(?P<plural>Liberal Democrats|Lib Dems|Conservatives|Tories|Greens|Independents)\b"
    r"(?!['’]|\s+(?:group\s+)?(?:deputy\s+)?(?:leader|spokes\w+|whip|chair\w*)\b)"
)
#: a party's single-holder post named without its holder: "Tower Hamlets' Labour Mayor of failing", "the Conservative
#: leader of Hollybank Council has apologised"; not "the former Labour mayor", not "Labour Mayor John Biggs"
_PARTY_POST_RE = re.compile(
    rf"(?<!former )(?<!ex-)(?<!previous )\b(?P<p>{_PARTY_RE})\s+(?P<post>(?:elected\s+)?[Mm]ayor|[Cc]ouncil\s+[Ll]eader|"
    r"[Ll]eader\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,4}[Cc]ouncil)\b"
    r"(?![ \t]+(?:Cllr|Councillor|Coun|Mr|Mrs|Ms|Dr|Sir|Dame|[A-Z][a-z]+[ \t]+[A-Z]))"
)


def _post_key(post: str) -> str:
    """One name for each single-holder post: "Mayor", "elected mayor" → "mayor"; "Council leader", "leader of
    Hollybank Council", "leader of the council" → "leader of the council"; else the words as they are."""
    low = re.sub(r"\s+", " ", post.lower().strip())
    low = re.sub(r"^(?:the|elected|directly elected) ", "", low)
    if low == "mayor":
        return "mayor"
    if low == "council leader" or re.fullmatch(r"leader of (?:the )?(?:[\w-]+ ){0,4}council", low):
        return "leader of the council"
    return low


#: a post in a party's group, named without the party ("group leader", "deputy group leader", "the group's whip")
_GROUP_POST_RE = re.compile(
    r"\bgroup(?:['’]s)?\s+(?:[\w-]+\s+)?(?:leader|spokes\w+|whip|chair\w*|secretary)\b|"
    r"\b(?:leader|spokes\w+|whip|chair\w*) of the group\b",
    re.IGNORECASE,
)


_RULED_PREFIX_RE = re.compile(rf"^(?:{_PARTY_RE})[- ](?:run|led|controlled)\s+")
_LOWER_COUNCIL_RE = re.compile(
    r"\b((?!(?:The|A|This|That|Our|Their|County|City|Borough|District)\b)[A-Z][a-z]+"
    r"(?:[ -][A-Z][a-z]+)*) council\b"
)


class _Article:
    def __init__(self, text: str, narration: str = ""):
        self.text = text
        self.narration = narration or text  # the text with its quotations masked: what the writer says
        #: what ends a paragraph: a blank line in hard-wrapped text, else any line break
        self.paragraph_break = "\n\n" if _hard_wrapped(_lines(text)) else "\n"
        self.council = self._council_name()
        self.mentions_ofsted = re.search(r"\bOfsted\b", text, re.IGNORECASE) is not None

    @cached_property
    def lower_words(self) -> set[str]:
        """The words the article writes in lower case: a capitalised run made only of them is not a name."""
        return set(re.findall(r"\b[a-z][a-z’'-]+\b", self.text))

    @cached_property
    def places(self) -> set[str]:
        """The places the article's councils are named for ("Milton Keynes" of "Milton Keynes Council"): a run of
        capitalised words that is one of them names the place, not a person."""
        return {
            re.sub(
                r"\s+(?:Metropolitan\s+)?(?:Royal\s+)?(?:Borough|County|City|District)$",
                "",
                _council_proper(m.group(0))[: -len(" Council")],
            )
            for m in _COUNCIL_NAME_RE.finditer(self.text)
        }

    @cached_property
    def ruling_party(self) -> str:
        """The party that runs the council, when the narration says so and names only one ("Conservative-run
        Kettlebridge", "the Labour-led council"): its leader and cabinet are of it."""
        found = {_party_name(next(g for g in m.groups() if g)) for m in _RULING_RE.finditer(self.narration)}
        return found.pop() if len(found) == 1 else ""

    @cached_property
    def party_roles(self) -> dict[str, str]:
        """Roles stated as a party's ("the Party's Shadow Cabinet Member for Children"), with the party last
        named before the phrase: a person given that role later is of that party."""
        roles = {}
        for m in _THE_PARTYS_ROLE_RE.finditer(self.narration):
            party = self.party_before(m.start())
            if party:
                roles[m.group("role").lower()] = party
        return roles

    @cached_property
    def party_posts(self) -> dict[str, str]:
        """Posts one person holds, stated with a party but no name ("Tower Hamlets' Labour Mayor has been accused",
        "the Conservative leader of the council"): whoever the article names in that post is of that party. A post
        stated with two parties (a former holder's) gives none."""
        posts: dict[str, set[str]] = {}
        for m in _PARTY_POST_RE.finditer(self.narration):
            posts.setdefault(_post_key(m.group("post")), set()).add(_party_name(m.group("p")))
        return {post: parties.pop() for post, parties in posts.items() if len(parties) == 1}

    def party_before(self, at: int) -> str:
        """The party last named in the narration before ``at`` (what "the Party" refers to)."""
        last = None
        for last in _PARTY_WORD_RE.finditer(self.narration, max(0, at - 600), at):
            pass
        return _party_name(last.group(0)) if last else ""

    def group_party_before(self, at: int) -> str:
        """The party last named as a group before ``at`` ("the Green group", "the largest opposition group - the
        Liberal Democrats -", "a motion from the Tories"): whose group a bare "group leader" leads."""
        last = None
        for last in _PARTY_AS_GROUP_RE.finditer(self.narration, max(0, at - 1200), at):
            pass
        return _party_name(last.group("p") or last.group("q") or last.group("plural")) if last else ""

    def full_name(self, name: str) -> str:
        """A group's name as the article writes it in full elsewhere ("Alliance" → "People's Alliance")."""
        longest = name
        for m in re.finditer(r"\b[Tt]he\s+((?:[A-Z][\w’'-]*\s+){1,3}" + re.escape(name) + r")\b", self.narration):
            longest = max(longest, m.group(1), key=len)
        return longest

    def party_of_role(self, role: str, organisation: str) -> str:
        """The party a role implies in this article: one stated as a party's, or the ruling party's for a post
        in the council's administration (leader of the council, cabinet or portfolio member, not the opposition)."""
        low = role.lower()
        if self.party_posts and self.party_posts.get(_post_key(low)):
            return self.party_posts[_post_key(low)]
        if self.ruling_party and low in ("leader", "deputy leader") and organisation and organisation == self.council:
            return self.ruling_party  # "The council's leader, Cllr Max Nash" of "the Lib Dem-led council"
        core = re.split(r",|\s+and\s+", low)[0]
        for stated, party in self.party_roles.items():
            if len(core.split()) >= 3 and core == re.split(r",|\s+and\s+", stated)[0]:
                return party  # the same post, however much of its portfolio each mention spells out
        if (
            self.ruling_party
            and _ADMINISTRATION_ROLE_RE.search(low)
            and not re.search(r"\b(?:opposition|shadow|group)\b", low)
            and (organisation in ("", self.council) or "council" in low)
        ):
            return self.ruling_party
        return ""

    def _council_name(self) -> str:
        names = [m.group(0) for m in _COUNCIL_NAME_RE.finditer(self.text)]
        shout = re.search(
            r"\b([A-Z]{3,}(?:[ -][A-Z]{3,})*) ((?:Metropolitan Borough|Borough|County|City|District) Council)\b",
            self.text,
        )
        if shout and shout.group(2) in names:  # a lede in capitals: "HERTFORDSHIRE County Council has been slammed"
            names[names.index(shout.group(2))] = f"{shout.group(1).title()} {shout.group(2)}"
        formal = [n for n in names if re.search(r"(Borough|County|City|District) Council$", n)]
        chosen = (formal or names or [""])[0]
        if not chosen:  # "Lambeth council have been called on …": a place before a lower-case "council"
            m = _LOWER_COUNCIL_RE.search(self.text)
            return f"{m.group(1)} Council" if m else ""
        return _council_proper(chosen)

    def org_of(self, phrase: str, initial_acronym: bool = False) -> str:
        """The organisation a phrase names, or ''."""
        phrase = _clean(phrase)
        if not phrase:
            return ""
        m = _COUNCIL_NAME_RE.search(phrase)
        if m:
            return _council_proper(m.group(0))
        if re.search(r"\bofsted\b|\binspectorate\b", phrase, re.IGNORECASE):
            return OFSTED
        if _COUNCIL_NP_RE.search(phrase) and self.council:
            return self.council
        return self.spelt_out(_org_name(phrase, initial_acronym))

    def spelt_out(self, name: str) -> str:
        """An acronym as the article spells it out elsewhere ("DfE" → "Department for Education", "NSPCC" → "National
        Society for the Prevention of Cruelty to Children"), else as it is."""
        return self._spelt_out.get(name.lower(), name) if re.fullmatch(_ACRONYM, name) else name

    @cached_property
    def _spelt_out(self) -> dict[str, str]:
        """Initials → the first multi-word name with them (all words' initials, or the capitalised words' only)."""
        names: dict[str, str] = {}
        for m in _ORG_RUN_RE.finditer(self.narration):
            words = m.group(0).split()
            words = words[1:] if words[0] == "The" else words
            if len(words) > 1:
                name = " ".join(words)
                names.setdefault("".join(w[0] for w in words).lower(), name)
                names.setdefault("".join(w[0] for w in words if w[0].isupper()).lower(), name)
        return names

    def parse_description(self, desc: str) -> tuple[str, str, str]:
        """(role, party, organisation) from an article's description of a person."""
        d = _clean(desc)
        d = re.sub(r"^(?:the|a|an|as|as the|as a)\s+", "", d, flags=re.IGNORECASE)
        d = re.sub(r"^(?:the|a|an)\s+", "", d, flags=re.IGNORECASE)
        role, party, org = d, "", ""
        the_party = re.match(r"^Party['’]s\s+", d)
        if the_party:  # "the Party's spokesperson for education": the party the article named before (THE_PARTY)
            return d[the_party.end() :], THE_PARTY, ""
        m = re.match(rf"^({_PARTY_RE})(['’]s?)?(?:\s+(.*))?$", d)  # "Labour's", "the Liberal Democrats'"
        if m:
            party = m.group(1)
            rest = m.group(3) or ""
            if m.group(2):  # "Labour's spokesman for ...": the party's own title, kept as written
                role = d if rest else ""
            else:  # "the Conservative cabinet member for ...", "Labour councillor"
                role = rest
        m = re.match(r"^(.+?)['’]s\s+(.+)$", role)
        if m and not party:
            # "Labour-run Pinewood's deputy leader": the place a council is named for owns the post
            place = _RULED_PREFIX_RE.sub("", m.group(1))
            owner = self.council if place in self.places else self.org_of(m.group(1), initial_acronym=True)
            if owner:
                org, role = owner, m.group(2)
        m = re.match(r"^(.+?)\s+at\s+(.+)$", role)
        if m and any(w in m.group(1).lower().split() for w in ROLE_NOUNS):
            org = org or self.org_of(m.group(2))
            role = m.group(1)
        group = re.search(
            rf"\b({_PARTY_RE})\s+(?:group|party|opposition|councillors?|"
            rf"(?:{'|'.join(sorted(ROLE_NOUNS))})\b)",
            role,
            re.IGNORECASE,
        )
        if group and not party:  # "Leader of the Conservative Group on …"
            party = next(p for p in PARTIES if p.lower() == group.group(1).lower())
        local = re.search(
            r"\b(?:of|for)\s+(?:the\s+)?(?:[A-Z][a-z]+(?:['’]s)?\s+){0,3}(Conservatives|Liberal Democrats|Lib Dems|"
            r"Greens|Tories|Independents|Labour|Reform UK)\b(?!['’])",
            role,
        )
        if local and not party:  # "the Leader of Sunderland Conservatives": the local party he leads
            party = _party_name(local.group(1))
        named = _COUNCIL_NAME_RE.search(role)
        if named and not org and named.start() > 0:  # "… Group on Northshire Council": the council, not the group
            org = _council_proper(named.group(0))
            cut = named.end() - len(org)
            role = re.sub(r"\s+(?:on|of|at|for|in)(?:\s+the)?\s*$", "", role[:cut] + role[named.end() :]).strip()
        if not org and re.search(r"\b(?:council|authority|cabinet)\b", role, re.IGNORECASE):
            org = self.council
        named = _COUNCIL_NAME_RE.match(role) or re.match(r"^(?:" + re.escape(_org_name(role) or "\x01") + r")\b", role)
        if (
            named and len(named.group(0).split()) > 1 and role[named.end() :].strip()
        ):  # "Westford Borough Council leader"
            org = org or named.group(0)
            role = role[named.end() :]
        return role.strip(), party, org


def _has_role_noun(s: str) -> bool:
    return any(w.strip("’'").lower() in ROLE_NOUNS for w in re.findall(r"[A-Za-z’']+", s))


_ROLE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:leader|member|councillor|director|mayor|spokes(?:man|woman|person)|chair(?:man|woman)?|holder)\s+$"
)


def _person_mentions(art: _Article, masked: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    people: dict[str, str] = {}  # surname → full name first used
    known: set[str] = set()  # the full names in ``people``
    title_re = re.compile(rf"^{_TITLE_RE}$")
    for m in _CAP_RUN_RE.finditer(masked):
        tokens = [(t.group(0), m.start() + t.start(), m.start() + t.end()) for t in _TOKEN_RE.finditer(m.group(0))]
        # split the run where a non-name word sits, keep the pieces
        pieces, cur = [], []
        titled_run = bool(tokens) and (
            title_re.match(tokens[0][0].rstrip(".")) is not None
            or _TITLE_BEFORE_RE.search(masked[max(0, m.start() - 12) : m.start()]) is not None
            or _ROLE_NOUN_BEFORE_RE.search(masked, max(0, m.start() - 24), m.start()) is not None
        )  # "Council leader Andy West": a post before the name is a title too
        for i, tok in enumerate(tokens):
            if (
                tok[0] in _SURNAME_WORDS
                and titled_run
                and cur
                and len(cur) <= 2
                and (i + 1 == len(tokens) or tokens[i + 1][0] not in ORG_WORDS)
            ):
                cur.append(tok)  # "Councillor Ruth Lane", "Cllr Jeff Green": after a title, a surname
                continue
            if (
                tok[0] in _SURNAME_WORDS
                and len(cur) == 1
                and i + 1 == len(tokens)
                and cur[0][0] in _first_name_genders()
            ):
                cur.append(tok)  # "Rachel Ward, who chairs …": after a first name, a surname
                continue
            if (
                tok[0] in _SURNAME_WORDS
                and len(tokens) == 1
                and people.get(tok[0], "").endswith(" " + tok[0])
                and not _GROUP_AFTER_RE.match(masked, tok[2])
            ):
                cur.append(tok)  # "Green added:": the surname of someone already named with a title
                continue
            if i and title_re.match(tok[0].rstrip(".")) and cur:
                pieces.append((cur, False))  # "Addressing Cllr Smith": a title starts a new name
                cur = [tok]
                continue
            if tok[0] in ORG_WORDS or (
                (tok[0] in NOT_NAME or tok[0] in _TITLE_CASE_ROLE_WORDS) and not title_re.match(tok[0])
            ):
                if cur:
                    pieces.append((cur, tok[0] in ORG_WORDS))
                cur = []
                if tok[0] in ORG_WORDS:
                    pieces.append(([], True))
                continue
            cur.append(tok)
        if cur:
            pieces.append((cur, False))
        for index, (piece, _) in enumerate(pieces):
            if not piece:
                continue
            # an org word right after this piece means it names a place or body ("Swindon Borough Council")
            if index + 1 < len(pieces) and not pieces[index + 1][0] and pieces[index + 1][1]:
                continue
            titled = bool(title_re.match(piece[0][0]) or title_re.match(piece[0][0].rstrip(".")))
            names = piece[1:] if titled else piece
            # a title can also stand just before the run ("Coun Renard" is found as one run; "Cllr. X" too)
            before = masked[max(0, piece[0][1] - 12) : piece[0][1]]
            if not titled and _TITLE_BEFORE_RE.search(before):
                titled = True
            if (
                not names
                or len([n for n in names if n[0][:1].isupper()]) > 3
                or (not titled and len(names) < 2 and names[0][0] not in people)
            ):
                continue
            if names[-1][1] < len(masked) and masked[names[-1][2] : names[-1][2] + 1] == "-":
                continue
            if _IN_BRACKET_RE.search(masked[max(0, piece[0][1] - 40) : piece[0][1]]) or _BRACKET_OPEN_RE.search(
                masked[max(0, piece[0][1] - 30) : piece[0][1]]
            ):
                continue  # "(Cons, Bingley Rural)": a ward in brackets
            if any(part in NOT_NAME or part in _PARTY_WORDS for n in names for part in n[0].split("-")[1:]):
                continue  # "Lib Dem-Conservative": parties, not a name
            full = " ".join(n[0] for n in names)
            if not titled and full in art.places:
                continue  # "Milton Keynes was rated good" in an article about Milton Keynes Council: a place
            if (
                not titled
                and names[0][0] not in _first_name_genders()
                and all(n[0].lower() in art.lower_words for n in names)
            ):
                continue  # "Corporate Parenting" when the article also writes "parenting": words, not a name
            start, end = piece[0][1], names[-1][2]
            surname = names[-1][0]
            if len(names) == 1:
                key = people.get(surname, full)
            else:
                if surname not in people:
                    people[surname] = full
                    known.add(full)
                key = people[surname]
                if key != full and full not in known:
                    key = full
            mention = _Mention(start, end, key, "person", surface=masked[start:end])
            mention.eligible = _eligible(masked, start, end)
            mention.subject = mention.eligible and (
                _heads_sentence(masked, start)
                or _ACCORDING_TO_RE.search(masked[max(0, start - 100) : start]) is not None
            )
            if not mention.subject and _PASSIVE_AGENT_RE.search(masked, max(0, start - 100), start):
                mention.eligible = mention.subject = True  # "The news was welcomed by Cllr Jane Smith. She said:"
            title = piece[0][0].rstrip(".") if titled else _TITLE_GROUP_BEFORE_RE.search(before)
            title = title if isinstance(title, str) or title is None else title.group(1).rstrip(".")
            mention.gender = _TITLE_GENDER.get(title or "", "")
            _describe(art, masked, mention)
            mentions.append(mention)
    for i, mention in enumerate(mentions):
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(masked)
        mention.cue = _gender_cue(masked, mention, nxt)
        if " " not in mention.key and " " in people.get(mention.key, ""):
            # "Coun Ahmed said …" before "Councillor Nadeem Ahmed, Tory group leader, …": the one person of that surname
            mention.key = people[mention.key]
    return mentions


@functools.cache
def _first_name_genders() -> dict[str, str]:
    """First names that are only female or only male (``first_names.tsv``, derived by
    scripts/derive_first_names.py from public-domain name lists): a pronoun's cue when the article gives none.
    Read once, on the first pronoun that needs it."""
    rows = (Path(__file__).with_name("first_names.tsv").read_text(encoding="utf-8")).splitlines()
    return dict(row.split("\t", 1) for row in rows if row and not row.startswith("#"))


#: the agent of a passive verb, through a role phrase of a few words ("was welcomed by Cllr", "was also praised by
#: director of children's services"): the clause's logical subject, whom a following "She said" may mean
_PASSIVE_AGENT_RE = re.compile(
    r"\b(?:was|were|been|being|is|are)\s+(?:[a-z]+ly\s+|also\s+)?(?:[a-z]+ed|made|led|won|given|hailed)\s+by\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,6}?$"
)
_TITLE_GENDER = {
    "Mrs": "f",
    "Ms": "f",
    "Miss": "f",
    "Dame": "f",
    "Lady": "f",
    "Baroness": "f",
    "Mr": "m",
    "Sir": "m",
    "Lord": "m",
    "Baron": "m",
}


#: a sentence opened by a participle or a preposition of time ("Addressing Cllr Smith he …", "Following remarks
#: from …"): a name in it is the object, and the subject comes later
_PARTICIPLE_OPENER_RE = re.compile(r"^(?:[A-Z][a-z]+ing|Following|After|Before|Turning to)\b")
#: the subject pronoun closing a participial opener, right before the verb ("Addressing Cllr Smith he blasted:")
_PRONOUN_AFTER_OPENER_RE = re.compile(r"\b(?P<pronoun>he|she|they)\b(?:\s+[a-z]+){0,2}\s*[:,]?\s*$")


def _heads_sentence(masked: str, start: int) -> bool:
    """The name comes at the head of its sentence, before any verb: a likely subject."""
    before = masked[max(0, start - 200) : start]
    cut = max(before.rfind("\n"), before.rfind(MASK), *(before.rfind(p) for p in (". ", "? ", "! ", ": ")))
    head = _CONJ_RE.sub("", before[cut + 1 :].strip())
    head = _OPENING_ADVERB_RE.sub("", head)
    clause = _CLAUSE_RE.search(head)  # "… criticised the leadership but Cllr Gavin has refused": a new clause
    head = head[clause.end() :] if clause else head
    if _PARTICIPLE_OPENER_RE.match(head):
        return False  # "Addressing Cllr Smith he blasted": the participle's object, not the subject
    return len(head.split()) <= 8 and not _VERB_RE.search(head) and not _THAT_RE.search(head)


def _gender_cue(masked: str, mention: _Mention, next_person: int) -> str:
    """he/his or she/her later in the same sentence, before anyone else is named."""
    rest = masked[mention.end : next_person]
    stop = _SENTENCE_STOP_RE.search(rest)
    rest = rest[: stop.start()] if stop else rest
    she = _SHE_RE.search(rest)
    he = _HE_RE.search(rest)
    return "f" if she and not he else "m" if he and not she else ""


_DETERMINERS = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "our",
    "this",
    "that",
    "council",
    "county",
    "borough",
    "city",
    "authority",
    "children's",
    "children’s",
    "services",
}


def _eligible(masked: str, start: int, end: int) -> bool:
    """A possessive, or a name after a preposition, is not a pronoun's antecedent."""
    if _POSSESSIVE_RE.match(masked[end : end + 2]):
        return False
    before = masked[max(0, start - 60) : start]
    before = before[before.rfind("\n") + 1 :]  # a headline ending "… in Children Services" is another paragraph
    words = _WORD_OR_STOP_RE.findall(before)[-4:]
    if words[-1:] in (["council"], ["authority"]):
        return True  # "group leader on the council Len Moss said": the preposition governs the council
    for w in reversed(words):
        if w in ",.;:" + MASK:
            return True
        if w.lower() in _PREPOSITIONS:
            return False
        if w in ORG_WORDS - _PLACE_WORDS:  # "group leader on Pinewood Council Cllr Sid Webb": "on" governs the council
            return True
        if w[:1].isupper() and w not in NOT_NAME:
            continue
        if w[:1].islower() and w.lower() not in ROLE_NOUNS and w.lower() not in _DETERMINERS:
            return True  # "before the meeting Michael Cloake stepped down": not the preposition's object
    return True


_BRACKET_PARTIES = {
    "con": "Conservative",
    "cons": "Conservative",
    "lab": "Labour",
    "ld": "Liberal Democrat",
    "lib dem": "Liberal Democrat",
    "lib dems": "Liberal Democrat",
    "grn": "Green",
    "ind": "Independent",
    "lab co-op": "Labour",
    "labour co-op": "Labour",
    "labour and co-operative": "Labour",
    "lab/co-op": "Labour",
}
#: ``Councillor Jane Ord (Cons, Easton Rural)``: the party, and the ward, in brackets after a name
_BRACKET_PARTY_RE = re.compile(
    rf"^\s*\(\s*(?P<party>(?:Labour|Lab)(?:\s+and\s+|\s+|/)Co-op(?:erative)?|{_PARTY_RE}|Cons?|Lab|LD|Lib Dems?|Grn|Ind)\.?\s*(?:[,;/-]\s*[^()]{{0,60}}|"
    rf"\s(?:group\s+)?(?:leader|spokes\w+|member|councillor|chair\w*|deputy)[^()]{{0,40}})?\)"
)


def _bracket_party(after: str) -> tuple[str, int]:
    """The party a bracket right after a name gives (abbreviations spelt out), and the bracket's length."""
    m = _BRACKET_PARTY_RE.match(after)
    if not m:
        return "", 0
    party = m.group("party")
    return _BRACKET_PARTIES.get(party.lower(), party), m.end()


#: membership after the name: "Tom Blake, who leads the Labour group", "Mary Stone, of the Liberal Democrats",
#: "Ruth Fell, from the Green Party", "X, who represents the Conservatives on …", "X, whose Conservative group runs …"
_MEMBER_APPOSITIVE_RE = re.compile(
    r"^,\s*(?:(?:who|which)\s+(?:is|was|leads|led|heads|represents|represented|sits\s+for|sits\s+on|sat\s+on|"
    r"sits\s+with|speaks\s+for|spoke\s+for|chairs|joined|defected\s+to|stood\s+for|stands\s+for|"
    r"(?:is|was|has\s+been)\s+(?:re-?elected|elected|standing|sitting)\s+as)\s+"
    rf"|(?:of|from|for|whose)\s+|one\s+of\s+(?:the\s+)?(?:\w+\s+)?(?=(?:{_PARTY_RE})\s+(?:councillors|members)\b))"
    rf"(?:the\s+|a\s+)?(?:(?:member|leader|head|councillor)s?\s+(?:of|for)\s+the\s+)?"
    rf"(?:(?:the\s+)?(?:council|authority)['’]s\s+)?(?:(?:opposition|ruling|main|minority|majority)\s+)?"
    rf"(?P<p>{_PARTY_RE})\b"
)
#: the group the person leads, named before the name: "The Conservative group, led by Cllr Ros Ball, called for"
_LED_BY_RE = re.compile(
    rf"\b(?P<p>{_PARTY_RE})\s+(?:group|opposition|councillors|members|administration)\s*,?\s+(?:led|headed)\s+by\s*$"
)
#: membership in an opening phrase: "Speaking for the Labour opposition, Cllr Dan Lee said"
_SPEAKING_FOR_RE = re.compile(
    rf"\b(?:[Ss]peaking|[Ww]riting|[Rr]esponding)\s+(?:for|on\s+behalf\s+of)\s+(?:the\s+)?"
    rf"(?P<p>{_PARTY_RE})(?:\s+(?:group|party|opposition|councillors|benches))?\s*,\s*$"
)


#: a role of the group the sentence before names: "The Conservative group has called for an inquiry. Its leader,
#: Cllr Simon Hart, said"
_ITS_ROLE_RE = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:Its|Their|The\s+(?:group|party)['’]s)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:leader|spokes\w+|member|chair\w*|deputy|whip)\b[^.!?\n]{0,60}$"
)
_PARTY_GROUP_NAMED_RE = re.compile(rf"\b(?P<p>{_PARTY_RE})\s+(?:group|party|opposition)\b", re.IGNORECASE)


#: a local party's title after the name: "David Williams, Wycombe Labour’s Parliamentary candidate called for …"
_LOCAL_PARTY_POSS_RE = re.compile(rf"^,\s*(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,3}}(?P<p>{_PARTY_RE})['’]s\s")


#: the party a seat is held for: "Tom Reed, who represents Hilltop for the Conservatives"
_MEMBER_FOR_RE = re.compile(
    rf"^,\s*(?:who|which)\s+(?:represents|represented|sits\s+for|stood\s+in|stands\s+in|won)\s+"
    rf"[^,.;:{MASK}]{{1,40}}?\s+for\s+(?:the\s+)?(?P<p>{_PARTY_RE})\b"
)
#: the party's group named just before "whose": "the Liberal Democrat group, whose leader Cllr Amy Stone said"
_WHOSE_ROLE_RE = re.compile(
    rf"\b(?P<p>{_PARTY_RE})\s+(?:group|party|opposition|councillors|benches)\b[^,.;:!?\n]{{0,40}},?\s+whose\s+"
    r"(?:[\w-]+\s+){0,3}?(?:leader|spokes\w+|member|chair\w*|deputy|whip|candidate)\s*,?\s*$",
    re.IGNORECASE,
)
#: the party in a sentence about the person just named: "He is the Conservative councillor for Northgate."
_PARTY_BIO = (
    rf"(?:(?:is|was|has been)\s+(?:a|an|the)\s+(?:[a-z]+\s+)?(?P<p>{_PARTY_RE})(?:['’]s?)?(?:\s+(?:[\w’']+\s+){{0,3}}?"
    rf"(?:councillor|member|MP|candidate|leader|spokes\w+|peer|mayor)\b|\s*(?=[.;]))"
    rf"|(?:leads|led|heads|headed|chairs)\s+the\s+(?P<q>{_PARTY_RE})(?:\s+(?:group|opposition|councillors))?\b)"
)
_PRONOUN_BIO_RE = re.compile(rf"(?:^|(?<=[.!?\n]))\s*(?P<pronoun>He|She)\s+(?:also\s+)?{_PARTY_BIO}")
#: the party as a copula's complement right after the name: "Joe Lyle is the Conservative councillor for Northgate"
_COPULA_PARTY_RE = re.compile(rf"^\s+(?:also\s+)?{_PARTY_BIO}")


def _member_party(masked: str, start: int, before: str, after: str) -> str:
    """The party a person belongs to as the words around the name say, outside a role phrase."""
    m = (
        _MEMBER_APPOSITIVE_RE.match(after)
        or _MEMBER_FOR_RE.match(after)
        or _LOCAL_PARTY_POSS_RE.match(after)
        or _COPULA_PARTY_RE.match(after)
        or _SPEAKING_FOR_RE.search(before)
        or (before.endswith(" by") or before.endswith(" by "))
        and _LED_BY_RE.search(before)
        or _WHOSE_ROLE_RE.search(before)
    )
    if m is None and (its := _ITS_ROLE_RE.search(before)):
        at = max(0, start - 120) + its.start() + 1  # ``before`` is the 120 characters before the name
        prior = masked[max(0, at - 300) : at]
        prior = prior[
            max(prior.rfind("\n", 0, len(prior) - 1), *(prior.rfind(p, 0, len(prior) - 2) for p in ".?!")) + 1 :
        ]
        m = next(reversed(list(_PARTY_GROUP_NAMED_RE.finditer(prior))), None)
    if m is None:
        return ""
    return _party_name(m.group("p") or m.groupdict().get("q") or "")


#: a post "for"/"of" its portfolio, opening a sentence or clause right before the name ("Cabinet member for
#: children and families Cllr Rose Hill said", "Director of children's services Ian Platt said")
_PORTFOLIO_BEFORE_RE = re.compile(
    r"(?:^|[.!?:]\s+|\n|,\s+)(?:the\s+)?(?P<role>(?:[\w’'-]+\s+){0,3}?(?:member|holder|lead|director|spokes\w+|"
    r"leader|head|chair\w*|minister|secretary|commissioner)\s+(?:for|of|on)\s+[^.,;:!?()" + MASK + r"\n]{1,60}?)\s*$",
    re.IGNORECASE,
)


_DASHES_RE = re.compile(r"\s+[–—]\s+|\s+-\s+")
#: the tiers of local government, which one post can span ("borough and county councillor")
_TIERS = {"borough", "county", "district", "town", "city", "parish", "unitary", "ward", "metropolitan"}


#: a capitalised name before "group" in a post: a local party or residents' group ("Alliance group leader")
_LOCAL_GROUP_RE = re.compile(r"^(?:the\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s+")
_NOT_GROUP_NAMES = {"Council", "Party", "Group", "Majority", "Minority", "Ruling", "Main", "Largest", "Opposition"}


def _local_group(art: "_Article", name: str) -> bool:
    """A group's own name, not a place, a party already known, or a title-case word of a post ("Opposition")."""
    words = name.split()
    if art.full_name(name) == name and not re.search(rf"[a-z,;:]\s+(?:the\s+)?{re.escape(name)}\b", art.narration):
        return False  # "Working group leader Dr X": a capital only because it opens the sentence
    return not (
        name in art.places
        or _PARTY_START_RE.match(name)
        or any(
            w in NOT_NAME or w in _TITLE_CASE_ROLE_WORDS or w in _NOT_GROUP_NAMES or w.lower() in ROLE_NOUNS
            for w in words
        )
    )


def _coordinated_post(before: list[str], post: list[str]) -> bool:
    """An "and" inside the description before a name, joining two tiers or two posts of one person ("borough and
    county councillor", "deputy leader and cabinet member for children"), not two people ("Ofsted and Cllr X")."""
    if before[-1:] == ["Labour"] and post[:1] in (["Co-operative"], ["Co-op"]):
        return True  # "Labour and Co-operative councillor Cat Dunn": one party
    if not before or not post or not all(w[:1].islower() for w in post):
        return False
    w = before[-1].lower()
    return before[-1][:1].islower() and (
        w in _TIERS and post[0] in _TIERS or w in ROLE_NOUNS and _has_role_noun(" ".join(post))
    )


#: a picture's pointer after a name, page furniture between the name and its description
_PICTURED_RE = re.compile(
    r"^\s*\((?:pictured|picture|above|below|left|right|centre|center|inset|top|main)\)", re.IGNORECASE
)


def _name_then_verb(words: list[str], i: int) -> bool:
    """``Labour Councillor Angela Wilkins rejected Cllr Evans’s claim``: a past-tense verb after a surname ends
    the description of the next name (the words before it describe someone else)."""
    w = words[i]
    return (
        i > 0
        and re.fullmatch(r"[a-z]+ed", w) is not None
        and words[i - 1][:1].isupper()
        and words[i - 1] not in _PARTY_WORDS
        and words[i - 1] not in NOT_NAME
        and not _has_role_noun(words[i - 1])
    )


def _describe(art: _Article, masked: str, mention: _Mention) -> None:
    """Role, party and organisation from the words before the name and an appositive after it."""
    desc = ""
    after = masked[mention.end : mention.end + 200]
    after = _PICTURED_RE.sub("", after, count=1)  # "Cllr Ann Bell (pictured), Conservative cabinet member …"
    bracket_party, skip = _bracket_party(after)
    after = after[skip:]
    m = _APPOSITIVE_RE.match(_DASHES_RE.sub(", ", after))  # "Cllr Jo Bell – the Labour group leader – said"
    if (
        m
        and (_has_role_noun(m.group(1)) or _PARTY_START_RE.match(m.group(1)))
        and not _VERB_RE.search(m.group(1))
        and not _RELATIVE_RE.match(m.group(1))
    ):
        desc = m.group(1)
    window = _TITLE_END_RE.sub("", masked[max(0, mention.start - 120) : mention.start]).rstrip()
    before = window[window.rfind(art.paragraph_break) + 1 :]  # not "Advertisement\nHide Ad\nOakfield Borough Council's"
    words = _WORD_OR_MARK_RE.findall(before)
    prefix: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w == "and" and _coordinated_post(words[:i], prefix):
            prefix.insert(0, w)  # "Lib Dem borough and county councillor Malcolm Cowan": one post, two councils
            continue
        if (
            not _WORDISH_RE.match(w)
            or w.lower() in _PREPOSITIONS - {"at"}
            or _VERB_RE.fullmatch(w)
            or w.lower() in {"and", "but", "that", "when", "who", "which", "while", "if", "as", "whose"}
            or _name_then_verb(words, i)
        ):
            break
        prefix.insert(0, w)
        if len(prefix) >= 10:
            break
    pre = " ".join(prefix)
    portfolio = _PORTFOLIO_BEFORE_RE.search(before)
    if portfolio and not _VERB_RE.search(portfolio.group("role")) and len(portfolio.group("role")) > len(pre):
        pre = _clean(portfolio.group("role"))  # "Cabinet member for children and families Cllr Rose Hill said"
        prefix = pre.split()
    if _PARTY_POSS_RE.fullmatch(pre or "Labour") and words[: len(words) - len(prefix)][-1:] == [","]:
        # "The council leader, Labour's Tom Baker, said": a role phrase just before the comma
        head = before[: before.rfind(",")]
        cut = max(head.rfind("\n"), head.rfind(MASK), *(head.rfind(p) for p in (". ", "? ", "! ", ": ")))
        head = _CONJ_RE.sub("", head[cut + 1 :].strip())
        if head and len(head.split()) <= 6 and _has_role_noun(head) and not _VERB_RE.search(head):
            role, party, org = art.parse_description(head)
            mention.role, mention.organisation, mention.party = role, org, party
            if pre:
                mention.party = art.parse_description(pre)[1] or party
            pre = ""
    if (
        prefix
        and prefix[0][:1].isupper()
        and prefix[0] in NOT_NAME
        and prefix[0] not in ("Leader", "Chief")
        and not re.match(_PARTY_RE, pre)
    ):
        pre = " ".join(prefix[1:])
    if pre and (_has_role_noun(pre) or _PARTY_PHRASE_RE.fullmatch(pre)):
        role, party, org = art.parse_description(pre)
        mention.role, mention.party, mention.organisation = role, party, org
    elif pre and _PARTY_START_RE.match(pre):  # "Liberal Democrat County Councillor Diana Smith"
        mention.party = re.match(rf"(?:the |a )?({_PARTY_RE})\b", pre).group(1)
    if not pre and before.rstrip().endswith(",") and not mention.role:
        # "Leader of the Conservative Group on Northshire Council, Councillor Peter Hale, said"
        head = before.rstrip()[:-1]
        cut = max(head.rfind("\n"), head.rfind(MASK), *(head.rfind(p) for p in (". ", "? ", "! ", ": ", ", ")))
        head = _CONJ_RE.sub("", head[cut + 1 :].strip())
        said = _VERB_START_RE.match(head)
        if said and re.match(r"\s+(?:the|a|an)\s", head[said.end() :]):
            head = head[said.end() :].strip()  # '"…," said the council's director of children's services, Mark Evans'
        if (
            head
            and len(head.split()) <= 14
            and not _VERB_RE.search(head)
            and (
                _has_role_noun(re.sub(r"^(?:the|a|an|[A-Z][\w-]*['’]s)\s+", "", head, flags=re.IGNORECASE).split()[0])
                or said
                and _has_role_noun(head)
                or _PARTY_START_RE.match(head)
                and _has_role_noun(head)
            )
        ):
            mention.role, mention.party, mention.organisation = art.parse_description(head)
    if desc:
        role, party, org = art.parse_description(desc)
        mention.role = role or mention.role
        mention.party = party or mention.party
        mention.organisation = org or mention.organisation
    mention.party = bracket_party or mention.party or _member_party(masked, mention.start, window, after)
    if mention.party == THE_PARTY:  # "Chris Dale, the Party's spokesperson for education": the party named before
        mention.party = art.party_before(mention.start)
    mention.party = mention.party or art.party_of_role(mention.role, mention.organisation)
    if not mention.party and _SPEAKS_OF_THE_PARTY_RE.match(after):
        mention.party = art.group_party_before(mention.start)  # "Labour councillors …" then "Cllr X said the party had"
    post = _GROUP_POST_RE.search(mention.role) if not mention.party else None
    if post:
        local = _LOCAL_GROUP_RE.match(mention.role[: post.start()] + " ")
        if local and _local_group(art, local.group("name")):  # "Alliance group leader Rabina Khan"
            mention.party = art.full_name(local.group("name"))
            mention.role = mention.role[local.end("name") :].strip()
        else:  # "put down by group leader Cllr Carl Cashman" after "the largest opposition group - the Lib Dems"
            mention.party = art.group_party_before(mention.start)
            if "opposition" in mention.role.lower() and mention.party == art.ruling_party:
                mention.party = ""  # the group last named runs the council: not this opposition group's


#: the person, heading the sentence, reports what "the party" did: theirs, the party last named as a group of councillors
_SPEAKS_OF_THE_PARTY_RE = re.compile(
    r"^\s*(?:said|says|added|explained|claimed|insisted|pointed out)\s+(?:that\s+)?(?:the|his|her|their)\s+"
    r"(?:party|group)\s+(?:had|has|have|was|is|were|will|would|did|could|wanted|tried)\b"
)
_COUNCIL_PAPER_RE = re.compile(r"\b(?:notices? of motion|amendment|motion|resolution|notice)\b", re.IGNORECASE)
#: a party group as a paper's author: "a notice of motion from the Tory group", "the Liberal Democrat motion",
#: "Labour's own notice"
_PAPER_FROM_GROUP_RE = re.compile(
    rf"\s+(?:from|by|tabled by|moved by|put forward by)\s+(?:the\s+)?"
    rf"(?P<p>{_PARTY_RE})(?:\s+(?:group|party))?\b"
)
_GROUP_PAPER_RE = re.compile(rf"(?P<p>{_PARTY_RE})(?:\s+group)?(?:['’]s)?\s+(?:own\s+)?$")
_TABLING_RE = re.compile(
    r"\b(?:tabled|tabling|tables|moved|moving|proposed|proposing|put forward|putting forward|"
    r"submitted|submitting|brought|bringing)\b"
)


def _paper_author(
    art: _Article, masked: str, m: re.Match, persons: list[_Mention], starts: list[int], tabled: dict[str, _Mention]
) -> tuple[str, bool]:
    """Who wrote a motion or notice: a party group named with it, or the person who tabled it in its
    sentence; a group's paper that a member of that party tabled earlier is that member's (labelling rule:
    a motion's words are its mover's). Else the council, whose paper it becomes."""
    noun = m.group(0).lower().split()[-1]
    s0 = max(masked.rfind(". ", 0, m.start()), masked.rfind("\n", 0, m.start())) + 1
    end = [x for x in (masked.find(". ", m.end()), masked.find("\n", m.end())) if x >= 0]
    s1 = min(end) if end else len(masked)
    group = _PAPER_FROM_GROUP_RE.match(masked, m.end()) or _GROUP_PAPER_RE.search(masked, s0, m.start())
    if _TABLING_RE.search(masked, s0, s1):
        lo = bisect.bisect_left(starts, s0)
        mover = [p for p in persons[lo : lo + 5] if s0 <= p.start < s1 and p.subject]
        if mover and not group:
            tabled[noun] = mover[0]
            return mover[0].key, True
    if group:
        party = _party_name(group.group("p"))
        mover = tabled.get(noun)
        if mover is not None and _party_name(mover.party) == party:
            return mover.key, True
        return party_group(party), False
    return art.council, False


#: a party's group heading its sentence, which a later "they" or "it" may mean ("The Liberal Democrat group said …",
#: "The Tories have …"); not "Labour councillors" (unnamed people)
_PARTY_GROUP_SUBJECT_RE = re.compile(
    rf"(?:^|(?<=[.!?:\n])\s*)(?:The|the)\s+(?P<p>{_PARTY_RE})(?:\s+(?:group|party|opposition))?"
    rf"(?=\s+(?:has|have|had|said|says|say|also|then|is|are|was|were|will|would)\b)"
)


def _body_mentions(art: _Article, masked: str, persons: Sequence[_Mention] = ()) -> list[_Mention]:
    out = []
    if art.mentions_ofsted:
        for m in _OFSTED_NP_RE.finditer(masked):
            s = m.group(0).lower()
            out.append(
                _Mention(
                    m.start(),
                    m.end(),
                    OFSTED,
                    "body",
                    plural=bool(_PLURAL_OFSTED_RE.search(s)),
                    document=bool(re.search(r"report|letter|findings|judgement", s)),
                    surface=m.group(0),
                )
            )
    if art.council:
        for m in _COUNCIL_NP_RE.finditer(masked):
            out.append(_Mention(m.start(), m.end(), art.council, "body", surface=m.group(0)))
    for m in _PARTY_GROUP_SUBJECT_RE.finditer(masked):  # "The Liberal Democrat group said … They added:"
        out.append(_Mention(m.start(), m.end(), party_group(_party_name(m.group("p"))), "body", plural=True))
    tabled: dict[str, _Mention] = {}
    people = list(persons)
    starts = [p.start for p in people]
    for m in _COUNCIL_PAPER_RE.finditer(masked):  # "a further amendment … was accepted. It stated:"
        key, person = _paper_author(art, masked, m, people, starts, tabled)
        if key:  # a group's or a member's paper is theirs even where the article never names the council
            out.append(
                _Mention(m.start(), m.end(), key, "body", document=True, surface=m.group(0), author_person=person)
            )
    return out


# ---------------------------------------------------------------- attribution

_INSPECTION_VERB_RE = re.compile(
    r"\s*(?:also\s+)?(?:found|finds|judged|judges|rated|rates|concluded|concludes|"
    r"highlighted|highlights|criticised|criticises|praised|praises)\b"
)


_PARTY_NAMES = {
    "tory": "Conservative",
    "tories": "Conservative",
    "conservatives": "Conservative",
    "lib dem": "Liberal Democrat",
    "lib dems": "Liberal Democrat",
    "liberal democrats": "Liberal Democrat",
    "greens": "Green",
    "green party": "Green",
    "reform uk": "Reform UK",
    "independents": "Independent",
    "labour and co-operative": "Labour",
    "labour co-op": "Labour",
}


def party_group(party: str) -> str:
    """A party's councillors speaking as a body are its group: "the Tory group", "a spokesman for the
    Conservative party at County Hall", "the Lib Dems" all give "Conservative group"/"Liberal Democrat group"
    (the labelling rule in notes/quotes-evaluation.md)."""
    return _party_name(party) + " group"


#: an unnamed spokesperson heading a sentence ("A spokesman for the Conservative party at County Hall said …"):
#: the "he" or "she" that follows is this person, not the last person named
_UNNAMED_SPOKES_RE = re.compile(
    r"(?:^|(?<=[.!?:" + MASK + r"\n])\s*)(?:A|An|The)\s+(?:[A-Za-z]+\s+)?(?P<noun>spokesman|spokeswoman|spokesperson|"
    r"representative)\b(?P<for>\s+(?:for|from|of|at|on behalf of)\s+[^,.;:" + MASK + r"]{3,100}?)?"
    r"(?=\s+(?:has\s+|had\s+|also\s+)?(?:" + _VERBS + r")\b)"
)


#: a sentence whose subject is a role, unnamed ("The leader of the opposition on X Council has called for …")
_UNNAMED_ROLE_SUBJECT_RE = re.compile(
    r"^\s*The\s+(?P<role>[A-Za-z’' ]{3,80}?)\s+(?:has|have|had|is|was|will|would|"
    r"today|yesterday|last|also|" + _VERBS + r")\b"
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+|\n+")


def _role_from_sentence_before(art: _Article, masked: str, persons: list[_Mention]) -> None:
    """A role introduced without a name, then a person named as the next sentence's subject ("The leader of the
    opposition on X Council has called … Councillor Brendan Hart (Lib Dem) has made …"): that person holds the
    role, so "The opposition leader said:" later names them."""
    seen: set[str] = set()
    starts = [p.start for p in persons]
    for m in persons:
        first, _ = m.key not in seen, seen.add(m.key)
        if not first or not m.subject or m.role:
            continue
        cut = [0] * (m.start <= 600) + [
            b.end() for b in _SENTENCE_BREAK_RE.finditer(masked, max(0, m.start - 600), m.start)
        ]
        if len(cut) < 2 or masked[cut[-1] : m.start].strip(" \t(\"“‘'"):
            continue
        prev = masked[cut[-2] : cut[-1]]
        r = _UNNAMED_ROLE_SUBJECT_RE.match(prev)
        if (
            r
            and _has_role_noun(r.group("role"))
            and MASK not in prev
            and bisect.bisect_left(starts, cut[-2]) == bisect.bisect_left(starts, cut[-1])
        ):  # no one named in it
            m.role = r.group("role")
            # "The Labour leader of Hollybank Council has apologised …": the party stated with the post
            m.party = m.party or _party_name(art.parse_description(m.role)[1])


class _Resolver:
    def __init__(self, art: _Article, masked: str):
        self.art = art
        self.masked = masked
        self.persons = _person_mentions(art, masked)
        self.bodies = sorted(_body_mentions(art, masked, self.persons), key=lambda b: b.start)
        self._papers = [b for b in self.bodies if b.document and _COUNCIL_PAPER_RE.fullmatch(b.surface)]
        self._paper_starts = [b.start for b in self._papers]
        _role_from_sentence_before(self.art, masked, self.persons)
        self.descriptions: dict[str, list[_Mention]] = {}
        self.gender: dict[str, str] = {}  # from titles, and pronouns already resolved to the person
        self.cue: dict[str, str] = {}  # from he/she later in the person's own sentence
        for mention in self.persons:
            self.descriptions.setdefault(mention.key, []).append(mention)
            if mention.gender:
                self.gender.setdefault(mention.key, mention.gender)
            if mention.cue:
                self.cue.setdefault(mention.key, mention.cue)
        #: (offset, person): who heads a sentence or speaks a quotation, in article order
        self.salient: list[tuple[int, str]] = [(m.start, m.key) for m in self.persons if m.subject]
        # indexes so that each look-up costs a bisection, not a scan of the article (issue 26: linear cost)
        self._person_starts = [m.start for m in self.persons]
        self._body_starts = {
            kind: [b.start for b in self.bodies if kind == "all" or getattr(b, kind)]
            for kind in ("all", "plural", "document")
        }
        self._bodies_of = {
            kind: [b for b in self.bodies if kind == "all" or getattr(b, kind)]
            for kind in ("all", "plural", "document")
        }
        self._described: dict[str, tuple[list[int], list[tuple[str, str, str, frozenset]]]] = {}
        for key, mentions in self.descriptions.items():
            starts, states, role, party, org, words = [], [], "", "", "", frozenset()
            for mention in mentions:
                if mention.role or mention.organisation:
                    role, org = mention.role, mention.organisation
                party = mention.party or party
                if mention.role:
                    words = words | {w.lower().strip("’'s") for w in re.findall(r"[A-Za-z’']+", mention.role)}
                starts.append(mention.start)
                states.append((role, party, org, words))
            self._described[key] = (starts, states)
        #: a person's party wherever the article states it: quoted before the description, the party still holds
        self._party_of = {key: states[-1][1] for key, (_, states) in self._described.items() if states}
        self._bio_parties()
        self.para_starts: list[int] = [0]
        #: (offset, gender, speaker or None): unnamed spokespeople heading sentences, in article order
        self.unnamed: list[tuple[int, str, Optional[Speaker]]] = []
        for m in _UNNAMED_SPOKES_RE.finditer(masked):
            gender = {"spokesman": "m", "spokeswoman": "f"}.get(m.group("noun"), "")
            whose = m.group("for") or ""
            party = re.search(_PARTY_RE, whose)
            org = art.org_of(whose) if whose and not party else ""
            sp = None
            if party:
                sp = Speaker(
                    party_group(party.group(0)),
                    "body",
                    m.group("noun"),
                    _party_name(party.group(0)),
                    "",
                )
            elif org:
                sp = Speaker(org, "body", m.group("noun"), "", org)
            self.unnamed.append((m.start(), gender, sp))
        self._unnamed_starts = [u[0] for u in self.unnamed]
        self.ambiguous: list[str] = []  # other people a pronoun could have meant, for the last resolution
        self.unresolved = ""  # a pronoun subject with no one to refer to, for the current quotation

    def _bio_parties(self) -> None:
        """A party given in a sentence of its own about the person just named ("Joe Lyle said … He is the Conservative
        councillor for Northgate."): that person's party, when the article states none other."""
        for m in _PRONOUN_BIO_RE.finditer(self.masked):
            want = "f" if m.group("pronoun").lower() == "she" else "m"
            named = [p for p in self.persons_between(max(0, m.start() - 300), m.start()) if p.subject]
            if named and self.gender_of(named[-1].key) in (want, "") and not self._party_of.get(named[-1].key):
                self._party_of[named[-1].key] = _party_name(m.group("p") or m.group("q"))

    def persons_between(self, start: int, end: int) -> list[_Mention]:
        """The person mentions starting in [start, end), in order (bisect: no scan of the article)."""
        lo = bisect.bisect_left(self._person_starts, start)
        hi = bisect.bisect_left(self._person_starts, end)
        return self.persons[lo:hi]

    def note_speaker(self, at: int, speaker: Optional[Speaker]) -> None:
        if speaker is not None and speaker.kind == "person":
            bisect.insort(self.salient, (at, speaker.name))

    def _window_start(self, at: int) -> int:
        i = bisect.bisect_right(self.para_starts, at) - 1
        return self.para_starts[max(0, i - 2)]

    def _state(self, key: str, at: int, strict: bool = False) -> tuple[str, str, str, frozenset]:
        """(role, party, organisation, role words) of a person as described up to ``at``."""
        starts, states = self._described.get(key, ([], []))
        i = (bisect.bisect_left if strict else bisect.bisect_right)(starts, at)
        return states[i - 1] if i else ("", "", "", frozenset())

    def person(self, key: str, at: int) -> Speaker:
        """A person as the article has described them up to ``at``."""
        role, party, org, _ = self._state(key, at)
        return Speaker(key, "person", role, party or self._party_of.get(key, ""), org)

    def body(self, name: str) -> Speaker:
        return Speaker(name, "body", "", "", name)

    def gender_of(self, key: str) -> str:
        """Gender ("f"/"m") from a title or a pronoun already resolved to the person, else from the first name when
        it is only ever a woman's or a man's, else from he/she later in the person's own sentence (which may mean
        someone else: "disagreed with her approach"); "" when unknown."""
        first = key.split()[0] if " " in key else ""
        return self.gender.get(key) or _first_name_genders().get(first) or self.cue.get(key, "")

    def pronoun(self, word: str, at: int) -> tuple[Optional[Speaker], str]:
        w = word.lower()
        if w in ("he", "she"):
            want = "f" if w == "she" else "m"
            end = bisect.bisect_left(self.salient, (at, ""))
            i = bisect.bisect_left(self._unnamed_starts, at)
            unnamed = [u for u in self.unnamed[max(0, i - 3) : i] if u[1] in (want, "")][-1:]
            for pos, key in reversed(self.salient[max(0, end - 500) : end]):
                gender = self.gender_of(key)
                if gender in (want, ""):
                    if unnamed and unnamed[0][0] > pos:  # "A spokesman for X said … He said:"
                        self.ambiguous = []
                        return unnamed[0][2], f"pronoun '{word}' → the unnamed {unnamed[0][2] or 'speaker'} since {key}"
                    # the most recent person who fits; doubt only when they might not and someone nearby surely does
                    window = max(self._window_start(at), at - 3000)
                    near = self.salient[bisect.bisect_left(self.salient, (window, "")) : end]
                    just_before = not self.persons_between(pos + 1, at) and (
                        len(_SENTENCE_BREAK_RE.findall(self.masked, pos, at)) <= 1
                    )  # "Council leader Cllr Grace Ogundipe backed him. She said:": the sentence before's subject
                    self.ambiguous = (
                        sorted({k for p, k in near if k != key and self.gender_of(k) == want})
                        if not gender and not just_before
                        else []
                    )
                    self.gender.setdefault(key, want)
                    return self.person(key, at), f"pronoun '{word}' → the last person named as subject, {key}"
            # no subject fits: a person just named elsewhere in the sentence before ("The report was presented to Cllr
            # Jane Smith. She said:") whose first name or title says they fit, and no one else there does
            cut = [b.end() for b in _SENTENCE_BREAK_RE.finditer(self.masked, max(0, at - 600), at)]
            near = {m.key for m in self.persons_between(cut[-2] if len(cut) > 1 else max(0, at - 600), at)}
            fits = [k for k in near if self.gender_of(k) == want]
            if len(fits) == 1 and not [k for k in near if k not in fits and self.gender_of(k) in ("", want)]:
                return self.person(
                    fits[0], at
                ), f"pronoun '{word}' → the one {want} person named just before, {fits[0]}"
            return None, ""
        pick = None
        if w == "it":  # "Labour's own notice says the Ofsted report acknowledged … It says": the sentence's subject
            cut = [b.end() for b in _SENTENCE_BREAK_RE.finditer(self.masked, max(0, at - 600), at)]
            lo = bisect.bisect_left(self._body_starts["all"], cut[-2] if len(cut) > 1 else max(0, at - 600))
            hi = bisect.bisect_left(self._body_starts["all"], cut[-1] if cut else at)
            heads = [b for b in self._bodies_of["all"][lo:hi] if _heads_sentence(self.masked, b.start)]
            # a paper heading the sentence before first; else whatever body heads it ("The council said it accepted
            # the findings. It added:" is the council's, not the findings')
            pick = next((b for b in heads if b.document), heads[0] if heads else None)
        for kind in ("plural" if w == "they" else "document", "all"):
            if pick is not None:
                break
            i = bisect.bisect_left(self._body_starts[kind], at)
            if i:
                pick = self._bodies_of[kind][i - 1]
                break
        if pick is None:
            return None, ""
        return self.paper(pick, at), f"pronoun '{word}' → {pick.surface} → {pick.key}"

    def paper(self, mention: _Mention, at: int) -> Speaker:
        """A body, or a paper's author: a person who tabled it, or a party group."""
        if mention.author_person:
            return self.person(mention.key, at)
        if mention.key.endswith(" group"):
            return Speaker(mention.key, "body", "", mention.key[: -len(" group")], "")
        return self.body(mention.key)

    def paper_before(self, at: int) -> Optional[_Mention]:
        i = bisect.bisect_left(self._paper_starts, at)
        return self._papers[i - 1] if i else None

    def noun_phrase(self, np_start: int, np_end: int, any_person: bool = False) -> tuple[Optional[Speaker], str]:
        """The speaker a stretch of narration names as subject, with how it was resolved."""
        raw = self.masked[np_start:np_end]
        lead = _CONJ_RE.match(raw.strip())
        np = _clean(raw.strip()[lead.end() :] if lead else raw)
        if not np:
            return None, ""
        first = np.split()[0]
        if (
            first.lower() == "it"
            and self.art.mentions_ofsted
            and _INSPECTION_VERB_RE.match(self.masked[np_end : np_end + 30])
        ):
            return self.body(OFSTED), "pronoun 'it' with an inspection's verb (found, judged…) → Ofsted's report"
        if first.lower() in ("he", "she", "they", "it"):
            sp, how = self.pronoun(first, np_start)
            if sp is None:
                self.unresolved = first
            return sp, how
        people = self.persons_between(np_start, np_end)
        chosen = [m for m in people if _eligible(self.masked, m.start, m.end)] or (people[-1:] if any_person else [])
        if chosen:
            m = chosen[0]
            how = f"'{m.surface}'" + (f" → {m.key}" if m.surface != m.key else "")
            return self.person(m.key, np_end), how
        if _PAPER_NP_RE.fullmatch(np):  # "The motion said:": the paper named before, its author
            paper = self.paper_before(np_start)
            if paper is not None:
                return self.paper(paper, np_start), f"'{np}' → the {paper.surface} named before → {paper.key}"
        party = _PARTY_SUBJECT_RE.match(np)
        if party:  # "The Lib Dems have also waded in", "The Tory group said": the party's group, a body
            name = _party_name(party.group("p"))
            return Speaker(party_group(name), "body", "", name, ""), f"'{np}' → a party group"
        # a role phrase naming someone already described ("the council leader")
        if _has_role_noun(np) and not re.search(r"\binspectors?\b", np, re.IGNORECASE):
            words = {w.lower().strip("’'s") for w in re.findall(r"[A-Za-z’']+", np)} - {"the", "a", "an", "of", "for"}
            for key in list(self.descriptions)[::-1][:50]:  # the people most recently introduced
                roles = self._state(key, np_start, strict=True)[3]
                if roles and words & roles & ROLE_NOUNS and len(words - roles) <= 1:
                    sp = self.person(key, np_start)
                    stated = _PARTY_WORD_RE.search(np)
                    if stated and not sp.party:  # "the Labour MP said": the party this role phrase states
                        sp.party = self._party_of[key] = _party_name(stated.group(0))
                    return sp, f"'{np}' → {key}, described so earlier"
            anaphor = _ANAPHOR_RE.match(np)
            if anaphor:  # "The Conservative councillor, who has led the council since 2019, added:": the last named
                window = self._window_start(np_start)
                end = bisect.bisect_left(self.salient, (np_start, ""))
                recent = [k for p, k in self.salient[max(0, end - 20) : end] if p >= window]
                if recent:
                    sp = self.person(recent[-1], np_start)
                    if anaphor.group("p") and not sp.party:
                        sp.party = self._party_of[recent[-1]] = _party_name(anaphor.group("p"))
                    return sp, f"'{np}' → the last person named, {recent[-1]}"
            org = self.art.org_of(np)
            if org:
                short = re.search(rf"\b{_ACRONYM}\b", np)  # "A DfE spokeswoman": the acronym is the org, not the role
                bare = np.replace(short.group(0), "") if short and self.art.spelt_out(short.group(0)) == org else np
                role, _, _ = self.art.parse_description(bare.replace(org, ""))
                role = re.sub(r"^['’]s?\s+", "", role).strip()
                role = re.sub(r"\s+(?:for|of|at|from|with)(?:\s+the)?$", "", role)
                sp = self.body(org)
                sp.role = role
                return sp, f"'{np}' → {org}"
        alias = _OFSTED_NP_RE.search(np) if self.art.mentions_ofsted else None
        if alias:
            return self.body(OFSTED), f"'{alias.group(0)}' → Ofsted"
        org = self.art.org_of(np)
        if org:
            return self.body(org), f"'{np}' → {org}"
        spokes = _SPOKES_FOR_NAME_RE.search(np)
        if spokes:  # "A spokesman for Unison said": a body the article names without a word such as Council
            sp = self.body(spokes.group("org"))
            sp.role = spokes.group("noun")
            return sp, f"'{np}' → {sp.name}"
        return None, ""


#: a spokesperson for a body named by a capitalised name alone ("a spokesman for Unison", "a spokeswoman for Barnardo's")
_SPOKES_FOR_NAME_RE = re.compile(
    r"\b(?P<noun>spokes(?:man|woman|person)|representative)\s+(?:for|from|at|of)\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w&’'-]*(?:\s+(?:(?:of|for|and|&)\s+)?[A-Z][\w&’'-]*){0,4})"
)
#: a description that refers back to the person just named ("the Conservative councillor", "the MP", "the former
#: leader"), not to a post held by someone the article has yet to name
_ANAPHOR_RE = re.compile(
    rf"(?:the|this)\s+(?:(?P<p>{_PARTY_RE})\s+)?(?:former\s+|veteran\s+|local\s+)?"
    r"(?:councillor|politician|MP|peer)\b",
    re.IGNORECASE,
)
_DETERMINER_END_RE = re.compile(
    r"\b(?:the|a|an|its|this|that|their|his|her|our|ofsted['’]s|previous|earlier|recent|"
    r"repeated|further|fresh|many|several|growing|new)\s+$",
    re.IGNORECASE,
)


_PAPER_NP_RE = re.compile(
    r"(?:(?:the|this|that|his|her|their|its)\s+)?(?:[\w’'-]+\s+){0,2}?(?:notice of motion|"
    r"motion|notice|amendment)",
    re.IGNORECASE,
)
#: a party (or its group) heading the subject: "The Lib Dems have also …", "the Tory group"; not "Labour councillors"
_PARTY_SUBJECT_RE = re.compile(
    rf"(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?(?P<p>{_PARTY_RE})(?:\s+(?:group|party|opposition))?"
    rf"(?=\s+(?:have|has|had|also|then|jointly|in|on|at)\b|\s*$)",
    re.IGNORECASE,
)


def _last_verb(s: str) -> Optional[re.Match]:
    """The last reporting verb (``report`` after ``the`` is a noun)."""
    last = None
    for m in _VERB_RE.finditer(s):
        if s[m.start() - 1 : m.start()] != "-" and not _DETERMINER_END_RE.search(s[max(0, m.start() - 12) : m.start()]):
            last = m  # not "so-called", not "the report"
    return last


#: an inspection document named with adjectives and its author ("The damning report from Ofsted")
_OFSTED_DOCUMENT_NP_RE = re.compile(
    r"(?:the|its|this|a)\s+(?:[a-z-]+\s+){0,3}(?:report|letter|inspection|findings)(?:\s+(?:from|by)\s+(?:ofsted|"
    r"the\s+inspectorate|inspectors|the\s+watchdog))?",
    re.IGNORECASE,
)
#: an adverbial opener before the name heading the sentence ("On the report, Cllr Nick Jones, Leader of …")
_OPENER_BEFORE_NAME_RE = re.compile(
    r"\s*(?:On|In|At|For|After|Following|Responding to|Speaking (?:at|to|after|on)|Commenting on)\b[^,.;:"
    + MASK
    + r"]{0,60}"
    rf",\s*(?:{_TITLE_RE}\s+)?"
)
#: a document's opening or closing words quoted right after the verb ("The report began "…"", "It opens with "…"")
_DOCUMENT_OPENS_RE = re.compile(r"\b(?:began|begins|opens|opened|starts|started|ends|ended)(?:\s+with)?\s*$")
#: the agent of a passive reporting verb: "was told by inspectors that", "were described by Ofsted as"
_BY_AGENT_RE = re.compile(r"\s+by\s+(?P<np>[^,;:" + MASK + r"]{2,60}?)(?:\s+(?:that|as|to\s+be)\b|\s*,|\s*$)")
#: a copula right after a reporting verb: the verb sits in a relative clause ("the situation Ofsted found was")
_COPULA_AFTER_RE = re.compile(r"\s+(?:was|is|were|are|(?:had|has|have|would|will)\s+be(?:en)?|remains|remained)\b")
#: "it" as a reporting verb's subject inside a clause of the sentence ("… in which it described", "… and it said")
_IT_IN_CLAUSE_RE = re.compile(r"\b(?:which|where|and|that|as)\s+it\s+(?:also\s+|had\s+|has\s+|then\s+)?$")
#: a finite verb right after a noun phrase: the phrase is its clause's subject ("the council issued", "it has")
_FINITE_AFTER_RE = re.compile(r"\s+(?:has|have|had|was|is|were|are|will|would|also|[a-z]+ed|[a-z]+s)\b")


#: the head of a body's name that takes a preposition ("Department for Education", "Office of the Children's
#: Commissioner", "Association of Directors of Children's Services")
_NAMED_BODY_HEAD_RE = re.compile(
    r"\b(?:Department|Office|Ministry|Secretary|Minister|Commissioner|Commission|Association|Society|Institute|"
    r"Directors|Board|Trust|Foundation|Federation|Union)\s+$"
)


def _ends_antecedent(np: str, w: re.Match) -> bool:
    """The word before a relative pronoun's antecedent: a preposition (not one inside a name, "Department for
    Education") or a verb (not a noun after a determiner, "the report", "the Ofsted report")."""
    word, before, after = w.group(0), np[: w.start()], np[w.end() :]
    if word.lower() in _PREPOSITIONS | {"of", "and", "but"}:
        return not (_NAMED_BODY_HEAD_RE.search(before) and re.match(r"\s+(?:the\s+)?[A-Z]", after))
    return (
        _VERB_RE.fullmatch(word) is not None
        and not _DETERMINER_END_RE.search(before[-12:])
        and not re.search(r"\b(?:the|a|an|its|this|their)\s+[A-Z][\w’'-]*\s+$", before, re.IGNORECASE)
    )


#: a relative pronoun as a reporting verb's subject, and the words before it ("the Ofsted report which stated")
_RELATIVE_SUBJECT_RE = re.compile(
    r"(?P<np>(?:[\w’'-]+\s+){0,5}?[\w’'-]+)\s*,?\s+(?:which|that)\s+(?:also\s+|had\s+|has\s+|have\s+)?$"
)
_RELATIVE_END_RE = re.compile(r"\b(?:which|that)\s+(?:also\s+|had\s+|has\s+|have\s+)?$")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:been|being|was|were|is|are|be|get|got)\s+$", re.IGNORECASE)


#: an unnamed group as the subject right before the verb ("both the Labour opposition and the coalition accused
#: each other of", "the controlling group, who moved an amendment and expressed"): no one's statement
_GROUP_NOUNS = (
    r"opposition|coalition|groups?|councillors|members|campaigners|critics|parents|residents|families|"
    r"opponents|unions|MPs|politicians|parties"
)
_GROUP_SUBJECT_RE = re.compile(
    rf"\b(?:{_GROUP_NOUNS})(?:\s+(?:also|both|all|have|had|then|jointly))*\s*$"
    rf"|\b(?:{_GROUP_NOUNS}),?\s+(?:who|which)\b[^,;:.{MASK}]*\band\s+$"
)
#: a sentence headed by unnamed people in the plural, their verb next ("Labour councillors have hit out", "Some
#: parents said"): no one's statement (labelling rule), whatever body the rest of the head names
_PLURAL_PEOPLE_HEAD_RE = re.compile(
    rf"\s*(?:(?:the|some|many|several|local|opposition|senior|{_PARTY_RE})\s+){{0,3}}"
    r"(?:councillors|members|campaigners|critics|parents|residents|families|opponents|politicians|MPs|unions)"
    r"\s+(?:also\s+|have\s+|had\s+|were\s+|are\s+)*[a-z]+(?:ed|s)?\b"
)
_GROUP_NP_STOP_RE = re.compile(
    r"[,;:()" + MASK + r"]|\b(?:which|who|whom|that|during|when|while|as|after|before|"
    r"for|of|on|from|to|by|with|about|at|in)\b",
    re.IGNORECASE,
)
#: a quotation that opens with an auxiliary or modal is the sentence's verb phrase ('X Council "will not stand still"')
_AUX_START_RE = re.compile(
    r"(?:will|would|must|can|cannot|could|should|shall|may|might|is|are|was|were|has|have|had|"
    r"won['’]t|isn['’]t|remains?|needs?|did|does)\b"
)


def _group_subject(res: _Resolver, s_start: int, v_at: int) -> bool:
    """The verb's subject is an unnamed group: its head noun is a group word (not after a preposition,
    "a spokesman for the group said"), or a group's relative clause runs up to the verb, and no one is named."""
    before = res.masked[s_start:v_at]
    m = _GROUP_SUBJECT_RE.search(before)
    if not m:
        return False
    stops = list(_GROUP_NP_STOP_RE.finditer(before[: m.start()]))
    np_start = stops[-1].end() if stops else 0
    relative = re.search(r"\b(?:who|which)\b", m.group(0)) is not None
    if (
        not relative
        and stops
        and stops[-1].group(0).lower() in _PREPOSITIONS | {"of"}
        and len(before[np_start : m.start()].split()) <= 4
    ):
        return False
    if re.fullmatch(
        rf"\s*(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?(?:{_PARTY_RE})(?:['’]s)?\s+(?:group|party|opposition)"
        rf"(?:\s+(?:on|at)\s+(?:the\s+)?[\w ]{{2,30}}?)?(?:\s+(?:also|then|jointly))*\s*",
        before[np_start:],
        re.IGNORECASE,
    ):
        return False  # "the Tory group said": one party's group, a body
    return not any(p.eligible for p in res.persons_between(s_start + np_start, v_at))


#: a reported remark named by its noun: "remarks from Coun X that the plan", "a warning by Ofsted that"
_REMARK_FROM_RE = re.compile(
    r"\b(?P<noun>remarks?|comments?|claims?|warnings?|suggestions?|statements?|assertions?|insistence|pledges?|"
    r"promises?|criticism|accusations?)\s+(?:from|by)\s+(?P<who>[^,;:"
    + MASK
    + r"]{2,120}?)\s+that\b[^;:"
    + MASK
    + r"]*$",
    re.IGNORECASE,
)


#: verbs that pass on someone's words inside a sentence that already reports another's
_WORDS_VERB_RE = re.compile(
    r"(?:described|describes|found|finds|called|calls|branded|labelled|warned|stated|states|concluded|concludes|"
    r"identified|criticised|praised|noted|reported|claimed|wrote|said|says)"
)


def _nested_report(
    res: _Resolver, seg_start: int, v_at: int, verb: Optional[re.Match]
) -> Optional[tuple[Speaker, str]]:
    """Words reported inside reported speech: "Cllr Stone said Ofsted had described the service as "fragile"",
    "X has called for answers after Ofsted found "widespread weaknesses"". The quotation belongs to the verb
    next to it, so its subject, not the sentence's, is the speaker (when that subject names anyone)."""
    if verb is None or not _WORDS_VERB_RE.fullmatch(verb.group(0)):
        return None
    outer = _last_verb(res.masked[seg_start:v_at])
    if outer is None:
        return None
    np_start = seg_start + outer.end()
    that = re.match(r"\s*(?:that|how)\b", res.masked[np_start:v_at])
    np_start += that.end() if that else 0
    if not res.masked[np_start:v_at].strip():
        return None
    sp, how = res.noun_phrase(np_start, v_at)
    if sp is None:
        return None
    return sp, f"reported inside '{outer.group(0)}': the subject of '{verb.group(0)}', {how}"


#: verbs that present a document as evidence, not as speaking: inside someone's reported speech ("X said the report
#: highlighted "shocking incompetence""), the quoted words are the reporter's characterisation
_EVIDENCE_VERB_RE = re.compile(
    r"highlighted|highlights|revealed|reveals|showed|shows|exposed|exposes|confirmed|confirms"
)
#: the words' source named after the verb of a colon-introduced quotation: "… say the most damning comments from the
#: Inspector were contained within the statement:"
_WORDS_FROM_RE = re.compile(
    r"\b(?:comments?|words|remarks?|findings|criticisms?|verdict|conclusions?|warnings?)\s+(?:from|of|by)\s+"
    r"(?P<who>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s+(?:were|was|is|are|came|come|included?|contained)\b"
)
#: who makes a call the lede reports in the passive: "The call came from the Liberal Democrat group", "The Green
#: Party has now called on …", "Cllr X urged …"
_CALLER_RE = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:[Tt]he\s+(?:calls?|demands?|pleas?)\s+(?:came|comes|has\s+come)\s+from\s+"
    r"(?P<from>[^.,;:!?"
    + MASK
    + r"\n]{2,80})|(?P<np>[A-Z][^.,;:!?"
    + MASK
    + r"\n]{1,80}?)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:now\s+|also\s+|today\s+)?(?:called\s+on|called\s+for|urged)\b)"
)
#: how far after a lede's passive call its maker is looked for (characters)
CALLER_SPAN = 2000


def _caller_named_later(res: _Resolver, after: int) -> tuple[Optional[Speaker], str]:
    """A passive call in the lede ("Lambeth council have been called on to account for "…"", "X has been urged to
    "get a grip"") whose maker a later sentence names ("The Green Party has now called on …", "The call came from
    the Liberal Democrat group"): the words are that maker's."""
    m = _CALLER_RE.search(res.masked, after, after + CALLER_SPAN)
    if m is None:
        return None, ""
    group = "from" if m.group("from") else "np"
    sp, how = res.noun_phrase(m.start(group), m.end(group))
    if sp is None:
        return None, ""
    return sp, f"a passive call whose maker is named later, {how}"


def _attribute_before(res: _Resolver, s_start: int, q: _Quote) -> tuple[Optional[Speaker], str]:
    """``X said: "…"``, ``Inspectors found that "…"``: the reporting verb before the quotation."""
    masked = res.masked
    before = masked[s_start : q.open_at]
    if not before.strip(" \t" + MASK):
        return None, ""
    m = re.search(r"\baccording to\s+([^,;:" + MASK + r"]+),?\s*$", before, re.IGNORECASE) or re.match(
        r"\W*According to\s+([^,;:" + MASK + r"]+),(?![^" + MASK + r"]*\b(?:" + _VERBS + r")\b)", before
    )
    if m:  # 'According to the report, "…"'; 'According to the report, leaders have "a clear understanding"'
        sp, how = res.noun_phrase(s_start + m.start(1), s_start + m.end(1), any_person=True)  # after "to", still
        if sp:
            return sp, f"'according to' before the quotation, {how}"
    m = _REMARK_FROM_RE.search(before)
    if m:  # 'Following remarks from Coun X that the plan "must …", Coun Y said': X's words, inside Y's sentence
        sp, how = res.noun_phrase(s_start + m.start("who"), s_start + m.end("who"), any_person=True)
        if sp:
            return sp, f"'{m.group('noun')} from/by X that' before the quotation, {how}"
    verb = _last_verb(before)
    if verb is not None and _EVIDENCE_VERB_RE.fullmatch(verb.group(0)):
        outer = _last_verb(before[: verb.start()])
        if outer is not None and not re.search(r"[.;:!?" + MASK + "]", before[outer.end() : verb.start()]):
            verb = outer  # "The Labour opposition said the report highlighted "shocking incompetence"": theirs
    if verb is not None and _COPULA_AFTER_RE.match(before, verb.end()):
        outer = _last_verb(before[: verb.start()])
        if outer is not None and not re.search(r"[.;:!?" + MASK + "]", before[outer.end() : verb.start()]):
            verb = outer  # "X admitted that the situation Ofsted found was "…"": the verb is in a relative clause
    if verb is not None and _PASSIVE_BEFORE_RE.search(before[: verb.start()]):
        agent = _BY_AGENT_RE.match(before, verb.end())
        if agent:  # "Fenbury Council was told by inspectors that children were "…"": the agent said it
            sp, how = res.noun_phrase(s_start + agent.start("np"), s_start + agent.end("np"))
            return (sp, f"'{verb.group(0)} by X' (passive) before the quotation, {how}") if sp else (None, "")
        if verb.group(0) == "urged" or (
            verb.group(0) == "called" and re.match(r"\s+(?:on|upon)\b", before[verb.end() :])
        ):  # a lede's passive call ("has been called on to", not "a meeting was called"), its maker named later
            return _caller_named_later(res, q.end)
        if (
            verb.group(0) in ("told", "warned")
            and res.art.mentions_ofsted
            and (_COUNCIL_NP_RE.search(before, 0, verb.start()) or _COUNCIL_NAME_RE.search(before, 0, verb.start()))
        ):  # "Cheshire East Council has been told there is 'much more to do'": in an inspection story, by Ofsted
            return res.body(OFSTED), f"'{verb.group(0)}' in the passive, the council told it → Ofsted"
        return None, ""  # "X has been told there is '…'": the subject heard it, no one says who spoke
    colon = before.rstrip().endswith((":", ","))
    opens = _DOCUMENT_OPENS_RE.search(before) if not colon else None
    if opens and verb is not None and verb.start() > opens.start():
        opens = None
    if opens:  # 'The damning report from Ofsted began "There are serious failures …"': a document's own words
        sp, how = res.noun_phrase(s_start, s_start + opens.start())
        np = _clean(before[: opens.start()])
        if sp is None and res.art.mentions_ofsted and len(np.split()) <= 8 and _OFSTED_DOCUMENT_NP_RE.fullmatch(np):
            sp, how = res.body(OFSTED), f"'{np}' → Ofsted"  # "The damning report from OFSTED"
        if sp is not None and sp.kind == "body":
            return sp, f"'{_clean(opens.group(0))}' before the quotation, {how}"
    if verb is None and not colon:
        # 'The report "identified widespread weaknesses …"': the quotation is the sentence's verb phrase
        words = res.art.text[q.open_at + 1 : q.open_at + 30].split()
        if words and (
            re.fullmatch(r"[a-z]+(?:ed|es|s)", words[0])
            and not re.search(r"(?:ous|ss|us|is)$", words[0])  # "serious failures": an adjective, not a verb
            and len(_clean(before).split()) <= 4
            or _AUX_START_RE.fullmatch(words[0])
            and len(_clean(before).split()) <= 8
            and res.noun_phrase(s_start, q.open_at)[0] is not None
        ):
            sp, how = res.noun_phrase(s_start, q.open_at)
            if sp:
                return sp, f"the subject right before a quotation that opens with a verb, {how}"
        return None, ""
    v_at = s_start + (verb.start() if verb else len(before.rstrip()) - 1)
    source = _WORDS_FROM_RE.search(before) if colon else None
    if source:  # 'Tories say the most damning comments from the Inspector were in the statement: "…"'
        sp, how = res.noun_phrase(s_start + source.start("who"), s_start + source.end("who"))
        if sp:
            return sp, f"'{_clean(source.group(0))}' before the quotation, {how}"
    if verb is not None and _group_subject(res, s_start, v_at):
        return None, ""
    kind = f"'{verb.group(0)}' before the quotation" if verb else "an introduction ending in ':' or ','"
    tail = max(s_start, v_at - 160)  # what these two look for sits right before the verb
    it = _IT_IN_CLAUSE_RE.search(masked, max(s_start, v_at - 40), v_at) if verb is not None else None
    if it:  # "the Tory-run council issued a statement in which it described the results as "…"": the clause's "it"
        lo = bisect.bisect_left(res._body_starts["all"], s_start)
        hi = bisect.bisect_left(res._body_starts["all"], it.start())
        heads = [
            b
            for b in res._bodies_of["all"][lo:hi]
            if _eligible(masked, b.start, b.end) and _FINITE_AFTER_RE.match(masked, b.end)
        ]
        if heads:
            return res.paper(heads[0], v_at), f"{kind}, 'it' → {heads[0].surface}, the body heading its sentence"
    rel = (
        _RELATIVE_SUBJECT_RE.search(masked[tail:v_at])
        if verb is not None and _RELATIVE_END_RE.search(masked, max(s_start, v_at - 30), v_at)
        else None
    )
    if rel:  # "concerns raised in the Ofsted report which stated there had "…"": the relative pronoun's antecedent
        np = rel.group("np")
        lo = next((w.end() for w in reversed(list(re.finditer(r"[\w’'-]+", np))) if _ends_antecedent(np, w)), 0)
        sp, how = res.noun_phrase(tail + rel.start("np") + lo, tail + rel.end("np"))
        if sp and sp.kind == "body":  # "which" and "that" before a reporting verb stand for a document or a body
            return sp, f"{kind}, its subject a relative pronoun, {how}"
    # (a) the words right before the verb, after the last comma or quotation
    pre = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group(0)), masked[s_start:v_at])  # commas in brackets stay
    cut = max(pre.rfind(","), pre.rfind(MASK), pre.rfind(";"), pre.rfind(":"))
    seg_start = s_start + cut + 1
    nested = _nested_report(res, seg_start, v_at, verb)
    if nested is not None:
        return nested[0], f"{kind}, {nested[1]}"
    seg = _clean(masked[seg_start:v_at])
    seg_np = _CONJ_RE.sub("", seg)
    if seg_np and len(seg_np.split()) <= 8:
        named = [
            m
            for m in res.persons_between(s_start, seg_start)
            if m.eligible and (m.subject or _OPENER_BEFORE_NAME_RE.fullmatch(masked, s_start, m.start))
        ]
        if (
            named
            and _has_role_noun(seg_np)
            and not res.persons_between(seg_start, v_at)
            and not masked[named[-1].end : seg_start].strip(" ,")
        ):
            m = named[-1]  # the appositive left unclosed before the verb describes the name before it
            sp = res.person(m.key, v_at)
            role, party, org = res.art.parse_description(seg_np)
            if party and not sp.party:  # "Cllr Nick Jones, Leader of Bury Conservative Group commented:"
                sp.party = res._party_of[m.key] = party
                sp.role, sp.organisation = sp.role or role, sp.organisation or org
            return sp, f"{kind}, subject '{m.surface}', described as '{seg_np}'"
        opener = (
            _PRONOUN_AFTER_OPENER_RE.search(seg_np)
            if _PARTICIPLE_OPENER_RE.match(seg_np)
            else re.search(r"(?<=\s)(?P<pronoun>he|she|it|they)\s*$", seg_np)
        )  # "Going forward she said", "Last week he said"
        if opener:
            sp, how = res.pronoun(opener.group("pronoun"), seg_start + len(masked[seg_start:v_at].rstrip()))
            if sp:
                return sp, f"{kind}, subject after a participial opener, {how}"
        in_seg = [m for m in res.persons_between(seg_start, v_at) if m.eligible]
        if len(in_seg) > 1:  # "… – A, B, C and D – said": the list began before the last comma
            for m in reversed(res.persons_between(s_start, seg_start)):
                if not re.fullmatch(r"\s*,\s*(?:" + _TITLE_RE + r"\s+)?", masked[m.end : in_seg[0].start]):
                    break
                in_seg.insert(0, m)
        joint = _joint(res, in_seg[0], v_at) if len(in_seg) > 1 else None
        if joint:  # "In a joint statement, Cllr Marsh and Ms Doe said"
            return joint[0], f"{kind}, {joint[1]}"
        sp, how = res.noun_phrase(seg_start, v_at, any_person=True)
        if sp:
            return sp, f"{kind}, subject {how}"
    # (b) the subject at the head of the sentence
    head = masked[s_start:v_at]
    lead = _CONJ_RE.match(head)
    h0 = s_start + (lead.end() if lead else 0)
    m = re.search(r"[," + MASK + "]", masked[h0:v_at])
    if m and masked[h0 : h0 + m.start()].strip() == "" and m.group(0) == ",":  # "In response, X, role, said"
        h0 = h0 + m.end()
        m = re.search(r"[," + MASK + "]", masked[h0:v_at])
    if re.match(r"\s*(?:In|At|On|For|After|Following|In response|[A-Z][a-z]+ing)\b[^,]*,", masked[h0:v_at]):
        h0 = h0 + masked[h0:v_at].index(",") + 1
        m = re.search(r"[," + MASK + "]", masked[h0:v_at])
    head_end = h0 + m.start() if m else v_at
    subjects = (
        [p for p in res.persons_between(h0, v_at) if p.subject]
        or [p for p in res.persons_between(h0, v_at) if p.eligible and p.role]
        or [p for p in res.persons_between(h0, head_end) if p.eligible and _joint(res, p, v_at)]
    )
    if subjects:
        p = subjects[0]
        joint = _joint(res, p, v_at)
        if joint:
            return joint[0], f"{kind}, {joint[1]}"
        return res.person(p.key, v_at), f"{kind}, subject of the sentence '{p.surface}'" + (
            f" → {p.key}" if p.surface != p.key else ""
        )
    if _PLURAL_PEOPLE_HEAD_RE.match(masked, h0, head_end):
        return None, ""  # "Labour councillors have hit out against the council, by saying …": unnamed people's words
    sp, how = res.noun_phrase(h0, head_end)
    if sp is None and verb is not None:  # "A Pinewood councillor has blamed …": named later
        hv = re.search(r"\s+(?:has|have|had|was|is)?\s*$", masked[h0 : s_start + verb.start()])
        sp, how = _holder_named_later(res, h0, h0 + hv.start() if hv else s_start + verb.start(), q.end)
    if sp:
        return sp, f"{kind}, subject of the sentence {how}"
    sp, how = res.noun_phrase(s_start, v_at)
    if sp:
        return sp, f"{kind}, {how}"
    return None, ""


def _joint(res: _Resolver, first: _Mention, v_at: int) -> Optional[tuple[Speaker, str]]:
    """``Councillor Ann Lee, cabinet member for children, and Mark Dunn, director of children's
    services, said``: a joint statement, one speaker naming both (shared party and organisation kept)."""
    others = [m for m in res.persons_between(first.end, v_at) if m.eligible and m.key != first.key]
    if not others:
        return None
    # a list "A, B, C and D" (each joined by a bare comma) before the last pair joined by "and"
    chain, prev = [first], first
    for other in others[:-1]:
        if not re.fullmatch(r"\s*,\s*(?:" + _TITLE_RE + r"\s+)?", res.masked[prev.end : other.start]):
            break
        chain.append(other)
        prev = other
    second = others[len(chain) - 1]
    between = res.masked[chain[-1].end : second.start]
    if not re.search(r"(?:^|[\s,])and\s+(?:" + _TITLE_RE + r"\s+)?$", between) or _VERB_RE.search(between):
        return None
    people = [res.person(m.key, v_at) for m in chain + [second]]
    parties = {p.party for p in people}
    orgs = {p.organisation for p in people}
    name = ", ".join(p.name for p in people[:-1]) + f" and {people[-1].name}"
    shared = re.search(
        rf"\b({_PARTY_RE})\s+(?:MPs|councillors|members|peers|MEPs|candidates)\s*[–—:-]?\s*$",
        res.masked[max(0, first.start - 60) : first.start],
    )
    if parties == {""} and shared:  # "the seven Conservative MPs – A, B … and G – said"
        parties = {_party_name(shared.group(1))}
    sp = Speaker(name, "person", "", parties.pop() if len(parties) == 1 else "", orgs.pop() if len(orgs) == 1 else "")
    return sp, f"a joint statement: '{first.surface}' … '{second.surface}' before the verb"


#: '…, inspectors have said.' at the end of the sentence holding a quotation
_SENTENCE_END_ATTRIBUTION_RE = re.compile(
    r",\s*(?P<np>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+(?:have\s+|has\s+|had\s+)?(?:said|say|says|added|found|warned|"
    r"concluded|reported|revealed|reveals|highlighted|praised|claimed|claims)"
    r"(?:\s+(?:on|last|this)\s+[A-Z]?[a-z]+(?:\s+\([^()]{1,20}\))?|\s+yesterday|\s+today)?\s*[.!?]?\s*$"
)


def _attribute_after(res: _Resolver, after_start: int, after_end: int, q: _Quote) -> tuple[Optional[Speaker], str]:
    """``"…," said X`` / ``"…," she added`` / ``"…", according to Ofsted's letter``."""
    masked = res.masked
    text = masked[after_start:after_end]
    m = re.match(r"^\W*according to\s+([^,.;" + MASK + r"]+)", text)
    if m:
        sp, how = res.noun_phrase(after_start + m.start(1), after_start + m.end(1), any_person=True)
        if sp:
            return sp, f"'according to' after the quotation, {how}"
    ends_speech = q.words.rstrip()[-1:] in (",", ".", "!", "?", "—", "-") or text.lstrip().startswith(",")
    if not ends_speech:
        m = _SENTENCE_END_ATTRIBUTION_RE.search(text)
        if m and MASK not in text[: m.start()]:
            sp, how = res.noun_phrase(after_start + m.start("np"), after_start + m.end("np"))
            if sp is None and _has_role_noun(m.group("np")):
                sp, how = _holder_named_next(res, after_end)
            if sp is None:
                sp, how = _holder_named_later(res, after_start + m.start("np"), after_start + m.end("np"), after_end)
            if sp:
                return sp, f"'{_clean(m.group(0))}' ending the sentence (sentence-final attribution), {how}"
        return None, ""
    m = _VERB_START_RE.match(text)
    if m and re.match(r"\s+that\b", text[m.end() :]):
        m = None  # '"…", adding that the council was "…"': a content clause, not the verb's subject
    if m:  # "said X", "states the inspectorate in a letter"
        np_start = after_start + m.end()
        stop = re.search(r"[,.;:!?" + MASK + "]", masked[np_start:after_end])
        np_end = np_start + stop.start() if stop else after_end
        named = res.persons_between(np_end, after_end)[:1]
        if (
            stop
            and stop.group(0) == ","
            and named
            and not masked[np_end + 1 : named[0].start].strip()
            and _has_role_noun(masked[np_start:np_end])
            and not res.persons_between(np_start, np_end)
        ):  # "said the council's director of children's services, Mark Evans": the name after the role
            return res.person(named[0].key, named[0].end), (
                f"'{m.group('verb')} <role>, X' after the quotation, '{named[0].surface}'"
            )
        sp, how = res.noun_phrase(np_start, np_end)
        if sp:
            return sp, f"'{m.group('verb')} X' after the quotation, {how}"
    lead = re.match(r"^\W*", text).end()
    if re.match(r"(?:while|whereas|but|although|though|and|as|when|after|before)\b", text[lead:], re.IGNORECASE):
        return None, ""  # '"devastating", while Cllr Reed called it …': a new clause, someone else's verb
    words = list(re.finditer(r"[\w’'.,()-]+", text[lead:]))[:19]
    for w in words:
        verb = _VERB_RE.fullmatch(w.group(0).rstrip(".,"))
        if verb is None or _DETERMINER_END_RE.search(text[max(0, lead + w.start() - 12) : lead + w.start()]):
            continue
        if w.start() == 0 or re.search(r"[.!?;]\s*$", text[lead : lead + w.start()]):
            break
        sp, how = res.noun_phrase(after_start + lead, after_start + lead + w.start())
        if sp:
            return sp, f"'X {w.group(0).rstrip('.,')}' after the quotation, {how}"
        break
    return None, ""


def _holder_named_next(res: _Resolver, at: int) -> tuple[Optional[Speaker], str]:
    """A role named before its holder ('X Council is "deeply disappointed", its leader has said.' then "Cllr Nadia
    Ali said: …"): the person heading the next sentence."""
    gap = len(res.masked[at : at + 40]) - len(res.masked[at : at + 40].lstrip())
    head = [p for p in res.persons_between(at, at + gap + 40) if p.subject and p.eligible]
    if not head:
        return None, ""
    return res.person(head[0].key, head[0].start), f"the role's holder, named heading the next sentence, {head[0].key}"


#: an unnamed holder of a post as a lede's speaker ("A Pinewood councillor has blamed …", ", the councillor
#: responsible says"): named later in the article
_UNNAMED_HOLDER_RE = re.compile(
    r"\s*(?:an?|the)\s+(?:[A-Z][\w’'-]*\s+)?(?P<noun>councillor|cabinet member|council leader|leader|mayor|director|"
    r"portfolio holder)(?:\s+responsible(?:\s+for\s+[\w’' ]{1,40})?)?\s*",
    re.IGNORECASE,
)
_HOLDER_TITLES = {"councillor": r"(?:Cllr|Councillor|Coun|Cllr\.)\s+$"}


def _holder_named_later(res: _Resolver, np_start: int, np_end: int, at: int) -> tuple[Optional[Speaker], str]:
    """A lede's speaker given as a post without a name (``A Pinewood councillor has blamed …``, ``…, the councillor
    responsible says``), in the article's first paragraphs: the first person the article names after it, when
    that person holds the post (the title ``Councillor``, or the post in their description)."""
    m = _UNNAMED_HOLDER_RE.fullmatch(res.masked, np_start, np_end)
    if m is None or bisect.bisect_right(res.para_starts, np_start) > 3:
        return None, ""
    later = [p for p in res.persons_between(at, len(res.masked)) if p.kind == "person" and p.eligible][:1]
    if not later:
        return None, ""
    noun = m.group("noun").lower()
    first = later[0]
    title = _HOLDER_TITLES.get(noun)
    roles = res._state(first.key, len(res.masked))[0].lower()
    if (
        (title and re.search(title, res.masked[max(0, first.start - 14) : first.start]))
        or noun in roles
        or (noun == "councillor" and re.match(r"(?:Cllr|Councillor|Coun)\b", first.surface))
    ):
        how = f"'{_clean(m.group(0))}' → the post's holder named later, {first.key}"
        return res.person(first.key, first.start), how
    return None, ""


_TAIL_VERBS = "said|says|added|adds|wrote|writes|states|stated|told|explained|warned|continued|insisted|warns"
#: ", states the inspectorate in a letter to the council." / ", she said." at the end of an unclosed quotation
_TAIL_RE = re.compile(
    rf",\s+(?:(?:{_TAIL_VERBS})\s+\S+(?:\s+\S+){{0,11}}|(?!(?:and|but|or|so)\b)\S+(?:\s+\S+){{0,3}}?"
    rf"\s+(?:{_TAIL_VERBS})(?:\s+\S+){{0,3}})\s*[.!?]?\s*$"
)


def _split_unclosed(words: str) -> tuple[str, str]:
    """An unclosed quotation that ends with its own attribution (``…to be good, states the
    inspectorate in a letter``) ends before it."""
    m = _TAIL_RE.search(words)
    if m and len(words[m.start() :].split()) <= 16 and not re.search(r"[\"“”]", words[m.start() :]):
        return words[: m.start()], words[m.start() :]
    return words, ""


# ---------------------------------------------------------------- the pipeline


def _looks_like_headline(text: str, para: tuple[int, int], index: int) -> bool:
    if index != 0 or para[1] - para[0] > 300:
        return False
    line = text[para[0] : para[1]].strip()
    return len(line) <= 200 and "\n" not in line and not line.endswith((".", "!", "?", "”", '"', ":"))


def _is_crosshead(text: str, para: tuple[int, int], q: _Quote) -> bool:
    """``'No quick fix'`` alone on its line: a subheading, the publication's words, not a statement."""
    if para[1] - para[0] > 80:
        return False
    line = text[para[0] : para[1]].strip()
    return (
        q.open_at == para[0] + len(text[para[0] : para[1]]) - len(text[para[0] : para[1]].lstrip())
        and q.close_at is not None
        and not text[q.close_at + 1 : para[1]].strip()
        and len(q.words.split()) <= 5
        and not re.search(r"[.!?,]$", q.words.strip())
        and len(line) <= 60
    )


def _is_caption(text: str) -> bool:
    """A picture's caption: "Picture: …", or a BBC page's "Image caption, …"."""
    return re.search(r"\b(?:Picture|Photo|Photograph|Image|Credit)s?\s*:|^\s*Image caption\b", text) is not None


@dataclass
class _Reading:
    """One article as the steps after quotation-finding read it: one typed value passed from
    step to step instead of a function's worth of locals."""

    text: str
    paras: list[tuple[int, int]]  # (start, end) of each paragraph
    furniture: set[int]  # paragraphs that are the page's furniture (``Advertisement``)
    quotes: list[_Quote]  # article order
    masked: str  # ``text`` with every quotation, marks included, masked (an open quotation's tail not)
    res: _Resolver  # the people and bodies the article names, and who spoke last
    starts: dict[int, list[int]]  # each paragraph's sentence starts, in ``masked``
    by_para: dict[int, list[_Quote]]  # each paragraph's quotations, in order
    place: dict[int, int]  # id(quotation) → its index in ``by_para[its paragraph]``

    @cached_property
    def normalised(self) -> str:
        """The whole article normalised: computed only if a verbatim check ever needs it."""
        return normalise_text(self.text)


def propose_statements(text: str) -> list[Proposal]:
    """Every direct quotation in ``text`` as a proposed statement row (article order).

    Paragraphs → page furniture → quotation spans → the article read with its quotations
    masked → each quotation's speaker → speakers shared by quotations joined by "and" and by
    words repeated later → a person's party shared by all their quotations → one proposal per span,
    with its flags."""
    paras = _paragraphs(text)
    furniture = _furniture(text, paras)
    quotes = _quotations(text, paras, furniture)
    reading = _read(text, paras, furniture, quotes)
    _attribute_quotes(reading)
    _share_joined_speakers(reading)
    _share_repeated_speakers(reading)
    _share_parties(reading)
    return _proposals(reading)


def _furniture(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """The paragraphs that are page furniture ("Advertisement", a picture's caption), which a speech may carry on
    across."""
    return {i for i, (s, e) in enumerate(paras) if _is_furniture(text[s:e]) or _is_caption(text[s:e])}


def _quotations(text: str, paras: list[tuple[int, int]], furniture: set[int]) -> list[_Quote]:
    """Every quotation span, paragraph by paragraph, including a paragraph that closes the one left open before it."""
    quotes: list[_Quote] = []
    for index, (s, e) in enumerate(paras):
        found = _find_quotes(text[s:e], s, index)
        if quotes and quotes[-1].close_at is None and _follows(quotes[-1].para, index, furniture):
            found = _carried_on(text, s, e, index, found) or found
            if not found and index + 1 < len(paras):
                found = _unmarked_inside(text, s, e, index, paras[index + 1][0])
        quotes += found
    return quotes


def _unmarked_inside(text: str, s: int, e: int, index: int, next_start: int) -> list[_Quote]:
    """A paragraph with no mark at all between a speech left open and a paragraph that reopens it
    (``said: “Had we … sooner.`` / ``This would have …`` / ``“It would …``): the opening mark was left out;
    the quotation, never closed, runs through it. Not a paragraph of narration (a name, a reporting verb,
    an introduction's colon)."""
    p = text[s:e].strip()
    lead = len(text[s:e]) - len(text[s:e].lstrip())
    if (
        not p
        or text[next_start : next_start + 1] not in _DOUBLES + _SINGLE_OPENERS
        or not _is_opening(text[next_start : next_start + 2], 0)
        or p.endswith(":")
        or _VERB_RE.search(p)
        or re.search(r"(?<!^)(?<![.!?]\s)\b(?!I\b)[A-Z]", p)
    ):
        return []
    return [_Quote(index, s + lead, s + lead + len(p), s + lead, None)]


def _masked_chars(text: str, quotes: list[_Quote]) -> list[str]:
    """The article's characters with every quotation masked, marks included, so the rules read only narration."""
    chars = list(text)
    for q in quotes:
        end = q.close_at + 1 if q.close_at is not None else q.end
        chars[q.open_at : end] = MASK * (end - q.open_at)
    return chars


def _cut_open_tails(text: str, quotes: list[_Quote], chars: list[str]) -> None:
    """Sets each quotation's words; an unclosed one that runs on into its own attribution
    (``…, said Cllr Lee``) ends before it, and that tail is unmasked in ``chars``: narration again."""
    for q in quotes:
        q.words = text[q.start : q.end]
        if q.close_at is None:
            words, tail = _split_unclosed(q.words)
            if tail:
                q.end = q.start + len(words)
                q.words, q.tail = words, tail
                chars[q.end : q.end + len(tail)] = text[q.end : q.end + len(tail)]


def _read(text: str, paras: list[tuple[int, int]], furniture: set[int], quotes: list[_Quote]) -> _Reading:
    """The article's state for attribution: the people and bodies it names, its masked text, its sentences."""
    chars = _masked_chars(text, quotes)
    # people and bodies are found with every quotation masked, before open quotations give back their tails
    narration = "".join(chars)
    res = _Resolver(_Article(text, narration), narration)
    _cut_open_tails(text, quotes, chars)
    masked = "".join(chars)
    res.masked = masked
    res.para_starts = [s for s, _ in paras] or [0]
    by_para: dict[int, list[_Quote]] = {}
    place: dict[int, int] = {}
    for q in quotes:
        place[id(q)] = len(by_para.setdefault(q.para, []))
        by_para[q.para].append(q)
    starts = {i: _sentence_starts(masked, s, e) for i, (s, e) in enumerate(paras)}
    for q in quotes:  # '"We will fix this." The Conservative councillor added:': the quotation ended a sentence
        if q.close_at is not None and q.words.rstrip()[-1:] in ".!?":
            nxt = re.match(r"[ \t]+(?=[A-Z])", text[q.close_at + 1 : q.close_at + 40])
            if nxt:
                bisect.insort(starts[q.para], q.close_at + 1 + nxt.end())
    return _Reading(text, paras, furniture, quotes, masked, res, starts, by_para, place)


def _attribute_quotes(r: _Reading) -> None:
    """Each quotation's speaker and reason, in article order: a quotation may continue the one before."""
    res = r.res
    previous: Optional[_Quote] = None
    for q in r.quotes:
        res.unresolved = ""
        sp, how = _attribute(r, q, previous)
        q.speaker, q.reason = sp, how
        if res.ambiguous and sp is not None and "pronoun '" in how:
            q.flags.append(FLAG_PRONOUN)
            q.reason += f" (could also be {', '.join(res.ambiguous)})"
        res.ambiguous = []
        res.note_speaker(q.open_at, sp)
        previous = q


def _window(r: _Reading, q: _Quote) -> tuple[int, int, int]:
    """(sentence start, after start, after end): the narration before a quotation, from its
    sentence's start (at most LOOKBACK), and after it, up to the next sentence, the next quotation or LOOKBACK."""
    para_end = r.paras[q.para][1]
    starts = r.starts[q.para]
    s_start = starts[bisect.bisect_right(starts, q.open_at) - 1]
    if q.open_at - s_start > LOOKBACK:  # a run-on "sentence": read only its last words
        s_start = r.masked.find(" ", q.open_at - LOOKBACK, q.open_at) + 1 or q.open_at - LOOKBACK
    siblings = r.by_para[q.para]
    k = r.place[id(q)]
    after_start = q.end if q.tail else (q.close_at + 1 if q.close_at is not None else q.end)
    i_next = bisect.bisect_right(starts, after_start)
    nxt = starts[i_next : i_next + 1]
    after_end = min([para_end, after_start + LOOKBACK] + nxt[:1] + [x.open_at for x in siblings[k + 1 : k + 2]])
    return s_start, after_start, after_end


def _attribute(r: _Reading, q: _Quote, previous: Optional[_Quote]) -> tuple[Optional[Speaker], str]:
    """The speaker the quotation's own sentence (or the next) names; failing that, the speech it continues."""
    res, masked = r.res, r.masked
    s_start, after_start, after_end = _window(r, q)
    sp, how = None, ""
    if _REMARK_FROM_RE.search(masked, s_start, q.open_at):  # a remark reported inside someone else's sentence
        sp, how = _attribute_before(res, s_start, q)
    if sp is None:
        sp, how = _attribute_after(res, after_start, after_end, q)
    if sp is None:
        sp, how = _attribute_before(res, s_start, q)
    if sp is None and not res.unresolved:  # "a notice of motion from the Tory group which … for "…""
        paper = res.paper_before(q.open_at)
        if (
            paper is not None
            and paper.start >= s_start
            and paper.key != res.art.council
            and not _VERB_RE.search(masked, paper.end, q.open_at)
        ):
            sp, how = res.paper(paper, q.open_at), f"the {paper.surface} in the quotation's sentence → {paper.key}"
    message = _MESSAGE_FROM_RE.match(masked, q.close_at + 1) if sp is None and q.close_at is not None else None
    if message:  # '"Children come first." That was the message from Cllr Dee Fay.'
        sp, how = res.noun_phrase(message.start("np"), message.end("np"), any_person=True)
        how = f"'{_clean(message.group(0))}' after the quotation, {how}" if sp else ""
    if sp is None and not res.unresolved:  # "“…” Councillor Bob Kerr said the report was …"
        sp, how = _named_next(res, r.starts[q.para], after_start, r.paras[q.para][1])
    if sp is None and res.unresolved:
        how = f"pronoun '{res.unresolved}' with no one named before it"
    elif sp is None:
        continued = _continued_speech(r, q, previous, s_start)
        if continued is not None:
            sp, how = continued
    if sp is None and not res.unresolved:
        sp, how = _list_item(r, q, s_start)
    if sp is None and not res.unresolved and _in_findings_run(r, q, previous, s_start):
        sp, how = res.body(OFSTED), "an unattributed clause in a run of the inspection's findings → Ofsted"
    return sp, how


_BULLET_RE = re.compile(r"\s*[•·▪●◦*–-]\s")


def _list_item(r: _Reading, q: _Quote, s_start: int) -> tuple[Optional[Speaker], str]:
    """A quotation in a bulleted item, its own words naming no one, under a sentence that ends in a colon
    (``The watchdog said improvements need to be made, including:`` / ``• Plans with "clear timescales"``):
    that sentence's speaker."""
    para_start, para_end = r.paras[q.para]
    if not _BULLET_RE.match(r.masked, para_start) or _VERB_RE.search(r.masked, s_start, q.open_at):
        return None, ""
    i = q.para - 1
    while i >= 0 and (_BULLET_RE.match(r.masked, r.paras[i][0]) or i in r.furniture):
        i -= 1
    if i < 0:
        return None, ""
    intro = r.masked[r.paras[i][0] : r.paras[i][1]].rstrip()
    if not intro.endswith(":") or MASK in intro:
        return None, ""
    colon = r.paras[i][0] + len(intro) - 1
    sp, how = _attribute_before(r.res, r.starts[i][-1], dataclasses.replace(q, open_at=colon))
    return (sp, f"an item of the list introduced by: {how}") if sp else (None, "")


#: the next sentence names whose words they were: "That was the message from Cllr X.", "These were the words of …"
_MESSAGE_FROM_RE = re.compile(
    r"[ \t]*(?:That|This|Those|These|Such)\s+(?:was|were|is|are|has\s+been)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:message|warning|verdict|view|words?|response|reaction|plea|call|claim|assessment|promise|pledge)\s+"
    r"(?:from|of|by)\s+(?P<np>[^.,;:!?\n" + MASK + r"]{2,80})"
)


def _in_findings_run(r: _Reading, q: _Quote, previous: Optional[_Quote], s_start: int) -> bool:
    """A clause quoted with no one named in its sentence ("Handling of allegations … "had not been effective for a
    number of months".") right after the inspectorate's words in this paragraph or the one before: the report's
    words still. Not a word or two (a label), not where a person or another body is named in the sentence."""
    if previous is None or previous.speaker is None or previous.speaker.name != OFSTED or previous.para < q.para - 1:
        return False
    if len(q.words.split()) < 4:
        return False
    before = r.masked[s_start : q.open_at]
    return not (
        _VERB_RE.search(before)
        or r.res.persons_between(s_start, q.open_at)
        or _COUNCIL_NP_RE.search(before)
        or _PARTY_WORD_RE.search(before)
    )


#: the end of a paragraph that introduces the next one's quotation: "…, said:", "…, said,", "… said" (a lost colon)
_INTRODUCES_RE = re.compile(
    r"(?::|,|\b(?:said|says|added|adds|stated|states|commented|comments|explained|explains|wrote|writes|responded))"
    r"\s*$"
)


def _continued_speech(
    r: _Reading, q: _Quote, previous: Optional[_Quote], s_start: int
) -> Optional[tuple[Optional[Speaker], str]]:
    """A quotation whose own sentences name no one: the paragraph's previous quotation, the previous
    paragraph's speech, or the paragraph before that introduces it (``…, said:``, a header, reported speech)."""
    res, text, masked, paras = r.res, r.text, r.masked, r.paras
    para_start = paras[q.para][0]
    siblings = r.by_para[q.para]
    k = r.place[id(q)]
    glued = (
        _glued(text, q.open_at) and q.open_at - para_start < 60 and _is_furniture(text[para_start : q.open_at])
    )  # 'Hide Ad"I'm …'
    opens_sentence = glued or not masked[s_start : q.open_at].strip(" \t" + MASK)
    if k > 0 and (opens_sentence or s_start <= siblings[k - 1].open_at) and siblings[k - 1].speaker:
        return siblings[k - 1].speaker, "continues the previous quotation in the paragraph"
    if (
        k == 0
        and opens_sentence
        and (q.open_at == para_start or glued)
        and previous is not None
        and _follows(previous.para, q.para, r.furniture)
        and previous.speaker
    ):
        left_open = previous.close_at is None
        return previous.speaker, (
            "continues the speech left open in the previous paragraph"
            if left_open
            else "a paragraph-long quotation following the previous paragraph's, same speaker"
        )
    before = q.para - 1
    while before > 0 and before in r.furniture:
        before -= 1  # a caption or "Advertisement" between the introduction and the speech
    if (
        k == 0
        and opens_sentence
        and q.open_at == para_start
        and before >= 0
        and _INTRODUCES_RE.search(masked, paras[before][0], paras[before][1]) is not None
        and not (previous is not None and previous.para >= before)
    ):
        sp, how = _attribute_before(res, r.starts[before][-1], q)  # "…, said:" (or "said") ends the one before
        return sp, how and f"introduced at the end of the paragraph before: {how}"
    if (
        k == 0
        and opens_sentence
        and q.open_at == para_start
        and before >= 0
        and (previous is None or previous.para < before)
    ):
        sp, how = _said_header(res, *paras[before])
        if sp is None:
            sp, how = _reported_before(res, r.starts[before], paras[before][1])
        if sp is None:
            sp, how = _after_unmarked_speech(r, q, before)
        return sp, how
    return None


def _after_unmarked_speech(r: _Reading, q: _Quote, unmarked: int) -> tuple[Optional[Speaker], str]:
    """A paragraph-long quotation after a paragraph printed without marks that an introduction ending in a colon
    opens (``Cllr Nick Jones … commented:`` / ``The senior leadership … should …`` / ``“This has all been …``): the
    introduction's speaker, who goes on speaking."""
    if unmarked < 1 or unmarked in r.by_para or _last_verb(r.masked[r.paras[unmarked][0] : r.paras[unmarked][1]]):
        return None, ""
    intro = r.masked[r.paras[unmarked - 1][0] : r.paras[unmarked - 1][1]].rstrip()
    if not intro.endswith(":") or MASK in intro or (unmarked - 1) in r.by_para:
        return None, ""
    colon = r.paras[unmarked - 1][0] + len(intro) - 1
    sp, how = _attribute_before(r.res, r.starts[unmarked - 1][-1], dataclasses.replace(q, open_at=colon))
    return (sp, f"after a speech printed without marks, introduced: {how}") if sp else (None, "")


def _share_joined_speakers(r: _Reading) -> None:
    """Quotations joined by "and" (``“manageable” and “this is enabling …”, inspectors said``) share the last one's
    speaker."""
    for siblings in r.by_para.values():
        for a, b in reversed(list(zip(siblings, siblings[1:]))):
            if (
                a.speaker is None
                and b.speaker is not None
                and a.close_at is not None
                and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", r.masked[a.close_at + 1 : b.open_at])
            ):
                a.speaker, a.reason = b.speaker, f"joined by 'and' to the next quotation ({b.reason})"


def _share_repeated_speakers(r: _Reading) -> None:
    """The same words attributed later (a lede's quotation repeated in the body): the earlier takes that speaker."""
    said_by: dict[str, _Quote] = {}
    for q in reversed(r.quotes):
        key = normalise_text(q.words).strip(" ,.")
        if q.speaker is not None:
            said_by[key] = q
        elif key in said_by and len(key.split()) >= 2:
            later = said_by[key]
            q.speaker, q.reason = later.speaker, f"the same words are attributed later in the article ({later.reason})"


def _share_parties(r: _Reading) -> None:
    """A party the article states for a person anywhere (also one read only while attributing, "the Labour MP
    said") holds for all their quotations, before and after."""
    party: dict[str, str] = {}
    for q in r.quotes:
        if q.speaker is not None and q.speaker.kind == "person" and q.speaker.party:
            party.setdefault(q.speaker.name, q.speaker.party)
    for q in r.quotes:
        if q.speaker is not None and q.speaker.kind == "person" and not q.speaker.party:
            q.speaker.party = party.get(q.speaker.name, "")


def _proposals(r: _Reading) -> list[Proposal]:
    """One row per quotation span (an ellipsis splits one), flagged where it needs a look; words
    already proposed outside a headline or caption are flagged duplicate."""
    proposals: list[Proposal] = []
    seen: set[str] = set()
    captions = {i for i in r.by_para if _is_caption(r.text[r.paras[i][0] : r.paras[i][1]])}
    for q in r.quotes:
        flags = _placement_flags(r, q, captions)
        spans = _split_ellipsis(q.start, q.words)
        for start, words in spans:
            body = words.strip()  # punctuation inside the marks is the speaker's and is kept
            if not body or not re.search(r"\w", body):
                continue
            start += len(words) - len(words.lstrip())
            quote = re.sub(r"\s+", " ", body)
            pflags = flags + q.flags + _wording_flags(r, q, quote)
            key = normalise_text(quote)
            if key in seen:
                pflags.append(FLAG_DUPLICATE)
            if not (set(flags) & {FLAG_HEADLINE, FLAG_CAPTION}):  # a headline's words are repeated in the body
                seen.add(key)
            problem = _verbatim_problem(r, quote, key, start, start + len(body))
            if problem:
                pflags.append(FLAG_NOT_VERBATIM)
            sp = q.speaker
            proposals.append(
                Proposal(
                    quote=quote,
                    speaker=sp.name if sp else "",
                    speaker_role=sp.role if sp else "",
                    speaker_organisation=sp.organisation if sp else "",
                    speaker_party=sp.party if sp else "",
                    reason=_reason(q, split=len(spans) > 1),
                    flags=pflags,
                    paragraph=q.para + 1,
                    start=start,
                    end=start + len(body),
                    problem=problem,
                )
            )
    return proposals


def _placement_flags(r: _Reading, q: _Quote, captions: set[int]) -> list[str]:
    """Where the quotation sits, when that makes it the publication's words: a headline, a caption, a crosshead."""
    flags = []
    if _looks_like_headline(r.text, r.paras[q.para], q.para):
        flags.append(FLAG_HEADLINE)
    if q.para in captions:
        flags.append(FLAG_CAPTION)
    if (_is_crosshead(r.text, r.paras[q.para], q) or _RELATED_LINK_RE.match(r.text, r.paras[q.para][0])) and (
        FLAG_HEADLINE not in flags
    ):
        flags.append(FLAG_HEADLINE)  # a crosshead, or another story's headline ("Related: …", "READ MORE: …")
    return flags


_RELATED_LINK_RE = re.compile(
    r"\s*(?:Related|Read more|READ MORE|Read More|See also|SEE ALSO|Also read|More on this story|Most read)\b\s*[:|–-]?",
)


def _wording_flags(r: _Reading, q: _Quote, quote: str) -> list[str]:
    """What the words themselves suggest: Ofsted's vocabulary, scare quotes, no one who said them."""
    flags = []
    if _judgement_words(quote):
        flags.append(FLAG_JUDGEMENT)
    elif _LABEL_BEFORE_RE.search(r.masked, max(0, q.open_at - 60), q.open_at) or _TERM_OF_ART_RE.fullmatch(
        quote.strip(" .,;:!?")
    ):
        flags.append(FLAG_SCARE)  # 'the council's so-called "front door"', 'a plan dubbed "Project Phoenix"'
    elif (
        len(quote.split()) <= 2
        and _inside_narration(r.masked, r.paras[q.para][0], q, quote)
        and not _reported_words(r.masked, q)
    ):
        flags.append(FLAG_SCARE)
    if q.speaker is None:
        flags.append(FLAG_NO_SPEAKER)
    return flags


def _verbatim_problem(r: _Reading, quote: str, key: str, start: int, end: int) -> Optional[str]:
    """The validator's objection to the quote, or "not found verbatim" should the span and its words ever disagree."""
    problem = quote_format_problem(quote)
    if problem is None and normalise_text(r.text[start:end]) != key:
        # the span is the article's own characters, so this is only reached if the rules go wrong
        problem = None if key in r.normalised else "not found verbatim in the article"
    return problem


def _reason(q: _Quote, split: bool) -> str:
    """How the speaker was found, and how the quotation's span was cut."""
    reason = q.reason or "no attribution found"
    if split:
        reason += "; split at an ellipsis"
    if q.tail:
        reason += f"; quotation left open, ended before '{_clean(q.tail)[:60]}'"
    return reason


_JUDGEMENT_RE = re.compile(
    r"(?:now |rated |judged |an? |the )?(?:inadequate|(?:requires?|required) improvement(?: to be good)?|requiring improvement|good|"
    r"outstanding|adequate|overall effectiveness|(?:the )?(?:experiences and progress of )?(?:children who need help "
    r"and protection|children in care(?: and care leavers)?)|(?:(?:children )?in need of )?help and protection|care leavers|"
    r"children looked after"
    r"(?: and achieving permanence)?|(?:the )?impact of leaders on social work practice(?: with children and families)?|"
    r"leadership,? management and governance|child(?:ren)? in need|child protection(?: plans?)?|looked[- ]after children|"
    r"children looked after|early help|special measures|improvement notice)",
    re.IGNORECASE,
)


def _judgement_words(quote: str) -> bool:
    """Only a grade (``inadequate.``) or the name of a judgement area (``children who need help and
    protection``): Ofsted's vocabulary quoted, not anyone's statement."""
    return _JUDGEMENT_RE.fullmatch(quote.strip(" .,;:!?")) is not None


#: words that introduce a name or label, never someone's statement
_LABEL_BEFORE_RE = re.compile(
    r"\b(?:so-called|known as|titled|entitled|(?:dubbed|nicknamed|renamed|rebranded)(?:\s+[\w’'-]+){0,4})\s*$",
    re.IGNORECASE,
)
#: children's social care's names for a place or a kind of provision, quoted as a label ('risk "at the front
#: door"', 'living in "bed and breakfast" accommodation'), not anyone's statement
_TERM_OF_ART_RE = re.compile(
    r"(?:(?:at|through|to|in|on)\s+)?(?:the\s+)?(?:front\s+door|bed\s+and\s+breakfast|B\s*&\s*B|edge\s+of\s+care|"
    r"step[- ]down|out\s+of\s+area|unregulated|unregistered)",
    re.IGNORECASE,
)
_MODIFIER_BEFORE_RE = re.compile(
    r"(?:\b(?:a|an|the|its|their|his|her|our|this|that|these|those)|['’]s)\s*$", re.IGNORECASE
)


#: an evaluative phrase: an intensifier or an adjective's ending first, or an abstract noun last
#: ("most vulnerable", "relentless ambition", "clear determination"; not "front door")
_EVALUATIVE_RE = re.compile(
    r"^(?:(?:most|least|very|too|highly|deeply|seriously|significantly|wholly|fully|really)\s.*"
    r"|[a-z]+(?:ous|ful|less|ive|ent|ant|ible|able|ic|al|ary)\s.*"
    r"|.*\s[a-z]+(?:tion|sion|ment|ness|ity|ence|ance|ship|ism)s?)[.,]?$"
)


def _reported_words(masked: str, q: _Quote) -> bool:
    """A short quotation that is a named speaker's own word (``said she was "delighted"``,
    ``Inspectors found "serious failures"``), not a quoted label modifying a noun
    (``a "damning" report``, ``the council's "front door"``). After a determiner, an evaluative
    phrase in a sentence attributed to the inspectors is the report's words (``the council's "clear
    determination" …, inspectors have said``)."""
    if q.speaker is None or "pronoun '" in q.reason and FLAG_PRONOUN in q.flags:
        return False
    if "quotation" not in q.reason and "ending the sentence" not in q.reason:
        return False
    if not _MODIFIER_BEFORE_RE.search(masked[max(0, q.open_at - 20) : q.open_at]):
        return True  # 'X is "deeply disappointed", its leader has said': not a label modifying a noun
    if q.speaker.kind == "person" and q.close_at is not None and _NP_ENDS_RE.match(masked, q.close_at + 1):
        return True  # 'X said the council would use the report as a "benchmark" against which to improve'
    return q.speaker.name == OFSTED and _EVALUATIVE_RE.match(_clean(q.words)) is not None


#: what follows a quoted noun phrase that is complete (a person's own word), not a label before its noun
#: ('as a "benchmark" against which', 'called it a "shambles".'; not 'a "damning" report')
_NP_ENDS_RE = re.compile(
    r"\s*(?:[.,;:!?)]|$|(?:against|for|of|to|in|on|and|but|which|that|after|when|as|behind|beyond|from|with|by|at|"
    r"into|over|under)\b)"
)


def _is_furniture(paragraph: str) -> bool:
    """``Advertisement``, ``Hide Ad``: a scraped page's furniture between two paragraphs of one speech."""
    return (
        len(paragraph.split()) <= 4
        and not re.search(r"[.!?\"“”‘’:]", paragraph)
        and not _SAID_HEADER_RE.match(paragraph)
    )


def _follows(earlier: int, later: int, furniture: set[int]) -> bool:
    return earlier < later and all(i in furniture for i in range(earlier + 1, later))


def _carried_on(text: str, s: int, e: int, index: int, found: list[_Quote]) -> list[_Quote]:
    """A paragraph that carries on the quotation left open in the previous one without an
    opening mark of its own, and closes it (``…care and protection.’``): the whole paragraph."""
    p = text[s:e].rstrip()
    lead = len(p) - len(p.lstrip())
    m = re.search(r"[’”\"'][.,]?$", p)
    if not m or p[lead : lead + 1] in _DOUBLES + _SINGLE_OPENERS:
        return []
    close = m.start()
    if any(q.open_at < s + close for q in found):
        return []
    return [_Quote(index, s + lead, s + close, s + lead, s + close)]


def _named_next(
    res: _Resolver, sentence_starts: list[int], after_start: int, para_end: int
) -> tuple[Optional[Speaker], str]:
    """The sentence after a quotation opens with a person who says something (``“We will change
    this.” Councillor Bob Kerr said …``): that person, not the previous quotation's speaker."""
    i = bisect.bisect_right(sentence_starts, after_start)
    if i >= len(sentence_starts) or res.masked[after_start : sentence_starts[i]].strip(" \t.!?" + MASK):
        return None, ""
    start = sentence_starts[i]
    end = min(sentence_starts[i + 1] if i + 1 < len(sentence_starts) else para_end, start + LOOKBACK)
    head = [m for m in res.persons_between(start, end) if m.subject and m.eligible]
    if head and head[0].start - start < 40 and _VERB_RE.search(res.masked[head[0].end : end]):
        m = head[0]
        return res.person(m.key, m.start), f"named in the sentence after the quotation, '{m.surface}'"
    return None, ""


_SAID_HEADER_RE = re.compile(r"^\s*WHAT\s+(?P<who>[A-Z][A-Z' ]+?)\s+(?:SAID|SAYS|SAY)\s*:?\s*$")


def _said_header(res: "_Resolver", start: int, end: int) -> tuple[Optional[Speaker], str]:
    """A paragraph-long quotation under a header ``WHAT INSPECTORS SAID``: the header's speaker."""
    m = _SAID_HEADER_RE.match(res.masked[start:end])
    if not m:
        return None, ""
    sp, how = res.noun_phrase(start + m.start("who"), start + m.end("who"))
    return (sp, f"under the header '{_clean(m.group(0))}', {how}") if sp else (None, "")


def _reported_before(res: _Resolver, sentence_starts: list[int], para_end: int) -> tuple[Optional[Speaker], str]:
    """A paragraph-long quotation after a paragraph with no quotation whose last sentence a person heads
    (``Councillor Ann Lee … said the council accepted the report.``, ``Cllr Cross … disagreed.``): that person."""
    start = sentence_starts[-1]
    para_end = min(para_end, start + LOOKBACK)
    head = [m for m in res.persons_between(start, para_end) if m.subject and m.eligible]
    if head and head[0].start - start < 40 and re.search(r"[.!?]\s*$", res.masked[start:para_end]):
        m = head[0]  # "Cllr Brian Cross, the opposition leader, disagreed with her approach." then "…": his words
        return res.person(m.key, m.start), f"a paragraph-long quotation after a sentence headed by '{m.surface}'"
    return None, ""


def _inside_narration(masked: str, para_start: int, q: _Quote, quote: str) -> bool:
    """A fragment set inside a sentence of narration (``a "damning" report``), not a sentence
    of speech of its own (``"They didn't."``) or one introduced by a colon."""
    before = masked[max(para_start, q.open_at - LOOKBACK) : q.open_at].rstrip()
    if quote[-1:] in ".!?" or not before or before.endswith((":", MASK)):
        return False
    return not re.search(r"[.!?][\"”’']?$", before)


def _split_ellipsis(start: int, words: str) -> list[tuple[int, str]]:
    parts, pos = [], 0
    for m in re.finditer(r"[\[(]\s*(?:\.\.\.|…)\s*[\])]|\.\.\.|…", words):  # "[…]": the editor's brackets go too
        parts.append((start + pos, words[pos : m.start()]))
        pos = m.end()
    parts.append((start + pos, words[pos:]))
    return [(s, w) for s, w in parts if re.search(r"\w", w)]
