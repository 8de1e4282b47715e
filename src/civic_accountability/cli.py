"""The ``civic-accountability`` command group.

Commands live in ``civic_accountability.commands.*`` and are imported only when
used (or listed by ``--help``); each imports its heavy dependencies inside its body.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from civic_accountability import __version__

#: command name → "module:attribute". Add a command by adding a line here.
COMMANDS = {
    "validate": "civic_accountability.commands.validate:validate",
    "describe": "civic_accountability.commands.describe:describe",
    "schema": "civic_accountability.commands.schema:schema",
    "site": "civic_accountability.commands.site:site",
    "export": "civic_accountability.commands.export:export",
    "timeline": "civic_accountability.commands.timeline:timeline",
    "import": "civic_accountability.commands.importing:import_group",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="civic-accountability")
def cli() -> None:
    """Validate, describe and export the civic-accountability data package: English
    councils' children's services inspections, judgements, recommendations and what
    was said about them.

    Without PATH, commands use the package bundled with this installation.
    Exit codes: 0 ok, 1 invalid data, 2 usage error or unreadable input.
    """


def main() -> None:
    """Console entry point: no traceback reaches the user unless debugging is on."""
    try:
        cli(prog_name="civic-accountability")
    except Exception as exc:  # pragma: no cover - last line of defence
        if os.environ.get("CIVIC_ACCOUNTABILITY_DEBUG"):
            raise
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug; please report it (set CIVIC_ACCOUNTABILITY_DEBUG=1 for details).", err=True)
        sys.exit(2)
