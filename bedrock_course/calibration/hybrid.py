"""The hybrid: a fine-tuned model given retrieved passages keeps its style when its training prompts carried
passages too (RAFT-style training), loses part of it when they did not, and still answers from the passages."""

from __future__ import annotations

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import (
    NOVA_LITE,
    ask,
    custom_model,
    grounded_prompt,
    passages_for,
    share,
    style_messages,
)
from bedrock_course.data import load_corpus, load_questions
from bedrock_course.finetuning import in_house_style, load_examples
from bedrock_course.scoring import answer_correct

RAFT = "Zhang et al. 2024 (RAFT): training with retrieved context beats domain fine-tuning + RAG by 2-31 points"


def _system() -> str:
    return load_examples("train")[0].system


def style_with_context(rag_shaped: bool) -> float:
    model = custom_model(rag_shaped=rag_shaped)
    return share([in_house_style(ask(model, grounded_prompt(m, passages_for(m)), _system())) for m in style_messages()])


def correct_with_gold_passages(rag_shaped: bool) -> float:
    """Accuracy of the hybrid on single-fact questions given their documents' text: it answers from the passages."""
    model = custom_model(rag_shaped=rag_shaped)
    documents = {d.doc_id: d.text for d in load_corpus()}
    questions = [q for q in load_questions() if q["type"] == "single-fact"]
    answers = [
        ask(model, grounded_prompt(q["question"], [documents[i] for i in q["relevant_doc_ids"]]), _system())
        for q in questions
    ]
    return share([answer_correct(a, q) for a, q in zip(answers, questions, strict=True)])


BEHAVIOURS = [
    Behaviour(
        "hybrid",
        "house style with passages, trained without passages",
        NOVA_LITE,
        0.25,
        0.7,
        RAFT,
        lambda: style_with_context(False),
    ),
    Behaviour(
        "hybrid",
        "house style with passages, trained with passages (RAFT-style)",
        NOVA_LITE,
        0.8,
        1.0,
        RAFT,
        lambda: style_with_context(True),
    ),
    Behaviour(
        "hybrid",
        "answers from the passages (gold documents, single facts)",
        NOVA_LITE,
        0.6,
        1.0,
        "Ovadia et al. 2024: FT+RAG about RAG's accuracy (0.81-0.83 vs 0.88)",
        lambda: correct_with_gold_passages(False),
    ),
]
