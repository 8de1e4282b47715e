"""The README's contributor steps, followed exactly in a copy of the package: the
worked example's edit, then its commands, exit 0; the broken edit it describes
exits 1 with the message it shows. If the README and the tool drift apart, this fails."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import civic_accountability
from civic_accountability.dataset.package import bundled_root

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SRC = Path(civic_accountability.__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not README.is_file(), reason="needs the source checkout's README")


CONTRIBUTING = ROOT / "docs" / "contributing.md"  # the README's worked example, step by step


def _readme() -> str:
    """The README and its worked example (docs/contributing.md), read as one text."""
    return README.read_text(encoding="utf-8") + "\n" + CONTRIBUTING.read_text(encoding="utf-8")


def contributor_section() -> str:
    text = _readme()
    return text[text.index("## Contributing data") : text.index("## Licences")] + CONTRIBUTING.read_text(
        encoding="utf-8"
    )


def readme_commands() -> list[list[str]]:
    block = re.search(r"<!-- contributor-commands:start -->\s*```sh\n(.*?)```", _readme(), re.S).group(1)
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def readme_examples() -> list[tuple[str, str]]:
    """(file, content) of each example block, in README order."""
    return re.findall(r"<!-- contributor-example:(\S+) -->\s*```\w*\n(.*?)```", _readme(), re.S)


def readme_failure() -> list[str]:
    return re.search(r"<!-- contributor-failure -->\s*```\w*\n(.*?)```", _readme(), re.S).group(1).splitlines()


def copy_package(target: Path) -> Path:
    root = bundled_root()
    for name in ("datapackage.json", "schemas", "data", "archive"):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target / name)
    return target


def follow(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a README command line as a contributor's shell would (the console script's module)."""
    assert argv[0] == "civic-accountability", argv
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("CIVIC_ACCOUNTABILITY_NOW", None)
    return subprocess.run(
        [sys.executable, "-m", "civic_accountability", *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True
    )


def apply_examples(pkg: Path) -> None:
    for rel, content in readme_examples():
        path = pkg / rel
        if rel.endswith(".csv"):
            assert path.read_bytes().endswith(b"\n")
            with open(path, "a", encoding="utf-8", newline="") as fh:
                fh.write(content)  # "append this row"
        else:
            path.write_text(content, encoding="utf-8")


def test_the_steps_cover_fork_to_pull_request():
    section = contributor_section()
    for step in (
        "Fork",
        "(#get-it)",
        "civic-accountability fmt",
        "civic-accountability validate",
        "git push",
        "pull request",
    ):
        assert step in section, step
    text = _readme()  # cloning and installing are the README's "Get it", which the section points to
    get_it = text[text.index("## Get it") : text.index("## The main job")]
    for step in ("git clone", "python3 -m venv .venv", "pip install -e"):
        assert step in get_it, step
    assert [argv[:2] for argv in readme_commands()] == [
        ["civic-accountability", "fmt"],
        ["civic-accountability", "validate"],
    ]
    assert {rel for rel, _ in readme_examples()} >= {"data/sources.csv", "data/statements.csv"}


def test_following_the_readme_gives_a_passing_package_then_a_broken_edit_fails(tmp_path):
    pkg = copy_package(tmp_path / "checkout")
    apply_examples(pkg)
    for argv in readme_commands():  # run from the checkout's root, with no PATH, as written
        result = follow(argv, pkg)
        assert result.returncode == 0, (argv, result.stdout, result.stderr)
    assert follow(["civic-accountability", "fmt", "--check"], pkg).returncode == 0

    # fmt sorted the rows and filled the article's sha256, as the README says
    (archive_rel, archive_text), (_, source_row) = readme_examples()[:2]
    source_id = source_row.split(",")[0]
    with open(pkg / "data" / "sources.csv", encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    assert [r["source_id"] for r in sources] == sorted(r["source_id"] for r in sources)
    row = next(r for r in sources if r["source_id"] == source_id)
    assert row["sha256"] == hashlib.sha256((pkg / archive_rel).read_bytes()).hexdigest()

    # the broken edit the README describes: the quote's words differ from the archive
    statements = pkg / "data" / "statements.csv"
    text = statements.read_text(encoding="utf-8")
    assert "acting on them," in text
    statements.write_text(text.replace("acting on them,", "acting on it,"), encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "acting on them," in l)
    result = follow(["civic-accountability", "validate"], pkg)
    assert result.returncode == 1, result.stdout
    shown = readme_failure()
    # every line the README shows is printed; the line number is the one the sorted row is
    # on (the README's shows today's data)
    for expected in shown:
        assert re.sub(r"line \d+", f"line {line}", expected) in result.stdout.splitlines(), result.stdout
