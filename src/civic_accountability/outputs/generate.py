"""Every generated file of a checkout (written with ``outputs.atomic.write_atomic``)."""

from __future__ import annotations

from pathlib import Path

from civic_accountability.outputs.atomic import write_atomic  # noqa: F401  (the one writer; imported from here by schema)


def generated_files(root: Path) -> dict[str, str]:
    """Relative path → the content the models and commands generate for it."""
    from civic_accountability.outputs.docs import data_dictionary, with_cli_reference
    from civic_accountability.contract.specs import generated_descriptor_files

    files = generated_descriptor_files()
    if (root / "pyproject.toml").is_file():  # a source checkout, not an installed copy
        files["docs/data-dictionary.md"] = data_dictionary()
        readme = root / "README.md"
        if readme.is_file():
            files["README.md"] = with_cli_reference(readme.read_text(encoding="utf-8"))
    return files
