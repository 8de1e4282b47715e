from __future__ import annotations

import sys

import click

from civic_accountability.commands.failure import CommandError
from civic_accountability.commands.options import no_validate_option, now_option, package_argument

HOST = "127.0.0.1"  # loopback only: serving the data to the network is a deliberate, separate step
START_SECONDS = 60


def _fail(message: str, code: int) -> None:
    raise CommandError(message, code)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_until_up(proc, url: str) -> bool:
    """Whether Datasette answers at ``url`` before it exits or the time is up."""
    import time
    import urllib.request

    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}-/versions.json", timeout=2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


#: Datasette's bounds (``--timeout``, ``--max-rows``; documented in docs/hostile-input.md), and
#: the largest string or blob a query may build, set on each of its connections by a plugin
#: written beside the database (SQLite's own limit is 1 GB: ``randomblob(400000000)`` took
#: the server to 3 GB).
TIMEOUT_SECONDS = 5.0
MAX_ROWS = 1000
MAX_VALUE_BYTES = 16 << 20
_LIMITS_PLUGIN = f"""\
import sqlite3

from datasette import hookimpl


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, {MAX_VALUE_BYTES})
"""
#: The folder ``serve`` builds in: ``civic-serve-*`` in the temporary directory, holding
#: ``owner.pid`` (the serving process), so a later ``serve`` removes one whose owner died
#: without cleaning up (SIGKILL).
FOLDER_PREFIX = "civic-serve-"
OWNER_FILE = "owner.pid"


def _die_with_parent(parent: int):
    """For the child's ``preexec_fn``: the kernel sends it SIGTERM when ``serve`` ends, however
    it ends (PR_SET_PDEATHSIG; SIGKILL on ``serve`` used to leave Datasette serving)."""

    def set_up() -> None:
        import ctypes
        import os
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return set_up


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned(tmp: str) -> list[str]:
    """Remove the ``serve`` folders in ``tmp`` whose owner is no longer running."""
    import shutil
    from pathlib import Path

    removed = []
    for folder in Path(tmp).glob(FOLDER_PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        if not folder.is_symlink() and folder.is_dir() and not _alive(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(str(folder))
    return removed


def _stop(proc) -> None:
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@click.command()
@package_argument
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port on 127.0.0.1 to serve on (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.001),
    default=TIMEOUT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Datasette stops a query that runs longer (its sql_time_limit_ms).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=MAX_ROWS,
    show_default=True,
    help="Rows Datasette returns for one query at most (its max_returned_rows).",
)
@no_validate_option
@now_option
def serve(path, port, timeout, max_rows, no_validate, now):
    """Explore the package in Datasette in your browser, in one step.

    Builds the SQLite export (tables, full-text search, the views such as
    latest_grades and grade_history, their descriptions, and saved queries for
    common questions) in a temporary folder, starts Datasette on
    http://127.0.0.1:PORT/ and prints the address. Ctrl-C stops it and removes
    what it built. Only this computer can connect.

    Needs the datasette extra: pip install 'civic-accountability[datasette]'
    (exit 2 without it). The package is validated first and invalid data is
    refused (exit 1) unless --no-validate. PATH is a package directory or its
    datapackage.json (default: the package in the current directory or its
    nearest parent, else the bundled one).

    Each query may run --timeout seconds (default 5) and return --max-rows rows
    (default 1000), and may build no string or blob over 16 MB. Datasette ends
    when serve does, however it ends; a folder left by a killed serve is
    removed by the next one.
    """
    import importlib.util

    missing = [m for m in ("datasette", "sqlite_utils") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(
            f"serve needs the Python package {missing[0]!r}, which is not installed; "
            "install it with: pip install 'civic-accountability[datasette]'",
            2,
        )
    if port and not _port_free(port):
        _fail(f"port {port} on {HOST} is in use; choose another with --port (or --port 0 for any free one)", 2)

    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from civic_accountability.commands.load import load_dataset
    from civic_accountability.commands.validate import DEFAULT_MAX_ERRORS
    from civic_accountability.outputs.exports import FORMATS, ExportError, metadata_path
    from civic_accountability.outputs.exports.data import from_report

    dataset = load_dataset(
        path,
        now,
        require_valid=not no_validate,
        max_errors=DEFAULT_MAX_ERRORS,
        refusal="the data is invalid, so nothing was served (fix it, or use --no-validate to serve it as it is)",
    )
    import os

    remove_abandoned(tempfile.gettempdir())
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    proc, stopped = None, False
    try:
        (folder / OWNER_FILE).write_text(str(os.getpid()))
        (folder / "plugins").mkdir()
        (folder / "plugins" / "limits.py").write_text(_LIMITS_PLUGIN)
        database = folder / "civic.db"
        try:
            FORMATS["sqlite"].load().export(from_report(dataset.report), database)
        except ExportError as exc:
            _fail(f"{exc}; nothing was served", 1)
        except OSError as exc:
            _fail(f"cannot build the database in {folder}: {exc.strerror or exc}", 2)
        port = port or _free_port()
        url = f"http://{HOST}:{port}/"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "datasette",
                "serve",
                "-i",
                str(database),
                "-m",
                str(metadata_path(database)),
                "-h",
                HOST,
                "-p",
                str(port),
                "--plugins-dir",
                str(folder / "plugins"),
                "--setting",
                "sql_time_limit_ms",
                str(max(1, round(timeout * 1000))),
                "--setting",
                "max_returned_rows",
                str(max_rows),
            ],
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr.fileno(),  # its request log: stdout keeps the address
            preexec_fn=_die_with_parent(os.getpid()),
        )
        if not _wait_until_up(proc, url):
            _fail(f"Datasette did not start on {url} (its messages are above)", 2)
        click.echo(f"Serving {dataset.path} at {url}civic (built in {folder}); press Ctrl-C to stop.")
        sys.stdout.flush()
        try:
            code = proc.wait()
        except KeyboardInterrupt:  # Ctrl-C: the normal way to stop
            stopped = True
        else:
            if code:
                _fail(f"Datasette stopped with exit code {code}", 2)
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)
    if stopped:
        click.echo(f"Stopped; removed {folder}.", err=True)
