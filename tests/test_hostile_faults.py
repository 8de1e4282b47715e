"""Exports and the site under faults (issue 13): a full disk, a read-only target, SIGINT
and SIGTERM. Each leaves the previous output intact and no temporary file behind, exits
with one clean line (2 for a write failure, 130 for Ctrl-C, 143 for SIGTERM), and runs
the real entry point in a real process."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
NOW = "2030-01-01"
FORMATS = {
    "sqlite": "sqlite_utils",
    "xlsx": "openpyxl",
    "json": "json",
    "ndjson": "json",
    "parquet": "pyarrow",
    "zip": "zipfile",
}
DIRECTORY_FORMATS = ("ndjson", "parquet")
BAD = ("Traceback", "This is a bug", "Exception ignored")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "civic_accountability", *args]


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CIVIC_ACCOUNTABILITY_NOW": NOW}


def previous_output(out: Path, fmt: str) -> Path:
    """An existing output the run must leave as it is; returns the file to compare."""
    if fmt in DIRECTORY_FORMATS:
        out.mkdir()
        marker = out / f"sources.{fmt}"
    else:
        marker = out
    marker.write_bytes(b"previous output\n")
    return marker


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_leaves_the_previous_output_and_one_clean_line(package, tmp_path, fmt):
    pytest.importorskip(FORMATS[fmt])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"data.{fmt}"
    marker = previous_output(out, fmt)

    def small_disk():  # every file this process writes stops at 512 bytes (EFBIG, as ENOSPC would)
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    result = subprocess.run(
        command("export", str(package), "--to", fmt, "-o", str(out), "--force"),
        capture_output=True,
        text=True,
        env=ENV,
        preexec_fn=small_disk,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1, result.stderr
    assert not any(b in result.stderr for b in BAD)
    assert marker.read_bytes() == b"previous output\n"
    assert leftovers(out_dir) == []


def temporary_bytes(folder: Path) -> int:
    """The bytes written so far in ``folder``'s hidden temporaries (files or folders)."""
    return sum(
        f.stat().st_size
        for p in folder.iterdir()
        if p.name.startswith(".")
        for f in ([p] if p.is_file() else p.rglob("*"))
        if f.is_file()
    )


def _read_only_dir(path: Path):
    """A folder nobody may write in: a read-only tmpfs when root (permissions do not bind
    root), else mode 0555. Yields None when neither can be made."""
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        return lambda: path.chmod(0o755)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)], capture_output=True)
    if made.returncode != 0:
        return None
    return lambda: subprocess.run(["umount", str(path)], check=False)


@pytest.mark.parametrize("fmt", ["sqlite", "xlsx", "json", "ndjson", "zip"])
def test_a_read_only_target_is_one_clean_line(package, tmp_path, fmt):
    pytest.importorskip(FORMATS[fmt])
    folder = tmp_path / "ro"
    undo = _read_only_dir(folder)
    if undo is None:
        pytest.skip("cannot make a read-only folder here")
    try:
        result = subprocess.run(
            command("export", str(package), "--to", fmt, "-o", str(folder / f"x.{fmt}")),
            capture_output=True,
            text=True,
            env=ENV,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1, result.stderr
        assert list(folder.iterdir()) == []
    finally:
        undo()


def _interrupt(args: list[str], signum: int, ready) -> subprocess.CompletedProcess:
    """Run ``args``, send ``signum`` once ``ready()`` holds (polled, 60 s deadline), and wait."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    deadline = time.monotonic() + 60
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "finished before it could be interrupted"
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


#: The real entry point, with the export held still once it has written its first table
#: (at its first progress report) until a signal comes: a small package is interrupted
#: mid-write as surely as a large one, on a loaded machine too.
PAUSED_EXPORT = """
import sys, time
from pathlib import Path
from civic_accountability.outputs.exports import Format
real_load, ready = Format.load, Path(sys.argv.pop(1))

def load(fmt):
    module = real_load(fmt)
    real_export = module.export

    def export(data, target, progress=lambda n: None):
        def held(n):
            progress(n)
            ready.write_text("mid-write")
            time.sleep(120)
        return real_export(data, target, held)

    module.export = export
    return module

Format.load = load
from civic_accountability.cli import main
main()
"""


@pytest.mark.parametrize(
    "fmt, signum, code",
    [
        ("sqlite", signal.SIGTERM, 143),
        ("sqlite", signal.SIGINT, 130),
        ("xlsx", signal.SIGTERM, 143),
        ("ndjson", signal.SIGINT, 130),
    ],
)
def test_a_signal_leaves_the_previous_output_and_no_temporary(package, tmp_path, fmt, signum, code):
    """The signal comes while the export is half written (its temporaries beside the
    output hold the first table; for xlsx, openpyxl's sheet files in its scratch folder),
    not after a guessed delay on a package large enough to still be running then."""
    pytest.importorskip(FORMATS[fmt])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"data.{fmt}"
    marker = previous_output(out, fmt)
    ready = tmp_path / "ready"
    mid_write = []  # bytes in the temporaries when the signal is sent

    def written_in_part() -> bool:
        if ready.is_file():
            mid_write.append(temporary_bytes(out_dir))
            return True
        return False

    result = _interrupt(
        [
            sys.executable,
            "-c",
            PAUSED_EXPORT,
            str(ready),
            "export",
            str(package),
            "--to",
            fmt,
            "-o",
            str(out),
            "--force",
        ],
        signum,
        written_in_part,
    )
    assert mid_write and mid_write[0] > 0, "the export was not part-way through its temporary when the signal came"
    assert result.returncode == code, result.stderr
    assert result.stdout == ""  # never "wrote …" for an output that was not written
    assert [line for line in result.stderr.splitlines() if line] == [
        "Interrupted: nothing unfinished was written."
        if code == 130
        else "Stopped by signal 15: nothing unfinished was written."
    ]
    assert marker.read_bytes() == b"previous output\n"
    assert leftovers(out_dir) == []
    assert sorted(p.name for p in out_dir.iterdir()) == [out.name]


#: The real entry point, with the site's atomic writer held open once the new site is complete
#: in its temporary (not yet renamed into place) until a signal comes: a build small enough
#: to finish in milliseconds is still interrupted at the worst moment, on a loaded machine too.
PAUSED_SITE = """
import contextlib, sys, time
from pathlib import Path
import civic_accountability.outputs.site.build as build
real, ready = build.atomic_dir, Path(sys.argv.pop(1))

@contextlib.contextmanager
def held(target):
    with real(target) as tmp:
        yield tmp
        ready.write_text(str(tmp))
        time.sleep(120)

build.atomic_dir = held
from civic_accountability.cli import main
main()
"""


def test_sigterm_during_site_keeps_the_previous_site(package, tmp_path):
    pytest.importorskip("jinja2")
    site = tmp_path / "site"
    first = subprocess.run(
        command("site", str(package), "-o", str(site), "-q"), capture_output=True, text=True, env=ENV, timeout=300
    )
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (site / "index.html").write_bytes(b"previous site\n")
    ready = tmp_path / "ready"
    result = _interrupt(
        [sys.executable, "-c", PAUSED_SITE, str(ready), "site", str(package), "-o", str(site), "-q"],
        signal.SIGTERM,
        ready.is_file,
    )
    assert ready.is_file(), "the build never reached its writer"
    held = Path(ready.read_text())  # the new site, complete in its temporary when the signal came
    assert held.parent == tmp_path and held.name.startswith(".site.")
    assert result.returncode == 143, result.stderr
    assert not any(b in result.stderr for b in BAD)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == {**before, Path("index.html"): b"previous site\n"}
    assert leftovers(tmp_path) == []
