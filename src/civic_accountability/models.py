"""The five tables, one Pydantic model each: the single source of truth.

Every column's type, requiredness, allowed values, pattern, description and example
are declared here once. Table Schemas, ``datapackage.json``, the data dictionary,
the validator's cell checks and the exports' metadata are all derived from these
models (see ``schema.py``); nothing downstream restates them.
"""

from __future__ import annotations

from typing import ClassVar, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from civic_accountability.fieldtypes import (
    GssCode,
    LongText,
    PartialDate,
    Sha256,
    ShortText,
    Slug,
    Url,
)
from civic_accountability.rules import date_order_problem
from civic_accountability.vocab import Addressee, Area, Framework, Grade, InspectionType, SourceType


class ForeignKey(BaseModel):
    """A column whose value must be the primary key of a row in another table."""

    field: str
    table: str
    table_field: str


class Table(BaseModel):
    """Base for table models: a row, plus class-level facts about the table."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    table_name: ClassVar[str]
    table_title: ClassVar[str]
    primary_key: ClassVar[str]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()


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
    source_type: SourceType = Field(description="What kind of document the source is.")
    title: Optional[ShortText] = Field(
        None,
        description="The document's own title or headline; empty when the copy we hold does not give it.",
        examples=["Swindon: inspection of children's social care services"],
    )
    publisher: Optional[ShortText] = Field(
        None, description="Who published it, e.g. Ofsted or a newspaper.", examples=["Ofsted"]
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


class Inspection(Table):
    """One inspection or visit of one local authority's children's services."""

    table_name: ClassVar[str] = "inspections"
    table_title: ClassVar[str] = "Inspections and visits"
    primary_key: ClassVar[str] = "inspection_id"
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (_fk("source_id", "sources"),)

    inspection_id: Slug = Field(
        description="Stable identifier: authority slug, start (or publication) date, inspection type.",
        examples=["swindon-2023-07-17-standard-inspection"],
    )
    local_authority: ShortText = Field(
        description="The local authority, named as Ofsted's statistics name it.", examples=["Swindon"]
    )
    la_code: Optional[GssCode] = Field(
        None,
        description="ONS GSS code of the authority; empty for an authority that no longer exists.",
        examples=["E06000030"],
    )
    framework: Framework = Field(description="The inspection framework the inspection was made under.")
    inspection_type: InspectionType = Field(description="The kind of inspection or visit.")
    start_date: Optional[PartialDate] = Field(None, description="First day inspectors were on site.")
    end_date: Optional[PartialDate] = Field(None, description="Last day inspectors were on site.")
    published_date: Optional[PartialDate] = Field(
        None, description="Date Ofsted published the report or letter."
    )
    lead_inspector: Optional[ShortText] = Field(
        None, description="Lead inspector named in the report.", examples=["Matt Reed"]
    )
    visit_theme: Optional[ShortText] = Field(
        None, description="Focused and monitoring visits: what the visit looked at, as the source states it."
    )
    source_id: Slug = Field(description=SOURCE_ID)

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
    area: Area = Field(description="What was judged; the areas allowed depend on the framework.")
    grade: Grade = Field(description="The grade given.")
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
    inspection_id: Slug = Field(description=INSPECTION_ID)
    addressee: Addressee = Field(
        description="Whose list the item is in: the local authority's, or (SIF reports) the LSCB review's own list."
    )
    position: int = Field(
        ge=1, le=1000,
        description="1-based position of the item in its addressee's list; unique per inspection and addressee.",
    )
    section: Optional[ShortText] = Field(
        None,
        description="The sub-heading the item is printed under, as printed; empty where there is none.",
        examples=["Areas for improvement"],
    )
    text: LongText = Field(
        description="The report's words for the item, exactly as printed: sub-items joined into it by single spaces, "
        "line breaks as spaces, no page furniture or footnotes."
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
        description="Who said it: a person's name, or a body such as Ofsted.", examples=["Ofsted"]
    )
    speaker_role: Optional[ShortText] = Field(
        None, description="The speaker's role as the source describes it at the time."
    )
    speaker_organisation: Optional[ShortText] = Field(
        None, description="The organisation the speaker spoke for.", examples=["Swindon Borough Council"]
    )
    speaker_party: Optional[ShortText] = Field(
        None, description="Political party, for a politician, as the source gives it.", examples=["Labour"]
    )
    statement_date: Optional[PartialDate] = Field(
        None, description="When it was said, as precisely as the source tells; empty when it does not."
    )
    quote: LongText = Field(
        description="The source's exact words: one contiguous span, without surrounding quotation marks or ellipses."
    )
    source_id: Slug = Field(description=SOURCE_ID)


#: The tables in package order (referenced tables first).
MODELS: tuple[type[Table], ...] = (Source, Inspection, Judgement, Recommendation, Statement)
MODELS_BY_TABLE: dict[str, type[Table]] = {m.table_name: m for m in MODELS}
