"""Every generated file of a checkout (written with ``dataset.atomic.write_atomic``)."""

from __future__ import annotations

from pathlib import Path


def generated_files(root: Path) -> dict[str, str]:
    """Relative path → the content the models and commands generate for it. Everything
    is made from the models as they are now, never from the committed cell specs."""
    from civic_accountability.contract.derive import CELLSPECS_MODULE, cellspecs_source, model_specs
    from civic_accountability.contract.specs import generated_descriptor_files
    from civic_accountability.outputs.docs import cli_document, data_dictionary

    specs = model_specs()
    files = generated_descriptor_files(specs)
    if (root / "pyproject.toml").is_file():  # a source checkout, not an installed copy
        files[CELLSPECS_MODULE] = cellspecs_source(specs)
        files["docs/data-dictionary.md"] = data_dictionary(specs)
        files["docs/cli.md"] = cli_document()
    return files
