"""Build the word vectors the repeat linker compares items with (themes/word_vectors.json).

Two steps, each from committed inputs:

1. ``--counts REPORTS_DIR``: how often two words stand within five words of each other in a
   sentence of Ofsted's 497 inspection reports (the shared ``ofsted/reports`` folder, read as
   ``import reports`` reads them), the words read as the linker reads an item's (folded, each
   named thing of ``equivalents.csv`` one word, stop words out, stemmed: ``repeats.content_words``'
   reading), for the words used at least ``MIN_COUNT`` times. Written to
   ``models/report_cooccurrence.tsv.gz``: derived counts, committed like ``data/``'s tables, never
   the reports themselves (the sentences cannot be read back from them). Needs the ``import``
   extra.
2. (default) the vectors, from those counts only: positive pointwise mutual information
   (context counts smoothed to the power 0.75), a truncated SVD to 200 dimensions
   (scikit-learn's randomized solver, ``random_state=0``: deterministic), each word's row
   scaled by the singular values to the power 0.75 and made unit length; the first ``DIMS`` of
   them, made unit length again and rounded to int8 (x 127), are the model file. Needs the
   ``model`` extra (numpy, scipy, scikit-learn); the package reads the file without them.

Why vectors from the reports: two items that ask for the same thing in other words ("managers
oversee all cases" and "the oversight of first line managers") share few words, and no rule
over the 4,665 items' own words found them; words the reports use in the same places do.
Measured in notes/themes.md (tenth round).

``--check`` rebuilds the vectors from the committed counts and exits 1 when they differ from
the committed file by more than rounding (a value off by more than 1 in 127, or more than 0.5%
of values off by 1: another machine's floating point may round a few values the other way).

Usage: python scripts/build_report_vectors.py [--counts REPORTS_DIR] [--check]
"""

from __future__ import annotations

import argparse
import base64
import collections
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.themes import semantic  # noqa: E402

COUNTS = ROOT / "models" / "report_cooccurrence.tsv.gz"
OUT = ROOT / "src" / "civic_accountability" / "themes" / semantic.VECTORS_FILE
#: Words used fewer times than this in the reports get no vector.
MIN_COUNT = 5
#: Two words co-occur when at most this many words apart in one sentence.
WINDOW = 5
#: The SVD's dimensions, and those kept in the model file.
SVD_DIMS = 200
DIMS = 64
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+")


def report_sentences(reports_dir: Path):
    """Each sentence (longer than 30 characters, lowercased) of every report PDF, in path order."""
    from civic_accountability.importers.reports.pdftext import cached_pages, default_cache_dir, page_texts

    for pdf in sorted(reports_dir.glob("*/*.pdf")):
        try:
            _, pages, _ = cached_pages(pdf, default_cache_dir())
        except Exception as e:  # a web page saved under a .pdf name: not a report
            print(f"skipped {pdf.parent.name}/{pdf.name}: {e}", file=sys.stderr)
            continue
        text = " ".join(page_texts(pages)).replace("\n", " ")
        for sentence in _SENTENCE_END.split(text):
            if len(sentence) > 30:
                yield sentence.lower()


def count(reports_dir: Path) -> bytes:
    """The gzipped counts file: the vocabulary (word, uses) most used first, then each pair of
    word indices (i <= j) with the times they stood within ``WINDOW`` words of each other."""
    sentences = [semantic.tokens(s) for s in report_sentences(reports_dir)]
    uses = collections.Counter(w for s in sentences for w in s)
    vocab = {w: i for i, (w, c) in enumerate(uses.most_common()) if c >= MIN_COUNT}
    pairs: collections.Counter = collections.Counter()
    for s in sentences:
        ids = [vocab[w] for w in s if w in vocab]
        for k, a in enumerate(ids):
            for b in ids[max(0, k - WINDOW) : k]:
                pairs[(a, b) if a <= b else (b, a)] += 1
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(f"# window {WINDOW}, min count {MIN_COUNT}, {len(sentences)} sentences\n".encode())
        for w, i in vocab.items():
            f.write(f"w\t{w}\t{uses[w]}\n".encode())
        for (a, b), c in sorted(pairs.items()):
            f.write(f"p\t{a}\t{b}\t{c}\n".encode())
    return out.getvalue()


def read_counts(path: Path):
    words, rows, cols, data = [], [], [], []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("w\t"):
                words.append(line.split("\t")[1])
            elif line.startswith("p\t"):
                _, a, b, c = line.split("\t")
                rows.append(int(a))
                cols.append(int(b))
                data.append(int(c))
    return words, rows, cols, data


def vectors(path: Path) -> dict:
    """The model file's content, from the counts file alone."""
    import numpy as np
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    words, rows, cols, data = read_counts(path)
    n = len(words)
    r, c, d = np.array(rows), np.array(cols), np.array(data, dtype=np.float32)
    off = r != c  # each pair counts both ways; a word beside itself counts twice on the diagonal
    m = sparse.coo_matrix(
        (
            np.concatenate([d[off], d[off], 2 * d[~off]]),
            (np.concatenate([r[off], c[off], r[~off]]), np.concatenate([c[off], r[off], c[~off]])),
        ),
        shape=(n, n),
    ).tocsr()
    m.sum_duplicates()
    total = m.sum()
    word_sums = np.asarray(m.sum(axis=1)).ravel()
    context = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    context = context / context.sum()
    m = m.tocoo()
    pmi = np.log((m.data / total) / ((word_sums[m.row] / total) * context[m.col]))
    keep = pmi > 0
    ppmi = sparse.coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    svd = TruncatedSVD(n_components=SVD_DIMS, random_state=0)
    u = svd.fit_transform(ppmi)  # U x S
    u = u / np.sqrt(svd.singular_values_) * np.sqrt(np.sqrt(svd.singular_values_))
    u /= np.linalg.norm(u, axis=1, keepdims=True) + 1e-9
    u = u[:, :DIMS].copy()
    u /= np.linalg.norm(u, axis=1, keepdims=True) + 1e-9
    q = np.round(u * 127).astype(np.int8)
    return {
        "about": "Word vectors for the repeat linker, built by scripts/build_report_vectors.py from "
        "models/report_cooccurrence.tsv.gz (word co-occurrence in the 497 Ofsted reports).",
        "dims": DIMS,
        "scale": 127,
        "words": words,
        "vectors": base64.b64encode(q.tobytes()).decode("ascii"),
    }


def differs(built: dict, committed: dict) -> str:
    """Why the two model files differ beyond rounding, or ""."""
    if built["words"] != committed["words"] or built["dims"] != committed["dims"]:
        return "the vocabulary or the dimensions differ"
    a = base64.b64decode(built["vectors"])
    b = base64.b64decode(committed["vectors"])
    diffs = [abs(((x + 128) % 256) - ((y + 128) % 256)) for x, y in zip(a, b)]
    if len(a) != len(b) or max(diffs, default=0) > 1:
        return "a value differs by more than 1/127"
    share = sum(1 for x in diffs if x) / len(diffs)
    return f"{share:.2%} of values differ by 1/127" if share > 0.005 else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--counts", type=Path, metavar="REPORTS_DIR", help="count the reports' words first (slow)")
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed vectors differ from a rebuild")
    args = ap.parse_args()
    if args.counts:
        COUNTS.parent.mkdir(exist_ok=True)
        COUNTS.write_bytes(count(args.counts))
        print(f"wrote {COUNTS.relative_to(ROOT)}")
    built = vectors(COUNTS)
    if args.check:
        committed = json.loads(OUT.read_text(encoding="utf-8"))
        why = differs(built, committed)
        print(f"{OUT.name}: {why or 'as built from the counts'}")
        return 1 if why else 0
    OUT.write_text(json.dumps(built, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(built['words'])} words, {DIMS} dimensions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
