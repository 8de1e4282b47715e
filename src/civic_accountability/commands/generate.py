"""Every generated file of a checkout (written with ``dataset.atomic.write_atomic``):
the descriptors and data dictionary from the models, and docs/cli.md from the click
commands' own help."""

from __future__ import annotations

from pathlib import Path

import click


def generated_files(root: Path) -> dict[str, str]:
    """Relative path → the content the models and commands generate for it. Everything
    is made from the models as they are now, never from the committed cell specs."""
    from civic_accountability.contract.derive import CELLSPECS_MODULE, cellspecs_source, model_specs
    from civic_accountability.contract.specs import generated_descriptor_files
    from civic_accountability.outputs.docs import data_dictionary

    specs = model_specs()
    files = generated_descriptor_files(specs)
    if (root / "pyproject.toml").is_file():  # a source checkout, not an installed copy
        files[CELLSPECS_MODULE] = cellspecs_source(specs)
        files["docs/data-dictionary.md"] = data_dictionary(specs)
        files["docs/cli.md"] = cli_document()
    return files


def cli_reference() -> str:
    """Every command's --help, subcommands included (``import statistics``), at a fixed
    width so the text is the same everywhere."""
    from civic_accountability.cli import cli

    settings = {**cli.context_settings, "terminal_width": 100, "max_content_width": 100}
    blocks: list[str] = []

    def add(command: click.Command, ctx: click.Context) -> None:
        blocks.extend([f"### `{ctx.command_path}`", "", "```", command.get_help(ctx), "```", ""])
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                add(sub, click.Context(sub, info_name=name, parent=ctx, terminal_width=100, max_content_width=100))

    add(cli, click.Context(cli, info_name="civic-accountability", **settings))
    return "\n".join(blocks)


def cli_document() -> str:
    """docs/cli.md: every command's --help, generated so it cannot drift from the CLI."""
    return "\n".join(
        [
            "# CLI reference",
            "",
            "Generated from the click commands by `civic-accountability schema`; do not edit by hand",
            "(`schema --check` fails on drift). `civic-accountability COMMAND --help` prints the same.",
            "",
            cli_reference().replace("### `", "## `"),
        ]
    )
