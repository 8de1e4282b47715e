"""The one way a command gets its data: choose the package, validate it once, hand
back the report and its rows, and stop with the documented exit code when the
command cannot go on (1 invalid data, 2 unreadable package or bad usage).

Which package: PATH when given; else the package you stand in (the working
directory or its nearest parent holding ``datapackage.json``), so a contributor's
edit is what gets checked, never silently the installed copy; else the bundled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.dataset.package import DESCRIPTOR, bundled_root

if TYPE_CHECKING:  # validation is imported only when a package is loaded
    from civic_accountability.validation.validate import Report


def find_package(start: Path) -> Optional[Path]:
    """The nearest directory from ``start`` upwards that holds a datapackage.json."""
    start = Path(start).resolve()
    for directory in (start, *start.parents):
        try:
            if (directory / DESCRIPTOR).is_file():
                return directory
        except OSError:  # a directory we may not look into holds no package for us
            continue
    return None


def resolve_package_path(path: Optional[Path], cwd: Optional[Path] = None) -> Path:
    """The package a command means: PATH, else the one stood in, else the bundled one."""
    if path is not None:
        return Path(path)
    if cwd is None:
        try:
            cwd = Path.cwd()
        except OSError:  # the working directory was deleted under us
            return bundled_root()
    return find_package(cwd) or bundled_root()


@dataclass(frozen=True)
class Dataset:
    """A package read and validated once: what every command builds on."""

    report: "Report"
    path: Path  # the package directory (or datapackage.json) that was checked
    today: str  # the date the date rules used

    @property
    def rows(self) -> dict[str, list[tuple[int, dict]]]:
        """Each table's well-formed rows as (CSV line, values)."""
        return self.report.rows

    @property
    def tables(self) -> dict[str, list[dict]]:
        """Each table's well-formed rows as values (None for an empty cell)."""
        return {name: [values for _, values in rows] for name, rows in self.report.rows.items()}

    @property
    def package(self):
        return self.report.package


def today_for(now: Optional[str]) -> str:
    """``--now`` (or $CIVIC_ACCOUNTABILITY_NOW) as an ISO date; a usage error when it is not one."""
    from civic_accountability.validation.validate import resolve_today

    try:
        return resolve_today(now)
    except ValueError:
        raise click.BadParameter(f"{now!r} is not a date (YYYY-MM-DD)", param_hint="--now") from None


def load_dataset(
    path: Optional[Path] = None,
    now: Optional[str] = None,
    engine: str = "auto",
    require_valid: bool = True,
    *,
    require_readable: bool = True,
    refusal: Optional[str] = None,
    max_errors: Optional[int] = None,
) -> Dataset:
    """Validate the package meant by ``path`` (see ``resolve_package_path``) once.

    ``require_readable``: an unreadable package prints its report to stderr and exits 2.
    ``require_valid``: invalid data prints the report (and ``refusal``) to stderr and
    exits 1. ``max_errors`` bounds the report printed. Engine or date problems are
    usage errors (exit 2)."""
    from civic_accountability.validation.report import render_text
    from civic_accountability.validation.validate import EngineUnavailable, validate_package

    today = today_for(now)
    target = resolve_package_path(path)
    try:
        report = validate_package(target, today, engine=engine, max_errors=max_errors)
    except EngineUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    if require_readable and report.exit_code == 2:
        click.echo(render_text(report, max_errors), err=True)
        raise CommandError(f"the package at {target} cannot be read.", 2)
    if require_valid and not report.valid:
        click.echo(render_text(report, max_errors), err=True)
        raise CommandError(f"{refusal or 'the package is invalid'}.", report.exit_code)
    return Dataset(report=report, path=target, today=today)
