"""Reranking: the reranker models, where they run and what they cost, and the simulated cross-scorer.

A first-stage retriever compares a query's vector with each passage's, computed apart. A reranker reads the query
and one passage together, so it can weigh what a vector blurs: the query's rarer words found in the passage (weighted
by rarity among the candidates), its word pairs kept in order, and whether the passage holds the kind of answer asked
for (a number for "how many", an amount for "how much", a date for "when"). The score is that evidence, with the
embedder's similarity, squashed to 0..1 (``relevanceScore``).

Facts (AWS Bedrock User Guide, "Supported Regions and models for reranking", checked 2026-12-05): Amazon Rerank 1.0
(``amazon.rerank-v1:0``) runs in ap-northeast-1, ca-central-1, eu-central-1 and us-west-2, not us-east-1; Cohere
Rerank 3.5 (``cohere.rerank-v3-5:0``) in those and us-east-1. Prices (Amazon Bedrock pricing page, December 2024,
not confirmed in the stored documentation): $1.00 (Amazon) and $2.00 (Cohere) per 1,000 queries, a query being up to
100 documents (more documents count as more queries).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

import numpy as np

from localbedrock.embeddings import TextEncoder
from localbedrock.errors import ValidationError
from localbedrock.lexicon import content_terms

RERANK_FACTS_AS_OF = date(2026, 12, 5)
DOCUMENTS_PER_QUERY = 100
ENCODER_DIMENSIONS = 1024


@dataclass(frozen=True)
class RerankModel:
    model_id: str
    name: str
    provider: str
    regions: tuple[str, ...]
    price_per_1k_queries: float


_REGIONS = ("ap-northeast-1", "ca-central-1", "eu-central-1", "us-west-2")
RERANK_MODELS: dict[str, RerankModel] = {
    "amazon.rerank-v1:0": RerankModel("amazon.rerank-v1:0", "Rerank 1.0", "Amazon", _REGIONS, 1.00),
    "cohere.rerank-v3-5:0": RerankModel("cohere.rerank-v3-5:0", "Rerank 3.5", "Cohere", (*_REGIONS, "us-east-1"), 2.00),
}
_ARN = re.compile(r"^arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*)::foundation-model/(.+)$")


def rerank_model(model_arn: str, region: str) -> RerankModel:
    """The reranker a model ARN (or bare id) names, offered in ``region``; ValidationError otherwise."""
    found = _ARN.match(model_arn)
    model_id, arn_region = (found.group(2), found.group(1)) if found else (model_arn, region)
    model = RERANK_MODELS.get(model_id)
    if model is None or (arn_region or region) not in model.regions or region not in model.regions:
        raise ValidationError("The provided model identifier is invalid.")
    return model


def billed_queries(documents: int) -> int:
    """Queries a rerank call is billed as: one per started 100 documents."""
    return max(1, math.ceil(documents / DOCUMENTS_PER_QUERY))


_DATE = (
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|"
    r"\d{1,2}(?::\d{2})?\s?(?:am|pm)|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
# (what a question asks, what an answer of that kind looks like)
_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(question, re.I), re.compile(answer, re.I))
    for question, answer in (
        (
            r"\bhow (?:much|expensive)\b|\b(?:price|cost|fee|charge)s?\b",
            r"[$€£]\s?\d|\d+(?:\.\d+)?\s?(?:dollars|usd|eur)",
        ),
        (r"\bhow (?:many|long|often|far|big|heavy|old)\b|\bwhat (?:is the )?(?:capacity|size|weight|number)\b", r"\d"),
        (r"\bwhen\b|\bwhat (?:date|day|time|year)\b|\bdeadline\b", _DATE),
        (r"\b(?:email|phone|contact|call)\b", r"@|\(\d{3}\)|\d{3}[-.\s]\d{3,4}"),
    )
)


def _asked_shapes(query: str) -> list[re.Pattern[str]]:
    """What an answer of each kind the query asks for looks like."""
    return [shape for question, shape in _ANSWER_TYPES if question.search(query)]


def _answer_type_match(asked: list[re.Pattern[str]], passage: str) -> float:
    """1 when the passage holds a kind of answer the query asks for (``asked``: :func:`_asked_shapes`), else 0."""
    return 1.0 if any(shape.search(passage) for shape in asked) else 0.0


@lru_cache(maxsize=4096)
def _read(passage: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """A passage's content terms and its pairs of neighbouring terms, kept: the same candidates come back query after
    query."""
    terms = content_terms(passage)
    return frozenset(terms), frozenset(pairwise(terms))


class CrossScorer:
    """Scores (query, passage) pairs read together, relative to the other candidates."""

    def __init__(self, encoder: TextEncoder) -> None:
        self.encoder = encoder

    def _similarities(self, query: str, passages: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self.encoder.encode([query, *passages], ENCODER_DIMENSIONS), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return vectors[1:] @ vectors[0]

    def scores(self, query: str, passages: Sequence[str]) -> list[float]:
        """Relevance of each passage to ``query``, between 0 and 1."""
        if not passages:
            return []
        query_terms = content_terms(query)
        wanted = set(query_terms)
        pairs = set(pairwise(query_terms))
        read = [_read(p) for p in passages]
        holding = {t: sum(t in present for present, _ in read) for t in wanted}
        count = len(passages)
        rarity = {t: math.log(1 + (count + 1) / (holding[t] + 0.5)) for t in wanted}
        total = math.fsum(rarity.values()) or 1.0  # fsum: the same whatever order the set of terms came in
        similarity = self._similarities(query, passages)
        asked = _asked_shapes(query)
        out = []
        for passage, (present, neighbours), cosine in zip(passages, read, similarity, strict=True):
            coverage = math.fsum(rarity[t] for t in wanted & present) / total
            in_order = len(pairs & neighbours) / len(pairs) if pairs else 0.0
            evidence = 1.0 * coverage + 0.3 * in_order + 2.0 * float(cosine) + 0.1 * _answer_type_match(asked, passage)
            out.append(round(1.0 / (1.0 + math.exp(-2.0 * (evidence - 1.2))), 6))
        return out

    def rank(self, query: str, passages: Sequence[str]) -> list[tuple[int, float]]:
        """(index, score) of every passage, best first (ties keep the original order)."""
        scored = self.scores(query, passages)
        return sorted(enumerate(scored), key=lambda pair: -pair[1])
