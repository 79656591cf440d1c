"""Deterministic text embeddings: static semantic vectors with a share of hashed lexical features.

The default :class:`SemanticEncoder` gives each text the mean of its tokens' static embeddings (potion-base-8M, a
Model2Vec distillation of bge-base-en-v1.5, retrofitted to WordNet synonyms, shipped in
:mod:`localbedrock.static_embeddings`), so that paraphrases
with few words in common land near each other, and appends a smaller block of :class:`HashingEncoder` features
(stemmed content words, bigrams, character trigrams) so that exact identifiers such as "KW-MG2" still count. The two
blocks are unit vectors in separate dimensions, so a cosine is a fixed mix of the semantic and the lexical cosine.

:class:`HashingEncoder` alone (lexical, not semantic: a paraphrase with no shared or synonym words is not recognised)
stays available, and any object with ``encode(texts, dimensions) -> numpy array`` can replace the default, for
example a real local sentence-embedding model: ``localbedrock.start(encoder=MyEncoder())``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

import numpy as np

from localbedrock.catalog import ModelProfile
from localbedrock.lexicon import content_terms
from localbedrock.model import EmbeddingRequest, EmbeddingResult
from localbedrock.static_embeddings.model import DIMENSIONS as SEMANTIC_DIMENSIONS
from localbedrock.static_embeddings.model import shared_model
from localbedrock.tokens import count_tokens

LEXICAL_SHARE = 0.1  # of a cosine: the rest is the semantic (static embedding) cosine
_WORD_WEIGHT, _BIGRAM_WEIGHT, _TRIGRAM_WEIGHT = 1.0, 0.5, 0.25


class TextEncoder(Protocol):
    """Turns texts into vectors of the requested dimension (one row per text)."""

    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray: ...


@lru_cache(maxsize=200_000)
def _slot(feature: str, dimensions: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
    return digest % dimensions, 1.0 if digest >> 63 else -1.0


@lru_cache(maxsize=20_000)  # about 1 KB a term
def _term_slots(term: str, dimensions: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The indices and signed weights of a term's own features: the word and its character trigrams."""
    padded = f"<{term}>"
    features = [(f"w:{term}", _WORD_WEIGHT)]
    features += [(f"c:{padded[i : i + 3]}", _TRIGRAM_WEIGHT) for i in range(len(padded) - 2)]
    slots = [(index, sign * weight) for feature, weight in features for index, sign in [_slot(feature, dimensions)]]
    return tuple(index for index, _ in slots), tuple(value for _, value in slots)


@lru_cache(maxsize=65_536)
def _bigram_slot(a: str, b: str, dimensions: int) -> tuple[int, float]:
    """The index and signed weight of the feature of two neighbouring terms."""
    index, sign = _slot(f"b:{a} {b}", dimensions)
    return index, sign * _BIGRAM_WEIGHT


@lru_cache(maxsize=2048)  # at most 4 KB a row (1,024 dimensions)
def _hashed(text: str, dimensions: int) -> np.ndarray:
    """A text's lexical row (read-only), kept: a reranker reads the same candidates for query after query.

    Features: each term's word and character trigrams (kept per term), and each pair of neighbouring terms, summed
    per index by np.bincount: every weight is a multiple of 1/4, so each sum is exact in any order."""
    indices: list[int] = []
    values: list[float] = []
    terms = content_terms(text)
    for term in terms:
        term_indices, term_values = _term_slots(term, dimensions)
        indices += term_indices
        values += term_values
    for a, b in pairwise(terms):
        index, value = _bigram_slot(a, b, dimensions)
        indices.append(index)
        values.append(value)
    row = np.zeros(dimensions, dtype=np.float32)
    if indices:
        row[:] = np.bincount(indices, weights=values, minlength=dimensions)
    row.flags.writeable = False
    return row


class HashingEncoder:
    """A lexical encoder: deterministic, dependency-free apart from numpy, about 0.1 ms per sentence."""

    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray:
        out = np.zeros((len(texts), dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = _hashed(text, dimensions)
        return out


def _signs(copies: int) -> np.ndarray:
    """Fixed ±1 vectors, one row per copy of the 256 semantic dimensions (BLAKE2b, the same in every process)."""
    stream = b"".join(hashlib.blake2b(f"lift:{i}".encode(), digest_size=32).digest() for i in range(copies * 8))
    bits = np.unpackbits(np.frombuffer(stream, dtype=np.uint8))[: copies * SEMANTIC_DIMENSIONS]
    return (bits.astype(np.float64) * 2 - 1).reshape(copies, SEMANTIC_DIMENSIONS)


def semantic_block(vectors: np.ndarray, size: int) -> np.ndarray:
    """Unit 256-d semantic vectors fitted to ``size`` dimensions, keeping cosines as far as ``size`` allows.

    Below 256 the first ``size`` dimensions (they are PCA-ordered, the most informative first), renormalised; at a
    multiple of 256, an isometric lift: copies of the vector under fixed sign flips, scaled by 1/sqrt(copies), so every
    cosine equals the 256-d one.
    """
    if size < SEMANTIC_DIMENSIONS:
        prefix = vectors[:, :size]
        norms = np.linalg.norm(prefix, axis=1, keepdims=True)
        return np.divide(prefix, norms, out=np.zeros_like(prefix), where=norms > 0)
    copies, rest = divmod(size, SEMANTIC_DIMENSIONS)
    if rest:
        raise ValueError(f"a semantic block of {size} dimensions is not a multiple of {SEMANTIC_DIMENSIONS}")
    lifted = vectors[:, None, :] * _signs(copies)[None, :, :] / np.sqrt(copies)
    return lifted.reshape(len(vectors), size)


def block_sizes(dimensions: int) -> tuple[int, int]:
    """(semantic, lexical) dimensions of a ``dimensions``-long vector: half and half from 512 up."""
    if dimensions < 2 * SEMANTIC_DIMENSIONS:
        semantic = (3 * dimensions) // 4
    else:
        semantic = SEMANTIC_DIMENSIONS * (dimensions // (2 * SEMANTIC_DIMENSIONS))
    return semantic, dimensions - semantic


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


class _EncodedRows:
    """The rows :class:`SemanticEncoder` has computed, by (lexical share, concepts, dimensions) and text, bounded in
    bytes (the oldest go first). A row depends only on its own text (every step is row by row), so a text embedded again
    (a question asked of five knowledge bases, a document ingested twice) gets the very same row back."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._tables: dict[tuple[float, bool, int], dict[str, np.ndarray]] = {}
        self._order: deque[tuple[dict[str, np.ndarray], str]] = deque()
        self._lock = threading.Lock()

    def rows(self, lexical_share: float, concepts: bool, dimensions: int) -> dict[str, np.ndarray]:
        return self._tables.setdefault((lexical_share, concepts, dimensions), {})

    def keep(self, table: dict[str, np.ndarray], text: str, row: np.ndarray) -> np.ndarray:
        """Keep ``row`` (a read-only copy, returned) as the row of ``text``."""
        row = row.copy()
        row.flags.writeable = False
        with self._lock:
            if text in table:
                return row
            table[text] = row
            self._order.append((table, text))
            self.size += row.nbytes + len(text)
            while self.size > self.max_bytes and len(self._order) > 1:
                old_table, old_text = self._order.popleft()
                old = old_table.pop(old_text)
                self.size -= old.nbytes + len(old_text)
        return row


_ENCODED = _EncodedRows(max_bytes=48 * 2**20)


class SemanticEncoder:
    """The default encoder: a static semantic embedding plus a ``lexical_share`` of hashed lexical features.

    About 0.2 ms per sentence; the static table (4.7 MiB) loads on the first call, not on import. A vector's length
    is the length of its text's mean token embedding (below 1), so ``normalize=False`` returns non-unit vectors.
    """

    def __init__(self, lexical_share: float = LEXICAL_SHARE, concepts: bool = True) -> None:
        if not 0.0 <= lexical_share <= 1.0:
            raise ValueError("lexical_share must be between 0 and 1")
        self.lexical_share = lexical_share
        self.concepts = concepts  # add localbedrock.concepts' vectors to the static mean
        self._lexical = HashingEncoder()

    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray:
        """One row per text; a text encoded before (same share, concepts and dimensions) is not computed again."""
        if not texts:
            return self._encode(texts, dimensions)
        rows = _ENCODED.rows(self.lexical_share, self.concepts, dimensions)
        found = {t: row for t in texts if (row := rows.get(t)) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, row in zip(missing, self._encode(missing, dimensions), strict=True):
                found[text] = _ENCODED.keep(rows, text, row)
        return np.stack([found[t] for t in texts])

    def _encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray:
        model = shared_model()
        means = (
            np.stack([model.mean_vector(t, self.concepts) for t in texts])
            if texts
            else np.zeros((0, SEMANTIC_DIMENSIONS))
        )
        lengths = np.linalg.norm(means, axis=1, keepdims=True)
        semantic_size, lexical_size = block_sizes(dimensions)
        semantic = semantic_block(_unit_rows(means), semantic_size)
        lexical = _unit_rows(self._lexical.encode(texts, lexical_size).astype(np.float64))
        combined = np.hstack([np.sqrt(1 - self.lexical_share) * semantic, np.sqrt(self.lexical_share) * lexical])
        return (_unit_rows(combined) * lengths).astype(np.float32)


class SimulatedEmbeddingModel:
    """The :class:`~localbedrock.model.EmbeddingModel` backend for every catalogue embedding model."""

    def __init__(self, profile: ModelProfile, encoder: TextEncoder | None = None) -> None:
        self.profile = profile
        self.encoder = encoder or SemanticEncoder()

    def embed(self, request: EmbeddingRequest) -> EmbeddingResult:
        vectors = np.asarray(self.encoder.encode(list(request.texts), request.dimensions), dtype=np.float64)
        if request.normalize:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        counts = tuple(count_tokens(t) for t in request.texts)
        total = sum(counts)
        return EmbeddingResult(
            vectors=tuple(tuple(row) for row in vectors.tolist()),
            input_tokens=total,
            latency_ms=self.profile.latency.latency_ms(total, 0),
            token_counts=counts,
        )
