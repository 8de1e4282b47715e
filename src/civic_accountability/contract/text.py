"""Quoted words compared with their source: the folding that lets a quote match however
its marks were typed, and the form a stored quote must have. Validation checks quotes
with it; the quotes importer proposes them with it."""

from __future__ import annotations

import re
from typing import Optional

QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE_RE = re.compile(r"\s+")


_FOLDS = tuple((chr(old), new if isinstance(new, str) else chr(new)) for old, new in QUOTE_MARKS.items())
#: Texts longer than this are normalised piece by piece (``_normalise_long``).
_PIECE = 1 << 20


def normalise_text(text: str) -> str:
    """Fold typographic quote marks, dashes, non-breaking spaces and runs of
    whitespace, and nothing else, so a quote matches its source however it was typed."""
    if len(text) > _PIECE:
        return _normalise_long(text)
    text = text.translate(QUOTE_MARKS).replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACE_RE.sub(" ", text).strip()


def _normalise_long(text: str) -> str:
    """``normalise_text`` of a long text (an archived article of many MB), the same string
    in a fraction of the time and memory: one ``str.replace`` per mark present (``translate``
    with a table looks each character up: ~5 MB/s), and whitespace collapsed by
    ``str.split`` (the same whitespace as ``\\s``) in pieces cut after a whitespace character,
    so no word spans two pieces and no piece's words are held all at once."""
    for old, new in _FOLDS:
        if old in text:
            text = text.replace(old, new)
    parts, start = [], 0
    while start < len(text):
        cut = _SPACE_RE.search(text, min(start + _PIECE, len(text)))
        end = cut.end() if cut else len(text)
        part = " ".join(text[start:end].split())
        if part:
            parts.append(part)
        start = end
    return " ".join(parts)


DOUBLE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'


def quote_format_problem(quote: str) -> Optional[str]:
    """Why a quote is not stored as one bare contiguous span, or None."""
    if "..." in quote or "\u2026" in quote:
        return "quote contains an ellipsis; split a broken quote into one row per contiguous span"
    if _surrounding_mark(quote):
        return "quote keeps a surrounding quotation mark; store the words without it"
    return None


def _surrounding_mark(quote: str) -> bool:
    """A double mark at either end that is not one of a pair nested inside the words. Double marks do not
    nest in each other, so inside one quote they pair in order: ``…the service is "variable."`` (spoken inside
    single marks) ends with the closing mark of its own pair and is kept whole; ``"We act`` or ``"We act"``
    keeps the quotation's own mark."""
    marks = [i for i, c in enumerate(quote) if c in DOUBLE_MARKS]
    if not marks or (marks[0] != 0 and marks[-1] != len(quote) - 1):
        return False
    if len(marks) % 2 or quote[0] in "\u201d\u00bb" or quote[-1] in "\u201c\u201e\u00ab":
        return True  # a mark with no partner, or one facing out of the words
    return marks[0] == 0 and marks[1] == len(quote) - 1
