"""Deterministic text embeddings: signed feature hashing over meaning-bearing features.

The default :class:`HashingEncoder` hashes each text's stemmed content words (synonyms folded together by
:mod:`localbedrock.lexicon`), their bigrams and their character trigrams into a vector with a stable hash
(BLAKE2b, not Python's per-process ``hash``), so identical text gives identical vectors in every process, texts that
share words and synonyms land near each other, and unrelated texts are near orthogonal. It is lexical, not semantic:
a paraphrase with no shared or synonym words is not recognised.

Any object with ``encode(texts, dimensions) -> numpy array`` can replace it, for example a real local
sentence-embedding model: ``localbedrock.start(encoder=MyEncoder())``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

import numpy as np

from localbedrock.catalog import ModelProfile
from localbedrock.lexicon import content_terms
from localbedrock.model import EmbeddingRequest, EmbeddingResult
from localbedrock.tokens import count_tokens

_WORD_WEIGHT, _BIGRAM_WEIGHT, _TRIGRAM_WEIGHT = 1.0, 0.5, 0.25


class TextEncoder(Protocol):
    """Turns texts into vectors of the requested dimension (one row per text)."""

    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray: ...


@lru_cache(maxsize=200_000)
def _slot(feature: str, dimensions: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
    return digest % dimensions, 1.0 if digest >> 63 else -1.0


def _features(text: str) -> list[tuple[str, float]]:
    terms = content_terms(text)
    feats = [(f"w:{t}", _WORD_WEIGHT) for t in terms]
    feats += [(f"b:{a} {b}", _BIGRAM_WEIGHT) for a, b in pairwise(terms)]
    for t in terms:
        padded = f"<{t}>"
        feats += [(f"c:{padded[i : i + 3]}", _TRIGRAM_WEIGHT) for i in range(len(padded) - 2)]
    return feats


class HashingEncoder:
    """The default encoder: deterministic, dependency-free apart from numpy, about 0.1 ms per sentence."""

    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray:
        out = np.zeros((len(texts), dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, weight in _features(text):
                index, sign = _slot(feature, dimensions)
                out[row, index] += sign * weight
        return out


class SimulatedEmbeddingModel:
    """The :class:`~localbedrock.model.EmbeddingModel` backend for every catalogue embedding model."""

    def __init__(self, profile: ModelProfile, encoder: TextEncoder | None = None) -> None:
        self.profile = profile
        self.encoder = encoder or HashingEncoder()

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
