"""Does reranking help? Mean reciprocal rank of the first relevant passage for the course's answerable questions:
first-stage retrieval (the emulator's embedder, cosine over the corpus's paragraphs, top 20) against the same
candidates reordered by the simulated reranker (``localbedrock.rerank.CrossScorer``).

Run: ``.venv/bin/python bench/rerank_bench.py``
"""

from __future__ import annotations

import time

import numpy as np

from bedrock_course.data import load_corpus, load_questions
from localbedrock.embeddings import HashingEncoder
from localbedrock.rerank import CrossScorer

CANDIDATES = 20


def passages() -> list[tuple[str, str]]:
    """(document id, paragraph) for every paragraph of the corpus."""
    return [
        (doc.doc_id, paragraph.strip())
        for doc in load_corpus()
        for paragraph in doc.text.split("\n\n")
        if len(paragraph.split()) >= 5
    ]


def reciprocal_rank(ranked_docs: list[str], relevant: set[str]) -> float:
    return next((1.0 / rank for rank, doc in enumerate(ranked_docs, start=1) if doc in relevant), 0.0)


def measure() -> tuple[float, float, int, float]:
    """MRR of the first stage, MRR after reranking, the number of questions, and ms per rerank of 20."""
    encoder = HashingEncoder()
    corpus = passages()
    vectors = encoder.encode([text for _, text in corpus], 1024)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    scorer = CrossScorer(encoder)
    first, second, seconds = [], [], 0.0
    questions = [q for q in load_questions() if q["answerable"] and q["relevant_doc_ids"]]
    for question in questions:
        query = encoder.encode([question["question"]], 1024)[0]
        query /= max(float(np.linalg.norm(query)), 1e-9)
        top = np.argsort(-(vectors @ query), kind="stable")[:CANDIDATES]
        candidates = [corpus[i] for i in top]
        relevant = set(question["relevant_doc_ids"])
        first.append(reciprocal_rank([doc for doc, _ in candidates], relevant))
        started = time.perf_counter()
        order = scorer.rank(question["question"], [text for _, text in candidates])
        seconds += time.perf_counter() - started
        second.append(reciprocal_rank([candidates[i][0] for i, _ in order], relevant))
    return float(np.mean(first)), float(np.mean(second)), len(questions), seconds / len(questions) * 1000


if __name__ == "__main__":
    before, after, count, ms = measure()
    print(f"{count} answerable questions, top {CANDIDATES} paragraphs by the embedder")
    print(f"MRR first stage        {before:.3f}")
    print(f"MRR after reranking    {after:.3f}")
    print(f"rerank of {CANDIDATES} passages  {ms:.2f} ms")
