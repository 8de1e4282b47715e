"""Release and contributor tooling: CITATION.cff, CHANGELOG, scripts/release.py,
the GitHub workflow and the pre-commit hooks do what the docs say."""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from export_support import run_cli

from civic_accountability import __version__
from civic_accountability.contract.specs import PACKAGE_DESCRIPTION, PACKAGE_TITLE

ROOT = Path(__file__).resolve().parents[1]


def _yaml(rel: str):
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


def test_citation_cff_matches_the_package():
    cff = _yaml("CITATION.cff")
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["authors"] and cff["type"] == "dataset"
    assert cff["title"] == PACKAGE_TITLE
    assert str(cff["version"]) == __version__
    assert PACKAGE_DESCRIPTION in " ".join(cff["abstract"].split())
    assert not {"doi", "url", "repository-code", "identifiers"} & set(cff)  # none invented


def test_changelog_has_an_entry_for_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in text and "## [Unreleased]" in text
    assert re.search(rf"^## \[{re.escape(__version__)}\] - ", text, re.M)


def test_release_script_builds_a_reproducible_bundle(tmp_path):
    dist = tmp_path / "dist"
    first = subprocess.run(
        [sys.executable, str(ROOT / "scripts/release.py"), "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=True,
    )
    bundle = dist / f"civic-accountability-{__version__}.zip"
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert first.stdout.splitlines()[-1] == f"{digest}  {bundle.name}"
    again = subprocess.run(
        [sys.executable, str(ROOT / "scripts/release.py"), "--dist", str(dist)], capture_output=True, text=True
    )
    assert again.returncode == 2 and "--force" in again.stderr
    rebuilt = subprocess.run(
        [sys.executable, str(ROOT / "scripts/release.py"), "--dist", str(dist), "--force"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert rebuilt.stdout.splitlines()[-1] == first.stdout.splitlines()[-1]


def test_workflow_runs_the_checks_on_pull_requests_and_pushes():
    workflow = _yaml(".github/workflows/validate.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"pull_request", "push"} <= set(triggers)
    job = workflow["jobs"]["validate"]
    assert job["container"] == "python:3.11-bookworm"  # Debian: apt's chromium is /usr/bin/chromium
    steps = job["steps"]
    commands = "\n".join(s.get("run", "") for s in steps)
    for command in (
        "apt-get install",
        "chromium",
        "pip install -e",
        "ruff check .",
        "ruff format --check .",
        "civic-accountability validate --format github",
        "civic-accountability schema --check",
        "civic-accountability fmt --check",
        "pytest",
        "frictionless validate datapackage.json",
    ):
        assert command in commands
    assert commands.index("chromium") < commands.index("pytest")  # the browser tests run, not skip


@pytest.mark.parametrize("rel", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hooks_run_real_commands_on_the_right_files(rel, monkeypatch):
    doc = _yaml(rel)
    hooks = doc if isinstance(doc, list) else doc["repos"][0]["hooks"]
    linters = [h for h in hooks if h["id"].startswith("ruff-")]
    if rel == ".pre-commit-config.yaml":  # this repository lints its own Python; a fork's data has none
        assert {h["id"]: h["entry"].split(" --")[0] for h in linters} == {
            "ruff-check": "ruff check",
            "ruff-format": "ruff format",
        }
        assert all(h["types"] == ["python"] for h in linters)
    hooks = [h for h in hooks if h not in linters]
    assert {h["id"] for h in hooks} == {
        "civic-accountability-fmt",
        "civic-accountability-validate",
        "civic-accountability-schema-check",
    }
    monkeypatch.chdir(ROOT)  # pre-commit runs hooks from the repository root
    for hook in hooks:
        argv = shlex.split(hook["entry"])
        assert argv[0] == "civic-accountability" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "datapackage.json") and re.search(hook["files"], "schemas/sources.json")
        if hook["id"] == "civic-accountability-validate":
            assert re.search(hook["files"], "data/statements.csv")
            result = run_cli(*argv[1:])
            assert result.exit_code == 0, result.output
        elif hook["id"] == "civic-accountability-fmt":
            assert argv[1:] == ["fmt", "."] and re.search(hook["files"], "data/statements.csv")
            result = run_cli("fmt", "--check", ".")  # the committed data is already canonical
            assert result.exit_code == 0, result.output
        else:
            assert argv[1:] == ["schema", "--check", "--root", "."]


def test_exports_doc_covers_every_format():
    from civic_accountability.outputs.exports import FORMATS

    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"| `{name}` |" in doc
