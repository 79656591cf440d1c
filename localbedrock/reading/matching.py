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


def _add_words(words: Sequence[str]) -> None:
    """Give each word not yet in the word table its row."""
    global _word_matrix
    missing = [w for w in dict.fromkeys(words) if w not in _word_rows]
    if missing:
        _embed_missing(missing)
        base = len(_word_rows)
        _word_rows.update((w, base + i) for i, w in enumerate(missing))
        _word_matrix = np.vstack([_word_matrix, np.stack([_vectors[w] for w in missing])])


def word_similarities(asked: Sequence[str], vocabulary: Sequence[str]) -> np.ndarray:
    """Cosine similarity of each asked word (rows) with each vocabulary word (columns)."""
    if not asked or not vocabulary:
        return np.zeros((len(asked), len(vocabulary)), dtype=np.float32)
    _add_words([*asked, *vocabulary])
    everything = _word_matrix[[_word_rows[w] for w in asked]] @ _word_matrix.T  # cheaper than gathering columns
    return everything[:, [_word_rows[w] for w in vocabulary]]


# How far a float32 cosine of two unit rows of 256 dimensions can lie from the exact one, whatever the order of
# summation (256 roundings of at most 2**-24 each, over products whose magnitudes sum to at most 1), with room to spare.
_ROUNDING = 2e-5


def word_bands(asked: Sequence[str], vocabulary: Sequence[str], bounds: Sequence[float]) -> np.ndarray:
    """For each asked word (rows) and vocabulary word (columns), how many of ``bounds`` the cosine
    :func:`word_similarities` gives reaches. Decided from exact (float64) cosines of the rows involved, which cost
    little, instead of a float32 product with the whole word table (thousands of rows, and on a BLAS thread pool, as
    outside the emulator's activation, waiting threads); should one lie within float32 rounding of a bound, from
    :func:`word_similarities` itself, so the bands are always the ones its cosines give."""
    if not asked or not vocabulary:
        return np.zeros((len(asked), len(vocabulary)), dtype=np.intp)
    _add_words([*asked, *vocabulary])
    rows = _word_matrix[[_word_rows[w] for w in asked]].astype(np.float64)
    columns = _word_matrix[[_word_rows[w] for w in vocabulary]].astype(np.float64)
    exact = np.einsum("ik,jk->ij", rows, columns)  # numpy's own loop: no BLAS threads
    if any((np.abs(exact - bound) < _ROUNDING).any() for bound in bounds):
        exact = word_similarities(asked, vocabulary)  # compared as the float32 cosines they are
    return sum(((exact >= bound).astype(np.intp) for bound in bounds), np.zeros(exact.shape, dtype=np.intp))
