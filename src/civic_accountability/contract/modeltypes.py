"""The annotated types the models declare columns with, checking cell text exactly as
the validator does: patterns with Python's ``re.fullmatch`` (Pydantic's own ``pattern``
uses Rust's regex with search semantics: a speaker ending in U+001F passed), whole
numbers only as ``[+-]?[0-9]+`` (Pydantic's lax int took ``" 5"``, ``"1_000"``, ``"5.0"``),
dates that exist on the calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import core_schema

from civic_accountability.contract.columns import whole_number
from civic_accountability.contract.fieldtypes import (
    GSS_CODE_PATTERN,
    LONG_TEXT_MAX,
    PARTIAL_DATE_PATTERN,
    SHA256_PATTERN,
    SHORT_TEXT_MAX,
    SLUG_LIST_PATTERN,
    SLUG_PATTERN,
    THEME_ID_PATTERN,
    TRIMMED_PATTERN,
    URL_PATTERN,
    calendar_problem,
)


@dataclass(frozen=True)
class Matches:
    """The whole text matches ``pattern`` (``re.fullmatch``); published as the JSON Schema ``pattern``."""

    pattern: str

    def __get_pydantic_core_schema__(self, source: Any, handler) -> core_schema.CoreSchema:
        compiled = re.compile(self.pattern)

        def check(value: str) -> str:
            if not compiled.fullmatch(value):
                raise ValueError(f"does not match the pattern {self.pattern}")
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler) -> dict[str, Any]:
        return {**handler(schema), "pattern": self.pattern}


def _real_date(value: str) -> str:
    problem = calendar_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _cell_number(value: Any) -> Any:
    """Cell text spelling a whole number becomes that int; any other text is refused."""
    if isinstance(value, str):
        number = whole_number(value)
        if number is None:
            raise ValueError("must be a whole number: digits with an optional sign, nothing else")
        return number
    return value  # an int from Python code; strict int validation refuses bools and floats


Slug = Annotated[str, Field(max_length=200), Matches(SLUG_PATTERN)]
PartialDate = Annotated[
    str,
    Field(examples=["2023-09-11", "2018-04", "2014"]),
    Matches(PARTIAL_DATE_PATTERN),
    AfterValidator(_real_date),
]
ShortText = Annotated[str, Field(max_length=SHORT_TEXT_MAX), Matches(TRIMMED_PATTERN)]
LongText = Annotated[str, Field(max_length=LONG_TEXT_MAX), Matches(TRIMMED_PATTERN)]
Url = Annotated[str, Field(max_length=2000), Matches(URL_PATTERN)]
ThemeId = Annotated[str, Field(max_length=100), Matches(THEME_ID_PATTERN)]
Sha256 = Annotated[str, Matches(SHA256_PATTERN)]
GssCode = Annotated[str, Matches(GSS_CODE_PATTERN)]
SlugList = Annotated[str, Field(max_length=2000), Matches(SLUG_LIST_PATTERN)]
WholeNumber = Annotated[int, BeforeValidator(_cell_number), Field(strict=True)]
