"""Shared fixtures: a small valid package built in a temporary directory."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from civic_accountability.contract.specs import generated_descriptor_files

if os.environ.get("CPU_COSTS"):  # record each test's CPU seconds (see cpu_costs.py)
    from cpu_costs import pytest_runtest_protocol, pytest_sessionfinish  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_script(name: str):
    """``scripts/<name>.py`` as a module, loaded once and registered in ``sys.modules``
    (dataclasses look their module up, and ``from gen_synthetic import …`` finds it)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


MINIMAL = FIXTURES / "minimal"


def build_package(target: Path, overlay: Path | None = None, resource_paths: dict | None = None) -> Path:
    """Copy the minimal package to ``target`` with freshly generated descriptors, then
    lay ``overlay``'s files over it (an invalid fixture holds only what it changes)."""
    shutil.copytree(MINIMAL, target, dirs_exist_ok=True)
    for rel, content in generated_descriptor_files().items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    if resource_paths:
        descriptor = json.loads((target / "datapackage.json").read_text())
        for resource in descriptor["resources"]:
            if resource["name"] in resource_paths:
                resource["path"] = resource_paths[resource["name"]]
        (target / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    if overlay is not None:
        for src in overlay.rglob("*"):
            if src.is_file() and src.name != "expected.json":
                dest = target / src.relative_to(overlay)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
    return target


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A valid minimal package in a fresh directory, safe to modify."""
    return build_package(tmp_path / "pkg")


#: Import name → the extra (pyproject.toml) that installs it; ``tests/test_extras.py`` checks
#: every third-party import of the tests is here and in that extra.
EXTRAS = {
    "sqlite_utils": "sqlite",
    "datasette": "datasette",
    "openpyxl": "xlsx",
    "pyarrow": "parquet",
    "polars": "fast",
    "jinja2": "site",
    "playwright": "browser",
    "axe_playwright_python": "browser",
    "pypdfium2": "import",
    "python_calamine": "import",
    "sklearn": "model",
    "numpy": "import",
    "pytest": "test",
    "hypothesis": "test",
    "yaml": "test",
}


def install_hint(reason: str) -> str:
    """A skip reason with the install line of the extra it is missing, unless it has one."""
    if "shared/ofsted" in reason and "README" not in reason:  # Ofsted's files: no pip line gets them
        return f"{reason} (Ofsted's files, kept beside the checkout: see the README's 'Where the data comes from')"
    if "pip install" in reason:
        return reason
    extras = [extra for module, extra in EXTRAS.items() if re.search(rf"\b{module}\b", reason)]
    if not extras:
        return reason
    return f"{reason} (pip install -e '.[{extras[0]}]', or '.[dev]' for everything)"


def _with_hint(report) -> None:
    if report.skipped and isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        path, line, reason = report.longrepr
        report.longrepr = (path, line, install_hint(reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _with_hint(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _with_hint(outcome.get_result())
