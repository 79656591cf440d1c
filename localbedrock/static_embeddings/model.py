"""The shipped static embedding table: load it (once, lazily), look tokens up, average them.

A text's vector is the mean of its WordPiece tokens' rows (unknown tokens skipped, the first 512 tokens, as Model2Vec
encodes), summed in float64 so that the result does not depend on the order numpy adds in, then scaled to unit length.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from localbedrock.static_embeddings.wordpiece import WordPiece

DEFAULT_PATH = Path(__file__).with_name("potion-base-8M-wordnet-q5.npz")
DIMENSIONS = 256
MAX_TOKENS = 512  # Model2Vec's default truncation


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

    def mean_vector(self, text: str) -> np.ndarray:
        """The float64 mean of ``text``'s token rows (zeros when it has none)."""
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(DIMENSIONS)
        return self.table[ids].sum(axis=0, dtype=np.float64) / len(ids)

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
