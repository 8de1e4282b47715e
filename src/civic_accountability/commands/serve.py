from __future__ import annotations

import sys

import click

from civic_accountability.commands.options import no_validate_option, now_option, package_argument

HOST = "127.0.0.1"  # loopback only: serving the data to the network is a deliberate, separate step
START_SECONDS = 60


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


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
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 to serve on (0: any free port).")
@no_validate_option
@now_option
def serve(path, port, no_validate, now):
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
    """
    import importlib.util

    missing = [m for m in ("datasette", "sqlite_utils") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(f"serve needs the Python package {missing[0]!r}, which is not installed; "
              "install it with: pip install 'civic-accountability[datasette]'", 2)
    if port and not _port_free(port):
        _fail(f"port {port} on {HOST} is in use; choose another with --port (or --port 0 for any free one)", 2)

    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from civic_accountability.dataset.load import load_dataset
    from civic_accountability.outputs.exports import FORMATS, ExportError, metadata_path
    from civic_accountability.outputs.exports.data import from_report

    from civic_accountability.commands.validate import DEFAULT_MAX_ERRORS

    dataset = load_dataset(path, now, require_valid=not no_validate, max_errors=DEFAULT_MAX_ERRORS,
                           refusal="the data is invalid, so nothing was served (fix it, or use --no-validate "
                                   "to serve it as it is)")
    folder = Path(tempfile.mkdtemp(prefix="civic-serve-"))
    proc, stopped = None, False
    try:
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
            [sys.executable, "-m", "datasette", "serve", "-i", str(database), "-m", str(metadata_path(database)),
             "-h", HOST, "-p", str(port)],
            stdin=subprocess.DEVNULL, stdout=sys.stderr.fileno(),  # its request log: stdout keeps the address
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
