"""Reading passages: answers from the passages that hold them, abstention when they do not, the current version.

Measured on the labelled reading set (data/calibration/reading.jsonl, held-apart half) through Converse: each
question with its documents in XML tags, the instruction to answer only from them (or say "I don't know") when the
behaviour asks for it, temperature 0. The scorer (``_reading_set.correct``) accepts real models' phrasing.
"""

from __future__ import annotations

from functools import partial

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._reading_set import abstains, ask, correct, questions, share, xml_prompt

AREA = "reading"
SPLIT = "held_apart"
NOVA_MICRO = "amazon.nova-micro-v1:0"
NOVA_LITE = "amazon.nova-lite-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"


def accuracy(model_id: str, types: tuple[str, ...] = (), split: str = SPLIT) -> float:
    """Share of answerable questions answered right, given their answering documents and the instruction."""
    records = questions(split, answerable=True, types=types)
    return share(correct(ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"])), r) for r in records)


def abstention(model_id: str, answerable: bool, instructed: bool = True, split: str = SPLIT) -> float:
    """Share of questions (answerable or not) the model declines, given their documents."""
    records = questions(split, answerable=answerable)
    return share(abstains(ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"], instructed))) for r in records)


_LIU = "Liu et al. 2024 (TACL), Table 1: accuracy with only the gold passage, 76-88 %"
BEHAVIOURS = [
    Behaviour(
        AREA,
        "accuracy given the answering documents",
        NOVA_LITE,
        0.75,
        1.0,
        _LIU,
        partial(accuracy, NOVA_LITE),
    ),
    Behaviour(
        AREA,
        "accuracy given the answering documents",
        SONNET,
        0.75,
        1.0,
        _LIU,
        partial(accuracy, SONNET),
    ),
    Behaviour(
        AREA,
        "accuracy given the answering documents",
        NOVA_MICRO,
        0.6,
        0.95,
        f"{_LIU}; smaller models lower (Liu: MPT-30B, LongChat-13B 82-83 % oracle, 31-35 % closed-book)",
        partial(accuracy, NOVA_MICRO),
    ),
    Behaviour(
        AREA,
        "current version answered, older and newer version both given",
        NOVA_LITE,
        0.7,
        1.0,
        "no published rate; a capable reader told the versions' dates prefers the newest (course design)",
        partial(accuracy, NOVA_LITE, ("changed-between-versions",)),
    ),
    Behaviour(
        AREA,
        "abstains on unanswerable questions, told to answer only from the documents",
        NOVA_LITE,
        0.8,
        1.0,
        "course quality bar; instructed abstention raises declines (Gekhman et al. 2024, Table 8: IDK tuning)",
        partial(abstention, NOVA_LITE, False, True),
    ),
    Behaviour(
        AREA,
        "abstains on answerable questions, told to answer only from the documents",
        NOVA_LITE,
        0.0,
        0.1,
        "course quality bar (answerable questions are rarely declined when the passage is given)",
        partial(abstention, NOVA_LITE, True, True),
    ),
    Behaviour(
        AREA,
        "abstains on unanswerable questions, not told to",
        NOVA_LITE,
        0.3,
        0.8,
        "SimpleQA (Wei et al. 2024): GPT-4o declines 1 %, Claude 3.5 Sonnet 35 %; RGB: best rejection 45 % "
        "with noise-only documents",
        partial(abstention, NOVA_LITE, False, False),
    ),
    Behaviour(
        AREA,
        "abstains on unanswerable questions, not told to",
        NOVA_MICRO,
        0.2,
        0.7,
        "as above; small models guess more often without the instruction",
        partial(abstention, NOVA_MICRO, False, False),
    ),
]
