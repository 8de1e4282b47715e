#!/usr/bin/env python3
"""Re-run the README's "Questions you can ask" and rewrite the answers it prints.

    python scripts/readme_questions.py          # rewrite README.md's answers from the checkout's data
    python scripts/readme_questions.py --check  # exit 1 and name each answer that differs

Each question in README.md is a ``<!-- question -->`` marker, a ```sh block holding
one ``civic-accountability`` command line, and a ```text block holding what it prints
on this checkout's data. ``tests/test_sql.py`` runs ``--check``'s comparison, so the
README cannot drift from the data: after the data changes, run this script and review
the diff.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- question -->\n.*?```sh\n)(.*?)(```\n+```text\n)(.*?)(```)", re.S)


def questions(readme: str) -> list[tuple[str, str]]:
    """(command line, printed answer) of each question, in README order."""
    return [(m.group(2), m.group(4)) for m in BLOCK.finditer(readme)]


def argv(command: str) -> list[str]:
    """The arguments after ``civic-accountability`` of a README command line."""
    words = shlex.split(command.replace("\\\n", " "))
    if not words or words[0] != "civic-accountability":
        raise ValueError(f"not a civic-accountability command: {command!r}")
    return words[1:]


def answer(command: str, root: Path = ROOT) -> str:
    """What the command prints on the package at ``root`` (standard output only)."""
    from click.testing import CliRunner

    from civic_accountability.cli import cli

    here = os.getcwd()
    os.chdir(root)  # the README's commands use the package you stand in
    try:
        result = CliRunner().invoke(cli, argv(command), catch_exceptions=False)
    finally:
        os.chdir(here)
    if result.exit_code != 0:
        raise RuntimeError(f"{command.strip()} exited {result.exit_code}: {result.stderr}")
    return result.stdout


def regenerate(readme: str, root: Path = ROOT) -> str:
    return BLOCK.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + answer(m.group(2), root) + m.group(5), readme)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if an answer differs")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    readme = README.read_text(encoding="utf-8")
    if args.check:
        stale = [cmd.strip() for cmd, printed in questions(readme) if answer(cmd) != printed]
        for cmd in stale:
            print(f"README answer out of date: {cmd}", file=sys.stderr)
        return 1 if stale else 0
    updated = regenerate(readme)
    if updated != readme:
        README.write_text(updated, encoding="utf-8")
        print(f"rewrote {len(questions(readme))} answers in {README}")
    else:
        print("README answers are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
