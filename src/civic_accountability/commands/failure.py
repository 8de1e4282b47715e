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


def unknown_authority(exc) -> CommandError:
    """The failure of a command given a council no authority matches (``dataset.lookup.UnknownAuthority``):
    the query, the close matches and where to find every name; exit 2 (usage)."""
    close = ["Close matches:", *(f"  {s}" for s in exc.suggestions)] if exc.suggestions else []
    return CommandError(
        "\n".join(
            [
                f"no local authority matches {exc.query!r}.",
                *close,
                "Run `civic-accountability describe` to list every authority.",
            ]
        ),
        2,
    )
