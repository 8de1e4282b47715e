"""Finding an authority's record from what a user types: its id, name (any case, "&" or
"and"), its council's formal name ("Birmingham City Council"), GSS code, slug or a name
it went by; close matches for a typo."""

from __future__ import annotations

import difflib
from typing import Iterable, Optional, Sequence

from civic_accountability.contract.dates import date_key
from civic_accountability.contract.names import authority_key, without_council_words
from civic_accountability.dataset.authority import AuthorityRecord


class UnknownAuthority(LookupError):
    """No record matches the authority asked for; carries close matches."""

    def __init__(self, query: str, suggestions: list[str]):
        super().__init__(query)
        self.query = query
        self.suggestions = suggestions


def _level(record: AuthorityRecord, wanted: str, key: str) -> Optional[int]:
    """How directly the query names the record: 0 its id, 1 its GSS code, 2 its name,
    3 another name or code it went by; None when it does not."""

    def named(text: Optional[str]) -> bool:
        return bool(text) and (text.casefold() == wanted or (bool(key) and authority_key(text) == key))

    if named(record.authority_id):
        return 0
    if record.la_code and record.la_code.casefold() == wanted:
        return 1
    if named(record.name):
        return 2
    if any(named(n) for n in record.names) or any((i.la_code or "").casefold() == wanted for i in record.inspections):
        return 3
    return None


def matching_records(records: Iterable[AuthorityRecord], query: str) -> list[AuthorityRecord]:
    """Every record the query names, the most direct match first (its id, then its code,
    name, other names); among equals a current authority before a former one, then the
    one inspected most recently."""
    records = list(records)
    wanted, key = query.strip().casefold(), authority_key(query)
    if not wanted:
        return []
    found = [(level, record) for record in records if (level := _level(record, wanted, key)) is not None]
    place = without_council_words(query.strip())
    if not found and place != query.strip():  # "Birmingham City Council" names Birmingham
        wanted, key = place.casefold(), authority_key(place)
        found = [(level, record) for record in records if (level := _level(record, wanted, key)) is not None]

    def latest(record: AuthorityRecord) -> tuple:
        dates = [date_key(i.date) for i in record.inspections if i.date]
        return max(dates, default=(1, "", 0))

    found.sort(key=lambda lr: lr[1].key)
    found.sort(key=lambda lr: latest(lr[1]), reverse=True)
    found.sort(key=lambda lr: (lr[0], lr[1].former))
    return [record for _, record in found]


def find_record(records: Sequence[AuthorityRecord], query: str) -> AuthorityRecord:
    """The record the query names most directly; ``UnknownAuthority`` (with suggestions) when none."""
    found = matching_records(records, query)
    if not found:
        raise UnknownAuthority(query, suggest_authorities(records, query))
    return found[0]


def describe(record: AuthorityRecord) -> str:
    """How a suggestion names an authority: ``Name (code)``, else ``Name (id)``."""
    tag = record.la_code or record.authority_id
    return f"{record.name} ({tag})" if tag else record.name


def suggest_authorities(records: Iterable[AuthorityRecord], query: str, limit: int = 5) -> list[str]:
    """Close matches for a mistyped authority, as ``Name (code)``: names that contain the
    query first ("Kingston" → "Kingston upon Thames"), then difflib's near-spellings
    ("Swindn" → "Swindon")."""
    labels: dict[str, dict[str, None]] = {}  # name → every authority it names (a name may be two)
    for record in records:
        for name in record.names:
            labels.setdefault(name, {})[describe(record)] = None
    by_key: dict[str, str] = {}
    for name in labels:
        by_key.setdefault(name.casefold(), name)
        by_key.setdefault(authority_key(name), name)
    found = []
    key = authority_key(query)
    if len(key) >= 3:
        found += sorted(
            (name for name in labels if key in authority_key(name)),
            key=lambda name: (not authority_key(name).startswith(key), name),
        )
    for wanted in (query.strip().casefold(), key):
        found += [by_key[k] for k in difflib.get_close_matches(wanted, list(by_key), n=limit * 2, cutoff=0.6)]
    return list(dict.fromkeys(label for name in found for label in labels[name]))[:limit]
