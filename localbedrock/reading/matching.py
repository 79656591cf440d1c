"""How close in meaning a question and a sentence are, with localbedrock's default embedder (the one the
simulated embedding models use), so a paraphrase with few shared words still finds its sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

_DIMENSIONS = 256
_CACHE_LIMIT = 50_000
_vectors: dict[str, np.ndarray] = {}  # passages recur across requests: each sentence is embedded once


@lru_cache(maxsize=1)
def _encoder():
    # The embedders' encoder without the concept lexicon: with it the reader answered more paraphrases on the dev
    # half but declined fewer unanswerable questions (docs/model-behaviour.md, "Reading passages").
    from localbedrock.embeddings import SemanticEncoder

    return SemanticEncoder(concepts=False)


def _embed_missing(texts: Sequence[str]) -> None:
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if not missing:
        return
    if len(_vectors) + len(missing) > _CACHE_LIMIT:
        _vectors.clear()
    rows = np.asarray(_encoder().encode(missing, _DIMENSIONS), dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    _vectors.update(zip(missing, rows, strict=True))


def similarities(question: str, texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of ``question`` with each of ``texts``."""
    if not texts:
        return np.zeros(0, dtype=np.float32)
    _embed_missing([question, *texts])
    return np.stack([_vectors[t] for t in texts]) @ _vectors[question]


_word_rows: dict[str, int] = {}
_word_matrix = np.zeros((0, _DIMENSIONS), dtype=np.float32)


def word_similarities(asked: Sequence[str], vocabulary: Sequence[str]) -> np.ndarray:
    """Cosine similarity of each asked word (rows) with each vocabulary word (columns)."""
    global _word_matrix
    if not asked or not vocabulary:
        return np.zeros((len(asked), len(vocabulary)), dtype=np.float32)
    missing = [w for w in dict.fromkeys([*asked, *vocabulary]) if w not in _word_rows]
    if missing:
        _embed_missing(missing)
        base = len(_word_rows)
        _word_rows.update((w, base + i) for i, w in enumerate(missing))
        _word_matrix = np.vstack([_word_matrix, np.stack([_vectors[w] for w in missing])])
    everything = _word_matrix[[_word_rows[w] for w in asked]] @ _word_matrix.T  # cheaper than gathering columns
    return everything[:, [_word_rows[w] for w in vocabulary]]
