"""How two spellings of one authority's name are recognised as the same: the one home of
the rules the importers match names by and ``timeline`` finds an authority by."""

from __future__ import annotations

import re
from typing import Optional

from civic_accountability.contract.fieldtypes import slugify


def name_key(name: str) -> str:
    """Comparable form of a name: case, '&' vs 'and', punctuation and spacing ignored
    ("Telford & Wrekin" = "telford and wrekin"). The importers match releases by it."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.replace("&", " and ").casefold()).split())


def authority_key(text: Optional[str]) -> str:
    """Looser than ``name_key``, for what a person types: the slug without "and", so that
    "Bournemouth, Christchurch & Poole", "bournemouth-christchurch-poole" and
    "Bournemouth, Christchurch and Poole" are the same authority."""
    return "-".join(part for part in slugify(text).split("-") if part != "and")


_COUNCIL_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal|metropolitan)\s+borough|borough|city\s+and\s+county|city|county|council)"
    r"\s+of(?:\s+the)?\s+",
    re.I,
)
_COUNCIL_SUFFIX = re.compile(
    r"\s+(?:(?:metropolitan\s+)?(?:borough|city|county|district)\s+)?council(?:'s)?"
    r"(?:\s+children'?s\s+services)?$",
    re.I,
)


def without_council_words(name: str) -> str:
    """The place a council's formal name names, as Ofsted's statistics list it:
    "Birmingham City Council" → "Birmingham", "London Borough of Hackney" → "Hackney",
    "City of York Council" → "York". Unchanged when there are no such words."""
    text = " ".join(name.split())
    text = _COUNCIL_SUFFIX.sub("", text)
    return _COUNCIL_PREFIX.sub("", text) or name
