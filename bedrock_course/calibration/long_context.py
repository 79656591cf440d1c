"""Long context: accuracy by where the answering document sits among many, and with the whole corpus in the prompt.

Measured through Converse on the reading set's answerable single-document questions (single-fact and paraphrase,
both splits): the answering document among 19 others (the corpus documents sharing most words with the question,
other versions of it left out, as a retriever's distractors would be), placed first, in the middle or last, as in
Liu et al. (2024); and the whole corpus (59 documents, about 19,000 tokens) in the prompt, in corpus order.
"""

from __future__ import annotations

import re
from functools import cache, partial

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._reading_set import ask, correct, questions, share, xml_prompt
from bedrock_course.data import load_corpus

AREA = "long context"
NOVA_MICRO = "amazon.nova-micro-v1:0"
NOVA_LITE = "amazon.nova-lite-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"
DOCUMENTS = 20
POSITIONS = ("start", "middle", "end")


@cache
def _series() -> dict[str, str]:
    return {d.doc_id: str(d.metadata.get("series", d.doc_id)) for d in load_corpus()}


@cache
def _words() -> dict[str, frozenset[str]]:
    return {d.doc_id: frozenset(re.findall(r"[a-z0-9]{3,}", d.text.lower())) for d in load_corpus()}


def single_document_questions() -> list[dict]:
    return [r for r in questions(answerable=True, types=("single-fact", "paraphrase")) if len(r["gold_doc_ids"]) == 1]


def distractors(record: dict, count: int) -> list[str]:
    """The ``count`` corpus documents sharing most words with the question, none a version of its answer."""
    gold = record["gold_doc_ids"][0]
    asked = frozenset(re.findall(r"[a-z0-9]{3,}", record["question"].lower()))
    others = [d for d in _words() if _series()[d] != _series()[gold]]
    return sorted(others, key=lambda d: (-len(asked & _words()[d]), d))[:count]


def documents_at(record: dict, position: str, total: int = DOCUMENTS) -> list[str]:
    """The answering document placed at ``position`` ("start", "middle", "end") among ``total`` documents."""
    others = distractors(record, total - 1)
    at = {"start": 0, "middle": (total - 1) // 2, "end": total - 1}[position]
    return [*others[:at], record["gold_doc_ids"][0], *others[at:]]


def position_accuracy(model_id: str, position: str, total: int = DOCUMENTS) -> float:
    records = single_document_questions()
    return share(
        correct(ask(model_id, xml_prompt(r["question"], documents_at(r, position, total))), r) for r in records
    )


def position_gap(model_id: str, better: str, worse: str) -> float:
    """Accuracy with the answer at ``better`` minus at ``worse`` (the U of "lost in the middle")."""
    return position_accuracy(model_id, better) - position_accuracy(model_id, worse)


def whole_corpus_accuracy(model_id: str) -> float:
    corpus = sorted(_series())
    records = single_document_questions()
    return share(correct(ask(model_id, xml_prompt(r["question"], corpus)), r) for r in records)


def few_documents_accuracy(model_id: str, total: int = 3) -> float:
    return position_accuracy(model_id, "start", total)


def corpus_share(model_id: str) -> float:
    """Accuracy with the whole corpus in the prompt as a share of the accuracy with 3 documents."""
    few = few_documents_accuracy(model_id)
    return whole_corpus_accuracy(model_id) / few if few else 0.0


def length_loss(model_id: str) -> float:
    """Accuracy with 3 documents minus with the whole corpus: what a long context costs in accuracy."""
    return few_documents_accuracy(model_id) - whole_corpus_accuracy(model_id)


_U = "Liu et al. 2024 (TACL), Table 1 / App. G: 20 documents, gold at 1 vs 10: GPT-3.5 +22, Claude-1.3 +3 points"
_END = "Liu et al. 2024: gold at 1 vs 20: GPT-3.5 +12.6, Claude-1.3 -0.2 points (start > end > middle)"
BEHAVIOURS = [
    Behaviour(
        AREA,
        "accuracy, answer first minus in the middle of 20",
        NOVA_LITE,
        0.03,
        0.25,
        _U,
        partial(position_gap, NOVA_LITE, "start", "middle"),
    ),
    Behaviour(
        AREA,
        "accuracy, answer first minus in the middle of 20",
        NOVA_MICRO,
        0.05,
        0.3,
        _U,
        partial(position_gap, NOVA_MICRO, "start", "middle"),
    ),
    Behaviour(
        AREA,
        "accuracy, answer first minus in the middle of 20",
        SONNET,
        0.0,
        0.12,
        _U,
        partial(position_gap, SONNET, "start", "middle"),
    ),
    Behaviour(
        AREA,
        "accuracy, answer last minus in the middle of 20",
        NOVA_LITE,
        0.0,
        0.2,
        _END,
        partial(position_gap, NOVA_LITE, "end", "middle"),
    ),
    Behaviour(
        AREA,
        "accuracy, answer first minus last of 20",
        NOVA_LITE,
        -0.05,
        0.15,
        f"{_END}; lower bound widened by one standard error of a difference over 78 questions",
        partial(position_gap, NOVA_LITE, "start", "end"),
    ),
    Behaviour(
        AREA,
        "accuracy with the whole corpus (59 documents, ~19k tokens), as a share of that with 3 documents",
        NOVA_LITE,
        0.55,
        0.9,
        "Liu et al. 2024: 30 documents against the gold passage alone: GPT-3.5 0.57-0.83, Claude-1.3 0.72-0.79",
        partial(corpus_share, NOVA_LITE),
    ),
    Behaviour(
        AREA,
        "accuracy lost from 3 documents to the whole corpus",
        NOVA_LITE,
        0.05,
        0.35,
        "Liu et al. 2024: oracle vs 30 documents, 12-38 points",
        partial(length_loss, NOVA_LITE),
    ),
]
