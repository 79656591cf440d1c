"""Classification into named categories with a JSON answer: the key holds a category (never a sentiment), zero-shot
works on capable models, few-shot examples lift the small ones (Brown et al. 2020). Measured on the course's tickets
as lab 2 routes them."""

from __future__ import annotations

import json
from functools import cache

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import NOVA_LITE, NOVA_MICRO, NOVA_PRO, ask, share
from bedrock_course.tickets import CATEGORIES, load_tickets

BROWN = "Brown et al. 2020: few-shot gains grow with model size; zero-shot is weakest on small models"
SYSTEM = (
    "You route customer messages for a maker of home coffee equipment. Classify each message as "
    + ", ".join(CATEGORIES)
    + '. Answer with only JSON, with the single key "category".'
)


@cache
def _tickets() -> tuple[list[tuple[str, str]], list[dict]]:
    unique = list({t["text"]: t for t in load_tickets("train") + load_tickets("validation")}.values())
    by_category = {c: [t for t in unique if t["category"] == c] for c in CATEGORIES}
    examples = [(t["text"], c) for c in CATEGORIES for t in by_category[c][:2]]
    test = [t for c in CATEGORIES for t in by_category[c][len(by_category[c]) // 2 :]]
    return examples, test


def _turn(text: str, examples: list[tuple[str, str]]) -> str:
    blocks = [f'Text: "{e}"\nJSON: {json.dumps({"category": label})}' for e, label in examples]
    return "\n\n".join([*blocks, f'Text: "{text}"\nJSON:'])


@cache
def _labels(model_id: str, few_shot: bool) -> tuple[str | None, ...]:
    examples, test = _tickets()
    out = []
    for ticket in test:
        try:
            value = json.loads(ask(model_id, _turn(ticket["text"], examples if few_shot else []), SYSTEM))
        except json.JSONDecodeError:
            out.append(None)
            continue
        out.append(value.get("category") if isinstance(value, dict) else None)
    return tuple(out)


def accuracy(model_id: str, few_shot: bool) -> float:
    _, test = _tickets()
    return share([label == t["category"] for label, t in zip(_labels(model_id, few_shot), test, strict=True)])


def category_is_a_category(model_id: str) -> float:
    """Among parsed zero-shot answers, the share whose category is one of the offered ones."""
    given = [label for label in _labels(model_id, False) if label is not None]
    return share([label in CATEGORIES for label in given])


BEHAVIOURS = [
    Behaviour(
        "classification",
        "zero-shot JSON 'category' holds a category",
        NOVA_MICRO,
        1.0,
        1.0,
        "The prompt names the categories; a sentiment is never one",
        lambda: category_is_a_category(NOVA_MICRO),
    ),
    Behaviour("classification", "zero-shot accuracy", NOVA_MICRO, 0.2, 0.5, BROWN, lambda: accuracy(NOVA_MICRO, False)),
    Behaviour(
        "classification",
        "few-shot accuracy (12 examples)",
        NOVA_MICRO,
        0.45,
        0.8,
        BROWN,
        lambda: accuracy(NOVA_MICRO, True),
    ),
    Behaviour("classification", "zero-shot accuracy", NOVA_LITE, 0.55, 0.9, BROWN, lambda: accuracy(NOVA_LITE, False)),
    Behaviour("classification", "zero-shot accuracy", NOVA_PRO, 0.55, 0.9, BROWN, lambda: accuracy(NOVA_PRO, False)),
    Behaviour(
        "classification",
        "few-shot accuracy (12 examples)",
        NOVA_PRO,
        0.6,
        0.95,
        BROWN,
        lambda: accuracy(NOVA_PRO, True),
    ),
]
