"""Meaning checks (validation layer 5): pure functions over rows already known to be
well-formed. Each returns ``ValidationError`` records; none reads a file. ``registry``
says which check runs on which table, so both engines run every one of them.

A row here is ``(line, values)``: the CSV line the row starts on and a dict of
column → cell (``None`` for an empty cell).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from typing import Optional

from civic_accountability.contract.columns import DATE

# The date, grade and quote helpers every layer shares live in contract/; imported here by
# the names the checks (and code written before the move) use.
from civic_accountability.contract.dates import date_key, inspection_date  # noqa: F401
from civic_accountability.contract.errors import ValidationError, shorten
from civic_accountability.contract.fieldtypes import date_bounds, date_order_problem
from civic_accountability.contract.grades import same_grade  # noqa: F401
from civic_accountability.contract.specs import table_specs
from civic_accountability.contract.text import normalise_text, quote_format_problem  # noqa: F401
from civic_accountability.contract.vocab import AREAS_BY_FRAMEWORK, UNGRADED_TYPES

Row = tuple[int, Mapping[str, Optional[str]]]

_ALLOWED_AREAS = AREAS_BY_FRAMEWORK
_UNGRADED = {t.value for t in UNGRADED_TYPES}

#: The date columns that date rules (``future-date``) read, per table.
#: table → its date columns (the contract's ``date`` role), for the date rules.
DATE_FIELDS = {s.name: s.with_role(DATE) for s in table_specs() if s.with_role(DATE)}


#: An inspection's dates in the order they must fall (``check_inspection_dates``; the fast
#: engine's selector compares the same columns).
DATE_ORDER = ("start_date", "end_date", "published_date")


def check_inspection_dates(table: str, rows: Iterable[Row]) -> list[ValidationError]:
    errors = []
    for line, row in rows:
        problem = date_order_problem(*(row.get(field) for field in DATE_ORDER))
        if problem:
            field, message = problem
            errors.append(ValidationError(table, line, "date-order", field, row.get(field), message))
    return errors


def check_future_dates(table: str, rows: Iterable[Row], fields: Iterable[str], today: str) -> list[ValidationError]:
    """Dates after ``today`` (an ISO date) cannot be facts yet."""
    fields = tuple(fields)
    errors = []
    for line, row in rows:
        for field in fields:
            value = row.get(field)
            if value and date_bounds(value)[0] > today:
                errors.append(
                    ValidationError(
                        table, line, "future-date", field, value, f"{field} {value} is after today ({today})"
                    )
                )
    return errors


def check_judgements(
    rows: Iterable[Row], inspections: Mapping[str, Mapping[str, Optional[str]]]
) -> list[ValidationError]:
    """Area allowed for the framework; no grades on visits; sources agree; no repeats."""
    errors = []
    seen: dict[tuple[str, str], tuple[int, str, str]] = {}
    seen_same_source: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        inspection_id, area, grade, source_id = row["inspection_id"], row["area"], row["grade"], row["source_id"]
        inspection = inspections.get(inspection_id)
        if inspection is not None:
            framework, itype = inspection["framework"], inspection["inspection_type"]
            if itype in _UNGRADED:
                errors.append(
                    ValidationError(
                        "judgements",
                        line,
                        "judgement-on-visit",
                        "inspection_id",
                        inspection_id,
                        f"{inspection_id} is a {itype.replace('_', ' ')}; visits carry no graded judgements",
                    )
                )
            elif area not in _ALLOWED_AREAS.get(framework, ()):
                allowed = ", ".join(sorted(_ALLOWED_AREAS.get(framework, ())))
                errors.append(
                    ValidationError(
                        "judgements",
                        line,
                        "area-not-in-framework",
                        "area",
                        area,
                        f"{area} is not graded under {framework}; allowed: {allowed}",
                    )
                )
        key3 = (inspection_id, area, source_id)
        if key3 in seen_same_source:
            errors.append(
                ValidationError(
                    "judgements",
                    line,
                    "unique-error",
                    "area",
                    area,
                    f"{source_id} already grades {area} of {inspection_id} on line {seen_same_source[key3]}",
                )
            )
            continue
        seen_same_source[key3] = line
        first = seen.get((inspection_id, area))
        if first is None:
            seen[(inspection_id, area)] = (line, grade, source_id)
        elif not same_grade(first[1], grade, inspection["framework"] if inspection else None):
            errors.append(
                ValidationError(
                    "judgements",
                    line,
                    "grade-conflict",
                    "grade",
                    grade,
                    f"sources disagree on {area} of {inspection_id}: {source_id} grades it {grade}, "
                    f"{first[2]} (line {first[0]}) grades it {first[1]}; both rows stay: check both sources",
                )
            )
    return errors


def check_recommendation_positions(rows: Iterable[Row]) -> list[ValidationError]:
    """A position is used once per inspection and addressee (a SIF report's LSCB list numbers from 1)."""
    errors = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        key = (row["inspection_id"], row["addressee"], row["position"])
        if key in seen:
            errors.append(
                ValidationError(
                    "recommendations",
                    line,
                    "unique-error",
                    "position",
                    row["position"],
                    f"position {row['position']} of {row['inspection_id']}'s {row['addressee']} list "
                    f"is already used on line {seen[key]}",
                )
            )
        else:
            seen[key] = line
    return errors


def check_neighbours(rows: Iterable[Row]) -> list[ValidationError]:
    """A council's statistical neighbours are distinct councils (the DfE lists ten, nearest
    first); a repeated rank is the primary key's (authority_id, rank) to refuse."""
    errors = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        key = (row["authority_id"], row["neighbour_authority_id"])
        if key in seen:
            errors.append(
                ValidationError(
                    "statistical_neighbours",
                    line,
                    "unique-error",
                    "neighbour_authority_id",
                    row["neighbour_authority_id"],
                    f"neighbour {row['neighbour_authority_id']} of {row['authority_id']} is already given on line "
                    f"{seen[key]}",
                )
            )
        else:
            seen[key] = line
    return errors


def check_self_neighbours(rows: Iterable[Row]) -> list[ValidationError]:
    """A council is not its own statistical neighbour (the DfE compares it with others)."""
    return [
        ValidationError(
            "statistical_neighbours",
            line,
            "self-neighbour",
            "neighbour_authority_id",
            row["neighbour_authority_id"],
            f"{row['authority_id']} is given as its own statistical neighbour",
        )
        for line, row in rows
        if row["authority_id"] == row["neighbour_authority_id"]
    ]


#: Characters searched (distinct quotes × text length) above which a source's quotes are
#: found in one pass over its text instead of one substring search each.
ONE_PASS_ABOVE = 1 << 24
#: Repeats of found needles tolerated in one pass before they are dropped from the automaton:
#: at least this many, and at least ``PER_NEEDLE_CHAR`` × the needles' total length (so
#: rebuilding costs no more than the repeats did). Tests set both to 0.
REPEATS_BEFORE_REBUILD = 1 << 16
PER_NEEDLE_CHAR = 1


def found_in(text: str, needles: Iterable[str]) -> set[str]:
    """The ``needles`` that occur in ``text``, at a cost near-linear in the text plus the needles.

    While cheap (few needles or a short text) one substring search each; else one
    Aho–Corasick pass (pyahocorasick) reporting every needle it meets, the same answer
    as ``needle in text`` for each. A needle met again after it was found only costs a
    step; once such repeats outnumber the needles' length (or 64 K), the found needles
    are dropped from the automaton and the pass resumes where it was, so a short needle
    repeated all through the text is not paid for at every place it occurs.
    """
    wanted = set(needles)
    if len(wanted) * len(text) <= ONE_PASS_ABOVE or len(wanted) < 2:
        return {n for n in wanted if n in text}
    import ahocorasick

    found = {n for n in wanted if not n}
    left = wanted - found
    start = 0
    while left:
        automaton = ahocorasick.Automaton()
        for needle in left:
            automaton.add_word(needle, needle)
        automaton.make_automaton()
        budget = max(PER_NEEDLE_CHAR * sum(map(len, left)), REPEATS_BEFORE_REBUILD)
        longest = max(map(len, left))
        repeats, resume = 0, None
        for end, needle in automaton.iter(text, start):
            if needle not in found:
                found.add(needle)
                if len(found) == len(wanted):
                    return found
            else:
                repeats += 1
                if repeats > budget:  # drop the found needles; resume so no later match is missed
                    resume = max(0, end - longest + 1)
                    break
        if resume is None:
            break
        left -= found
        start = resume
    return found


def check_quotes(rows: Iterable[Row], archives: Mapping[str, str]) -> list[ValidationError]:
    """Each quote is well-formed and, when its source is archived, found verbatim in it.

    ``archives`` maps source_id → the archived text already passed through ``normalise_text``.
    Each source's quotes are searched for together (``found_in``), so the cost is near-linear
    in the quotes plus the texts, not their product.
    """
    checked: list[tuple[int, str, str, Optional[str], str]] = []  # line, quote, source_id, problem, needle
    wanted: dict[str, set[str]] = {}
    for line, row in rows:
        quote, source_id = row["quote"], row["source_id"]
        problem = quote_format_problem(quote)
        needle = "" if problem else normalise_text(quote)
        checked.append((line, quote, source_id, problem, needle))
        if not problem and source_id in archives:
            wanted.setdefault(source_id, set()).add(needle)
    found = {source_id: found_in(archives[source_id], needles) for source_id, needles in wanted.items()}
    errors = []
    for line, quote, source_id, problem, needle in checked:
        if problem:
            errors.append(ValidationError("statements", line, "quote-format", "quote", shorten(quote), problem))
        elif source_id in found and needle not in found[source_id]:
            errors.append(
                ValidationError(
                    "statements",
                    line,
                    "quote-not-found",
                    "quote",
                    shorten(quote),
                    f"quote not found verbatim in archive/{source_id}.txt",
                )
            )
    return errors


def check_archive_hashes(rows: Iterable[Row], hashes: Mapping[str, str]) -> list[ValidationError]:
    """A source's sha256, where given, equals the hash of archive/<source_id>.txt, where that exists."""
    errors = []
    for line, row in rows:
        actual = hashes.get(row["source_id"])
        if actual and row.get("sha256") and row["sha256"] != actual:
            errors.append(
                ValidationError(
                    "sources",
                    line,
                    "sha256-mismatch",
                    "sha256",
                    row["sha256"],
                    f"archive/{row['source_id']}.txt has sha256 {actual}: if the archived text is right, "
                    f"set sha256 to {actual}; if the sha256 is right, restore the text it was taken from",
                )
            )
    return errors


def check_unverified_quotes(rows: Iterable[Row], archived: Set[str]) -> list[ValidationError]:
    """One warning per source whose statements cannot be checked because it has no archived
    text (``archived``: the source ids with a readable archive/<source_id>.txt)."""
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for line, row in rows:
        source_id = row["source_id"]
        if source_id not in archived:
            first.setdefault(source_id, line)
            count[source_id] = count.get(source_id, 0) + 1
    return [
        ValidationError(
            "statements",
            line,
            "quote-unverified",
            "source_id",
            source_id,
            f"archive/{source_id}.txt is absent, so {count[source_id]} quote{'s' if count[source_id] > 1 else ''} "
            f"citing {source_id} could not be checked; add the source's text there to verify "
            f"{'them' if count[source_id] > 1 else 'it'}",
        )
        for source_id, line in first.items()
    ]


def check_row_order(table: str, key: str | tuple[str, ...], rows: Iterable[Row]) -> list[ValidationError]:
    """One warning at the first row whose primary key sorts before the previous row's
    (keys compared as text, as ``sort`` and the importers order them; a composite key
    column by column)."""
    from civic_accountability.contract.columns import KEY_JOIN, key_value

    name = key if isinstance(key, str) else ", ".join(key)
    previous: Optional[tuple[int, str]] = None
    for line, row in rows:
        value = key_value(key, row)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            shown, before = value.replace(KEY_JOIN, ", "), previous[1].replace(KEY_JOIN, ", ")
            return [
                ValidationError(
                    table,
                    line,
                    "row-order",
                    name,
                    shown,
                    f"rows are not sorted by {name}: {shown!r} comes after {before!r} (line {previous[0]}); "
                    f"sort the file by {name} so diffs stay small",
                )
            ]
        previous = (line, value)
    return []
