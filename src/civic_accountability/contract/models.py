"""The tables, one Pydantic model each: the single source of truth.

Every column's type, requiredness, allowed values, pattern, description, example and
roles are declared here once. ``derive`` reads them into plain column specs, written
to the generated ``cellspecs`` module that the validator, descriptors, data dictionary
and exports read; nothing downstream restates them.

A model reads a CSV row as it stands: an empty cell is null, and every cell is
checked as the validator checks it (``modeltypes``), never coerced.
Roles (``columns.ROLES``): ``facet``, ``search`` and ``label`` are declared per field
with ``roles(...)``; every ``PartialDate`` column has the ``date`` role.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from civic_accountability.contract.columns import FACET, LABEL, SEARCH, ForeignKey
from civic_accountability.contract.fieldtypes import date_order_problem
from civic_accountability.contract.modeltypes import (
    GssCode,
    LongText,
    PartialDate,
    Sha256,
    ShortText,
    Slug,
    SlugList,
    ThemeId,
    Url,
    WholeNumber,
)
from civic_accountability.contract.vocab import (
    Addressee,
    Area,
    AuthorityStatus,
    Framework,
    Grade,
    InspectionType,
    RepeatJudged,
    SourceType,
    ThemeMethod,
)


def roles(*names: str) -> dict[str, Any]:
    """A field's roles, for ``Field(json_schema_extra=...)``."""
    return {"roles": list(names)}


class Table(BaseModel):
    """Base for table models: a row, plus class-level facts about the table."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    table_name: ClassVar[str]
    table_title: ClassVar[str]
    #: One column, or the columns that together identify a row.
    primary_key: ClassVar[str | tuple[str, ...]]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()
    #: Made by the package's code at import time (cites no document), not read from a source.
    derived: ClassVar[bool] = False

    @model_validator(mode="before")
    @classmethod
    def _empty_cell_is_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: None if v == "" else v for k, v in data.items()}
        return data


def _fk(field: str, table: str, table_field: str | None = None) -> ForeignKey:
    return ForeignKey(field=field, table=table, table_field=table_field or field)


SOURCE_ID = "Identifier of the source row this fact comes from (sources.source_id)."
INSPECTION_ID = "Identifier of the inspection this row is about (inspections.inspection_id)."


class Source(Table):
    """Every document a fact comes from: a report, a statistics release, an article."""

    table_name: ClassVar[str] = "sources"
    table_title: ClassVar[str] = "Sources"
    primary_key: ClassVar[str] = "source_id"

    source_id: Slug = Field(
        description="Stable identifier of the source: a lowercase slug, never reused.",
        examples=["ofsted-report-swindon-2023"],
    )
    source_type: SourceType = Field(description="What kind of document the source is.", json_schema_extra=roles(FACET))
    title: Optional[ShortText] = Field(
        None,
        description="The document's own title or headline; empty when the copy we hold does not give it.",
        examples=["Swindon: inspection of children's social care services"],
        json_schema_extra=roles(SEARCH, LABEL),
    )
    publisher: Optional[ShortText] = Field(
        None,
        description="Who published it, e.g. Ofsted or a newspaper.",
        examples=["Ofsted"],
        json_schema_extra=roles(FACET),
    )
    author: Optional[ShortText] = Field(
        None, description="The named author, where the document names one.", examples=["Joe Lepper"]
    )
    published_date: Optional[PartialDate] = Field(
        None,
        description="Publication date as precisely as the document gives it (YYYY, YYYY-MM or YYYY-MM-DD).",
    )
    url: Optional[Url] = Field(
        None,
        description="Where the public can read it. Empty when unknown: a URL is never guessed.",
        examples=["https://files.ofsted.gov.uk/v1/file/50227724"],
    )
    sha256: Optional[Sha256] = Field(
        None,
        description="SHA-256 of the archived copy: archive/<source_id>.txt for text, else the original file.",
    )


class Authority(Table):
    """Every local authority ever inspected: the anchor for joins across councils."""

    table_name: ClassVar[str] = "authorities"
    table_title: ClassVar[str] = "Local authorities"
    primary_key: ClassVar[str] = "authority_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("source_id", "sources"),
        _fk("change_source_id", "sources", "source_id"),
    )

    authority_id: Slug = Field(
        description=(
            "Stable identifier: the slug of the name. Where two authorities share a name, the former one's "
            "id adds its type (dorset-county: the Dorset county council before 2019)."
        ),
        examples=["swindon"],
    )
    name: ShortText = Field(
        description="The name as Ofsted's statistics spell it (the latest release that lists the authority).",
        examples=["Swindon"],
        json_schema_extra=roles(SEARCH, LABEL),
    )
    other_names: Optional[ShortText] = Field(
        None,
        description="Other spellings the sources use for the same authority, separated by '; '.",
        examples=["Bournemouth, Christchurch and Poole"],
        json_schema_extra=roles(SEARCH),
    )
    la_code: Optional[GssCode] = Field(
        None,
        description=(
            "ONS GSS code, under one convention: the code Ofsted's latest statistics give the authority "
            "(the 2025 release, which lists current and abolished authorities), used on every row of that "
            "authority, including rows from before a council became a unitary authority (Somerset, North "
            "Yorkshire and Buckinghamshire carry their unitary codes on county-era rows). Empty where no "
            "source gives a code (Dorset county council and Poole, abolished before codes were published)."
        ),
        examples=["E06000030"],
    )
    la_number: Optional[WholeNumber] = Field(
        None,
        ge=100,
        le=999,
        description=(
            "DfE local-authority number: the number in the authority's page address on Ofsted's reports "
            "site as the 2025 statistics link it (reports.ofsted.gov.uk/provider/44/<number>)."
        ),
        examples=[866],
    )
    region: Optional[ShortText] = Field(
        None,
        description="Ofsted region, as the statistics give it.",
        examples=["South West"],
        json_schema_extra=roles(FACET),
    )
    status: AuthorityStatus = Field(
        description="current: listed in the 2025 statistics' latest judgements; former: no longer exists.",
        json_schema_extra=roles(FACET),
    )
    created_date: Optional[PartialDate] = Field(
        None, description="When the authority came into being, where a source states it (change_source_id)."
    )
    abolished_date: Optional[PartialDate] = Field(
        None, description="When the authority ceased to exist, where a source states it (change_source_id)."
    )
    predecessors: Optional[SlugList] = Field(
        None, description="authority_id of each authority it replaced, separated by '; ', where a source states it."
    )
    successors: Optional[SlugList] = Field(
        None,
        description="authority_id of each authority that replaced it, separated by '; ', where a source states it.",
    )
    ofsted_url: Optional[Url] = Field(
        None,
        description="The authority's page on Ofsted's reports site, as linked from the statistics.",
        examples=["https://reports.ofsted.gov.uk/provider/44/866"],
    )
    source_id: Slug = Field(description="The statistics release the name, code, region, status and link come from.")
    change_source_id: Optional[Slug] = Field(
        None,
        description="The source stating created_date, abolished_date, predecessors or successors (sources.source_id).",
    )


class Inspection(Table):
    """One inspection or visit of one local authority's children's services."""

    table_name: ClassVar[str] = "inspections"
    table_title: ClassVar[str] = "Inspections and visits"
    primary_key: ClassVar[str] = "inspection_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("authority_id", "authorities"),
        _fk("source_id", "sources"),
    )

    inspection_id: Slug = Field(
        description="Stable identifier: authority slug, start (or publication) date, inspection type.",
        examples=["swindon-2023-07-17-standard-inspection"],
    )
    local_authority: ShortText = Field(
        description="The local authority, named as Ofsted's statistics name it.",
        examples=["Swindon"],
        json_schema_extra=roles(FACET),
    )
    la_code: Optional[GssCode] = Field(
        None,
        description="ONS GSS code of the authority, under the convention of authorities.la_code; empty where no source gives one.",
        examples=["E06000030"],
    )
    framework: Framework = Field(
        description="The inspection framework the inspection was made under.", json_schema_extra=roles(FACET)
    )
    inspection_type: InspectionType = Field(
        description="The kind of inspection or visit.", json_schema_extra=roles(FACET)
    )
    start_date: Optional[PartialDate] = Field(None, description="First day inspectors were on site.")
    end_date: Optional[PartialDate] = Field(None, description="Last day inspectors were on site.")
    published_date: Optional[PartialDate] = Field(None, description="Date Ofsted published the report or letter.")
    lead_inspector: Optional[ShortText] = Field(
        None, description="Lead inspector named in the report.", examples=["Matt Reed"]
    )
    visit_theme: Optional[ShortText] = Field(
        None, description="Focused and monitoring visits: what the visit looked at, as the source states it."
    )
    source_id: Slug = Field(description=SOURCE_ID)
    authority_id: Slug = Field(
        description="The authority inspected (authorities.authority_id).",
        examples=["swindon"],
        json_schema_extra=roles(FACET),
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Inspection":
        problem = date_order_problem(self.start_date, self.end_date, self.published_date)
        if problem:
            raise ValueError(problem[1])
        return self


class Judgement(Table):
    """One graded judgement of one inspection, as one source states it."""

    table_name: ClassVar[str] = "judgements"
    table_title: ClassVar[str] = "Graded judgements"
    primary_key: ClassVar[str] = "judgement_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("inspection_id", "inspections"),
        _fk("source_id", "sources"),
    )

    judgement_id: Slug = Field(
        description="Stable identifier: inspection id, area and source id.",
        examples=["swindon-2023-07-17-standard-inspection-care-leavers-ofsted-report-swindon-2023"],
    )
    inspection_id: Slug = Field(description=INSPECTION_ID)
    area: Area = Field(
        description="What was judged; the areas allowed depend on the framework.", json_schema_extra=roles(FACET)
    )
    grade: Grade = Field(description="The grade given.", json_schema_extra=roles(FACET))
    source_id: Slug = Field(description=SOURCE_ID)


class Recommendation(Table):
    """One thing an inspection said must improve, in the report's order."""

    table_name: ClassVar[str] = "recommendations"
    table_title: ClassVar[str] = "Recommendations"
    primary_key: ClassVar[str] = "recommendation_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("inspection_id", "inspections"),
        _fk("source_id", "sources"),
    )

    recommendation_id: Slug = Field(
        description="Stable identifier: inspection id, 'rec' (or 'lscb-rec' for the LSCB's list) and position.",
        examples=["swindon-2023-07-17-standard-inspection-rec-1"],
    )
    inspection_id: Slug = Field(description=INSPECTION_ID, json_schema_extra=roles(FACET))
    addressee: Addressee = Field(
        description="Whose list the item is in: the local authority's, or (SIF reports) the LSCB review's own list.",
        json_schema_extra=roles(FACET),
    )
    position: WholeNumber = Field(
        ge=1,
        le=1000,
        description="1-based position of the item in its addressee's list; unique per inspection and addressee.",
    )
    section: Optional[ShortText] = Field(
        None,
        description="The sub-heading the item is printed under, as printed; empty where there is none.",
        examples=["Areas for improvement"],
        json_schema_extra=roles(FACET),
    )
    text: LongText = Field(
        description="The report's words for the item, exactly as printed: sub-items joined into it by single spaces, "
        "line breaks as spaces, no page furniture or footnotes.",
        json_schema_extra=roles(SEARCH),
    )
    source_id: Slug = Field(description=SOURCE_ID)


class Statement(Table):
    """What someone said about an inspection: one contiguous verbatim span of a source."""

    table_name: ClassVar[str] = "statements"
    table_title: ClassVar[str] = "Statements"
    primary_key: ClassVar[str] = "statement_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("inspection_id", "inspections"),
        _fk("source_id", "sources"),
    )

    statement_id: Slug = Field(
        description="Stable identifier: source id, 'q' and the quote's order in the source.",
        examples=["swindon-advertiser-2023-09-inadequate-q01"],
    )
    inspection_id: Slug = Field(description=INSPECTION_ID)
    speaker: ShortText = Field(
        description="Who said it: a person's name, or a body such as Ofsted.",
        examples=["Ofsted"],
        json_schema_extra=roles(FACET),
    )
    speaker_role: Optional[ShortText] = Field(
        None, description="The speaker's role as the source describes it at the time."
    )
    speaker_organisation: Optional[ShortText] = Field(
        None,
        description="The organisation the speaker spoke for.",
        examples=["Swindon Borough Council"],
        json_schema_extra=roles(FACET),
    )
    speaker_party: Optional[ShortText] = Field(
        None,
        description="Political party, for a politician, as the source gives it.",
        examples=["Labour"],
        json_schema_extra=roles(FACET),
    )
    statement_date: Optional[PartialDate] = Field(
        None, description="When it was said, as precisely as the source tells; empty when it does not."
    )
    quote: LongText = Field(
        description="The source's exact words: one contiguous span, without surrounding quotation marks or ellipses.",
        json_schema_extra=roles(SEARCH),
    )
    source_id: Slug = Field(description=SOURCE_ID)


class StatisticalNeighbour(Table):
    """The DfE's ten statistical neighbours of each current council (none for former ones), by rank."""

    table_name: ClassVar[str] = "statistical_neighbours"
    table_title: ClassVar[str] = "Statistical neighbours"
    primary_key: ClassVar[tuple[str, ...]] = ("authority_id", "rank")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("authority_id", "authorities"),
        _fk("neighbour_authority_id", "authorities", "authority_id"),
        _fk("source_id", "sources"),
    )

    authority_id: Slug = Field(
        description="The council whose neighbour this is (authorities.authority_id).",
        examples=["swindon"],
        json_schema_extra=roles(FACET),
    )
    neighbour_authority_id: Slug = Field(
        description="The neighbour (authorities.authority_id): a current council, never the council itself.",
        examples=["north-somerset"],
        json_schema_extra=roles(FACET),
    )
    rank: WholeNumber = Field(
        ge=1, le=10, description="1 for the most similar council, to 10, as the source orders them."
    )
    source_id: Slug = Field(description=SOURCE_ID)


RECOMMENDATION_ID = "The recommendation (recommendations.recommendation_id)."
DERIVED_METHOD = (
    "How the row was made: rule (the package's rules, re-run by every import), model (a learned "
    "layer in the package, over the rules, re-run by every import), or reviewed (a person checked the report)."
)


class ThemeRow(Table):
    """What Ofsted asks councils to improve, as a closed vocabulary of 25 themes; each definition
    decides what belongs (covers) and what goes to another theme (not_here)."""

    table_name: ClassVar[str] = "themes"
    table_title: ClassVar[str] = "Themes of recommendations"
    derived: ClassVar[bool] = True
    primary_key: ClassVar[str] = "theme_id"

    theme_id: ThemeId = Field(
        description="Stable identifier of the theme: one of the contract's 25 (contract/themes.py).",
        examples=["care_leavers"],
        json_schema_extra=roles(FACET),
    )
    label: ShortText = Field(
        description="The theme's name as pages show it.", examples=["Care leavers"], json_schema_extra=roles(LABEL)
    )
    covers: LongText = Field(description="What belongs to the theme.")
    not_here: Optional[LongText] = Field(
        None, description="What goes to another theme instead, naming that theme; empty when nothing is excluded."
    )


class RecommendationTheme(Table):
    """The themes a recommendation is about, main subject first (derived: cites no document)."""

    table_name: ClassVar[str] = "recommendation_themes"
    table_title: ClassVar[str] = "Themes of each recommendation"
    derived: ClassVar[bool] = True
    primary_key: ClassVar[tuple[str, ...]] = ("recommendation_id", "theme_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("recommendation_id", "recommendations"),
        _fk("theme_id", "themes"),
    )

    recommendation_id: Slug = Field(
        description=RECOMMENDATION_ID, examples=["swindon-2023-07-17-standard-inspection-rec-1"]
    )
    theme_id: ThemeId = Field(
        description="A theme the item asks to improve (themes.theme_id).",
        examples=["care_leavers"],
        json_schema_extra=roles(FACET),
    )
    rank: WholeNumber = Field(ge=1, le=3, description="1 = the item's main subject; 2 and 3 further themes it names.")
    method: ThemeMethod = Field(description=DERIVED_METHOD, json_schema_extra=roles(FACET))


class RecommendationRepeat(Table):
    """A recommendation that asks again what the council's previous inspection with recommendations
    (or its predecessor's) asked (derived: cites no document)."""

    table_name: ClassVar[str] = "recommendation_repeats"
    table_title: ClassVar[str] = "Recommendations asked before"
    derived: ClassVar[bool] = True
    primary_key: ClassVar[tuple[str, ...]] = ("recommendation_id", "earlier_recommendation_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        _fk("recommendation_id", "recommendations"),
        _fk("earlier_recommendation_id", "recommendations", "recommendation_id"),
    )

    recommendation_id: Slug = Field(
        description="The later item (recommendations.recommendation_id).",
        examples=["luton-2020-01-13-standard-inspection-rec-2"],
    )
    earlier_recommendation_id: Slug = Field(
        description="The earlier inspection's item it repeats (recommendations.recommendation_id).",
        examples=["luton-2016-03-29-inspection-rec-8"],
    )
    judged: RepeatJudged = Field(description="same_issue or overlapping.", json_schema_extra=roles(FACET))
    method: ThemeMethod = Field(description=DERIVED_METHOD, json_schema_extra=roles(FACET))


#: The tables in package order (referenced tables first).
MODELS: tuple[type[Table], ...] = (
    Source,
    Authority,
    Inspection,
    Judgement,
    Recommendation,
    Statement,
    StatisticalNeighbour,
    ThemeRow,
    RecommendationTheme,
    RecommendationRepeat,
)
MODELS_BY_TABLE: dict[str, type[Table]] = {m.table_name: m for m in MODELS}
