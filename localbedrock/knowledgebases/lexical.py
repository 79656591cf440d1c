"""The lexical half of hybrid search: Okapi BM25 over the stemmed content words of each chunk
(:func:`localbedrock.lexicon.content_terms`, the same words the embeddings hash)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

from localbedrock.lexicon import content_terms

K1, B = 1.2, 0.75


class Bm25:
    """An inverted index that scores chunks by BM25 (k1 = 1.2, b = 0.75); chunks come and go by row number."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._lengths = np.zeros(1024, dtype=np.float64)
        self._count = 0
        self._total_length = 0.0

    def add(self, row: int, text: str) -> None:
        terms = Counter(content_terms(text))
        for term, count in terms.items():
            self._postings[term][row] = count
        if row >= len(self._lengths):
            self._lengths = np.concatenate([self._lengths, np.zeros(max(row + 1, len(self._lengths)))])
        self._lengths[row] = sum(terms.values())
        self._count += 1
        self._total_length += self._lengths[row]

    def remove(self, row: int, text: str) -> None:
        for term in set(content_terms(text)):
            postings = self._postings.get(term)
            if postings is not None:
                postings.pop(row, None)
                if not postings:
                    del self._postings[term]
        self._count -= 1
        self._total_length -= self._lengths[row]
        self._lengths[row] = 0.0

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row (0 where a chunk has none of the query's terms, or no chunk is)."""
        out = np.zeros(len(self._lengths), dtype=np.float64)
        if not self._count:
            return out
        average = self._total_length / self._count or 1.0
        for term in set(content_terms(query)):
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (self._count - len(postings) + 0.5) / (len(postings) + 0.5))
            rows = np.fromiter(postings.keys(), dtype=np.int64, count=len(postings))
            tf = np.fromiter(postings.values(), dtype=np.float64, count=len(postings))
            norm = K1 * (1 - B + B * self._lengths[rows] / average)
            out[rows] += idf * tf * (K1 + 1) / (tf + norm)
        return out
