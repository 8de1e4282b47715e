"""Output piped into a program that stops reading (``| head``) ends the command quietly:
no "Broken pipe" error, no traceback, whatever the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--to", "json", "-o", "-"],
        ["sql", "SELECT * FROM judgements"],
        ["timeline", "swindon"],
        ["validate", "--format", "json"],
    ],
)
def test_a_closed_pipe_ends_quietly(args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "civic_accountability", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    proc.stdout.read(10)  # the first bytes, as `head -c 10` reads them
    proc.stdout.close()  # then the reader goes away
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Broken pipe" not in err and "Traceback" not in err and "Error" not in err, err
