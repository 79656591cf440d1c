"""Retrieval on questions written after the embedder was built: the reading set's direct and paraphrased questions.

Run: .venv/bin/python bench/retrieval_unseen_bench.py [EMBEDDING_MODEL_ID ...]

The retrieval calibration (bedrock_course/calibration/retrieval.py) measures success@5 on its own labelled set,
whose development half tuned the concept lexicon. The reading set's later splits (data/README.md: fresh to fresh6)
were written by people who had seen neither the embedder nor that set, so they say how far its figures hold on
questions nobody fitted it to. For each split and type: the share of questions with one of their answering documents
among the top 5 chunks Retrieve returns, semantic and hybrid, through a knowledge base over the whole corpus (the one
the calibration builds). Asserts nothing.
"""

from __future__ import annotations

import sys

import localbedrock
from bedrock_course.calibration._reading_set import SPLITS, questions
from bedrock_course.calibration.retrieval import knowledge_base, retrieved_documents

MODELS = ["amazon.titan-embed-text-v2:0"]  # Cohere v3's simulation shares the encoder: the same figures
TYPES = {"single-fact": "direct", "paraphrase": "paraphrased"}


def success(kb_id: str, records: list[dict], search_type: str) -> float:
    """Share of ``records`` with an answering document among the top 5 retrieved."""
    found = [set(retrieved_documents(kb_id, r["question"], search_type)) & set(r["gold_doc_ids"]) for r in records]
    return sum(map(bool, found)) / len(found)


def main() -> None:
    with localbedrock.LocalBedrock():
        for model_id in sys.argv[1:] or MODELS:
            kb_id = knowledge_base(model_id)
            print(model_id)
            for split in SPLITS:
                cells = []
                for kind, label in TYPES.items():
                    records = questions(split, answerable=True, types=(kind,))
                    semantic, hybrid = (success(kb_id, records, t) for t in ("SEMANTIC", "HYBRID"))
                    cells.append(f"{label} ({len(records)}) semantic {semantic:.2f}, hybrid {hybrid:.2f}")
                print(f"  {split:<12} " + "; ".join(cells))


if __name__ == "__main__":
    main()
