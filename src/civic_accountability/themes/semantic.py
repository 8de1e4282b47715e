"""How alike two items' words are in the sense the inspection reports use them.

Each word the linker reads (``repeats.content_words``' reading: folded, each named thing of
``equivalents.csv`` one word, stop words out, stemmed) has a vector (``word_vectors.json``, 64
numbers rounded to int8), built by ``scripts/build_report_vectors.py`` from how often words stand
near each other in the 497 Ofsted reports (``models/report_cooccurrence.tsv.gz``): words the
reports use in the same places ("oversight", "scrutiny", "grip") get vectors that point the same
way. An item's vector is the sum of its words' vectors, each weighed as the head-of-ask rule
weighs it (rarity, less outside the head of the ask), made unit length; two items' similarity is
the cosine of their vectors (1: the same words or words used alike; about 0: unrelated).

Read with numpy when it is installed (the ``import`` extra has it: ``import reports`` links every
item), else in plain Python: the same sums, so the same figures to about 1e-12.
"""

from __future__ import annotations

import base64
import json
import math
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Optional, Sequence

VECTORS_FILE = "word_vectors.json"


def tokens(sentence: str) -> list[str]:
    """A report sentence's words as the vectors were counted: each named thing one word, stop
    words out, stemmed as the head-of-ask rule stems (lowercase text in)."""
    from civic_accountability.themes.repeats import same_wording, word_stems

    return word_stems(same_wording(sentence))


@lru_cache(maxsize=1)
def load() -> tuple[dict[str, int], int, bytes]:
    """(word → row, dimensions, the int8 rows as bytes) of the committed model file."""
    blob = json.loads(resources.files("civic_accountability.themes").joinpath(VECTORS_FILE).read_text(encoding="utf-8"))
    return {w: i for i, w in enumerate(blob["words"])}, int(blob["dims"]), base64.b64decode(blob["vectors"])


def _numpy():
    try:
        import numpy
    except ImportError:  # the plain install: the same sums in Python
        return None
    return numpy


@lru_cache(maxsize=1)
def _rows_python() -> list[list[float]]:
    _, dims, raw = load()
    signed = [b - 256 if b > 127 else b for b in raw]
    return [[float(x) for x in signed[i : i + dims]] for i in range(0, len(signed), dims)]


@lru_cache(maxsize=1)
def _rows_numpy():
    np = _numpy()
    _, dims, raw = load()
    return np.frombuffer(raw, dtype=np.int8).reshape(-1, dims).astype(np.float64)


def item_vectors(weights: Mapping[str, Mapping[str, float]]) -> dict[str, Sequence[float]]:
    """Each item's unit vector (all zeros when none of its words has one), from ``weights``:
    item id → each of its words' weight (``repeats._weights``)."""
    index, dims, _ = load()
    np = _numpy()
    out: dict[str, Sequence[float]] = {}
    if np is not None:
        rows = _rows_numpy()
        for rid, ws in weights.items():
            known = [(index[w], x) for w, x in ws.items() if w in index]
            if not known:
                out[rid] = np.zeros(dims)
                continue
            v = np.array([x for _, x in known]) @ rows[[i for i, _ in known]]
            norm = math.sqrt(float(v @ v))
            out[rid] = v / norm if norm else v
        return out
    rows = _rows_python()
    for rid, ws in weights.items():
        v = [0.0] * dims
        for w, x in ws.items():
            i = index.get(w)
            if i is not None:
                v = [a + x * b for a, b in zip(v, rows[i])]
        norm = math.sqrt(sum(a * a for a in v))
        out[rid] = [a / norm for a in v] if norm else v
    return out


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The cosine of two unit vectors (``item_vectors``)."""
    if hasattr(a, "dot"):
        return float(a.dot(b))
    return sum(x * y for x, y in zip(a, b))


def held(values: Sequence[float]) -> Sequence[float]:
    """``values`` held as ``item_vectors`` holds a vector: a numpy array when numpy is installed."""
    np = _numpy()
    return np.array(values, dtype=np.float64) if np is not None else list(values)


def weigh_dimensions(a: Sequence[float], weights: Sequence[float]) -> Sequence[float]:
    """``a`` with each dimension weighed (``repeat_model.json``'s ``likeness_weights``): its
    ``cosine`` with another item's vector is Σ wᵢ·aᵢ·bᵢ, the two items' likeness with the senses
    of likeness that mark a repeat counting more than those two unrelated asks also share."""
    if hasattr(a, "dot"):
        return a * weights
    return [x * w for x, w in zip(a, weights)]


def similar_words(word: str, n: int = 8, among: Optional[Iterable[str]] = None) -> list[str]:
    """The ``n`` words (of ``among``, or all) whose vectors point most nearly as ``word``'s
    (for explanations and checks)."""
    index, _, _ = load()
    rows = _rows_python()
    if word not in index:
        return []
    me = rows[index[word]]
    pool = [w for w in (among if among is not None else index) if w in index and w != word]
    return sorted(pool, key=lambda w: -sum(x * y for x, y in zip(me, rows[index[w]])))[:n]
