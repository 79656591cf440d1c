"""The lexical half of hybrid search: Okapi BM25 over the stemmed content words of each chunk
(:func:`localbedrock.lexicon.content_terms`, the same words the embeddings hash)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from localbedrock.lexicon import content_terms

K1, B = 1.2, 0.75


class Bm25:
    """An inverted index that scores chunks by BM25 (k1 = 1.2, b = 0.75); chunks come and go by id."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._lengths: dict[int, int] = {}
        self._total_length = 0

    def add(self, chunk_id: int, text: str) -> None:
        terms = Counter(content_terms(text))
        for term, count in terms.items():
            self._postings[term][chunk_id] = count
        length = sum(terms.values())
        self._lengths[chunk_id] = length
        self._total_length += length

    def remove(self, chunk_id: int, text: str) -> None:
        for term in set(content_terms(text)):
            postings = self._postings.get(term)
            if postings is not None:
                postings.pop(chunk_id, None)
                if not postings:
                    del self._postings[term]
        self._total_length -= self._lengths.pop(chunk_id, 0)

    def scores(self, query: str) -> dict[int, float]:
        """BM25 score of every chunk that contains at least one of the query's terms."""
        count = len(self._lengths)
        if not count:
            return {}
        average = self._total_length / count or 1.0
        out: dict[int, float] = defaultdict(float)
        for term in set(content_terms(query)):
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            for chunk_id, tf in postings.items():
                norm = K1 * (1 - B + B * self._lengths[chunk_id] / average)
                out[chunk_id] += idf * tf * (K1 + 1) / (tf + norm)
        return out
