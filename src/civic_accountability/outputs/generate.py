"""Every generated file of a checkout, and the one atomic writer all outputs use."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: a failed run leaves
    the previous file intact and readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
