"""The house: five layers, and no module imports from a layer above its own.

    5  cli.py, __main__.py, commands/   the click commands: options, messages, exit codes
    4  outputs/, importers/             what commands produce; Ofsted's files read in
    3  validation/, themes/             the checks, on both engines; recommendation themes
                                        and repeats, derived from the rows
    2  dataset/                         reading a package safely, records, formatting, atomic writes
    1  contract/                        the models, vocabularies, cell specs, error catalogue,
                                        date, grade, name and quote helpers

Every import counts, at module level or inside a function (heavy imports are deferred,
never exempt). Imports are read with ``ast``, so the test imports nothing it checks.
Inside contract/, where everything starts, modules must not import each other in a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "civic_accountability"

LAYERS = {
    "contract": 1,
    "dataset": 2,
    "validation": 3,
    "themes": 3,  # derived tables from the rows: read by importers, outputs and commands
    "outputs": 4,
    "importers": 4,
    "commands": 5,
    "cli": 5,
    "__main__": 5,
    "__init__": 1,  # the version string
}


def _part(module: str) -> str | None:
    """The package part (``contract``, ``cli``…) a dotted module name belongs to."""
    parts = module.split(".")
    if parts[0] != "civic_accountability":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) for every import of a project module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        package = package.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [(module, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against this module's package
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found.append((module, target, node.lineno))
                # ``from civic_accountability import cli`` names a module too
                found += [
                    (module, f"{target}.{alias.name}", node.lineno)
                    for alias in node.names
                    if (PACKAGE.parent / Path(*f"{target}.{alias.name}".split("."))).with_suffix(".py").is_file()
                ]
    return [(a, b, line) for a, b, line in found if _part(b) is not None]


def test_every_part_of_the_package_has_a_layer():
    parts = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"
    }
    assert parts <= set(LAYERS), f"give these a layer in tests/test_layers.py: {sorted(parts - set(LAYERS))}"


def test_no_import_climbs_to_a_higher_layer():
    climbing = [
        f"{a}:{line} imports {b} (layer {LAYERS[_part(b)]} > {LAYERS[_part(a)]})"
        for a, b, line in _imports()
        if LAYERS[_part(b)] > LAYERS[_part(a)]
    ]
    assert not climbing, "imports that climb a layer:\n" + "\n".join(climbing)


def test_contract_modules_form_no_cycle():
    graph = defaultdict(set)
    modules = {
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts) for p in (PACKAGE / "contract").glob("*.py")
    }
    for a, b, _ in _imports():
        if a in modules and b in modules and a != b:
            graph[a].add(b)

    def cycle_from(start, node, seen):
        for nxt in graph[node]:
            if nxt == start:
                return [node, nxt]
            if nxt not in seen:
                seen.add(nxt)
                rest = cycle_from(start, nxt, seen)
                if rest:
                    return [node, *rest]
        return None

    cycles = [c for m in sorted(modules) if (c := cycle_from(m, m, set()))]
    assert not cycles, "import cycles inside contract/: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_check_sees_a_climbing_import(tmp_path, monkeypatch):
    """The test can fail: a dataset module that imports validation/ is caught."""
    fake = tmp_path / "civic_accountability"
    (fake / "dataset").mkdir(parents=True)
    (fake / "validation").mkdir()
    for part in ("dataset", "validation"):
        (fake / part / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "dataset" / "bad.py").write_text("def f():\n    from civic_accountability.validation import rules\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    climbing = [(a, b) for a, b, _ in _imports() if LAYERS[_part(b)] > LAYERS[_part(a)]]
    assert ("civic_accountability.dataset.bad", "civic_accountability.validation") in climbing
