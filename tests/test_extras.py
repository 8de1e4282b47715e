"""Every test runs wherever it is meant to: each third-party module a test imports is
installed by an extra of pyproject.toml, and a test that lacks one skips with the
install line in its reason (never fails, never skips silently)."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import tomllib
from conftest import EXTRAS, install_hint

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
LOCAL = (
    {"civic_accountability", "conftest"}
    | {p.stem for p in TESTS.glob("*.py")}
    | {p.stem for p in (ROOT / "scripts").glob("*.py")}
)


def _imported(tree: ast.AST) -> set[str]:
    """Top-level module names a test file imports: import statements anywhere, and
    ``pytest.importorskip("x.y")``'s argument."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "importorskip"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.split(".")[0])
    return found


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_third_party_import_of_the_tests_is_in_an_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {name: _requirement_names(reqs) for name, reqs in project["optional-dependencies"].items()}
    core = _requirement_names(project["dependencies"])
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for path in sorted(TESTS.glob("*.py")):
        for module in sorted(
            _imported(ast.parse(path.read_text(encoding="utf-8"))) - LOCAL - set(sys.stdlib_module_names)
        ):
            dists = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
            if dists & core:
                continue
            extra = EXTRAS.get(module)
            if extra is None or not dists & extras.get(extra, set()):
                missing.append(
                    f"{path.name} imports {module} (installed by {sorted(dists) or 'nothing'}; extra {extra!r})"
                )
    assert not missing, "tests import modules no extra installs:\n" + "\n".join(missing)


def test_a_skip_for_a_missing_extra_names_its_install_line():
    assert install_hint("could not import 'polars': No module named 'polars'") == (
        "could not import 'polars': No module named 'polars' (pip install -e '.[fast]', or '.[dev]' for everything)"
    )
    assert install_hint("needs the 'site' extra: pip install -e '.[site]'").count("pip install") == 1
    assert install_hint("no Chromium at /usr/bin/chromium") == "no Chromium at /usr/bin/chromium"
    assert "README's 'Where the data comes from'" in install_hint("reports not found in ../shared/ofsted/reports")


def test_without_polars_the_fast_path_tests_skip_saying_what_to_install(tmp_path):
    """A real run of pytest where ``import polars`` fails, as on a machine without the extra."""
    (tmp_path / "polars.py").write_text("raise ModuleNotFoundError(\"No module named 'polars'\", name='polars')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")])}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-rs",
            "-q",
            str(TESTS / "test_fastpath.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 5), result.stdout + result.stderr  # 5: every test skipped
    assert "SKIPPED" in result.stdout and "pip install -e '.[fast]'" in result.stdout, result.stdout
