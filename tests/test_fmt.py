"""`fmt`: canonical CSVs that keep every value, refusals that write nothing."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from civic_accountability.cli import cli
from civic_accountability.contract.specs import table_specs
from civic_accountability.dataset.fmt import canonical
from civic_accountability.dataset.package import bundled_root
from civic_accountability.validation.validate import validate_package

NOW = "2026-01-01"
SPECS = {s.name: s for s in table_specs()}


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def snapshot(pkg: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((pkg / "data").glob("*.csv"))}


def test_a_lone_carriage_return_in_a_value_is_quoted():
    """Python 3.11's csv writer would leave it bare, and a reader would split the row there."""
    spec = SPECS["sources"]
    header = ",".join(spec.column_names).encode()
    row = b'"a",' + b",".join([b'"x\ry"'] + [b""] * (len(spec.column_names) - 2))
    out = canonical(spec, header + b"\n" + row + b"\n").content
    assert list(csv.reader(io.StringIO(out.decode(), newline="")))[1][1] == "x\ry"


def test_committed_data_is_canonical():
    result = run("fmt", "--check", bundled_root())
    assert result.exit_code == 0, result.output
    assert "canonical" in result.output


def test_row_appended_out_of_order_is_put_back(package):
    path = package / "data" / "inspections.csv"
    rows = read_rows(path)
    assert len(rows) > 2
    header, body = rows[0], rows[1:]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header] + body[1:] + body[:1])

    check = run("fmt", "--check", package)
    assert check.exit_code == 1
    assert "inspections.csv: rows out of key order" in check.output
    assert read_rows(path)[1:] == body[1:] + body[:1], "--check wrote nothing"

    assert run("fmt", package).exit_code == 0
    key = header.index("inspection_id")
    assert read_rows(path)[1:] == sorted(body, key=lambda r: r[key])
    assert run("fmt", "--check", package).exit_code == 0
    assert validate_package(package, today=NOW).valid


def test_layout_reasons_and_fix(package):
    path = package / "data" / "sources.csv"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n") + b"\r\n")
    check = run("fmt", "--check", package)
    assert check.exit_code == 1
    line = next(x for x in check.output.splitlines() if "sources.csv" in x)
    assert "byte-order mark" in line and "CRLF line endings" in line and "empty line" in line
    assert run("fmt", package).exit_code == 0
    assert path.read_bytes() == original


def test_needless_quotes_are_removed_values_kept(package):
    path = package / "data" / "sources.csv"
    rows = read_rows(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    check = run("fmt", "--check", package)
    assert "quoting not minimal" in check.output
    assert run("fmt", package).exit_code == 0
    assert read_rows(path) == rows
    assert b'"' not in path.read_bytes().split(b"\n")[0]


def test_sha256_filled_from_archive_only_when_empty(package):
    sources = package / "data" / "sources.csv"
    rows = read_rows(sources)
    header = rows[0]
    sid, sha = header.index("source_id"), header.index("sha256")
    target = rows[1]
    archived = b"The archived words of the article.\n"
    (package / "archive").mkdir(exist_ok=True)
    (package / "archive" / f"{target[sid]}.txt").write_bytes(archived)
    target[sha] = ""
    with open(sources, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)

    check = run("fmt", "--check", package)
    assert check.exit_code == 1
    assert f"sha256 missing for {target[sid]}" in check.output
    assert run("fmt", package).exit_code == 0
    assert read_rows(sources)[1][sha] == hashlib.sha256(archived).hexdigest()


def test_unparseable_or_wrong_header_refused_nothing_written(package):
    (package / "data" / "inspections.csv").write_bytes(
        (package / "data" / "inspections.csv").read_bytes().replace(b"inspection_id", b"id", 1)
    )
    # another file that would otherwise be rewritten must be left alone too
    sources = package / "data" / "sources.csv"
    sources.write_bytes(sources.read_bytes().replace(b"\n", b"\r\n"))
    before = snapshot(package)
    result = run("fmt", package)
    assert result.exit_code == 1
    assert "inspections.csv: the header is not the schema's" in result.output
    assert "nothing was written" in result.output
    assert snapshot(package) == before

    (package / "data" / "inspections.csv").write_bytes(b'inspection_id\n"never closed\n')
    result = run("fmt", package)
    assert result.exit_code == 1 and snapshot(package)["sources.csv"] == before["sources.csv"]


def test_ragged_row_and_bad_encoding_refused(package):
    path = package / "data" / "judgements.csv"
    path.write_bytes(path.read_bytes() + b"a,b\n")
    result = run("fmt", package)
    assert result.exit_code == 1 and "cells but the header has" in result.output
    path.write_bytes(path.read_bytes().replace(b"a,b\n", b"") + b"\xff\n")
    result = run("fmt", "--check", package)
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_unreadable_package_exits_2(tmp_path):
    result = run("fmt", tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


_text = st.text(alphabet=st.sampled_from(list("ab ,\"\n\r'é–") + ["\u2028"]), max_size=8)
_SPEC = SPECS["recommendations"]
_WIDTH = len(_SPEC.column_names)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_text, min_size=_WIDTH, max_size=_WIDTH), max_size=8),
    st.booleans(),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
)
def test_values_survive_any_quoting_and_line_ending(rows, crlf, quoting):
    """Whatever quoting or line ending the input used, formatting keeps every cell and
    only reorders rows by key (stably); formatting twice changes nothing."""
    # Python's writer leaves a lone CR bare when the line ends in LF: that input is itself ambiguous
    assume(crlf or quoting != csv.QUOTE_MINIMAL or not any("\r" in c for r in rows for c in r))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=quoting, lineterminator="\r\n" if crlf else "\n").writerows(
        [list(_SPEC.column_names)] + rows
    )
    result = canonical(_SPEC, buffer.getvalue().encode("utf-8"))
    back = list(csv.reader(io.StringIO(result.content.decode("utf-8"), newline="")))
    key = _SPEC.column_names.index(_SPEC.primary_key)
    assert back[0] == list(_SPEC.column_names)
    assert back[1:] == sorted(rows, key=lambda r: r[key])
    again = canonical(_SPEC, result.content)
    assert again.changes == () and again.content == result.content
