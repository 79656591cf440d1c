"""A knowledge base's vector store: chunks with their metadata, a FAISS ``IndexFlatIP`` over their (normalised)
embeddings, and a BM25 index over their words.

Semantic search scores a chunk by the cosine similarity of its vector with the query's. Hybrid search does what
OpenSearch's hybrid query with a ``min_max`` normalisation and ``arithmetic_mean`` combination does: the union of the
best semantic and the best lexical candidates, each score min-max normalised over that union, averaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import faiss
import numpy as np

from localbedrock.knowledgebases.filters import Predicate
from localbedrock.knowledgebases.lexical import Bm25

CANDIDATES = 50  # hybrid search considers at least this many candidates from each side


@dataclass(frozen=True)
class Record:
    """An indexed chunk: where it came from and what a filter and a result see."""

    text: str
    uri: str
    data_source_id: str
    chunk_id: str
    metadata: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None


class VectorIndex:
    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self._faiss = faiss.IndexIDMap2(faiss.IndexFlatIP(dimensions))
        self._bm25 = Bm25()
        self._records: dict[int, Record] = {}
        self._by_uri: dict[str, list[int]] = {}
        self._next = 0
        self.has_parents = False  # hierarchical chunks: a parent can come back through several children
        # The rows each filter accepts, by the filter's key, until the index next changes (an evaluation asks the
        # same filter of every question).
        self._accepted: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def records(self) -> list[Record]:
        return list(self._records.values())

    def add(self, records: Sequence[Record], vectors: np.ndarray) -> None:
        if not records:
            return
        self._accepted.clear()
        ids = np.arange(self._next, self._next + len(records), dtype=np.int64)
        self._next += len(records)
        self._faiss.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        for row, record in zip(ids.tolist(), records, strict=True):
            self._records[row] = record
            self._by_uri.setdefault(record.uri, []).append(row)
            self._bm25.add(row, record.text)
            self.has_parents = self.has_parents or record.parent is not None

    def remove(self, uri: str) -> int:
        """Drop every chunk of the document at ``uri``; the number dropped."""
        rows = self._by_uri.pop(uri, [])
        if rows:
            self._accepted.clear()
            self._faiss.remove_ids(faiss.IDSelectorBatch(np.asarray(rows, dtype=np.int64)))
            for row in rows:
                self._bm25.remove(row, self._records.pop(row).text)
        return len(rows)

    def uris(self) -> set[str]:
        return set(self._by_uri)

    def search(
        self,
        vector: np.ndarray,
        text: str,
        k: int,
        predicate: Predicate | None = None,
        hybrid: bool = False,
        filter_key: str | None = None,
    ) -> list[tuple[Record, float]]:
        """The best ``k`` chunks (that ``predicate`` accepts), best first, with their scores. ``filter_key`` names
        the filter ``predicate`` was made from (the same key, the same filter): the rows it accepts are then kept
        until the index changes."""
        allowed: frozenset[int] | None = None
        if predicate is not None:
            allowed = self._accepted.get(filter_key) if filter_key is not None else None
            if allowed is None:
                allowed = frozenset(row for row, record in self._records.items() if predicate(record.metadata))
                if filter_key is not None:
                    self._accepted[filter_key] = allowed
            if not allowed:
                return []
        semantic = self._semantic(vector, max(k, CANDIDATES) if hybrid else k, allowed)
        if not hybrid:
            return [(self._records[row], score) for row, score in semantic]
        lexical = self._bm25.scores(text)
        if allowed is not None:
            mask = np.zeros(len(lexical), dtype=bool)
            mask[np.fromiter(allowed, dtype=np.int64)] = True
            lexical = np.where(mask, lexical, 0.0)
        depth = min(max(k, CANDIDATES), len(lexical))
        best_lexical = [int(row) for row in np.argpartition(-lexical, depth - 1)[:depth] if lexical[row] > 0]
        union = list(dict.fromkeys([row for row, _ in semantic] + best_lexical))
        cosines = self._faiss.reconstruct_batch(np.asarray(union, dtype=np.int64)) @ vector.astype(np.float32)
        fused = 0.5 * _min_max(cosines) + 0.5 * _min_max(lexical[union])
        order = np.argsort(-fused, kind="stable")[:k]
        return [(self._records[union[i]], float(fused[i])) for i in order]

    def _semantic(self, vector: np.ndarray, k: int, allowed: frozenset[int] | None) -> list[tuple[int, float]]:
        size = len(self._records) if allowed is None else len(allowed)
        if not size:
            return []
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.fromiter(allowed, dtype=np.int64)))
        query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # for one query, starting threads costs more than they save (10x on 2 cores)
        try:
            scores, rows = self._faiss.search(query, min(k, size), params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(row), float(score)) for row, score in zip(rows[0], scores[0], strict=True) if row >= 0]


def _min_max(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.ones_like(values, dtype=np.float64) if high > 0 else np.zeros_like(values, dtype=np.float64)
    return (values - low) / (high - low)
