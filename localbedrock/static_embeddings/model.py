"""The shipped static embedding table: load it (once, lazily), look tokens up, average them.

A text's vector is the mean of its WordPiece tokens' rows (unknown tokens skipped, the first 512 tokens, as Model2Vec
encodes) and of one vector per concept of ``localbedrock.concepts`` the text mentions (the unit mean of the concept's
entries, at the table's typical row length, counted as ``CONCEPT_WEIGHT`` tokens), summed in float64 so that the
result does not depend on the order numpy adds in, then scaled to unit length.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from localbedrock.concepts import GROUPS, concepts_in
from localbedrock.static_embeddings.wordpiece import WordPiece

DEFAULT_PATH = Path(__file__).with_name("potion-base-8M-wordnet-q5.npz")
DIMENSIONS = 256
MAX_TOKENS = 512  # Model2Vec's default truncation
CONCEPT_WEIGHT = 0.5  # a concept a text mentions counts as this many tokens (tuned on the dev half, 0.5 to 2)


def pack5(codes: np.ndarray) -> np.ndarray:
    """Pack 5-bit codes (rows of a multiple of 8 values) into 5 bytes per 8 values."""
    groups = codes.astype(np.uint64).reshape(codes.shape[0], -1, 8)
    words = np.zeros(groups.shape[:2], dtype=np.uint64)
    for k in range(8):
        words |= groups[:, :, k] << np.uint64(5 * k)
    packed = np.stack([(words >> np.uint64(8 * b)) & np.uint64(255) for b in range(5)], axis=-1)
    return packed.astype(np.uint8).reshape(codes.shape[0], -1)


def unpack5(packed: np.ndarray) -> np.ndarray:
    """The inverse of :func:`pack5`: each 5 bytes (a little-endian 40-bit word) give 8 codes, cut out of the bytes
    with 8-bit shifts and masks (about 10 times as fast as widening every byte to 64 bits)."""
    b = packed.astype(np.uint8, copy=False).reshape(packed.shape[0], -1, 5)
    b0, b1, b2, b3, b4 = (b[:, :, i] for i in range(5))
    codes = np.empty((*b.shape[:2], 8), dtype=np.uint8)
    codes[:, :, 0] = b0 & 31
    codes[:, :, 1] = (b0 >> 5) | ((b1 & 3) << 3)
    codes[:, :, 2] = (b1 >> 2) & 31
    codes[:, :, 3] = (b1 >> 7) | ((b2 & 15) << 1)
    codes[:, :, 4] = (b2 >> 4) | ((b3 & 1) << 4)
    codes[:, :, 5] = (b3 >> 1) & 31
    codes[:, :, 6] = (b3 >> 6) | ((b4 & 7) << 2)
    codes[:, :, 7] = b4 >> 3
    return codes.reshape(packed.shape[0], -1)


class StaticModel:
    """Token embeddings and their tokenizer; :meth:`embed` gives unit vectors of 256 PCA-ordered dimensions."""

    def __init__(self, table: np.ndarray, vocabulary: Sequence[str]) -> None:
        self.table = table
        self.tokenizer = WordPiece(vocabulary)
        self._row_length = float(np.median(np.linalg.norm(table, axis=1))) if len(table) else 1.0
        self._concepts: dict[int, np.ndarray] = {}

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> StaticModel:
        with np.load(path, allow_pickle=False) as data:
            codes = unpack5(data["codes"])
            values = data["codebook"][codes]  # float32, scaled in place: the same products, no temporary tables
            values *= data["row_scale"][:, None]
            values *= data["column_scale"][None, :]
            vocabulary = data["vocabulary"].tobytes().decode().split("\n")
        return cls(np.ascontiguousarray(values, dtype=np.float32), vocabulary)

    def token_ids(self, text: str) -> list[int]:
        unknown = self.tokenizer.unknown_id
        return [i for i in self.tokenizer.encode(text) if i != unknown][:MAX_TOKENS]

    def mean_vector(self, text: str, concepts: bool = True) -> np.ndarray:
        """The float64 mean of ``text``'s token rows and (unless ``concepts`` is false) concept vectors; zeros when it
        has no known token."""
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(DIMENSIONS)
        total = self.table[ids].sum(axis=0, dtype=np.float64)
        found = concepts_in(text) if concepts and CONCEPT_WEIGHT else ()
        for concept in found:
            total = total + CONCEPT_WEIGHT * self.concept_vector(concept)
        return total / (len(ids) + CONCEPT_WEIGHT * len(found))

    def concept_vector(self, concept: int) -> np.ndarray:
        """The unit mean of a concept's entries' token means, at the table's median row length."""
        vector = self._concepts.get(concept)
        if vector is None:
            rows = []
            for entry in GROUPS[list(GROUPS)[concept]]:
                ids = self.token_ids(entry)
                if ids:
                    mean = self.table[ids].sum(axis=0, dtype=np.float64) / len(ids)
                    rows.append(mean / (np.linalg.norm(mean) or 1.0))
            vector = np.sum(rows, axis=0) if rows else np.zeros(DIMENSIONS)
            vector = vector / (np.linalg.norm(vector) or 1.0) * self._row_length
            self._concepts[concept] = vector
        return vector

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float64 vectors, one row per text (a zero row for a text without known tokens)."""
        out = np.stack([self.mean_vector(t) for t in texts]) if texts else np.zeros((0, DIMENSIONS))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


_lock = threading.Lock()
_loaded: StaticModel | None = None


def shared_model() -> StaticModel:
    """The shipped model, loaded on first use (about 0.1 s) and then kept for the process."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = StaticModel.load()
        return _loaded
