"""A house style asked for in the prompt: partial, inconsistent adherence that falls with smaller models, without an
example reply, and with long or unusual messages; measured with the course's house-style check on new customer
messages (data/calibration/style_messages.jsonl), unlike the fine-tuning set's."""

from __future__ import annotations

from functools import cache

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import (
    NOVA_LITE,
    NOVA_MICRO,
    NOVA_PRO,
    ask,
    grounded_prompt,
    passages_for,
    share,
    style_messages,
)
from bedrock_course.finetuning import STYLE_GUIDE, in_house_style, load_examples

IFEVAL = "Zhou et al. 2023 (IFEval): strict prompt-level 43-77 %; Llama 3.2 1B 59.5 -> 3.1 70B 87.5 (model cards)"
VENDOR = "Vendor guidance (Anthropic, AWS Nova): give an explicit template and an example for a consistent format"


@cache
def _systems() -> dict[str, str]:
    first = load_examples("train")[0]
    example = f"\n\nExample customer message:\n{first.message}\n\nExample reply:\n{first.reply}"
    return {"guide": f"{first.system}\n{STYLE_GUIDE}", "guide and example": f"{first.system}\n{STYLE_GUIDE}{example}"}


def in_style(model_id: str, prompt: str, split: str | None = None) -> float:
    """The share of replies to the new messages that pass the house-style check."""
    system = _systems()[prompt]
    return share([in_house_style(ask(model_id, m, system)) for m in style_messages(split)])


BEHAVIOURS = [
    Behaviour(
        "style",
        "house style, guide and example in the prompt",
        NOVA_MICRO,
        0.3,
        0.65,
        IFEVAL,
        lambda: in_style(NOVA_MICRO, "guide and example"),
    ),
    Behaviour(
        "style",
        "house style, guide and example in the prompt",
        NOVA_LITE,
        0.5,
        0.85,
        VENDOR,
        lambda: in_style(NOVA_LITE, "guide and example"),
    ),
    Behaviour(
        "style",
        "house style, guide and example (held-apart messages)",
        NOVA_LITE,
        0.5,
        0.85,
        VENDOR,
        lambda: in_style(NOVA_LITE, "guide and example", "held_apart"),
    ),
    Behaviour(
        "style",
        "house style, guide and example in the prompt",
        NOVA_PRO,
        0.7,
        0.95,
        IFEVAL,
        lambda: in_style(NOVA_PRO, "guide and example"),
    ),
    Behaviour(
        "style",
        "house style, guide only (no example reply)",
        NOVA_LITE,
        0.4,
        0.8,
        VENDOR,
        lambda: in_style(NOVA_LITE, "guide"),
    ),
]


def with_passages(model_id: str) -> float:
    """House style when the user turn also carries three retrieved paragraphs (a RAG prompt with a style guide)."""
    system = _systems()["guide and example"]
    return share([in_house_style(ask(model_id, grounded_prompt(m, passages_for(m)), system)) for m in style_messages()])


def drift_with_passages(model_id: str) -> float:
    """House style without retrieved passages minus with them: the drift a long input causes."""
    return in_style(model_id, "guide and example") - with_passages(model_id)


LONG_INPUT = "No published figure; adherence to a system prompt's format drops as long input comes between (judgement)"
BEHAVIOURS += [
    Behaviour(
        "style",
        "house style, guide and example, with retrieved passages",
        NOVA_LITE,
        0.3,
        0.75,
        LONG_INPUT,
        lambda: with_passages(NOVA_LITE),
    ),
    Behaviour(
        "style",
        "drift: without passages minus with passages",
        NOVA_LITE,
        0.05,
        0.4,
        LONG_INPUT,
        lambda: drift_with_passages(NOVA_LITE),
    ),
]
