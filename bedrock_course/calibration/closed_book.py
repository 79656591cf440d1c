"""Closed-book answers on private facts: how often a model fills the gap with a confident generic value instead of
hedging, and how an instruction to answer only from given information raises abstention.

Measured on the course's labelled questions about Kettlewick (facts no model could have seen), asked with no context.
"""

from __future__ import annotations

from functools import cache

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import HAIKU, NOVA_LITE, NOVA_MICRO, NOVA_PRO, ask, share
from bedrock_course.data import load_questions
from bedrock_course.scoring import abstains

ABSTAIN = "Answer only from information you are given. If you don't know, say you don't know."
SIMPLEQA = "Wei et al. 2024 (SimpleQA): GPT-4o 1 % not attempted, Claude 3.5 Sonnet 35 %"


@cache
def _answers(model_id: str, told: bool) -> tuple[str, ...]:
    return tuple(ask(model_id, q["question"], ABSTAIN if told else "") for q in load_questions())


def guessed(model_id: str) -> float:
    """The share of private questions answered with a value instead of a hedge."""
    return 1 - share([abstains(a) for a in _answers(model_id, False)])


def abstained_when_told(model_id: str) -> float:
    return share([abstains(a) for a in _answers(model_id, True)])


BEHAVIOURS = [
    Behaviour(
        "closed-book",
        "private questions answered with a generic guess",
        NOVA_MICRO,
        0.35,
        0.7,
        SIMPLEQA,
        lambda: guessed(NOVA_MICRO),
    ),
    Behaviour(
        "closed-book",
        "private questions answered with a generic guess",
        NOVA_LITE,
        0.25,
        0.6,
        SIMPLEQA,
        lambda: guessed(NOVA_LITE),
    ),
    Behaviour(
        "closed-book",
        "private questions answered with a generic guess",
        NOVA_PRO,
        0.15,
        0.5,
        SIMPLEQA,
        lambda: guessed(NOVA_PRO),
    ),
    Behaviour(
        "closed-book",
        "private questions answered with a generic guess (Claude)",
        HAIKU,
        0.1,
        0.4,
        SIMPLEQA,
        lambda: guessed(HAIKU),
    ),
    Behaviour(
        "closed-book",
        "abstains when told to answer only from given information",
        NOVA_MICRO,
        0.8,
        1.0,
        "Vendor guidance (Anthropic, AWS): allow the model to say it does not know",
        lambda: abstained_when_told(NOVA_MICRO),
    ),
    Behaviour(
        "closed-book",
        "abstains when told to answer only from given information",
        NOVA_LITE,
        0.9,
        1.0,
        "Vendor guidance (Anthropic, AWS): allow the model to say it does not know",
        lambda: abstained_when_told(NOVA_LITE),
    ),
]
