"""Packages that cost a lot to check (issue 26, items 4 and 5), built from the bundled package:
shared by ``scripts/bench_hostile.py --costs`` (time and peak memory) and the tests.

- ``long_archive``: one source's archived text made ~``text_mb`` MB long, with ``statements``
  statements citing it, half of them quoting it and half not.
- ``blank_flood``: ``mib`` MiB of blank (``\\n``) or CR-only (``\\r``) lines appended to one table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import shutil
from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[1]
SOURCE = "cypnow-2018-05-council-weaknesses"
INSPECTION = "swindon-2018-04-focused-visit"
PACKAGE_FILES = (
    "datapackage.json",
    "data",
    "schemas",
    "archive",
    "LICENSE",
    "LICENSE-DATA",
    "CITATION.cff",
    "README.md",
)


def copy_bundled(root: Path, source: Path = BUNDLED) -> Path:
    """The bundled package's own files (never ``src``, ``tests`` or notes) copied to ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in PACKAGE_FILES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, root / name, dirs_exist_ok=True)
        elif path.is_file():
            shutil.copyfile(path, root / name)
    return root


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(n)]


def long_archive(root: Path, statements: int = 1000, text_mb: float = 60, seed: int = 1) -> Path:
    """The bundled package with ``SOURCE``'s text ~``text_mb`` MB of words and ``statements``
    statements citing it: even ones quote ~100 characters of it (anywhere), odd ones the same
    with a word the text never holds (never found: a full scan each for a naive check)."""
    copy_bundled(root)
    rng = random.Random(seed)
    vocab = _words(rng, 5000)
    block = " ".join(rng.choices(vocab, k=200_000)) + ".\n"  # ~1.2 MB
    blocks = max(1, round(text_mb * 1e6 / len(block)))
    parts = [f"Part {i}. {' '.join(rng.sample(block.split(' '), 2000))} {block}" for i in range(blocks)]
    original = (root / "archive" / f"{SOURCE}.txt").read_text(encoding="utf-8")  # its quotes stay found
    text = original + "\n" + "".join(parts)
    data = text.encode()
    (root / "archive" / f"{SOURCE}.txt").write_bytes(data)
    _set_sha256(root, SOURCE, hashlib.sha256(data).hexdigest())
    rows = []
    for i in range(statements):
        at = rng.randrange(0, len(text) - 200)
        start = text.index(" ", at) + 1
        quote = text[start : start + 100].rsplit(" ", 1)[0].strip().rstrip(".")
        if i % 2:
            words = quote.split(" ")
            words[len(words) // 2] = "zzyzxquux"
            quote = " ".join(words)
        rows.append([f"zz-bench-q{i:05d}", INSPECTION, "Ofsted", "", "Ofsted", "", "", quote, SOURCE])
    _append_rows(root / "data" / "statements.csv", rows)
    return root


def blank_flood(root: Path, mib: float = 16, line: bytes = b"\n", table: str = "judgements") -> Path:
    """The bundled package with ``mib`` MiB of ``line`` appended to data/<table>.csv."""
    copy_bundled(root)
    with open(root / "data" / f"{table}.csv", "ab") as fh:
        chunk = line * ((1 << 20) // len(line))
        for _ in range(int(mib)):
            fh.write(chunk)
        fh.write(line * int((mib - int(mib)) * (1 << 20) // len(line)))
    return root


def _append_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(out.getvalue())


def _set_sha256(root: Path, source_id: str, digest: str) -> None:
    path = root / "data" / "sources.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    column = table[0].index("sha256")
    for row in table[1:]:
        if row[0] == source_id:
            row[column] = digest
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def text_bomb_pdf(path: Path, pages: int = 300, chars_per_page: int = 1_000_000) -> Path:
    """A small PDF whose text expands to ``pages`` × ``chars_per_page`` characters: every page
    shows one shared, deflated content stream of ``(xxx…) Tj`` lines in Helvetica."""
    import zlib

    line = b"(" + b"x" * 1000 + b") Tj\n"
    content = zlib.compress(b"BT /F1 1 Tf 10 10 Td\n" + line * max(1, chars_per_page // 1000) + b"ET\n", 9)
    first_page = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 4 0 R >>"
    ] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
