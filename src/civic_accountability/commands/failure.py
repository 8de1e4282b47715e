"""The one way a command fails: ``raise CommandError(message, exit_code)``.

click prints ``Error: message`` on standard error (the style of its own usage errors, so
every failure reads the same) and exits with the code: 2 for usage or unreadable input,
1 for invalid data. It works alike in the console entry point (``cli.main``) and under
click's test runner, and leaves the command's body free of ``sys.exit``.
"""

from __future__ import annotations

import click


class CommandError(click.ClickException):
    """A failure the user can act on, in one line (or a few), with its exit code."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code
