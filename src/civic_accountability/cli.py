"""The ``civic-accountability`` command group.

Commands live in ``civic_accountability.commands.*`` and are imported only when
used (or listed by ``--help``); each imports its heavy dependencies inside its body.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
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
    "quotes": "civic_accountability.commands.quotes:quotes",
    "fmt": "civic_accountability.commands.fmt:fmt",
    "sql": "civic_accountability.commands.sql:sql",
    "serve": "civic_accountability.commands.serve:serve",
    "import": "civic_accountability.commands.importing:import_group",
    "themes": "civic_accountability.commands.themes:themes",
    "repeats": "civic_accountability.commands.themes:repeats",
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

    Given no package directory, commands use the package in the current directory
    or its nearest parent holding a datapackage.json (a checkout you are editing),
    else the one bundled with this installation. Exit codes: 0 ok, 1 invalid data, 2 usage error or unreadable input.
    """


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C (every ``finally`` removes its
    temporaries) but is caught by no ``except Exception`` on the way."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum, frame) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second signal must not cut the cleanup short
    raise Terminated(signum)


def _stop(code: int, message: str) -> None:
    """Remove this process's unfinished outputs, say so in one line, and exit."""
    from civic_accountability.dataset.atomic import remove_leftovers

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    remove_leftovers()
    click.echo(message, err=True)
    sys.exit(code)


#: True in the console entry point (``main``), where ``finish`` may end the process at once;
#: False when the commands run inside another program (tests, ``CliRunner``).
_ENTRY_POINT = False


def finish(code: int) -> None:
    """End a command that has written everything and left nothing running: in the console
    entry point the process exits at once, skipping the interpreter's teardown (freeing a
    million validated rows' columns took ~0.06 s of each ``validate``); elsewhere
    ``sys.exit``."""
    if _ENTRY_POINT:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


#: The console process's cyclic garbage collector runs after 10,000 new container objects
#: instead of 700: importing polars and validating create tens of thousands of objects that
#: live to the end, and each collection walked them again (111 collections, ~0.09 s of CPU
#: in a 1M-row ``validate``; 7 and ~0.015 s now). Garbage cycles still go within 10,000
#: allocations, so memory stays bounded.
GC_THRESHOLDS = (10_000, 10, 10)


def main() -> None:
    """Console entry point: exit 130 on Ctrl-C and 128+N on SIGTERM/SIGHUP, leaving no
    temporary behind; no traceback reaches the user unless debugging is on."""
    global _ENTRY_POINT
    _ENTRY_POINT = True
    gc.set_threshold(*GC_THRESHOLDS)
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)
    try:
        code = cli.main(prog_name="civic-accountability", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _stop(130, "Interrupted: nothing unfinished was written.")
    except Terminated as exc:
        _stop(128 + exc.signum, f"Stopped by signal {exc.signum}: nothing unfinished was written.")
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - last line of defence
        if os.environ.get("CIVIC_ACCOUNTABILITY_DEBUG"):
            raise
        from civic_accountability.dataset.atomic import remove_leftovers

        remove_leftovers()
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug; please report it (set CIVIC_ACCOUNTABILITY_DEBUG=1 for details).", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
