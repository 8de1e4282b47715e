"""`civic-accountability serve`: the real command in its own process, serving the bundled
package through a real Datasette on a free loopback port, then stopped with Ctrl-C's
signal; every wait is bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.dataset.package import bundled_root

SRC = Path(__file__).resolve().parents[1] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _first_line(stream, seconds: float) -> str:
    """The first line the process prints, or "" after ``seconds``."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return lines[0] if lines else ""


@pytest.fixture
def served(tmp_path):
    pytest.importorskip("datasette")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "civic_accountability", "serve", str(bundled_root()), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        text=True,
    )
    try:
        line = _first_line(proc.stdout, 90)
        assert line, f"serve printed no address: {(tmp_path / 'serve.log').read_text(errors='replace')}"
        yield proc, port, line
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()


def test_serve_answers_views_and_saved_queries_then_stops_cleanly(served):
    proc, port, line = served
    base = f"http://127.0.0.1:{port}"
    assert f"{base}/civic" in line
    folder = Path(line.split("built in ")[1].split(")")[0])
    assert (folder / "civic.db").is_file()

    view = _get(f"{base}/civic/latest_grades.json?_shape=objects&_size=max&authority_id=swindon")
    assert [r["overall_effectiveness"] for r in view["rows"]] == ["inadequate"]
    saved = _get(f"{base}/civic/asked_to_improve.json?_shape=objects&authority_id=swindon&year=2023")
    with open(bundled_root() / "data" / "recommendations.csv", encoding="utf-8") as fh:
        import csv

        expected = sorted(
            (int(r["position"]), r["text"])
            for r in csv.DictReader(fh)
            if r["inspection_id"] == "swindon-2023-07-17-standard-inspection"
        )
    assert [(r["position"], r["text"]) for r in saved["rows"]] == expected
    meta = _get(f"{base}/-/metadata.json")
    assert "previous_grade" in meta["databases"]["civic"]["tables"]["grade_history"]["columns"]

    proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
    assert proc.wait(30) == 0
    assert not folder.exists()
    deadline = time.monotonic() + 10
    while True:  # Datasette is gone too: nothing listens on the port any more
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                break
        assert time.monotonic() < deadline, "Datasette still listening after serve stopped"
        time.sleep(0.1)


def test_serve_without_datasette_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)  # as if the extra were not installed
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'civic-accountability[datasette]'" in result.stderr


def test_serve_refuses_a_port_in_use():
    pytest.importorskip("datasette", reason="serve needs the 'datasette' extra: pip install -e '.[datasette]'")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        result = CliRunner().invoke(cli, ["serve", "--port", str(s.getsockname()[1])])
    assert result.exit_code == 2 and "in use" in result.stderr
