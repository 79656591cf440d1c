"""Faithfulness: how often a grounded answer states a value that none of its passages states.

Measured through Converse on the reading set's answerable questions that need no arithmetic (every split), each with
its answering documents and the instruction to answer only from them: the share of answers (abstentions left out)
holding a number that no given document holds. This is the value-level core of what a claim-level measure
(RAGAS faithfulness, the labelled claims of data/questions.jsonl) counts, and close to what the Vectara
leaderboard counts for summaries: content the source does not support.
"""

from __future__ import annotations

import re
from functools import partial

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._reading_set import abstains, ask, documents, questions, share, xml_prompt

AREA = "faithfulness"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
TYPES = ("single-fact", "paraphrase", "changed-between-versions")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def unsupported(answer: str, question: str, doc_ids: list[str]) -> bool:
    """Whether ``answer`` states a number that neither the question nor any of the documents states."""
    given = _numbers(question).union(*(_numbers(documents()[d]) for d in doc_ids))
    return bool(_numbers(answer) - given)


def unsupported_rate(model_id: str) -> float:
    """Share of non-abstaining grounded answers that state a value no given document states."""
    answers = [(r, ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"]))) for r in questions(types=TYPES)]
    return share(unsupported(a, r["question"], r["gold_doc_ids"]) for r, a in answers if not abstains(a))


_VECTARA = "Vectara hallucination leaderboard (HHEM-2.1, Oct 2025; new dataset, Mar 2026)"
BEHAVIOURS = [
    Behaviour(
        AREA,
        "grounded answers stating a value no passage states",
        "amazon.nova-lite-v1:0",
        0.005,
        0.08,
        f"{_VECTARA}: Nova Lite 1.8 % / 6.1 %",
        partial(unsupported_rate, "amazon.nova-lite-v1:0"),
    ),
    Behaviour(
        AREA,
        "grounded answers stating a value no passage states",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        0.01,
        0.1,
        f"{_VECTARA}: Claude 3.5 Sonnet 4.6 %",
        partial(unsupported_rate, "anthropic.claude-3-5-sonnet-20240620-v1:0"),
    ),
    Behaviour(
        AREA,
        "grounded answers stating a value no passage states",
        "meta.llama3-8b-instruct-v1:0",
        0.02,
        0.12,
        f"{_VECTARA}: Llama 3.1 8B 5.4 %",
        partial(unsupported_rate, "meta.llama3-8b-instruct-v1:0"),
    ),
    Behaviour(
        AREA,
        "grounded answers stating a value no passage states",
        "amazon.titan-text-express-v1",
        0.06,
        0.25,
        f"{_VECTARA}: Titan Text Express 13.5 %",
        partial(unsupported_rate, "amazon.titan-text-express-v1"),
    ),
]
